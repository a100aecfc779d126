/**
 * Shared integration fixture: a real etcd (1 or 3 members) from /usr/bin/etcd on loopback, free
 * ports and temp data dirs, so integration tests never share state with each other or with a
 * developer's etcd. Every member's log goes to `<dataDir>.log` for post-mortems.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** EtcdCluster is a running test etcd: its client endpoints and the handles tests use to break it. */
export interface EtcdCluster {
  /** endpoints are the client URLs, one per member, e.g. `http://127.0.0.1:34567`. */
  endpoints: string[];
  /** dataDirs are the members' data directories (removed by stop()). */
  dataDirs: string[];
  /** stop kills every member and removes the temp directories. */
  stop(): Promise<void>;
  /** killMember SIGKILLs member i (its data dir stays, restartMember brings it back). */
  killMember(i: number): Promise<void>;
  /** restartMember starts member i again on the same ports and data dir and waits until healthy. */
  restartMember(i: number): Promise<void>;
  /** leaderIndex is the index of the current raft leader among the live members. */
  leaderIndex(): Promise<number>;
}

/** StartEtcdOptions size the cluster. */
export interface StartEtcdOptions {
  members?: 1 | 3;
  /** startTimeoutMs bounds the wait for a healthy cluster (default 30 s). */
  startTimeoutMs?: number;
  /** binary overrides /usr/bin/etcd. */
  binary?: string;
}

interface Member {
  name: string;
  clientPort: number;
  peerPort: number;
  dataDir: string;
  proc?: ChildProcess;
  log?: WriteStream;
}

const liveProcesses = new Set<ChildProcess>();
// A test runner that dies mid-test must not leave etcd processes behind.
process.once('exit', () => {
  for (const p of liveProcesses) p.kill('SIGKILL');
});

/** freePort asks the kernel for an unused loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const clientUrl = (m: Member): string => `http://127.0.0.1:${m.clientPort}`;
const peerUrl = (m: Member): string => `http://127.0.0.1:${m.peerPort}`;

function spawnMember(binary: string, m: Member, cluster: string, token: string): void {
  const args = [
    `--name=${m.name}`,
    `--data-dir=${m.dataDir}`,
    `--listen-client-urls=${clientUrl(m)}`,
    `--advertise-client-urls=${clientUrl(m)}`,
    `--listen-peer-urls=${peerUrl(m)}`,
    `--initial-advertise-peer-urls=${peerUrl(m)}`,
    `--initial-cluster=${cluster}`,
    `--initial-cluster-token=${token}`,
    '--initial-cluster-state=new',
    '--logger=zap',
    // etcd's defaults: shorter timeouts make elections faster but flap on a loaded 2-core machine.
    '--heartbeat-interval=100',
    '--election-timeout=1000',
    // Kubernetes objects up to the API server's 3 MiB body limit must fit in one etcd request.
    '--max-request-bytes=4194304',
  ];
  const env: NodeJS.ProcessEnv = { ...process.env };
  // etcd 3.4 refuses to start on non-amd64 without this.
  if (process.arch !== 'x64') env.ETCD_UNSUPPORTED_ARCH = process.arch === 'arm64' ? 'arm64' : process.arch;
  const log = createWriteStream(`${m.dataDir}.log`, { flags: 'a' });
  const proc = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.pipe(log, { end: false });
  proc.stderr?.pipe(log, { end: false });
  liveProcesses.add(proc);
  proc.once('exit', () => liveProcesses.delete(proc));
  m.proc = proc;
  m.log = log;
}

async function memberHealthy(m: Member): Promise<boolean> {
  try {
    const res = await fetch(`${clientUrl(m)}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { health?: string };
    return body.health === 'true';
  } catch {
    return false;
  }
}

function logTail(m: Member): string {
  try {
    return readFileSync(`${m.dataDir}.log`, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitHealthy(members: Member[], deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const dead = members.find((m) => m.proc?.exitCode !== null || m.proc?.signalCode !== null);
    if (dead) throw new Error(`etcd member ${dead.name} exited during start-up:\n${logTail(dead)}`);
    const ok = await Promise.all(members.map(memberHealthy));
    if (ok.every(Boolean)) return;
    if (Date.now() > deadline) {
      throw new Error(`etcd not healthy within ${deadlineMs} ms:\n${members.map(logTail).join('\n---\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function killProc(m: Member): Promise<void> {
  const proc = m.proc;
  m.proc = undefined;
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }
  m.log?.end();
  m.log = undefined;
}

async function statusOf(m: Member): Promise<{ member: string; leader: string } | undefined> {
  try {
    const res = await fetch(`${clientUrl(m)}/v3/maintenance/status`, {
      method: 'POST',
      body: '{}',
      signal: AbortSignal.timeout(1000),
    });
    const body = (await res.json()) as { header?: { member_id?: string }; leader?: string };
    if (!body.header?.member_id || !body.leader) return undefined;
    return { member: body.header.member_id, leader: body.leader };
  } catch {
    return undefined;
  }
}

/** startEtcd starts a fresh etcd of 1 or 3 members and waits until every member is healthy. */
export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdCluster> {
  const n = opts.members ?? 1;
  const binary = opts.binary ?? '/usr/bin/etcd';
  const timeout = opts.startTimeoutMs ?? 30_000;
  // Free ports can be taken by someone else between probing and binding: retry with new ones.
  for (let attempt = 1; ; attempt++) {
    const root = await mkdtemp(join(tmpdir(), 'skiff-etcd-'));
    const members: Member[] = [];
    for (let i = 0; i < n; i++) {
      members.push({ name: `m${i}`, clientPort: await freePort(), peerPort: await freePort(), dataDir: join(root, `m${i}`) });
    }
    const cluster = members.map((m) => `${m.name}=${peerUrl(m)}`).join(',');
    const token = `skiff-${process.pid}-${Date.now()}`;
    for (const m of members) spawnMember(binary, m, cluster, token);
    try {
      await waitHealthy(members, timeout);
      return clusterHandle(members, root, binary, cluster, token, timeout);
    } catch (err) {
      await Promise.all(members.map(killProc));
      await rm(root, { recursive: true, force: true });
      if (attempt >= 3) throw err;
    }
  }
}

function clusterHandle(members: Member[], root: string, binary: string, cluster: string, token: string, timeout: number): EtcdCluster {
  const at = (i: number): Member => {
    const m = members[i];
    if (!m) throw new Error(`no etcd member ${i}`);
    return m;
  };
  return {
    endpoints: members.map(clientUrl),
    dataDirs: members.map((m) => m.dataDir),
    async stop() {
      await Promise.all(members.map(killProc));
      await rm(root, { recursive: true, force: true });
    },
    async killMember(i) {
      await killProc(at(i));
    },
    async restartMember(i) {
      const m = at(i);
      await killProc(m);
      // With an existing data dir etcd ignores the initial-cluster flags and rejoins.
      spawnMember(binary, m, cluster, token);
      await waitHealthy([m], timeout);
    },
    async leaderIndex() {
      const deadline = Date.now() + timeout;
      for (;;) {
        const statuses = await Promise.all(members.map((m) => (m.proc ? statusOf(m) : undefined)));
        const idx = statuses.findIndex((s) => s !== undefined && s.member === s.leader);
        if (idx >= 0) return idx;
        if (Date.now() > deadline) throw new Error('etcd has no leader');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

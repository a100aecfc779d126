/**
 * The Docker Engine implementation of ContainerRuntime, the only importer of dockerode in
 * Skiff (design §3.6).
 */
import type Docker from 'dockerode';
import { Dockerode } from './dockerode-lean.ts';
import { PassThrough, type Readable } from 'node:stream';
import type {
  AttachOptions, ContainerRuntime, ContainerSpec, ContainerStats, ExecOptions, ExecSession, ListFilter, LogOptions,
  PullAuth, RuntimeContainer, RuntimeEvent, SandboxSpec,
} from './types.ts';
import { fromInspect, fromListEntry, isNotFoundError } from './docker-convert.ts';
import { firstHostOf } from '../../component-base/ipv4-range.ts';
import { fromDockerStats, type DockerStatsJson } from './docker-stats.ts';

/** createDockerRuntime connects to dockerd at `endpoint` (unix:///var/run/docker.sock or tcp://host:port). */
export function createDockerRuntime(endpoint = 'unix:///var/run/docker.sock'): ContainerRuntime {
  const docker = connect(endpoint);
  return {
    async ping() {
      await docker.ping();
    },
    async version() {
      return `docker://${(await docker.version()).Version}`;
    },
    async imagePresent(image) {
      try {
        return (await docker.getImage(image).inspect()).Id;
      } catch (err) {
        if (isNotFoundError(err)) return undefined;
        throw err;
      }
    },
    pullImage: (image, auth) => pull(docker, image, auth),
    async removeImage(image) {
      await docker.getImage(image).remove();
    },
    async pruneImages(keepLabel) {
      // dangling=false prunes every unused image, not just untagged layers.
      const r = await docker.pruneImages({ filters: { dangling: ['false'], 'label!': [keepLabel] } as never });
      return r.SpaceReclaimed ?? 0;
    },
    async ensureNetwork(name, subnet, bridgeName) {
      const existing = (await docker.listNetworks({ filters: { name: [name] } })).find((n) => n.Name === name);
      const had = existing?.IPAM?.Config?.[0]?.Subnet;
      if (existing && had === subnet) return { outcome: 'kept' };
      // Sandboxes are wired by the kubelet, not attached by Docker, so nothing holds the old one.
      if (existing) await docker.getNetwork(existing.Id).remove();
      await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: firstHostOf(subnet) }] },
        Options: {
          'com.docker.network.bridge.name': bridgeName,
          // Pod-to-pod traffic must keep its source IP; the kubelet masquerades only traffic
          // leaving the cluster CIDR (kubelet/network).
          'com.docker.network.bridge.enable_ip_masquerade': 'false',
        },
        Labels: { 'io.skiff.network': 'pod' },
      });
      return existing ? { outcome: 'replaced', previousSubnet: had } : { outcome: 'created' };
    },
    async createSandbox(spec) {
      const hostNetwork = spec.network === 'host';
      const c = await docker.createContainer({
        name: spec.name,
        Image: spec.image,
        Labels: spec.labels,
        Hostname: hostNetwork ? undefined : spec.hostname,
        HostConfig: {
          NetworkMode: spec.network,
          Dns: spec.dns?.servers,
          DnsSearch: spec.dns?.searches,
          DnsOptions: spec.dns?.options,
          ExtraHosts: spec.extraHosts,
          // The sandbox must share its IPC namespace with the pod's containers.
          IpcMode: 'shareable',
          SecurityOpt: securityOpt(spec.seccomp),
        },
      });
      return c.id;
    },
    async createContainer(spec) {
      const c = await docker.createContainer(containerCreateOptions(spec));
      return c.id;
    },
    async start(id) {
      try {
        await docker.getContainer(id).start();
      } catch (err) {
        // 304: already started — starting is idempotent for the kubelet.
        if ((err as { statusCode?: number }).statusCode !== 304) throw err;
      }
    },
    async stop(id, graceSeconds) {
      try {
        await docker.getContainer(id).stop({ t: Math.max(0, Math.floor(graceSeconds)) });
      } catch (err) {
        const code = (err as { statusCode?: number }).statusCode;
        if (code !== 304 && code !== 404) throw err;
      }
    },
    async remove(id) {
      try {
        await docker.getContainer(id).remove({ force: true, v: true });
      } catch (err) {
        if (!isNotFoundError(err) && (err as { statusCode?: number }).statusCode !== 409) throw err;
      }
    },
    async list(filter: ListFilter = {}) {
      const labels = Object.entries(filter.labels ?? {}).map(([k, v]) => `${k}=${v}`);
      const entries = await docker.listContainers({ all: filter.all ?? true, filters: { label: labels } });
      return entries.map(fromListEntry);
    },
    async inspect(id) {
      try {
        return fromInspect(await docker.getContainer(id).inspect());
      } catch (err) {
        if (isNotFoundError(err)) return undefined;
        throw err;
      }
    },
    logs: (id, opts) => logs(docker, id, opts),
    exec: (id, opts) => exec(docker, id, opts),
    attach: (id, opts) => attach(docker, id, opts),
    async stats(id, signal): Promise<ContainerStats | undefined> {
      try {
        // Not one-shot: the engine then samples twice, about a second apart, giving a CPU rate.
        // (dockerode honours abortSignal here; its typings omit it.)
        const opts = { stream: false, 'one-shot': false, abortSignal: signal } as { stream: false; 'one-shot': false };
        return fromDockerStats((await docker.getContainer(id).stats(opts)) as unknown as DockerStatsJson);
      } catch (err) {
        if (isNotFoundError(err)) return undefined;
        throw err;
      }
    },
    events: (signal) => events(docker, signal),
  };
}

function connect(endpoint: string): Docker {
  if (endpoint.startsWith('unix://')) return new Dockerode({ socketPath: endpoint.slice('unix://'.length) });
  const url = new URL(endpoint.replace(/^tcp:/, 'http:'));
  return new Dockerode({ host: url.hostname, port: Number(url.port || 2375), protocol: 'http' });
}

/** securityOpt is Docker's security options for a seccomp option ('unconfined' or a profile's JSON). */
function securityOpt(seccomp: string | undefined): string[] | undefined {
  return seccomp ? [`seccomp=${seccomp}`] : undefined;
}

/** containerCreateOptions maps a ContainerSpec to Docker's create body. */
export function containerCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  return {
    name: spec.name,
    Image: spec.image,
    Labels: spec.labels,
    Entrypoint: spec.entrypoint,
    Cmd: spec.cmd,
    Env: spec.env,
    WorkingDir: spec.workingDir,
    Tty: spec.tty,
    OpenStdin: spec.stdin,
    StdinOnce: spec.stdinOnce,
    AttachStdin: false,
    User: spec.user,
    HostConfig: {
      // An empty sandboxId makes a standalone container (benchmarks' raw baseline).
      NetworkMode: spec.hostNetwork ? 'host' : spec.sandboxId ? `container:${spec.sandboxId}` : undefined,
      IpcMode: spec.sandboxId ? `container:${spec.sandboxId}` : undefined,
      PidMode: undefined,
      Binds: spec.mounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? ':ro' : ''}`),
      NanoCpus: spec.nanoCpus,
      CpuShares: spec.cpuShares,
      Memory: spec.memoryBytes,
      // No swap beyond the memory limit, so an over-limit container is OOM-killed as in Kubernetes.
      MemorySwap: spec.memoryBytes,
      ReadonlyRootfs: spec.readOnlyRootfs,
      CapAdd: spec.capAdd,
      CapDrop: spec.capDrop,
      Privileged: spec.privileged,
      SecurityOpt: securityOpt(spec.seccomp),
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
    },
  };
}

async function pull(docker: Docker, image: string, auth?: PullAuth): Promise<void> {
  const ref = image.includes(':') && !image.endsWith(']') && image.lastIndexOf(':') > image.lastIndexOf('/') ? image : `${image}:latest`;
  const stream = await docker.pull(ref, auth ? { authconfig: auth } : {});
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: Array<{ error?: string }>) => {
      const failed = output?.find((o) => o.error);
      if (err) reject(err);
      else if (failed) reject(new Error(failed.error));
      else resolve();
    });
  });
}

async function logs(docker: Docker, id: string, opts: LogOptions): Promise<Readable> {
  const container = docker.getContainer(id);
  const info = await container.inspect();
  const base = {
    stdout: true,
    stderr: true,
    timestamps: opts.timestamps ?? false,
    tail: opts.tailLines,
    since: opts.sinceSeconds === undefined ? 0 : Math.floor(Date.now() / 1000) - opts.sinceSeconds,
  } as const;
  const out = new PassThrough();
  if (opts.follow) {
    const stream = (await container.logs({ ...base, follow: true })) as unknown as Readable;
    opts.signal?.addEventListener('abort', () => stream.destroy(), { once: true });
    if (info.Config.Tty) stream.pipe(out);
    else {
      docker.modem.demuxStream(stream, out, out);
      stream.on('end', () => out.end());
    }
    stream.on('error', (err) => out.destroy(err));
    out.on('close', () => stream.destroy());
    return out;
  }
  const buf = (await container.logs({ ...base, follow: false })) as unknown as Buffer;
  out.end(info.Config.Tty ? buf : demuxBuffer(buf));
  return out;
}

/** demuxBuffer strips Docker's 8-byte stream headers from a non-TTY log buffer. */
export function demuxBuffer(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off + 4);
    parts.push(buf.subarray(off + 8, off + 8 + len));
    off += 8 + len;
  }
  return Buffer.concat(parts);
}

async function exec(docker: Docker, id: string, opts: ExecOptions): Promise<ExecSession> {
  const tty = opts.tty ?? false;
  const e = await docker.getContainer(id).exec({
    Cmd: opts.cmd, AttachStdin: opts.stdin ?? false, AttachStdout: true, AttachStderr: true, Tty: tty,
  });
  const stream = (await e.start({ hijack: true, stdin: opts.stdin ?? false, Tty: tty })) as unknown as NodeJS.ReadWriteStream & Readable;
  const session = hijackedStreams(docker, stream, tty, async () => (await e.inspect()).ExitCode ?? 0);
  const { stdout, stderr } = session;
  let exitCode = session.exitCode;
  if (opts.timeoutMs) exitCode = withTimeout(exitCode, opts.timeoutMs, () => stream.destroy());
  return {
    stdin: opts.stdin ? (stream as unknown as NodeJS.WritableStream & import('node:stream').Writable) : undefined,
    stdout,
    stderr,
    async resize(cols, rows) {
      if (tty) await e.resize({ w: cols, h: rows });
    },
    exitCode,
  };
}

/**
 * attach joins a container's main process through the engine's hijacked attach stream (raw for
 * a TTY container, multiplexed otherwise). Closing stdin half-closes the stream, so a
 * `stdinOnce` container sees EOF; the session ends when the engine ends the stream.
 */
async function attach(docker: Docker, id: string, opts: AttachOptions): Promise<ExecSession> {
  const c = docker.getContainer(id);
  const tty = (await c.inspect()).Config?.Tty ?? false;
  const stdin = opts.stdin ?? false;
  const stream = (await c.attach({ stream: true, stdin, stdout: true, stderr: true, hijack: true })) as unknown as NodeJS.ReadWriteStream & Readable;
  const { stdout, stderr, exitCode } = hijackedStreams(docker, stream, tty, async () => 0);
  return {
    stdin: stdin ? (stream as unknown as import('node:stream').Writable) : undefined,
    stdout,
    stderr,
    async resize(cols, rows) {
      if (tty) await c.resize({ w: cols, h: rows });
    },
    exitCode,
  };
}

/**
 * hijackedStreams splits an engine's hijacked exec/attach stream into stdout and stderr (raw for
 * a TTY, demultiplexed otherwise); exitCode resolves with codeAtEnd() once the stream ends.
 */
function hijackedStreams(docker: Docker, stream: NodeJS.ReadWriteStream & Readable, tty: boolean, codeAtEnd: () => Promise<number>): Pick<ExecSession, 'stdout' | 'stderr' | 'exitCode'> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (tty) stream.pipe(stdout);
  else docker.modem.demuxStream(stream, stdout, stderr);
  const exitCode = new Promise<number>((resolve, reject) => {
    const finish = () => {
      stdout.end();
      stderr.end();
      codeAtEnd().then(resolve, reject);
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', reject);
  });
  return { stdout, stderr, exitCode };
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`timed out after ${ms}ms`));
    }, ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (err) => { clearTimeout(timer); reject(err); });
  });
}

async function* events(docker: Docker, signal: AbortSignal): AsyncIterable<RuntimeEvent> {
  const stream = (await docker.getEvents({ filters: { type: ['container'], label: ['io.skiff.pod.uid'] } })) as unknown as Readable;
  const stop = () => stream.destroy();
  signal.addEventListener('abort', stop, { once: true });
  let buf = '';
  try {
    for await (const chunk of stream) {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        const ev = JSON.parse(line) as { id?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
        const action = ev.Action === 'start' || ev.Action === 'die' || ev.Action === 'oom' || ev.Action === 'destroy' ? ev.Action : 'other';
        yield { containerId: ev.Actor?.ID ?? ev.id ?? '', action, labels: ev.Actor?.Attributes ?? {} };
      }
    }
  } finally {
    signal.removeEventListener('abort', stop);
    stream.destroy();
  }
}

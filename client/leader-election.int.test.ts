import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { Resources } from '../api/resources.ts';
import type { Lease } from '../api/coordination/v1/lease.ts';
import { createClient } from './rest-client.ts';
import { createLeaderElector } from './leader-election.ts';
import { fencedClient, isFenced } from './fenced-client.ts';
import type { Client } from './types.ts';

const leaseMs = 3000;
const renewMs = 2000;
const retryMs = 500;

let api: TestApiServer;
let client: Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  api = await startTestApiServer();
  client = createClient({ servers: [api.url], userAgent: 'elector-parent', maxRetries: 0, timeoutMs: 2000 });
});
afterAll(async () => {
  for (const c of children) {
    c.kill('SIGCONT');
    c.kill('SIGKILL');
  }
  await client?.close();
  await api?.stop();
});

async function until(cond: () => boolean | Promise<boolean>, what: () => string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out; last seen: ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

type Line = { leading?: boolean; stopped?: boolean; attempt?: number; result?: number; ok?: boolean; rv?: string; error?: string; at: number };

function startChild(identity: string): { proc: ChildProcess; lines: Line[] } {
  const script = fileURLToPath(new URL('./testdata/elector-process.ts', import.meta.url));
  const proc = spawn(process.execPath, [script, api.url, identity, String(leaseMs), String(renewMs), String(retryMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  const lines: Line[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => lines.push(JSON.parse(l)));
  return { proc, lines };
}

const holder = async () => (await client.resource<Lease>(Resources.leases).get('default', 'int-lock')).spec?.holderIdentity;

describe('leader election against the real API server', () => {
  it('has one leader, fails over from a SIGSTOPped leader, and refuses its writes after it resumes', async () => {
    const child = startChild('child');
    await until(() => child.lines.some((l) => l.leading), () => JSON.stringify(child.lines.slice(-3)));
    await until(() => child.lines.some((l) => l.ok), () => JSON.stringify(child.lines.slice(-3)));

    const ctl = new AbortController();
    let parentLeading = false;
    const parent = createLeaderElector({
      client,
      namespace: 'default',
      name: 'int-lock',
      identity: 'parent',
      leaseDurationMs: leaseMs,
      renewDeadlineMs: renewMs,
      retryPeriodMs: retryMs,
      signal: ctl.signal,
      onStartedLeading: () => void (parentLeading = true),
    });
    const parentDone = parent.run();
    // While the child renews, the parent must stay a follower.
    const followUntil = Date.now() + 2 * leaseMs;
    await until(() => Date.now() > followUntil || parentLeading, () => '');
    expect(parentLeading).toBe(false);
    expect(await holder()).toBe('child');

    child.proc.kill('SIGSTOP');
    const stoppedAt = Date.now();
    const linesAtStop = child.lines.length;
    await until(() => parentLeading, () => `holder still ${parent.leader()}`);
    const failoverMs = Date.now() - stoppedAt;
    expect(await holder()).toBe('parent');
    // The parent writes as the new leader.
    const parentCms = fencedClient(client, parent).resource(Resources.configmaps);
    const parentWrite = await parentCms.create('default', { metadata: { name: 'parent-0' } });

    child.proc.kill('SIGCONT');
    await until(() => child.lines.some((l) => l.stopped), () => JSON.stringify(child.lines.slice(-3)));
    const afterResume = child.lines.slice(linesAtStop);
    const attemptsBefore = new Set(child.lines.slice(0, linesAtStop).filter((l) => l.attempt !== undefined).map((l) => l.attempt));
    // Every write that succeeded after the resume was already in flight before the SIGSTOP;
    // every write attempted after the resume was refused by the fence.
    for (const l of afterResume) {
      if (l.result !== undefined && l.ok) expect(attemptsBefore.has(l.result), JSON.stringify(l)).toBe(true);
      if (l.attempt !== undefined) {
        const res = child.lines.find((r) => r.result === l.attempt);
        await until(() => child.lines.some((r) => r.result === l.attempt), () => `no result for ${l.attempt}`);
        expect(child.lines.find((r) => r.result === l.attempt)?.ok, JSON.stringify(res)).toBe(false);
      }
    }
    const refusedAfterResume = afterResume.filter((l) => l.result !== undefined && !l.ok && attemptsBefore.has(l.result) === false);
    expect(refusedAfterResume.length, 'the resumed ex-leader tried to write and was fenced').toBeGreaterThan(0);
    expect(refusedAfterResume[0].error).toMatch(/write refused/);
    // Exactly one writer at a time: all the child's writes landed before the parent's first one.
    const cms = (await client.resource(Resources.configmaps).list('default')).items;
    const childRvs = cms.filter((c) => c.metadata.name?.startsWith('child-')).map((c) => Number(c.metadata.resourceVersion));
    expect(childRvs.length).toBeGreaterThan(0);
    expect(Math.max(...childRvs)).toBeLessThan(Number(parentWrite.metadata.resourceVersion));
    expect(parent.canWrite()).toBe(true);
    console.log(`failover after SIGSTOP took ${failoverMs} ms (lease ${leaseMs} ms, retry ${retryMs} ms)`);
    // Failover is bounded by lease duration + retry period (+ scheduling slack on a busy machine).
    expect(failoverMs).toBeLessThan(leaseMs + retryMs * 1.2 + 3000);

    // Clean shutdown releases the lease.
    ctl.abort();
    await parentDone;
    expect(await holder()).toBe('');
    await expect(parentCms.create('default', { metadata: { name: 'parent-late' } })).rejects.toSatisfy(isFenced);
  });
});

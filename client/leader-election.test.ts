import { afterEach, describe, expect, it } from 'vitest';
import { Resources } from '../api/resources.ts';
import { newServiceUnavailable } from '../api/errors.ts';
import type { Lease } from '../api/coordination/v1/lease.ts';
import { createFakeClient } from './fake/fake-client.ts';
import { FakeClock } from './fake/fake-clock.ts';
import { ObjectTracker } from './fake/tracker.ts';
import { createLeaderElector, type LeaderElector } from './leader-election.ts';
import { fencedClient, isFenced } from './fenced-client.ts';

const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

interface Candidate {
  id: string;
  clock: FakeClock;
  elector: LeaderElector;
  ctl: AbortController;
  done: Promise<void>;
  started: number;
  stopped: number;
  workAborted: boolean;
  paused: boolean;
  partitioned: boolean;
  fake: ReturnType<typeof createFakeClient>;
}

const running: Candidate[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) c.ctl.abort();
});

function candidate(tracker: ObjectTracker, id: string): Candidate {
  const clock = new FakeClock();
  const fake = createFakeClient([], { tracker });
  const ctl = new AbortController();
  const c = { id, clock, ctl, started: 0, stopped: 0, workAborted: false, paused: false, partitioned: false, fake } as Candidate;
  // A partition makes every call of this candidate fail like an unreachable server.
  fake.prependReactor('*', '*', () => (c.partitioned ? { handled: true, error: newServiceUnavailable('partitioned') } : undefined));
  c.elector = createLeaderElector({
    client: fake.client,
    namespace: 'kube-system',
    name: 'lock',
    identity: id,
    clock,
    signal: ctl.signal,
    onStartedLeading: async (signal) => {
      c.started++;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      c.workAborted = true;
    },
    onStoppedLeading: () => void c.stopped++,
  });
  c.done = c.elector.run();
  running.push(c);
  return c;
}

/** step advances every unpaused candidate's clock in 100 ms ticks, checking the one-writer invariant. */
async function step(cs: Candidate[], ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 100) {
    for (const c of cs) if (!c.paused) c.clock.advance(100);
    await flush();
    const writers = cs.filter((c) => !c.paused && c.elector.canWrite()).map((c) => c.id);
    expect(writers.length, `writers at once: ${writers}`).toBeLessThanOrEqual(1);
  }
}

const holder = (tracker: ObjectTracker) => (tracker.get(Resources.leases, 'kube-system', 'lock') as Lease).spec?.holderIdentity;

describe('leader election', () => {
  it('acquires a missing lease, renews it, and keeps a second candidate waiting', async () => {
    const tracker = new ObjectTracker();
    const a = candidate(tracker, 'a');
    await step([a], 100);
    expect(a.elector.isLeader()).toBe(true);
    expect(a.started).toBe(1);
    const b = candidate(tracker, 'b');
    const rv1 = (tracker.get(Resources.leases, 'kube-system', 'lock') as Lease).metadata.resourceVersion;
    await step([a, b], 30_000);
    expect(holder(tracker)).toBe('a');
    expect(b.elector.isLeader()).toBe(false);
    expect(b.elector.leader()).toBe('a');
    expect((tracker.get(Resources.leases, 'kube-system', 'lock') as Lease).metadata.resourceVersion).not.toBe(rv1);
  });

  it('renews from the lease it last wrote (one update per renewal), and re-reads after someone else wrote', async () => {
    const tracker = new ObjectTracker();
    const a = candidate(tracker, 'a');
    await step([a], 100);
    a.fake.clearActions();
    await step([a], 10_000);
    const verbs = a.fake.actions.filter((x) => x.resource === 'leases').map((x) => x.verb);
    expect(verbs.length).toBeGreaterThanOrEqual(4);
    expect(new Set(verbs)).toEqual(new Set(['update']));
    // Another writer bumps the lease (still naming a): the optimistic write conflicts, a get follows, a keeps leading.
    const lease = tracker.get(Resources.leases, 'kube-system', 'lock') as Lease;
    tracker.update(Resources.leases, { ...lease, metadata: { ...lease.metadata, annotations: { touched: 'yes' } } });
    a.fake.clearActions();
    await step([a], 2500);
    expect(a.fake.actions.filter((x) => x.resource === 'leases').map((x) => x.verb)).toEqual(['update', 'get', 'update']);
    expect(a.elector.isLeader()).toBe(true);
    expect(holder(tracker)).toBe('a');
  });

  it('loses the lease after the renew deadline and the other takes over after the lease duration', async () => {
    const tracker = new ObjectTracker();
    const a = candidate(tracker, 'a');
    await step([a], 100);
    const b = candidate(tracker, 'b');
    await step([a, b], 3000);
    a.partitioned = true;
    await step([a, b], 7000);
    expect(a.elector.isLeader()).toBe(true);
    await step([a, b], 4000);
    // renew deadline (10 s) passed: work stopped, no release attempted on a lost lease.
    expect(a.elector.isLeader()).toBe(false);
    expect(a.workAborted).toBe(true);
    expect(a.stopped).toBe(1);
    expect(b.elector.isLeader()).toBe(false);
    await step([a, b], 9000);
    expect(b.elector.isLeader()).toBe(true);
    expect(holder(tracker)).toBe('b');
    expect((tracker.get(Resources.leases, 'kube-system', 'lock') as Lease).spec?.leaseTransitions).toBe(1);
  });

  it('fences a paused ex-leader: its writes are refused after it resumes', async () => {
    const tracker = new ObjectTracker();
    const a = candidate(tracker, 'a');
    await step([a], 100);
    const b = candidate(tracker, 'b');
    const fenced = fencedClient(a.fake.client, a.elector).resource(Resources.configmaps);
    await fenced.create('default', { metadata: { name: 'while-leading' } });
    a.paused = true; // SIGSTOP: a's timers and clock stand still
    await step([a, b], 20_000);
    expect(b.elector.isLeader()).toBe(true);
    a.paused = false; // SIGCONT: a's clock jumps; it still believes it leads for a moment
    a.clock.advance(20_000);
    expect(a.elector.isLeader()).toBe(true);
    await expect(fenced.create('default', { metadata: { name: 'after-resume' } })).rejects.toSatisfy(isFenced);
    await step([a, b], 3000);
    expect(a.elector.isLeader()).toBe(false);
    expect(a.workAborted).toBe(true);
    expect(tracker.list(Resources.configmaps).items.map((c) => c.metadata.name)).toEqual(['while-leading']);
  });

  it('releases the lease on clean shutdown so the next candidate takes over at once', async () => {
    const tracker = new ObjectTracker();
    const a = candidate(tracker, 'a');
    await step([a], 100);
    const b = candidate(tracker, 'b');
    await step([a, b], 2000);
    a.ctl.abort();
    await a.done;
    expect(a.workAborted).toBe(true);
    expect(holder(tracker)).toBe('');
    await step([b], 3000);
    expect(b.elector.isLeader()).toBe(true);
  });
});

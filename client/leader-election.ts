/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection:
 * - acquire: a lease that is unheld, ours, or whose holder has not renewed within
 *   leaseDuration is taken with an update carrying the read resourceVersion (compare-and-swap,
 *   so of two candidates exactly one wins). Expiry is judged by the LOCAL time at which we last
 *   saw the lease record change, never by comparing the holder's renewTime with our clock.
 * - renew every retryPeriod; if no renew succeeds for renewDeadline, leadership is lost: the
 *   signal given to onStartedLeading aborts and onStoppedLeading runs.
 * - on a clean shutdown (opts.signal aborts) the work is stopped first, then the lease is
 *   released (holder cleared) so another candidate takes over at once.
 * Fencing: see fenced-client.ts; canWrite() is true only while a renew started less than
 * renewDeadline ago succeeded.
 */
import type { Logger } from 'pino';
import type { Lease } from '../api/coordination/v1/lease.ts';
import { Resources } from '../api/resources.ts';
import { isAlreadyExists, isConflict, isNotFound } from '../api/errors.ts';
import type { Client, ResourceClient } from './types.ts';
import type { Clock } from './clock.ts';
import { monotonicClock, sleep } from './clock.ts';

/** LeaderElectionOptions configure an elector; durations in ms. */
export interface LeaderElectionOptions {
  client: Client;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  /** onStartedLeading runs the leader's work until its signal aborts. */
  onStartedLeading(signal: AbortSignal, elector: LeaderElector): void | Promise<void>;
  onStoppedLeading?(): void;
  /** onNewLeader is told the identity of each newly observed holder. */
  onNewLeader?(identity: string): void;
  logger?: Logger;
  signal: AbortSignal;
}

/** LeaderElector is one candidate; run() campaigns, leads, and returns when it stops leading. */
export interface LeaderElector {
  run(): Promise<void>;
  /** isLeader: this candidate currently believes it holds the lease. */
  isLeader(): boolean;
  /** canWrite: isLeader and the last successful renew started less than renewDeadline ago. */
  canWrite(): boolean;
  /** leader is the holder identity last observed ('' if none). */
  leader(): string;
  readonly identity: string;
}

/** runLeaderElection campaigns for the lease and runs onStartedLeading while leading; resolves when done. */
export function runLeaderElection(opts: LeaderElectionOptions): Promise<void> {
  return createLeaderElector(opts).run();
}

const microTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

/** createLeaderElector builds a LeaderElector without starting it (fencing needs the handle). */
export function createLeaderElector(opts: LeaderElectionOptions): LeaderElector {
  // Deadlines run on a monotonic clock; the times written into the Lease are wall-clock times.
  const clock = opts.clock ?? monotonicClock;
  const wallNow = () => (opts.clock ? opts.clock.now() : Date.now());
  const leaseMs = opts.leaseDurationMs ?? 15_000;
  const renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
  const retryMs = opts.retryPeriodMs ?? 2_000;
  const leases: ResourceClient<Lease> = opts.client.resource<Lease>(Resources.leases);
  const log = opts.logger;
  let leading = false;
  let renewedAt = -Infinity;
  let observedKey = '';
  let observedAt = 0;
  let holder = '';
  // lastWritten is the Lease as our last successful write left it: renewals start from it.
  let lastWritten: Lease | undefined;

  const observe = (spec: Lease['spec'], now: number) => {
    const key = JSON.stringify(spec ?? {});
    if (key !== observedKey) {
      observedKey = key;
      observedAt = now;
    }
    const h = spec?.holderIdentity ?? '';
    if (h !== holder) {
      holder = h;
      if (h) opts.onNewLeader?.(h);
    }
  };

  /** renewed records a Lease we just wrote as held by us (always true, for the caller to return). */
  const renewed = (lease: Lease, now: number): true => {
    observe(lease.spec, now);
    lastWritten = lease;
    renewedAt = now;
    return true;
  };

  /** tryAcquireOrRenew is one attempt; true when we hold the lease afterwards. */
  async function tryAcquireOrRenew(): Promise<boolean> {
    const now = clock.now();
    const spec = (prev?: Lease['spec']) => {
      const mine = prev?.holderIdentity === opts.identity;
      return {
        holderIdentity: opts.identity,
        leaseDurationSeconds: Math.max(1, Math.ceil(leaseMs / 1000)),
        acquireTime: mine && prev?.acquireTime ? prev.acquireTime : microTime(wallNow()),
        renewTime: microTime(wallNow()),
        leaseTransitions: (prev?.leaseTransitions ?? 0) + (mine || !prev ? 0 : 1),
      };
    };
    // Fast path (as client-go's): a leader renews from the Lease it last wrote, without reading
    // it first; any failure (a conflict means someone else wrote) falls back to get + update.
    if (leading && lastWritten && now - renewedAt < renewDeadlineMs) {
      try {
        return renewed(await leases.update({ ...lastWritten, spec: { ...lastWritten.spec, ...spec(lastWritten.spec) } }), now);
      } catch (err) {
        log?.debug({ err }, 'optimistic lease renewal failed; reading the lease');
      }
    }
    let lease: Lease;
    try {
      lease = await leases.get(opts.namespace, opts.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        return renewed(await leases.create(opts.namespace, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: opts.name, namespace: opts.namespace }, spec: spec() }), now);
      } catch (e) {
        if (isAlreadyExists(e)) return false;
        throw e;
      }
    }
    observe(lease.spec, now);
    const current = lease.spec?.holderIdentity ?? '';
    const durationMs = (lease.spec?.leaseDurationSeconds ?? leaseMs / 1000) * 1000;
    if (current && current !== opts.identity && observedAt + durationMs > now) return false;
    try {
      return renewed(await leases.update({ ...lease, spec: { ...lease.spec, ...spec(lease.spec) } }), now);
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  const attempt = async (): Promise<boolean> => {
    try {
      return await tryAcquireOrRenew();
    } catch (err) {
      log?.warn({ err, lease: `${opts.namespace}/${opts.name}` }, 'lease acquire/renew failed');
      return false;
    }
  };

  /** acquire retries until we hold the lease or the signal aborts. */
  async function acquire(): Promise<boolean> {
    while (!opts.signal.aborted) {
      if (await attempt()) return true;
      await sleep(clock, retryMs * (1 + Math.random() * 0.2), opts.signal);
    }
    return false;
  }

  /** renewLoop keeps renewing; resolves when a renew deadline passes or the signal aborts. */
  async function renewLoop(): Promise<void> {
    while (!opts.signal.aborted) {
      await sleep(clock, retryMs, opts.signal);
      if (opts.signal.aborted) return;
      // A hung request must not hold the deadline open: race it against the time left.
      const left = renewedAt + renewDeadlineMs - clock.now();
      const timer = new AbortController();
      const ok = left > 0 && (await Promise.race([attempt(), sleep(clock, left, timer.signal).then(() => false)]));
      timer.abort();
      if (ok) continue;
      if (clock.now() - renewedAt >= renewDeadlineMs || holder !== opts.identity) return;
    }
  }

  async function release(): Promise<void> {
    try {
      const lease = await leases.get(opts.namespace, opts.name);
      if (lease.spec?.holderIdentity !== opts.identity) return;
      const now = microTime(wallNow());
      await leases.update({ ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now } });
    } catch (err) {
      log?.warn({ err }, 'releasing the lease failed; it will expire');
    }
  }

  const elector: LeaderElector = {
    identity: opts.identity,
    isLeader: () => leading,
    canWrite: () => leading && clock.now() - renewedAt < renewDeadlineMs,
    leader: () => holder,
    async run() {
      if (!(await acquire())) return;
      leading = true;
      log?.info({ identity: opts.identity, lease: `${opts.namespace}/${opts.name}` }, 'acquired the lease; leading');
      const work = new AbortController();
      const running = Promise.resolve()
        .then(() => opts.onStartedLeading(work.signal, elector))
        .catch((err) => log?.error({ err }, 'leader work failed'));
      await renewLoop();
      leading = false;
      work.abort();
      if (opts.signal.aborted) {
        // Clean shutdown: stop the work before handing the lease over, so no two leaders write.
        await running;
        await release();
      } else {
        log?.error({ identity: opts.identity, holder }, 'lost the lease; stopping the leader work');
      }
      opts.onStoppedLeading?.();
    },
  };
  return elector;
}

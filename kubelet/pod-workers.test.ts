import { describe, expect, it } from 'vitest';
import { FakeClock } from '../client/fake/fake-clock.ts';
import { silentLogger } from '../component-base/logger.ts';
import { PodWorkers } from './pod-workers.ts';

describe('PodWorkers', () => {
  it('never runs two syncs of one pod at once and collapses updates during a sync', async () => {
    let active = 0, maxActive = 0, runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = new PodWorkers(async () => {
      active++; runs++;
      maxActive = Math.max(maxActive, active);
      if (runs === 1) await gate;
      active--;
      return {};
    }, new FakeClock(), silentLogger());
    w.enqueue('a');
    w.enqueue('a');
    w.enqueue('a');
    release();
    await w.idle();
    expect(maxActive).toBe(1);
    expect(runs).toBe(2);
  });

  it('runs again after the requested delay, and retries failures with back-off', async () => {
    const clock = new FakeClock();
    let runs = 0;
    const w = new PodWorkers(async () => {
      runs++;
      if (runs === 1) return { requeueAfterMs: 10_000 };
      if (runs === 2) throw new Error('boom');
      return {};
    }, clock, silentLogger());
    w.enqueue('a');
    await w.idle();
    clock.advance(9_999);
    expect(runs).toBe(1);
    clock.advance(1);
    await w.idle();
    expect(runs).toBe(2);
    clock.advance(500);
    await w.idle();
    expect(runs).toBe(3);
  });

  it('drops a pod forgotten during its own sync, and stops taking work after stop()', async () => {
    let w!: PodWorkers;
    w = new PodWorkers(async (uid) => {
      w.forget(uid);
      return {};
    }, new FakeClock(), silentLogger());
    w.enqueue('gone');
    await w.idle();
    expect(w.uids()).toEqual([]);
    await w.stop();
    w.enqueue('late');
    expect(w.uids()).toEqual([]);
  });
});

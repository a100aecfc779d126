import { describe, expect, it, vi } from 'vitest';
import { SyncLoop } from './sync-loop.ts';

describe('SyncLoop', () => {
  it('coalesces a burst of triggers into one sync', async () => {
    vi.useFakeTimers();
    const sync = vi.fn(async () => undefined);
    const loop = new SyncLoop(sync, { delayMs: 50 });
    for (let i = 0; i < 10; i++) loop.trigger();
    await vi.advanceTimersByTimeAsync(60);
    expect(sync).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('runs again after a trigger that arrives mid-sync, never concurrently', async () => {
    vi.useFakeTimers();
    let active = 0;
    let maxActive = 0;
    let release!: () => void;
    const loop = new SyncLoop(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((r) => (release = r));
      active--;
    }, { delayMs: 10 });
    loop.trigger();
    await vi.advanceTimersByTimeAsync(11);
    loop.trigger();
    release();
    await vi.advanceTimersByTimeAsync(11);
    release();
    await vi.advanceTimersByTimeAsync(11);
    expect(maxActive).toBe(1);
    loop.stop();
    vi.useRealTimers();
  });

  it('retries after a failed sync', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    const sync = vi.fn().mockRejectedValueOnce(new Error('ip failed')).mockResolvedValue(undefined);
    const loop = new SyncLoop(sync, { delayMs: 10, retryMs: 100, onError: (e) => errors.push(e) });
    loop.trigger();
    await vi.advanceTimersByTimeAsync(11);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(101);
    expect(sync).toHaveBeenCalledTimes(2);
    loop.stop();
    vi.useRealTimers();
  });
});

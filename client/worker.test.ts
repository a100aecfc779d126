import { describe, expect, it } from 'vitest';
import { silentLogger } from '../component-base/logger.ts';
import { createRateLimitingQueue } from './workqueue.ts';
import { runWorkers } from './worker.ts';

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('runWorkers', () => {
  it('syncs keys, forgets on success, retries failures rate-limited, stops on abort', async () => {
    const q = createRateLimitingQueue<string>({ baseDelayMs: 1, maxDelayMs: 4 });
    const calls: string[] = [];
    let failures = 2;
    let concurrent = 0;
    let maxConcurrent = 0;
    const ctl = new AbortController();
    const running = runWorkers(
      q,
      async (key) => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        calls.push(key);
        await new Promise((r) => setTimeout(r, 1));
        concurrent--;
        if (key === 'bad' && failures-- > 0) throw new Error('boom');
      },
      { workers: 3, signal: ctl.signal, logger: silentLogger() },
    );
    q.add('good');
    q.add('bad');
    await until(() => calls.filter((c) => c === 'bad').length === 3, 'three attempts of bad');
    await until(() => q.numRequeues('bad') === 0, 'bad to be forgotten');
    expect(calls.filter((c) => c === 'good')).toHaveLength(1);
    expect(maxConcurrent).toBeLessThanOrEqual(2);
    ctl.abort();
    await running;
    expect(q.shuttingDown()).toBe(true);
  });

  it('never runs the same key on two workers at once', async () => {
    const q = createRateLimitingQueue<string>();
    const ctl = new AbortController();
    let inFlight = 0;
    let overlap = false;
    let count = 0;
    const running = runWorkers(
      q,
      async () => {
        if (++inFlight > 1) overlap = true;
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        count++;
      },
      { workers: 4, signal: ctl.signal, logger: silentLogger() },
    );
    for (let i = 0; i < 20; i++) {
      q.add('same');
      await new Promise((r) => setTimeout(r, 0));
    }
    await until(() => inFlight === 0 && q.len() === 0, 'queue idle');
    ctl.abort();
    await running;
    expect(overlap).toBe(false);
    expect(count).toBeGreaterThan(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { build } from './app.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';
import type { Storage } from './storage/types.ts';

/** blockingStorage holds every list call until release() — a slow etcd. */
function blockingStorage(): { storage: Storage; release: () => void; waiting: () => number } {
  const inner = createMemoryStorage();
  let pending: (() => void)[] = [];
  const storage: Storage = Object.create(inner);
  storage.list = async (prefix, params) => {
    await new Promise<void>((r) => pending.push(r));
    return inner.list(prefix, params);
  };
  return {
    storage,
    release: () => {
      for (const r of pending) r();
      pending = [];
    },
    waiting: () => pending.length,
  };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
});

describe('max requests in flight', () => {
  it('answers 429 with Retry-After over the limit, exempting watches', async () => {
    const { storage, release, waiting } = blockingStorage();
    const { app } = build({ storage, maxRequestsInflight: 1 });
    close = () => app.close();
    const slow = app.inject({ method: 'GET', url: '/api/v1/configmaps' });
    const deadline = Date.now() + 5000;
    while (waiting() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const throttled = await app.inject({ method: 'GET', url: '/api/v1/secrets' });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expect(throttled.json()).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429 });
    const watch = app.inject({ method: 'GET', url: '/api/v1/secrets?watch=true&resourceVersion=1&timeoutSeconds=1' });
    release();
    expect((await slow).statusCode).toBe(200);
    expect((await watch).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/version' })).statusCode).toBe(200);
  });
});

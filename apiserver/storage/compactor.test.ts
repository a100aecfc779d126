import { describe, expect, it } from 'vitest';
import { startCompactor } from './compactor.ts';
import { createMemoryStorage } from './memory-storage.ts';

describe('compactor', () => {
  it('keeps the newest keepRevisions revisions and compacts the rest periodically', async () => {
    const s = createMemoryStorage();
    for (let i = 0; i < 20; i++) await s.create(`/registry/x/o${i}`, { metadata: { name: `o${i}` } });
    const rev = await s.currentRevision();
    const c = startCompactor(s, 10, 5);
    const deadline = Date.now() + 5000;
    while (s.compactedRevision() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(s.compactedRevision()).toBe(rev - 5);
    await c.stop();
  });

  it('compactNow does nothing until new revisions pass the window', async () => {
    const s = createMemoryStorage();
    for (let i = 0; i < 10; i++) await s.create(`/registry/x/o${i}`, { metadata: { name: `o${i}` } });
    const rev = await s.currentRevision();
    const c = startCompactor(s, 60_000, 5);
    expect(await c.compactNow()).toBe(rev - 5);
    expect(await c.compactNow()).toBe(0);
    await s.create('/registry/x/new', { metadata: { name: 'new' } });
    expect(await c.compactNow()).toBe(rev + 1 - 5);
    await c.stop();
  });

  it('survives a failing round and compacts once storage answers again', async () => {
    const s = createMemoryStorage();
    for (let i = 0; i < 5; i++) await s.create(`/registry/x/o${i}`, { metadata: { name: `o${i}` } });
    const c = startCompactor(s, 60_000, 1);
    s.setAvailable(false);
    await expect(c.compactNow()).rejects.toThrow();
    s.setAvailable(true);
    expect(await c.compactNow()).toBe((await s.currentRevision()) - 1);
    await c.stop();
  });
});

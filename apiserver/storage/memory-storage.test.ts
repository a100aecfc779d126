import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from './memory-storage.ts';
import { describeStorageContract, takeEvents } from './storage-contract.ts';
import { isStorageError } from './types.ts';

describeStorageContract('memory', async () => createMemoryStorage());

describe('memory storage test knobs', () => {
  it('setAvailable(false) fails calls and open watches with Unavailable; true restores', async () => {
    const s = createMemoryStorage();
    await s.create('/registry/x/a', { metadata: { name: 'a' } });
    const w = s.watch('/registry/x/', 0, new AbortController().signal)[Symbol.asyncIterator]();
    expect((await takeEvents(w, 1))[0]!.type).toBe('ADDED');
    s.setAvailable(false);
    await expect(w.next()).rejects.toSatisfy((e) => isStorageError(e, 'Unavailable'));
    await expect(s.get('/registry/x/a')).rejects.toSatisfy((e) => isStorageError(e, 'Unavailable'));
    expect(await s.healthy()).toBe(false);
    s.setAvailable(true);
    expect((await s.get('/registry/x/a')).metadata.name).toBe('a');
  });

  it('compaction keeps the latest state of every live key', async () => {
    const s = createMemoryStorage();
    await s.create('/registry/x/a', { metadata: { name: 'a' } });
    await s.create('/registry/x/b', { metadata: { name: 'b' } });
    await s.delete('/registry/x/b');
    await s.compact(await s.currentRevision());
    expect((await s.list('/registry/x/')).items.map((i) => i.metadata.name)).toEqual(['a']);
    expect(s.compactedRevision()).toBe(await s.currentRevision());
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdCluster } from '../../testing/etcd.ts';
import { createEtcdStorage, createRawEtcdWriter } from './etcd-storage.ts';
import { describeStorageContract, takeEvents } from './storage-contract.ts';
import { isStorageError, type Storage } from './types.ts';

for (const members of [1, 3] as const) {
  describe(`etcd storage on a ${members}-member cluster`, () => {
    let etcd: EtcdCluster;
    beforeAll(async () => {
      etcd = await startEtcd({ members });
    });
    afterAll(async () => {
      await etcd?.stop();
    });
    describeStorageContract(`etcd x${members}`, async () => createEtcdStorage({ endpoints: etcd.endpoints }));
  });
}

describe('etcd storage edge cases', () => {
  let etcd: EtcdCluster;
  let s: Storage;
  beforeAll(async () => {
    etcd = await startEtcd();
    s = createEtcdStorage({ endpoints: etcd.endpoints });
  });
  afterAll(async () => {
    await s?.close();
    await etcd?.stop();
  });

  it('lists more data than one gRPC message holds, whole and paged', async () => {
    const n = 3000;
    const filler = 'x'.repeat(2000);
    const names = Array.from({ length: n }, (_, i) => `p${String(i).padStart(5, '0')}`);
    const queue = [...names];
    await Promise.all(Array.from({ length: 50 }, async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        await s.create(`/registry/pods/big/${name}`, { metadata: { name, namespace: 'big', annotations: { filler } } });
      }
    }));
    const all = await s.list('/registry/pods/big/');
    expect(all.items.map((i) => i.metadata.name)).toEqual(names);
    const page = await s.list('/registry/pods/big/', { limit: 2500 });
    expect(page.items).toHaveLength(2500);
    expect(page.remainingItemCount).toBe(500);
    const rest = await s.list('/registry/pods/big/', { limit: 2500, continue: page.continue });
    expect(rest.items.map((i) => i.metadata.name)).toEqual(names.slice(2500));
  });

  it('reports a value that is not JSON as InvalidObject, on get and by ending a watch', async () => {
    const raw = createRawEtcdWriter(etcd.endpoints);
    try {
      const rev = await s.currentRevision();
      const w = s.watch('/registry/corrupt/', rev, new AbortController().signal)[Symbol.asyncIterator]();
      const next = w.next().then(() => undefined, (e: unknown) => e);
      await raw.put('/registry/corrupt/ns/x', '{not json');
      expect(isStorageError(await next, 'InvalidObject')).toBe(true);
      const err = await s.get('/registry/corrupt/ns/x').then(() => undefined, (e: unknown) => e);
      expect(isStorageError(err, 'InvalidObject')).toBe(true);
    } finally {
      raw.close();
    }
  });
});

describe('etcd storage when etcd goes away', () => {
  let etcd: EtcdCluster;
  let s: Storage;
  beforeAll(async () => {
    etcd = await startEtcd();
    s = createEtcdStorage({ endpoints: etcd.endpoints, requestTimeoutMs: 1500 });
  });
  afterAll(async () => {
    await s?.close();
    await etcd?.stop();
  });

  it('fails calls with Unavailable within bounded time, ends watches, and recovers after a restart', async () => {
    await s.create('/registry/down/a', { metadata: { name: 'a' } });
    const rev = await s.currentRevision();
    const w = s.watch('/registry/down/', rev, new AbortController().signal)[Symbol.asyncIterator]();
    const pending = w.next();
    await etcd.killMember(0);
    await expect(pending).rejects.toSatisfy((e) => isStorageError(e, 'Unavailable'));
    const calls: [string, () => Promise<unknown>][] = [
      ['get', () => s.get('/registry/down/a')],
      ['list', () => s.list('/registry/down/')],
      ['create', () => s.create('/registry/down/z', { metadata: { name: 'z' } })],
      ['guaranteedUpdate', () => s.guaranteedUpdate('/registry/down/a', (o) => o)],
      ['delete', () => s.delete('/registry/down/a')],
      ['currentRevision', () => s.currentRevision()],
      ['watch', () => s.watch('/registry/down/', rev, new AbortController().signal)[Symbol.asyncIterator]().next()],
    ];
    for (const [name, fn] of calls) {
      const err = await fn().then(() => undefined, (e: unknown) => e);
      expect(isStorageError(err, 'Unavailable'), `${name} while etcd is down: ${String(err)}`).toBe(true);
    }
    expect(await s.healthy()).toBe(false);
    await etcd.restartMember(0);
    const deadline = Date.now() + 30_000;
    while (!(await s.healthy()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await s.get('/registry/down/a')).metadata.name).toBe('a');
    // Events written while nobody watched are replayed from history on a new watch.
    await s.create('/registry/down/b', { metadata: { name: 'b' } });
    const again = s.watch('/registry/down/', rev, new AbortController().signal)[Symbol.asyncIterator]();
    expect((await takeEvents(again, 1))[0]!.object.metadata.name).toBe('b');
    await again.return?.();
  });
});

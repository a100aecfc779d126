/**
 * The Storage contract as a test suite: every implementation (the in-memory fake in unit tests,
 * etcd in integration tests) must pass the same cases, so the fake cannot drift from etcd.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { isStorageError, type Storage, type StorageErrorCode, type StorageEvent } from './types.ts';

interface Counter extends KubeObject {
  data: { n: number; note?: string };
}

const obj = (name: string, n = 0, uid = `uid-${name}`): Counter => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', uid },
  data: { n },
});

async function expectStorageError(p: Promise<unknown> | (() => Promise<unknown>), code: StorageErrorCode): Promise<void> {
  const err = await (typeof p === 'function' ? p() : p).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected StorageError ${code}`).toBeDefined();
  expect(isStorageError(err) ? err.code : err).toBe(code);
}

/** takeEvents reads n events from a watch, failing with what it saw when they do not come in time. */
export async function takeEvents<T extends KubeObject>(it: AsyncIterator<StorageEvent<T>>, n: number, timeoutMs = 10_000): Promise<StorageEvent<T>[]> {
  const out: StorageEvent<T>[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < n) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now()))));
    const next = await Promise.race([it.next(), timeout]);
    clearTimeout(timer);
    if (next === 'timeout') throw new Error(`timed out after ${out.length}/${n} events: ${JSON.stringify(out.map((e) => [e.type, e.object.metadata.name]))}`);
    if (next.done) throw new Error(`watch ended after ${out.length}/${n} events`);
    out.push(next.value);
  }
  return out;
}

const summary = (evs: StorageEvent<Counter>[]): [string, string | undefined, number][] =>
  evs.map((e) => [e.type, e.object.metadata.name, e.object.data.n]);

/** describeStorageContract registers the contract tests for one Storage implementation. */
export function describeStorageContract(name: string, makeStorage: () => Promise<Storage>): void {
  describe(`Storage contract: ${name}`, () => {
    let s: Storage;
    let prefix: string;
    let controller: AbortController;
    const key = (n: string): string => `${prefix}${n}`;

    beforeEach(async () => {
      s = await makeStorage();
      // A fresh prefix per test keeps tests independent on a shared etcd.
      prefix = `/registry/contract${randomUUID().slice(0, 8)}/ns/`;
      controller = new AbortController();
    });
    afterEach(async () => {
      controller.abort();
      await s.close();
    });

    it('create stores the object and get returns it with its mod revision as resourceVersion', async () => {
      const before = await s.currentRevision();
      const created = await s.create(key('a'), { ...obj('a', 1), metadata: { ...obj('a').metadata, resourceVersion: '12345' } });
      expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(before);
      const got = await s.get<Counter>(key('a'));
      expect(got).toEqual(created);
      expect(got.data.n).toBe(1);
      expect(await s.currentRevision()).toBe(Number(created.metadata.resourceVersion));
    });

    it('create of an existing key fails with AlreadyExists and leaves it unchanged', async () => {
      const first = await s.create(key('a'), obj('a', 1));
      await expectStorageError(s.create(key('a'), obj('a', 2)), 'AlreadyExists');
      expect(await s.get(key('a'))).toEqual(first);
    });

    it('get, guaranteedUpdate and delete of a missing key fail with NotFound', async () => {
      await expectStorageError(s.get(key('nope')), 'NotFound');
      await expectStorageError(s.guaranteedUpdate(key('nope'), (o) => o), 'NotFound');
      await expectStorageError(s.delete(key('nope')), 'NotFound');
    });

    it('guaranteedUpdate writes the result with a new resourceVersion', async () => {
      const created = await s.create(key('a'), obj('a', 1));
      const updated = await s.guaranteedUpdate<Counter>(key('a'), (cur) => {
        expect(cur.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
        return { ...cur, data: { n: cur.data.n + 1 } };
      });
      expect(updated.data.n).toBe(2);
      expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
      expect(await s.get(key('a'))).toEqual(updated);
    });

    it('guaranteedUpdate that changes nothing keeps the resourceVersion', async () => {
      const created = await s.create(key('a'), obj('a', 1));
      const same = await s.guaranteedUpdate<Counter>(key('a'), (cur) => cur);
      expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    });

    const conflicts: [string, (c: Counter) => { pre?: { uid?: string; resourceVersion?: string }; rv?: string }][] = [
      ['uid precondition differs', () => ({ pre: { uid: 'other' } })],
      ['resourceVersion precondition differs', (c) => ({ pre: { resourceVersion: String(Number(c.metadata.resourceVersion) - 1) } })],
      ['tryUpdate returns a stale resourceVersion', (c) => ({ rv: String(Number(c.metadata.resourceVersion) - 1) })],
    ];
    for (const [why, make] of conflicts) {
      it(`guaranteedUpdate fails with Conflict when ${why}`, async () => {
        const created = await s.create(key('a'), obj('a', 1));
        const { pre, rv } = make(created);
        const attempt = s.guaranteedUpdate<Counter>(
          key('a'),
          (cur) => ({ ...cur, metadata: { ...cur.metadata, ...(rv ? { resourceVersion: rv } : {}) }, data: { n: 99 } }),
          pre,
        );
        await expectStorageError(attempt, 'Conflict');
        expect(await s.get(key('a'))).toEqual(created);
      });
    }

    it('guaranteedUpdate succeeds when preconditions and the returned resourceVersion match', async () => {
      const c = await s.create(key('a'), obj('a', 1));
      const u = await s.guaranteedUpdate<Counter>(key('a'), (cur) => ({ ...cur, data: { n: 5 } }), {
        uid: c.metadata.uid,
        resourceVersion: c.metadata.resourceVersion,
      });
      expect(u.data.n).toBe(5);
    });

    it('guaranteedUpdate propagates an error thrown by tryUpdate and writes nothing', async () => {
      const c = await s.create(key('a'), obj('a', 1));
      await expect(s.guaranteedUpdate(key('a'), () => { throw new Error('nope'); })).rejects.toThrow('nope');
      expect(await s.get(key('a'))).toEqual(c);
    });

    it('delete returns the last object stamped with the delete revision; preconditions guard it', async () => {
      const c = await s.create(key('a'), obj('a', 7));
      await expectStorageError(s.delete(key('a'), { uid: 'other' }), 'Conflict');
      await expectStorageError(s.delete(key('a'), { resourceVersion: '1' }), 'Conflict');
      expect(await s.get(key('a'))).toEqual(c);
      const gone = await s.delete<Counter>(key('a'), { uid: c.metadata.uid, resourceVersion: c.metadata.resourceVersion });
      expect(gone.data.n).toBe(7);
      expect(Number(gone.metadata.resourceVersion)).toBeGreaterThan(Number(c.metadata.resourceVersion));
      expect(await s.currentRevision()).toBe(Number(gone.metadata.resourceVersion));
      await expectStorageError(s.get(key('a')), 'NotFound');
    });

    it('list returns only keys under the prefix, sorted, with the current revision', async () => {
      await s.create(key('b'), obj('b'));
      await s.create(key('a'), obj('a'));
      const sibling = prefix.replace(/ns\/$/, 'ns2/');
      await s.create(`${sibling}c`, obj('c'));
      await s.create(`${prefix.slice(0, -1)}x/d`, obj('d'));
      const l = await s.list<Counter>(prefix);
      expect(l.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
      expect(l.resourceVersion).toBe(String(await s.currentRevision()));
      expect(l.continue).toBeUndefined();
    });

    it('list pages with limit/continue at one consistent revision', async () => {
      for (const n of ['a', 'b', 'c', 'd', 'e']) await s.create(key(n), obj(n, 1));
      const p1 = await s.list<Counter>(prefix, { limit: 2 });
      expect(p1.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
      expect(p1.remainingItemCount).toBe(3);
      // Changes after the first page must not show in later pages (one snapshot).
      await s.guaranteedUpdate<Counter>(key('c'), (c) => ({ ...c, data: { n: 2 } }));
      await s.delete(key('d'));
      await s.create(key('f'), obj('f'));
      const p2 = await s.list<Counter>(prefix, { limit: 2, continue: p1.continue });
      expect(p2.items.map((i) => [i.metadata.name, i.data.n])).toEqual([['c', 1], ['d', 1]]);
      expect(p2.resourceVersion).toBe(p1.resourceVersion);
      const p3 = await s.list<Counter>(prefix, { limit: 2, continue: p2.continue });
      expect(p3.items.map((i) => i.metadata.name)).toEqual(['e']);
      expect(p3.continue).toBeUndefined();
    });

    it('list applies the predicate before limit counts items', async () => {
      for (let i = 0; i < 8; i++) await s.create(key(`o${i}`), obj(`o${i}`, i));
      const even = (o: KubeObject): boolean => (o as Counter).data.n % 2 === 0;
      const p1 = await s.list<Counter>(prefix, { limit: 3, predicate: even });
      expect(p1.items.map((i) => i.data.n)).toEqual([0, 2, 4]);
      const p2 = await s.list<Counter>(prefix, { limit: 3, predicate: even, continue: p1.continue });
      expect(p2.items.map((i) => i.data.n)).toEqual([6]);
      expect(p2.continue).toBeUndefined();
    });

    it('list with a continue token whose revision was compacted fails with Gone', async () => {
      for (const n of ['a', 'b', 'c']) await s.create(key(n), obj(n));
      const p1 = await s.list(prefix, { limit: 1 });
      await s.guaranteedUpdate<Counter>(key('a'), (c) => ({ ...c, data: { n: 1 } }));
      await s.guaranteedUpdate<Counter>(key('a'), (c) => ({ ...c, data: { n: 2 } }));
      await s.compact(await s.currentRevision());
      await expectStorageError(s.list(prefix, { limit: 1, continue: p1.continue }), 'Gone');
    });

    it('list rejects a malformed continue token or one for another prefix', async () => {
      await s.create(key('a'), obj('a'));
      await s.create(key('b'), obj('b'));
      const p1 = await s.list(prefix, { limit: 1 });
      await expect(s.list(prefix, { continue: 'not-base64-json' })).rejects.toThrow(/continue/);
      await expect(s.list('/registry/other/', { continue: p1.continue })).rejects.toThrow(/continue/);
    });

    it('watch from a revision replays later events and streams live ones, prefix only', async () => {
      const a = await s.create(key('a'), obj('a', 1));
      const from = Number(a.metadata.resourceVersion);
      await s.create(key('b'), obj('b', 1));
      await s.create(`/registry/elsewhere${randomUUID().slice(0, 6)}/x`, obj('x'));
      const w = s.watch<Counter>(prefix, from, controller.signal)[Symbol.asyncIterator]();
      const replay = await takeEvents(w, 1);
      expect(summary(replay)).toEqual([['ADDED', 'b', 1]]);
      expect(replay[0]!.prevObject).toBeUndefined();
      const upd = await s.guaranteedUpdate<Counter>(key('a'), (c) => ({ ...c, data: { n: 2 } }));
      const del = await s.delete<Counter>(key('b'));
      const live = await takeEvents(w, 2);
      expect(summary(live)).toEqual([['MODIFIED', 'a', 2], ['DELETED', 'b', 1]]);
      expect(live[0]!.revision).toBe(Number(upd.metadata.resourceVersion));
      expect(live[0]!.object).toEqual(upd);
      expect(live[0]!.prevObject).toEqual(a);
      expect(live[1]!.revision).toBe(Number(del.metadata.resourceVersion));
      expect(live[1]!.object.metadata.resourceVersion).toBe(del.metadata.resourceVersion);
      expect(live[1]!.prevObject?.data.n).toBe(1);
    });

    it('watch from a compacted revision fails with Gone; from the compaction point it works', async () => {
      const a = await s.create(key('a'), obj('a', 1));
      await s.guaranteedUpdate<Counter>(key('a'), (c) => ({ ...c, data: { n: 2 } }));
      const u = await s.guaranteedUpdate<Counter>(key('a'), (c) => ({ ...c, data: { n: 3 } }));
      const rev = Number(u.metadata.resourceVersion);
      await s.compact(rev);
      const stale = s.watch(prefix, Number(a.metadata.resourceVersion) - 1, controller.signal)[Symbol.asyncIterator]();
      await expectStorageError(() => stale.next(), 'Gone');
      const ok = s.watch<Counter>(prefix, rev, controller.signal)[Symbol.asyncIterator]();
      await s.guaranteedUpdate<Counter>(key('a'), (c) => ({ ...c, data: { n: 4 } }));
      expect(summary(await takeEvents(ok, 1))).toEqual([['MODIFIED', 'a', 4]]);
    });

    it('watch ends cleanly when its signal is aborted', async () => {
      const own = new AbortController();
      const rev = await s.currentRevision();
      const w = s.watch(prefix, rev, own.signal)[Symbol.asyncIterator]();
      const pending = w.next();
      await s.create(key('a'), obj('a'));
      expect((await pending).done).toBe(false);
      own.abort();
      const end = await takeEnd(w);
      expect(end).toBe(true);
    });

    it('parallel guaranteedUpdate loops lose no update', async () => {
      await s.create(key('ctr'), obj('ctr', 0));
      const workers = 10;
      const perWorker = 10;
      let successes = 0;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          for (let i = 0; i < perWorker; i++) {
            await s.guaranteedUpdate<Counter>(key('ctr'), async (c) => {
              // Yield so that the read-modify-write windows of the workers overlap.
              await new Promise((r) => setImmediate(r));
              return { ...c, data: { n: c.data.n + 1 } };
            });
            successes++;
          }
        }),
      );
      const final = await s.get<Counter>(key('ctr'));
      expect(final.data.n).toBe(successes);
      expect(successes).toBe(workers * perWorker);
    });

    it('healthy answers true and currentRevision grows with writes', async () => {
      expect(await s.healthy()).toBe(true);
      const r1 = await s.currentRevision();
      await s.create(key('a'), obj('a'));
      expect(await s.currentRevision()).toBe(r1 + 1);
    });
  });
}

async function takeEnd(it: AsyncIterator<unknown>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([it.next(), new Promise<'t'>((res) => (timer = setTimeout(() => res('t'), deadline - Date.now())))]);
    clearTimeout(timer);
    if (r === 't') return false;
    if (r.done) return true;
  }
  return false;
}

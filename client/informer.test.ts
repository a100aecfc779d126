import { afterEach, describe, expect, it } from 'vitest';
import { Resources } from '../api/resources.ts';
import { newGone, newInternalError } from '../api/errors.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { DeletedFinalStateUnknown, Informer } from './types.ts';
import { createFakeClient } from './fake/fake-client.ts';
import { FakeClock } from './fake/fake-clock.ts';
import { createInformer, type InformerRunOptions } from './informer.ts';
import { createSharedInformerFactory } from './shared-informer-factory.ts';
import { connectionError } from './http-status.ts';

type Pod = KubeObject & { spec?: { nodeName?: string } };
const pod = (name: string, ns = 'default', labels: Record<string, string> = {}, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels },
  spec: nodeName ? { nodeName } : {},
});

async function until(cond: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out; last seen: ${what()}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const stops: AbortController[] = [];
afterEach(() => stops.splice(0).forEach((c) => c.abort()));

function start(objects: Pod[], opts: InformerRunOptions = {}) {
  const fake = createFakeClient(objects);
  const informer = createInformer<Pod>(fake.client, Resources.pods, { backoffInitialMs: 2, backoffMaxMs: 10, ...opts });
  const log: string[] = [];
  const tombstones: DeletedFinalStateUnknown<Pod>[] = [];
  informer.addEventHandler({
    add: (o) => log.push(`add ${o.metadata.name}`),
    update: (a, b) => log.push(`update ${a.metadata.name} ${a.metadata.resourceVersion === b.metadata.resourceVersion ? 'resync' : 'changed'}`),
    delete: (o) => {
      if ('tombstone' in o) tombstones.push(o);
      log.push(`delete ${'tombstone' in o ? o.obj.metadata.name + ' (tombstone)' : o.metadata.name}`);
    },
  });
  const ctl = new AbortController();
  stops.push(ctl);
  const done = informer.run(ctl.signal);
  return { ...fake, informer, log, tombstones, ctl, done };
}

const names = (inf: Informer<Pod>) => inf.lister.list().map((p) => p.metadata.name).sort();

describe('createInformer', () => {
  it('lists (paged), syncs, follows watch events and serves listers and indexes', async () => {
    const t = start([pod('a', 'x', { app: 'web' }), pod('b', 'y'), pod('c', 'x', {}, 'n1')], { pageSize: 2 });
    t.informer.addIndexer('node', (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
    expect(t.informer.hasSynced()).toBe(false);
    await until(() => t.informer.hasSynced(), () => t.log.join());
    expect([...t.log].sort()).toEqual(['add a', 'add b', 'add c']);
    const pods = t.client.resource<Pod>(Resources.pods);
    await pods.create('x', pod('d', 'x', {}, 'n1'));
    await pods.patch('y', 'b', 'merge', { metadata: { labels: { app: 'web' } } });
    await pods.delete('x', 'a');
    await until(() => t.log.length === 6, () => t.log.join());
    expect(t.log.slice(3)).toEqual(['add d', 'update b changed', 'delete a']);
    expect(t.informer.lister.get('y', 'b')?.metadata.labels).toEqual({ app: 'web' });
    expect(t.informer.lister.list('x').map((p) => p.metadata.name).sort()).toEqual(['c', 'd']);
    expect(t.informer.lister.list(undefined, 'app=web').map((p) => p.metadata.name)).toEqual(['b']);
    expect(t.informer.lister.byIndex('node', 'n1').map((p) => p.metadata.name).sort()).toEqual(['c', 'd']);
    expect(t.informer.lastSyncResourceVersion()).toBe(t.tracker.resourceVersion());
  });

  it('relists after 410 Gone and delivers tombstones for deletes it missed', async () => {
    const t = start([pod('a'), pod('b')]);
    await until(() => t.informer.hasSynced(), () => t.log.join());
    let broken = true;
    t.prependReactor('list', 'pods', () => (broken ? { handled: true, error: newInternalError('etcd down') } : undefined));
    const pods = t.client.resource<Pod>(Resources.pods);
    t.tracker.compact();
    t.tracker.closeWatches(newGone('too old resource version'));
    // While the informer cannot list, the world changes behind its back.
    await t.tracker.delete(Resources.pods, 'default', 'a');
    t.tracker.update(Resources.pods, { ...t.tracker.get(Resources.pods, 'default', 'b'), metadata: { ...t.tracker.get(Resources.pods, 'default', 'b').metadata, labels: { v: '2' } } });
    t.tracker.create(Resources.pods, 'default', pod('c'));
    await until(() => t.actions.filter((a) => a.verb === 'list').length >= 3, () => String(t.actions.length));
    broken = false;
    await until(() => names(t.informer).join() === 'b,c' && t.log.length === 5, () => t.log.join());
    expect(t.log.slice(2).sort()).toEqual(['add c', 'delete a (tombstone)', 'update b changed']);
    expect(t.tombstones[0]).toMatchObject({ key: 'default/a', tombstone: true });
    expect(t.informer.lister.get('default', 'b')?.metadata.labels).toEqual({ v: '2' });
    void pods;
  });

  it('resumes a cleanly ended watch from the last resourceVersion without relisting', async () => {
    const t = start([pod('a')]);
    await until(() => t.informer.hasSynced() && t.tracker.watcherCount() === 1, () => t.log.join());
    t.tracker.create(Resources.pods, 'default', pod('b'));
    await until(() => t.log.length === 2, () => t.log.join());
    t.tracker.closeWatches();
    await until(() => t.tracker.watcherCount() === 1, () => 'no rewatch');
    t.tracker.create(Resources.pods, 'default', pod('c'));
    await until(() => t.log.length === 3, () => t.log.join());
    expect(t.actions.filter((a) => a.verb === 'list')).toHaveLength(1);
    const watches = t.actions.filter((a) => a.verb === 'watch').map((a) => (a.options as { resourceVersion: string }).resourceVersion);
    expect(watches[1]).toBe(t.tracker.get(Resources.pods, 'default', 'b').metadata.resourceVersion);
  });

  it('resumes the watch after a connection failure without relisting', async () => {
    const t = start([pod('a')]);
    await until(() => t.informer.hasSynced() && t.tracker.watcherCount() === 1, () => t.log.join());
    let failures = 2;
    t.prependReactor('watch', 'pods', () => (failures-- > 0 ? { handled: true, error: connectionError('http://x', { code: 'ECONNREFUSED' }) } : undefined));
    t.tracker.closeWatches(connectionError('http://x', { code: 'ECONNRESET' }));
    t.tracker.create(Resources.pods, 'default', pod('b'));
    await until(() => t.log.length === 2, () => t.log.join());
    expect(t.log).toEqual(['add a', 'add b']);
    expect(t.actions.filter((a) => a.verb === 'list')).toHaveLength(1);
  });

  it('advances its resourceVersion on bookmarks', async () => {
    const t = start([pod('a')]);
    await until(() => t.informer.hasSynced() && t.tracker.watcherCount() === 1, () => t.log.join());
    t.tracker.create(Resources.configmaps, 'default', { metadata: { name: 'cm' } });
    t.tracker.bookmark();
    await until(() => t.informer.lastSyncResourceVersion() === t.tracker.resourceVersion(), () => t.informer.lastSyncResourceVersion());
  });

  it('keeps retrying when lists fail and never stops on errors', async () => {
    const fake = createFakeClient([pod('a')]);
    let failures = 4;
    fake.prependReactor('list', 'pods', () => (failures-- > 0 ? { handled: true, error: newInternalError('boom') } : undefined));
    const inf = createInformer<Pod>(fake.client, Resources.pods, { backoffInitialMs: 1, backoffMaxMs: 4 });
    const ctl = new AbortController();
    stops.push(ctl);
    const done = inf.run(ctl.signal);
    await until(() => inf.hasSynced(), () => `failures left ${failures}`);
    expect(names(inf)).toEqual(['a']);
    ctl.abort();
    await done;
  });

  it('re-delivers every object as update(obj, obj) each resync period', async () => {
    const clock = new FakeClock();
    const t = start([pod('a'), pod('b')], { clock, resyncPeriodMs: 1000 });
    await until(() => t.informer.hasSynced(), () => t.log.join());
    clock.advance(999);
    expect(t.log).toHaveLength(2);
    clock.advance(1);
    expect(t.log.slice(2)).toEqual(['update a resync', 'update b resync']);
    clock.advance(1000);
    expect(t.log).toHaveLength(6);
  });

  it('gives a late handler the cached objects as adds', async () => {
    const t = start([pod('a')]);
    await until(() => t.informer.hasSynced(), () => '');
    const late: string[] = [];
    t.informer.addEventHandler({ add: (o) => late.push(o.metadata.name ?? '') });
    expect(late).toEqual(['a']);
  });
});

describe('createSharedInformerFactory', () => {
  it('shares one informer (one watch) per resource and options and waits for sync', async () => {
    const fake = createFakeClient([pod('a'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }]);
    const factory = createSharedInformerFactory(fake.client);
    const p1 = factory.informerFor<Pod>(Resources.pods);
    expect(factory.informerFor(Resources.pods)).toBe(p1);
    expect(factory.informerFor(Resources.pods, { fieldSelector: 'spec.nodeName=n1' })).not.toBe(p1);
    const ctl = new AbortController();
    stops.push(ctl);
    factory.start(ctl.signal);
    const nodes = factory.informerFor(Resources.nodes);
    expect(await factory.waitForCacheSync(ctl.signal)).toBe(true);
    expect(nodes.lister.get(undefined, 'n1')).toBeDefined();
    await until(() => fake.tracker.watcherCount() === 3, () => String(fake.tracker.watcherCount()));
    ctl.abort();
    expect(await factory.waitForCacheSync(ctl.signal)).toBe(false);
  });
});

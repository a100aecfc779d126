import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newGarbageCollector } from './garbage-collector.ts';

const rs = (name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', ...extra }, spec: { selector: {}, template: {} } }) as KubeObject;
const ref = (o: KubeObject, block = true) => ({ apiVersion: o.apiVersion ?? 'apps/v1', kind: o.kind ?? 'ReplicaSet', name: o.metadata.name ?? '', uid: o.metadata.uid ?? '', controller: true, blockOwnerDeletion: block });
const DELETING = '2026-01-01T00:00:00Z';

describe('garbage collector', () => {
  it('deletes a dependent whose owner is gone (background) and keeps one whose owner exists', async () => {
    const h = newHarness();
    const [owner] = h.seed(Resources.replicasets, rs('live'));
    const ghost = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'uid-gone', controller: true };
    h.seed(Resources.pods, { ...podFixture('orphaned'), metadata: { ...podFixture('orphaned').metadata, ownerReferences: [ghost] } }, podFixture('kept', { owner }));
    const gc = newGarbageCollector(h.ctx);
    for (const n of gc.graph.nodes.values()) await gc.sync(n.obj.metadata.uid ?? '');
    expect(h.writes()).toEqual(['delete pods default/orphaned']);
    expect(h.actionsOf('delete')[0].options).toMatchObject({ propagationPolicy: 'Background' });
    // The missing owner was verified with a live read first.
    expect(h.actionsOf('get', 'replicasets').map((a) => a.name)).toEqual(['gone']);
  });

  it('drops the reference to a gone owner when another owner remains', async () => {
    const h = newHarness();
    const [owner] = h.seed(Resources.replicasets, rs('live'));
    const pod = podFixture('p', { owner });
    pod.metadata.ownerReferences!.push({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'uid-gone' });
    const [p] = h.seed(Resources.pods, pod);
    await newGarbageCollector(h.ctx).sync(p.metadata.uid ?? '');
    expect(h.writes()).toEqual(['patch pods default/p']);
    expect((h.fake.tracker.get(Resources.pods, 'default', 'p') as KubeObject).metadata.ownerReferences?.map((r) => r.name)).toEqual(['live']);
  });

  it('orphan: strips owner references from dependents, then removes the orphan finalizer', async () => {
    const h = newHarness();
    const [owner] = h.seed(Resources.replicasets, rs('o', { finalizers: ['orphan'], deletionTimestamp: DELETING }));
    h.seed(Resources.pods, podFixture('a', { owner }), podFixture('b', { owner }));
    await newGarbageCollector(h.ctx).sync(owner.metadata.uid ?? '');
    expect(h.writes().sort()).toEqual(['patch pods default/a', 'patch pods default/b', 'patch replicasets default/o']);
    expect((h.fake.tracker.get(Resources.pods, 'default', 'a') as KubeObject).metadata.ownerReferences).toBeUndefined();
    expect((h.fake.tracker.get(Resources.replicasets, 'default', 'o') as KubeObject).metadata.finalizers).toEqual([]);
  });

  it('foreground: deletes blocking dependents first, removes the finalizer once they are gone', async () => {
    const h = newHarness();
    const [owner] = h.seed(Resources.replicasets, rs('o', { finalizers: ['foregroundDeletion'], deletionTimestamp: DELETING }));
    const [a] = h.seed(Resources.pods, podFixture('a', { owner }));
    const gc = newGarbageCollector(h.ctx);
    await gc.sync(owner.metadata.uid ?? '');
    expect(h.writes()).toEqual(['delete pods default/a']);
    expect(h.actionsOf('delete')[0].options).toMatchObject({ propagationPolicy: 'Foreground' });
    h.informers.informer(Resources.pods).remove(a);
    expect(gc.queue.len()).toBeGreaterThan(0);
    h.fake.clearActions();
    await gc.sync(owner.metadata.uid ?? '');
    expect(h.writes()).toEqual(['patch replicasets default/o']);
  });

  it('a dependent of an owner being deleted in the foreground is deleted', async () => {
    const h = newHarness();
    const [owner] = h.seed(Resources.replicasets, rs('o', { finalizers: ['foregroundDeletion'], deletionTimestamp: DELETING }));
    const [p] = h.seed(Resources.pods, podFixture('a', { owner }));
    await newGarbageCollector(h.ctx).sync(p.metadata.uid ?? '');
    expect(h.writes()).toEqual(['delete pods default/a']);
  });
});

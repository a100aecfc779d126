import { describe, expect, it } from 'vitest';
import { Resources } from '../../../api/resources.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { newHarness, type Harness } from '../../test-util/harness.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newReplicaSetController } from './replicaset-controller.ts';
import type { ReplicatedObject } from './kinds.ts';

function rsFixture(replicas: number, minReadySeconds = 0): ReplicatedObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      minReadySeconds,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'img' }] } },
    },
  } as ReplicatedObject;
}

function setup(replicas: number, pods: (rs: KubeObject) => Pod[], minReady = 0): { h: Harness; rs: ReplicatedObject } {
  const h = newHarness();
  const [rs] = h.seed(Resources.replicasets, rsFixture(replicas, minReady)) as ReplicatedObject[];
  h.seed(Resources.pods, ...pods(rs));
  return { h, rs };
}

describe('ReplicaSet controller sync', () => {
  const cases: Array<{ name: string; replicas: number; pods: (rs: KubeObject) => Pod[]; creates: number; deletes: string[]; patches?: string[] }> = [
    { name: 'creates all pods of a new set', replicas: 3, pods: () => [], creates: 3, deletes: [] },
    { name: 'creates the missing pod', replicas: 2, pods: (rs) => [podFixture('a', { owner: rs, ready: true, node: 'n1' })], creates: 1, deletes: [] },
    { name: 'is idle at the desired count', replicas: 1, pods: (rs) => [podFixture('a', { owner: rs })], creates: 0, deletes: [] },
    {
      name: 'deletes the unscheduled pod before a running one',
      replicas: 1,
      pods: (rs) => [podFixture('running', { owner: rs, ready: true, node: 'n1' }), podFixture('pending', { owner: rs })],
      creates: 0,
      deletes: ['pending'],
    },
    {
      name: 'deletes not ready before ready, more restarts before fewer, newer before older',
      replicas: 2,
      pods: (rs) => [
        podFixture('ready-old', { owner: rs, ready: true, node: 'n1', created: '2025-01-01T00:00:00Z' }),
        podFixture('ready-new', { owner: rs, ready: true, node: 'n2', created: '2025-06-01T00:00:00Z' }),
        podFixture('ready-restarts', { owner: rs, ready: true, node: 'n3', restarts: 4, created: '2025-01-01T00:00:00Z' }),
        podFixture('notready', { owner: rs, phase: 'Running', node: 'n4' }),
      ],
      creates: 0,
      deletes: ['notready', 'ready-restarts'],
    },
    {
      name: 'adopts a matching orphan instead of creating',
      replicas: 1,
      pods: () => [podFixture('orphan', {})],
      creates: 0,
      deletes: [],
      patches: ['patch pods default/orphan'],
    },
    {
      name: 'ignores terminating and finished pods when counting',
      replicas: 1,
      pods: (rs) => [podFixture('gone', { owner: rs, deleting: '2026-01-01T00:00:00Z' }), podFixture('done', { owner: rs, phase: 'Succeeded' })],
      creates: 1,
      deletes: [],
    },
  ];
  it.each(cases)('$name', async ({ replicas, pods, creates, deletes, patches }) => {
    const { h } = setup(replicas, pods);
    const c = newReplicaSetController(h.ctx);
    await c.sync('default/web');
    const created = h.actionsOf('create', 'pods');
    expect(created).toHaveLength(creates);
    for (const a of created) {
      const p = a.object as Pod;
      expect(p.metadata.generateName).toBe('web-');
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'web', controller: true });
      expect(p.metadata.labels).toEqual({ app: 'web' });
    }
    expect(h.actionsOf('delete', 'pods').map((a) => a.name).sort()).toEqual([...deletes].sort());
    expect(h.writes().filter((w) => w.startsWith('patch'))).toEqual(patches ?? []);
    expect(h.events.filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(creates);
    expect(h.events.filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message).sort()).toEqual(deletes.map((d) => `Deleted pod: ${d}`).sort());
  });

  it('does not act again until its creations are observed', async () => {
    const { h } = setup(2, () => []);
    const c = newReplicaSetController(h.ctx);
    await c.sync('default/web');
    h.fake.clearActions();
    await c.sync('default/web');
    expect(h.actionsOf('create', 'pods')).toHaveLength(0);
    // Expectations expire after 5 minutes.
    h.clock.step(5 * 60 * 1000 + 1);
    await c.sync('default/web');
    expect(h.actionsOf('create', 'pods')).toHaveLength(2);
  });

  it('observes creations through the pod informer', async () => {
    const { h, rs } = setup(1, () => []);
    const c = newReplicaSetController(h.ctx);
    await c.sync('default/web');
    expect(c.expectations.satisfied('default/web')).toBe(false);
    h.informers.informer<Pod>(Resources.pods).add(podFixture('x', { owner: rs }));
    expect(c.expectations.satisfied('default/web')).toBe(true);
  });

  it('creates in slow-start batches and stops at the first failing batch', async () => {
    const { h } = setup(10, () => []);
    let calls = 0;
    h.fake.prependReactor('create', 'pods', () => (++calls >= 2 ? { handled: true, error: new Error('quota exceeded') } : undefined));
    const c = newReplicaSetController(h.ctx);
    await expect(c.sync('default/web')).rejects.toThrow('quota exceeded');
    // batch 1 (1 pod, ok), batch 2 (2 pods, fail) → 3 calls, the remaining 7 are skipped.
    expect(calls).toBe(3);
    expect(h.events.filter((e) => e.reason === 'FailedCreate')).toHaveLength(2);
    const rs = h.fake.tracker.get(Resources.replicasets, 'default', 'web') as ReplicatedObject;
    expect(rs.status?.conditions?.[0]).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
    expect(c.expectations.satisfied('default/web')).toBe(false);
    h.informers.informer<Pod>(Resources.pods).add(podFixture('p1', { owner: rs }));
    expect(c.expectations.satisfied('default/web')).toBe(true);
  });

  it('writes status counts with minReadySeconds', async () => {
    const { h } = setup(3, (rs) => [
      podFixture('a', { owner: rs, ready: true, node: 'n', readySince: '2025-12-31T23:59:00Z' }),
      podFixture('b', { owner: rs, ready: true, node: 'n', readySince: '2025-12-31T23:59:59Z' }),
      podFixture('c', { owner: rs, node: 'n', labels: { app: 'web', extra: 'x' } }),
    ], 30);
    const c = newReplicaSetController(h.ctx);
    await c.sync('default/web');
    const rs = h.fake.tracker.get(Resources.replicasets, 'default', 'web') as ReplicatedObject;
    expect(rs.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1 });
  });

  it('releases an owned pod whose labels no longer match', async () => {
    const { h } = setup(1, (rs) => [podFixture('a', { owner: rs, labels: { app: 'other' } })]);
    const c = newReplicaSetController(h.ctx);
    await c.sync('default/web');
    const p = h.fake.tracker.get(Resources.pods, 'default', 'a') as Pod;
    expect(p.metadata.ownerReferences ?? []).toEqual([]);
    expect(h.actionsOf('create', 'pods')).toHaveLength(1);
  });

  it('treats a missing ReplicaSet as deleted', async () => {
    const h = newHarness();
    const c = newReplicaSetController(h.ctx);
    await c.sync('default/gone');
    expect(h.writes()).toEqual([]);
  });
});

describe('ReplicationController controller', () => {
  it('uses the map selector and v1 owner references', async () => {
    const { newReplicationControllerController } = await import('./replicaset-controller.ts');
    const h = newHarness();
    h.seed(Resources.replicationcontrollers, {
      apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'old', namespace: 'default' },
      spec: { replicas: 2, selector: { app: 'old' }, template: { metadata: { labels: { app: 'old' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    } as KubeObject);
    await newReplicationControllerController(h.ctx).sync('default/old');
    const created = h.actionsOf('create', 'pods').map((a) => a.object as Pod);
    expect(created).toHaveLength(2);
    expect(created[0].metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController', name: 'old' });
  });
});

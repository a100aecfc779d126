import { describe, expect, it } from 'vitest';
import { Resources } from '../../../api/resources.ts';
import { newHarness, type Harness } from '../../test-util/harness.ts';
import { newDeploymentController } from './deployment-controller.ts';
import type { Deployment, ReplicaSet } from './types.ts';
import { computeHash, DesiredReplicasAnnotation, MaxReplicasAnnotation, resolveFenceposts, RevisionAnnotation } from './util.ts';

const tmpl = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } });

function deployment(opts: { replicas?: number; image?: string; strategy?: Deployment['spec'] extends infer S ? S extends { strategy?: infer T } ? T : never : never; paused?: boolean; limit?: number; deadline?: number } = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: opts.replicas ?? 10,
      selector: { matchLabels: { app: 'web' } },
      template: tmpl(opts.image ?? 'v2') as never,
      strategy: opts.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: opts.limit ?? 10,
      progressDeadlineSeconds: opts.deadline ?? 600,
      ...(opts.paused ? { paused: true } : {}),
    },
  };
}

function rsFor(d: Deployment, image: string, replicas: number, available: number, revision: number, created = '2025-01-01T00:00:00Z'): ReplicaSet {
  const t = tmpl(image);
  const hash = computeHash(t);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`,
      namespace: 'default',
      creationTimestamp: created,
      labels: { app: 'web', 'pod-template-hash': hash },
      annotations: { [RevisionAnnotation]: String(revision), [DesiredReplicasAnnotation]: String(d.spec?.replicas), [MaxReplicasAnnotation]: String((d.spec?.replicas ?? 0) + 3) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid ?? '', controller: true }],
    },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: { ...t, metadata: { labels: { app: 'web', 'pod-template-hash': hash } } } as never },
    status: { replicas, readyReplicas: available, availableReplicas: available, observedGeneration: 1 },
  };
}

function setup(d: Deployment, rss: (d: Deployment) => ReplicaSet[]): { h: Harness; d: Deployment } {
  const h = newHarness();
  const [stored] = h.seed(Resources.deployments, d) as Deployment[];
  h.seed(Resources.replicasets, ...rss(stored));
  return { h, d: stored };
}

const sizes = (h: Harness) =>
  Object.fromEntries((h.fake.tracker.list(Resources.replicasets, {}).items as ReplicaSet[]).map((rs) => [rs.spec?.template?.spec.containers[0].image, rs.spec?.replicas]));

describe('fenceposts', () => {
  it.each([
    [10, '25%', '25%', 3, 2],
    [10, 0, '10%', 0, 1],
    [3, '50%', '50%', 2, 1],
    [1, 0, 0, 0, 1],
    [5, 2, 1, 2, 1],
  ])('replicas %s surge %s unavailable %s → %s/%s', (replicas, s, u, surge, unavailable) => {
    const d = deployment({ replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: s, maxUnavailable: u } } });
    expect(resolveFenceposts(d)).toEqual({ surge, unavailable });
  });
  it('hash is stable for the same template and changes with it', () => {
    expect(computeHash(tmpl('a'))).toBe(computeHash(structuredClone(tmpl('a'))));
    expect(computeHash(tmpl('a'))).not.toBe(computeHash(tmpl('b')));
    expect(computeHash(tmpl('a'))).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });
});

describe('Deployment controller sync', () => {
  const cases: Array<{ name: string; d: Deployment; rss: (d: Deployment) => ReplicaSet[]; want: Record<string, number>; events?: string[] }> = [
    { name: 'a new deployment creates its ReplicaSet at full size', d: deployment(), rss: () => [], want: { v2: 10 }, events: [/^Scaled up replica set web-\w+ from 0 to 10$/.source] },
    { name: 'a template change surges the new set and scales the old within maxUnavailable', d: deployment(), rss: (d) => [rsFor(d, 'v1', 10, 10, 1)], want: { v1: 8, v2: 3 } },
    {
      name: 'mid-rollout the old set only shrinks as the new one becomes available',
      d: deployment(),
      rss: (d) => [rsFor(d, 'v1', 8, 8, 1), rsFor(d, 'v2', 3, 0, 2, '2025-02-01T00:00:00Z')],
      // 8 + 3 < 10 + maxSurge 3: the new set grows to 5 first.
      want: { v1: 8, v2: 5 },
    },
    {
      name: 'available new pods let the old set shrink further',
      d: deployment(),
      rss: (d) => [rsFor(d, 'v1', 8, 8, 1), rsFor(d, 'v2', 5, 3, 2, '2025-02-01T00:00:00Z')],
      // available 8+3=11, minAvailable 10-2=8: 3 old pods may go.
      want: { v1: 5, v2: 5 },
    },
    {
      name: 'Recreate scales the old set to zero before creating the new one',
      d: deployment({ strategy: { type: 'Recreate' } }),
      rss: (d) => [rsFor(d, 'v1', 10, 10, 1)],
      want: { v1: 0 },
    },
    {
      name: 'Recreate creates the new set once old pods are gone',
      d: deployment({ strategy: { type: 'Recreate' } }),
      rss: (d) => [rsFor(d, 'v1', 0, 0, 1)],
      want: { v1: 0, v2: 10 },
    },
    { name: 'a paused deployment does not roll out', d: deployment({ paused: true }), rss: (d) => [rsFor(d, 'v1', 10, 10, 1)], want: { v1: 10 } },
    {
      name: 'scaling mid-rollout is proportional',
      d: deployment({ replicas: 20 }),
      rss: (d) => [
        { ...rsFor(d, 'v1', 8, 8, 1), metadata: { ...rsFor(d, 'v1', 8, 8, 1).metadata, annotations: { [RevisionAnnotation]: '1', [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '13' } } },
        { ...rsFor(d, 'v2', 5, 0, 2, '2025-02-01T00:00:00Z'), metadata: { ...rsFor(d, 'v2', 5, 0, 2, '2025-02-01T00:00:00Z').metadata, annotations: { [RevisionAnnotation]: '2', [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '13' } } },
      ],
      // allowed 20+5=25, currently 13, +12 split 8:5 of 13 → round(8*25/13)-8=7, then 5.
      want: { v1: 15, v2: 10 },
    },
  ];
  it.each(cases)('$name', async ({ d, rss, want, events }) => {
    const { h } = setup(d, rss);
    const c = newDeploymentController(h.ctx);
    await c.sync('default/web');
    expect(sizes(h)).toEqual(want);
    if (events) expect(h.events.map((e) => e.message)).toEqual([expect.stringMatching(new RegExp(events[0]))]);
  });

  it('labels the new ReplicaSet with pod-template-hash and revision 1', async () => {
    const { h, d } = setup(deployment(), () => []);
    await newDeploymentController(h.ctx).sync('default/web');
    const [rs] = h.fake.tracker.list(Resources.replicasets, {}).items as ReplicaSet[];
    const hash = computeHash(d.spec?.template);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec?.selector?.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec?.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations?.[RevisionAnnotation]).toBe('1');
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    const stored = h.fake.tracker.get(Resources.deployments, 'default', 'web') as Deployment;
    expect(stored.metadata.annotations?.[RevisionAnnotation]).toBe('1');
  });

  it('rollback reuses the matching old ReplicaSet with the next revision', async () => {
    const { h } = setup(deployment({ image: 'v1' }), (d) => [rsFor(d, 'v1', 0, 0, 1), rsFor(d, 'v2', 10, 10, 2, '2025-02-01T00:00:00Z')]);
    await newDeploymentController(h.ctx).sync('default/web');
    expect(h.actionsOf('create', 'replicasets')).toHaveLength(0);
    const v1 = (h.fake.tracker.list(Resources.replicasets, {}).items as ReplicaSet[]).find((r) => r.spec?.template?.spec.containers[0].image === 'v1');
    expect(v1?.metadata.annotations?.[RevisionAnnotation]).toBe('3');
    expect(v1?.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(sizes(h)).toEqual({ v1: 3, v2: 10 });
  });

  it('cleans up empty old ReplicaSets beyond revisionHistoryLimit, oldest first', async () => {
    const done = { ...deployment({ limit: 1 }), status: { observedGeneration: 1, replicas: 10, updatedReplicas: 10, availableReplicas: 10 } };
    const { h } = setup(done, (d) => [
      rsFor(d, 'v0', 0, 0, 1, '2025-01-01T00:00:00Z'),
      rsFor(d, 'v1', 0, 0, 2, '2025-01-02T00:00:00Z'),
      rsFor(d, 'v1b', 0, 0, 3, '2025-01-03T00:00:00Z'),
      rsFor(d, 'v2', 10, 10, 4, '2025-01-04T00:00:00Z'),
    ]);
    await newDeploymentController(h.ctx).sync('default/web');
    expect(Object.keys(sizes(h)).sort()).toEqual(['v1b', 'v2']);
  });

  it('reports complete rollouts as Available and NewReplicaSetAvailable', async () => {
    const { h } = setup(deployment(), (d) => [rsFor(d, 'v2', 10, 10, 1)]);
    await newDeploymentController(h.ctx).sync('default/web');
    const s = (h.fake.tracker.get(Resources.deployments, 'default', 'web') as Deployment).status!;
    expect(s).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10, readyReplicas: 10, unavailableReplicas: 0, observedGeneration: 1 });
    expect(s.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(s.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });

  it('marks ProgressDeadlineExceeded when no progress happens for progressDeadlineSeconds', async () => {
    const { h } = setup(deployment({ deadline: 60 }), (d) => [rsFor(d, 'v1', 8, 8, 1), rsFor(d, 'v2', 3, 0, 2, '2025-02-01T00:00:00Z')]);
    const c = newDeploymentController(h.ctx);
    await c.sync('default/web');
    const refresh = () => {
      const stored = h.fake.tracker.get(Resources.deployments, 'default', 'web') as Deployment;
      h.informers.informer<Deployment>(Resources.deployments).add(stored);
      h.informers.informer<ReplicaSet>(Resources.replicasets).add(...(h.fake.tracker.list(Resources.replicasets, {}).items as ReplicaSet[]));
      return stored;
    };
    expect(refresh().status?.conditions?.find((x) => x.type === 'Progressing')?.reason).not.toBe('ProgressDeadlineExceeded');
    h.clock.step(61_000);
    await c.sync('default/web');
    expect(refresh().status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
  });

  it('sets DeploymentPaused on pause', async () => {
    const { h } = setup(deployment({ paused: true }), (d) => [rsFor(d, 'v2', 10, 10, 1)]);
    await newDeploymentController(h.ctx).sync('default/web');
    const s = (h.fake.tracker.get(Resources.deployments, 'default', 'web') as Deployment).status!;
    expect(s.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
  });
});

describe('kubectl rollout restart', () => {
  it('a restartedAt template annotation starts a new ReplicaSet', async () => {
    const d = deployment({ image: 'v1' });
    d.spec!.template!.metadata!.annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' };
    const { h } = setup(d, (stored) => [rsFor(stored, 'v1', 10, 10, 1)]);
    await newDeploymentController(h.ctx).sync('default/web');
    const created = h.actionsOf('create', 'replicasets').map((a) => a.object as ReplicaSet);
    expect(created).toHaveLength(1);
    expect(created[0].spec?.template?.metadata?.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' });
    expect(created[0].metadata.annotations?.[RevisionAnnotation]).toBe('2');
  });
});

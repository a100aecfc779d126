import { describe, expect, it } from 'vitest';
import { applyStrategicMergePatch } from './strategic-merge.ts';
import { createThreeWayMergePatch, createTwoWayMergePatch } from './strategic-diff.ts';

/** A manifest as the user writes it, and the live object after defaulting and controllers. */
function manifest(overrides: { image?: string; env?: unknown[]; labels?: Record<string, string>; strategy?: unknown; containers?: unknown[] } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: overrides.labels ?? { app: 'web', team: 'a' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      ...(overrides.strategy ? { strategy: overrides.strategy } : {}),
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: overrides.containers ?? [
            { name: 'web', image: overrides.image ?? 'nginx:1', ports: [{ containerPort: 80 }], env: overrides.env ?? [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          ],
        },
      },
    },
  };
}

function live(m: ReturnType<typeof manifest>) {
  const obj: any = structuredClone(m);
  obj.metadata.uid = 'u1';
  obj.metadata.resourceVersion = '7';
  obj.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
  obj.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  obj.spec.revisionHistoryLimit = 10;
  for (const c of obj.spec.template.spec.containers) {
    c.imagePullPolicy = 'IfNotPresent';
    for (const p of c.ports ?? []) p.protocol = 'TCP';
  }
  obj.status = { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] };
  return obj;
}

describe('createThreeWayMergePatch (kubectl apply)', () => {
  it('is empty for an unchanged manifest', () => {
    const m = manifest();
    expect(createThreeWayMergePatch('Deployment', m, m, live(m))).toEqual({});
  });

  it('changes only the image, keeping ports, env and defaults', () => {
    const last = manifest();
    const current = live(last);
    const patch = createThreeWayMergePatch('Deployment', last, manifest({ image: 'nginx:2' }), current);
    expect(patch).toEqual({
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ name: 'web', image: 'nginx:2' }] } } },
    });
    const out = applyStrategicMergePatch('Deployment', current, patch) as any;
    const c = out.spec.template.spec.containers[0];
    expect(c).toEqual({ ...current.spec.template.spec.containers[0], image: 'nginx:2' });
    expect(out.status).toEqual(current.status);
  });

  it('deletes fields removed from the manifest and keeps fields set by others', () => {
    const last = manifest();
    const current = live(last);
    const next = manifest({ labels: { app: 'web' }, env: [{ name: 'A', value: '1' }] });
    const patch = createThreeWayMergePatch('Deployment', last, next, current);
    const out = applyStrategicMergePatch('Deployment', current, patch) as any;
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(out.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
    expect(out.spec.revisionHistoryLimit).toBe(10);
    expect(out.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('removes a container dropped from the manifest with $patch: delete and adds a new one', () => {
    const two = [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }];
    const last = manifest({ containers: two });
    const current = live(last);
    const next = manifest({ containers: [{ name: 'a', image: 'x' }, { name: 'c', image: 'z' }] });
    const patch = createThreeWayMergePatch('Deployment', last, next, current) as any;
    expect(patch.spec.template.spec.containers).toContainEqual({ name: 'b', $patch: 'delete' });
    const out = applyStrategicMergePatch('Deployment', current, patch) as any;
    expect(out.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['a', 'c']);
  });

  it('overrides a live change to a field the manifest sets (kubectl edit then apply)', () => {
    const last = manifest();
    const current = live(last);
    current.spec.replicas = 5;
    const patch = createThreeWayMergePatch('Deployment', last, last, current);
    expect(patch).toEqual({ spec: { replicas: 2 } });
  });

  it('keeps a live-only change to a field the manifest never set', () => {
    const last = manifest();
    const current = live(last);
    current.metadata.labels.extra = 'by-hand';
    expect(createThreeWayMergePatch('Deployment', last, last, current)).toEqual({});
  });

  it('switching to Recreate clears rollingUpdate through $retainKeys', () => {
    const last = manifest({ strategy: { type: 'RollingUpdate' } });
    const current = live(last);
    current.spec.strategy.rollingUpdate = { maxSurge: '25%', maxUnavailable: '25%' };
    const patch = createThreeWayMergePatch('Deployment', last, manifest({ strategy: { type: 'Recreate' } }), current) as any;
    expect(patch.spec.strategy).toEqual({ $retainKeys: ['type'], type: 'Recreate' });
    const out = applyStrategicMergePatch('Deployment', current, patch) as any;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('removes a finalizer dropped from the manifest without touching others', () => {
    const last = { metadata: { name: 'x', finalizers: ['a', 'b'] } };
    const current = { metadata: { name: 'x', finalizers: ['a', 'b', 'ctrl'] } };
    const next = { metadata: { name: 'x', finalizers: ['a'] } };
    const patch = createThreeWayMergePatch('ConfigMap', last, next, current) as any;
    expect(patch.metadata['$deleteFromPrimitiveList/finalizers']).toEqual(['b']);
    const out = applyStrategicMergePatch('ConfigMap', current, patch) as any;
    expect(out.metadata.finalizers).toEqual(['a', 'ctrl']);
  });

  it('round-trips: applying the patch yields every manifest field', () => {
    const last = manifest();
    const current = live(last);
    const next = manifest({ image: 'nginx:9', env: [{ name: 'B', value: '3' }, { name: 'Z', value: 'z' }], labels: { app: 'web', team: 'b' } });
    const out = applyStrategicMergePatch('Deployment', current, createThreeWayMergePatch('Deployment', last, next, current)) as any;
    expect(out.metadata.labels).toEqual(next.metadata.labels);
    expect(out.spec.template.spec.containers[0].env).toEqual([{ name: 'B', value: '3' }, { name: 'Z', value: 'z' }]);
    expect(out.spec.template.spec.containers[0].image).toBe('nginx:9');
  });
});

describe('createTwoWayMergePatch', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['label change', { metadata: { labels: { a: '1' } } }, { metadata: { labels: { a: '2', b: '1' } } }],
    ['label removal', { metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { a: '1' } } }],
    [
      'container reorder and edit',
      { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } },
      { spec: { containers: [{ name: 'b', image: '2' }, { name: 'a', image: '1' }] } },
    ],
    ['container removal', { spec: { containers: [{ name: 'a' }, { name: 'b' }] } }, { spec: { containers: [{ name: 'b' }] } }],
    ['atomic list', { spec: { tolerations: [{ key: 'a' }] } }, { spec: { tolerations: [{ key: 'b' }] } }],
  ];
  it.each(cases)('%s round-trips', (_n, orig, mod) => {
    expect(applyStrategicMergePatch('Pod', orig, createTwoWayMergePatch('Pod', orig, mod))).toEqual(mod);
  });

  it('is empty for equal objects', () => {
    expect(createTwoWayMergePatch('Pod', { spec: { containers: [{ name: 'a' }] } }, { spec: { containers: [{ name: 'a' }] } })).toEqual({});
  });
});

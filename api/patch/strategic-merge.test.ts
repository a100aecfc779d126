import { describe, expect, it } from 'vitest';
import { isBadRequest, isInvalid } from '../errors.ts';
import { applyStrategicMergePatch } from './strategic-merge.ts';

const pod = {
  metadata: { name: 'p', labels: { app: 'web', tier: 'fe' }, finalizers: ['a', 'b'], ownerReferences: [{ uid: 'u1', name: 'rs', kind: 'ReplicaSet', apiVersion: 'apps/v1' }] },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { name: 'side', image: 'busybox', args: ['a', 'b'] },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'k', operator: 'Exists' }],
  },
  status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] },
};

describe('applyStrategicMergePatch on a Pod', () => {
  const cases: Array<{ name: string; patch: Record<string, unknown>; check: (out: any) => void }> = [
    {
      name: 'merges a container by name, keeping its other fields',
      patch: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } },
      check: (o) => {
        expect(o.spec.containers).toHaveLength(2);
        expect(o.spec.containers[0]).toMatchObject({ name: 'web', image: 'nginx:2', ports: [{ containerPort: 80, protocol: 'TCP' }] });
        expect(o.spec.containers[0].env).toHaveLength(2);
      },
    },
    {
      name: 'appends a new container',
      patch: { spec: { containers: [{ name: 'new', image: 'x' }] } },
      check: (o) => expect(o.spec.containers.map((c: any) => c.name)).toEqual(['web', 'side', 'new']),
    },
    {
      name: 'deletes a container with $patch: delete',
      patch: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } },
      check: (o) => expect(o.spec.containers.map((c: any) => c.name)).toEqual(['web']),
    },
    {
      name: 'merges env by name and ports by containerPort',
      patch: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: 'x' }, { name: 'C', value: '3' }], ports: [{ containerPort: 443 }] }] } },
      check: (o) => {
        expect(o.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'x' }, { name: 'C', value: '3' }]);
        expect(o.spec.containers[0].ports.map((p: any) => p.containerPort)).toEqual([80, 443]);
      },
    },
    {
      name: 'replaces atomic lists (args, tolerations)',
      patch: { spec: { containers: [{ name: 'side', args: ['c'] }], tolerations: [{ key: 'z', operator: 'Exists' }] } },
      check: (o) => {
        expect(o.spec.containers[1].args).toEqual(['c']);
        expect(o.spec.tolerations).toEqual([{ key: 'z', operator: 'Exists' }]);
      },
    },
    {
      name: 'replaces a whole keyed list with $patch: replace',
      patch: { spec: { containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] } },
      check: (o) => expect(o.spec.containers).toEqual([{ name: 'only', image: 'x' }]),
    },
    {
      name: 'replaces a map with $patch: replace',
      patch: { metadata: { labels: { only: 'x', $patch: 'replace' } } },
      check: (o) => expect(o.metadata.labels).toEqual({ only: 'x' }),
    },
    {
      name: 'deletes a map with $patch: delete',
      patch: { metadata: { labels: { $patch: 'delete' } } },
      check: (o) => expect(o.metadata.labels).toBeUndefined(),
    },
    {
      name: 'null deletes a field',
      patch: { metadata: { labels: { tier: null } }, spec: { tolerations: null } },
      check: (o) => {
        expect(o.metadata.labels).toEqual({ app: 'web' });
        expect(o.spec.tolerations).toBeUndefined();
      },
    },
    {
      name: 'set-merges finalizers and deletes from the primitive list',
      patch: { metadata: { finalizers: ['b', 'c'], '$deleteFromPrimitiveList/finalizers': ['a'] } },
      check: (o) => expect(o.metadata.finalizers).toEqual(['b', 'c']),
    },
    {
      name: 'merges ownerReferences by uid',
      patch: { metadata: { ownerReferences: [{ uid: 'u2', name: 'other', kind: 'X', apiVersion: 'v1' }] } },
      check: (o) => expect(o.metadata.ownerReferences.map((r: any) => r.uid)).toEqual(['u1', 'u2']),
    },
    {
      name: 'merges status conditions by type',
      patch: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      check: (o) => expect(o.status.conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }]),
    },
    {
      name: 'reorders with $setElementOrder',
      patch: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'web' }], containers: [{ name: 'web', image: 'nginx:3' }] } },
      check: (o) => {
        expect(o.spec.containers.map((c: any) => c.name)).toEqual(['side', 'web']);
        expect(o.spec.containers[1].image).toBe('nginx:3');
      },
    },
    {
      name: 'honours $retainKeys inside a volume',
      patch: { spec: { volumes: [{ name: 'data', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/x' } }] } },
      check: (o) => expect(o.spec.volumes).toEqual([{ name: 'data', hostPath: { path: '/x' } }]),
    },
    {
      name: 'strips directives from added elements',
      patch: { spec: { volumes: [{ name: 'cfg', $retainKeys: ['name', 'configMap'], configMap: { name: 'c' } }] } },
      check: (o) => expect(o.spec.volumes[1]).toEqual({ name: 'cfg', configMap: { name: 'c' } }),
    },
  ];
  it.each(cases)('$name', ({ patch, check }) => {
    const before = structuredClone(pod);
    check(applyStrategicMergePatch('Pod', pod, patch));
    expect(pod).toEqual(before);
  });
});

describe('applyStrategicMergePatch on other kinds', () => {
  it('merges deployment template containers and service ports by port', () => {
    const deploy = { spec: { template: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } } } };
    const out: any = applyStrategicMergePatch('Deployment', deploy, { spec: { template: { spec: { containers: [{ name: 'b', image: '2' }] } } } });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'a', image: '1' }, { name: 'b', image: '2' }]);

    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    const s: any = applyStrategicMergePatch('Service', svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } });
    expect(s.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443 }]);
  });

  it('switches a deployment strategy with $retainKeys', () => {
    const deploy = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } } } };
    const out: any = applyStrategicMergePatch('Deployment', deploy, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('merges node addresses by type and replaces taints whole', () => {
    const node = { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] }, status: { addresses: [{ type: 'InternalIP', address: '1' }, { type: 'Hostname', address: 'h' }] } };
    const out: any = applyStrategicMergePatch('Node', node, { spec: { taints: [{ key: 'b', effect: 'NoSchedule' }] }, status: { addresses: [{ type: 'InternalIP', address: '2' }] } });
    expect(out.spec.taints).toEqual([{ key: 'b', effect: 'NoSchedule' }]);
    expect(out.status.addresses).toEqual([{ type: 'InternalIP', address: '2' }, { type: 'Hostname', address: 'h' }]);
  });

  it('replaces lists of unknown kinds atomically', () => {
    const out: any = applyStrategicMergePatch('Widget', { spec: { items: [{ name: 'a' }] } }, { spec: { items: [{ name: 'b' }] } });
    expect(out.spec.items).toEqual([{ name: 'b' }]);
  });
});

describe('applyStrategicMergePatch errors', () => {
  const cases: Array<[string, unknown, 'BadRequest' | 'Invalid']> = [
    ['non-object patch', [1], 'BadRequest'],
    ['unknown directive', { metadata: { $patch: 'frob' } }, 'BadRequest'],
    ['element without merge key', { spec: { containers: [{ image: 'x' }] } }, 'Invalid'],
    ['primitive in keyed list', { spec: { containers: ['x'] } }, 'BadRequest'],
    ['bad $retainKeys', { spec: { $retainKeys: 'x' } }, 'BadRequest'],
    ['field outside $retainKeys', { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, 'Invalid'],
    ['bad $setElementOrder', { spec: { '$setElementOrder/containers': 'x' } }, 'BadRequest'],
  ];
  it.each(cases)('%s → %s', (_n, patch, reason) => {
    let caught: unknown;
    try {
      applyStrategicMergePatch('Deployment', { spec: { template: {} } }, patch);
      applyStrategicMergePatch('Pod', pod, patch);
    } catch (err) {
      caught = err;
    }
    expect(reason === 'BadRequest' ? isBadRequest(caught) : isInvalid(caught)).toBe(true);
  });
});

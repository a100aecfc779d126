import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../meta/v1/object-meta.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { nodeDefinition, type Node } from './node.ts';
import { namespaceDefinition, type Namespace } from './namespace.ts';
import { eventDefinition, type Event } from './event.ts';
import { endpointsDefinition } from './endpoints.ts';
import { persistentVolumeDefinition } from './persistentvolume.ts';
import { persistentVolumeClaimDefinition, type PersistentVolumeClaim } from './persistentvolumeclaim.ts';
import { resourceQuotaDefinition } from './resourcequota.ts';
import { limitRangeDefinition, type LimitRange } from './limitrange.ts';
import { replicationControllerDefinition, type ReplicationController } from './replicationcontroller.ts';

function check<T extends KubeObject>(def: KindDefinition<T>, obj: T): string[] {
  def.applyDefaults(obj);
  return def.validate(obj).map((c) => c.field ?? '');
}

const ns = { name: 'x', namespace: 'default' };

describe('validation of the smaller core kinds', () => {
  const cases: [string, () => string[], string[]][] = [
    ['node ok', () => check(nodeDefinition, { metadata: { name: 'n1' }, spec: { podCIDR: '10.244.1.0/24' } }), []],
    ['node bad CIDR', () => check(nodeDefinition, { metadata: { name: 'n1' }, spec: { podCIDR: '10.244.1.0/33' } }), ['spec.podCIDR', 'spec.podCIDRs[0]']],
    ['node namespaced', () => check(nodeDefinition, { metadata: { name: 'n1', namespace: 'x' } }), ['metadata.namespace']],
    ['node bad taint effect', () => check(nodeDefinition, { metadata: { name: 'n1' }, spec: { taints: [{ key: 'k', effect: 'Evict' }] } }), ['spec.taints[0].effect']],
    ['node duplicate taint', () => check(nodeDefinition, { metadata: { name: 'n1' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoSchedule' }] } }), ['spec.taints[1]']],
    ['namespace dotted name', () => check(namespaceDefinition, { metadata: { name: 'a.b' } }), ['metadata.name']],
    ['namespace traversal', () => check(namespaceDefinition, { metadata: { name: '..' } }), ['metadata.name']],
    ['event other namespace', () => check(eventDefinition, { metadata: { ...ns }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } }), ['involvedObject.namespace']],
    ['event bad type', () => check(eventDefinition, { metadata: { ...ns }, involvedObject: { kind: 'Node', name: 'n' }, type: 'Fatal' }), ['type']],
    ['endpoints bad IP', () => check(endpointsDefinition, { metadata: { ...ns }, subsets: [{ addresses: [{ ip: '10.0.0' }], ports: [{ port: 80 }] }] }), ['subsets[0].addresses[0].ip']],
    ['endpoints bad port', () => check(endpointsDefinition, { metadata: { ...ns }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 0 }] }] }), ['subsets[0].ports[0].port']],
    ['pv without source', () => check(persistentVolumeDefinition, { metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } }), ['spec']],
    ['pv local without affinity', () => check(persistentVolumeDefinition, { metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], local: { path: '/x' } } }), ['spec.nodeAffinity']],
    ['pvc without storage', () => check(persistentVolumeClaimDefinition, { metadata: { ...ns }, spec: { accessModes: ['ReadWriteOnce'] } }), ['spec.resources[storage]']],
    ['pvc bad access mode', () => check(persistentVolumeClaimDefinition, { metadata: { ...ns }, spec: { accessModes: ['ReadWriteSome'], resources: { requests: { storage: '1Gi' } } } }), ['spec.accessModes[0]']],
    ['quota bad quantity', () => check(resourceQuotaDefinition, { metadata: { ...ns }, spec: { hard: { pods: 'ten' } } }), ['spec.hard[pods]']],
    ['quota bad scope', () => check(resourceQuotaDefinition, { metadata: { ...ns }, spec: { scopes: ['Weekend'] } }), ['spec.scopes[0]']],
    ['limitrange min over max', () => check(limitRangeDefinition, { metadata: { ...ns }, spec: { limits: [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }] } }), ['spec.limits[0].min[cpu]', 'spec.limits[0].min[cpu]', 'spec.limits[0].min[cpu]']],
    ['limitrange bad type', () => check(limitRangeDefinition, { metadata: { ...ns }, spec: { limits: [{ type: 'Cluster' }] } }), ['spec.limits[0].type']],
    ['rc selector mismatch', () => check(replicationControllerDefinition, { metadata: { ...ns }, spec: { selector: { app: 'a' }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } }), ['spec.template.metadata.labels']],
    ['rc negative replicas', () => check(replicationControllerDefinition, { metadata: { ...ns }, spec: { replicas: -1, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } }), ['spec.replicas']],
  ];

  it.each(cases)('%s', (_n, run, want) => {
    expect(run()).toEqual(want);
  });
});

describe('defaults of the smaller core kinds', () => {
  it('namespace: finalizer, phase, name label', () => {
    const n: Namespace = { metadata: { name: 'team' } };
    namespaceDefinition.applyDefaults(n);
    expect(n).toMatchObject({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' }, metadata: { labels: { 'kubernetes.io/metadata.name': 'team' } } });
  });

  it('node: allocatable from capacity, podCIDRs from podCIDR', () => {
    const n: Node = { metadata: { name: 'n' }, spec: { podCIDR: '10.244.0.0/24' }, status: { capacity: { cpu: '2' } } };
    nodeDefinition.applyDefaults(n);
    expect(n.status!.allocatable).toEqual({ cpu: '2' });
    expect(n.spec!.podCIDRs).toEqual(['10.244.0.0/24']);
  });

  it('replication controller: selector and labels from the template', () => {
    const rc: ReplicationController = { metadata: { ...ns }, spec: { template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } };
    replicationControllerDefinition.applyDefaults(rc);
    expect(rc.spec).toMatchObject({ replicas: 1, selector: { app: 'a' } });
    expect(rc.metadata.labels).toEqual({ app: 'a' });
  });

  it('limit range: default = max and defaultRequest = default for containers', () => {
    const lr: LimitRange = { metadata: { ...ns }, spec: { limits: [{ type: 'Container', max: { cpu: '2' } }] } };
    limitRangeDefinition.applyDefaults(lr);
    expect(lr.spec!.limits[0]).toMatchObject({ default: { cpu: '2' }, defaultRequest: { cpu: '2' } });
  });
});

describe('updates of the smaller core kinds', () => {
  it('keeps a node podCIDR once set', () => {
    const old: Node = { metadata: { name: 'n' }, spec: { podCIDR: '10.244.0.0/24' } };
    const next: Node = { metadata: { name: 'n' }, spec: { podCIDR: '10.244.1.0/24' } };
    expect(nodeDefinition.validateUpdate!(next, old).map((c) => c.field)).toEqual(['spec.podCIDR']);
    expect(nodeDefinition.validateUpdate!(old, { metadata: { name: 'n' } })).toEqual([]);
  });

  it('lets a PVC change only its resources', () => {
    const old: PersistentVolumeClaim = { metadata: { ...ns }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const bigger = structuredClone(old);
    bigger.spec.resources!.requests!.storage = '2Gi';
    expect(persistentVolumeClaimDefinition.validateUpdate!(bigger, old)).toEqual([]);
    const other = structuredClone(old);
    other.spec.accessModes = ['ReadWriteMany'];
    expect(persistentVolumeClaimDefinition.validateUpdate!(other, old).map((c) => c.field)).toEqual(['spec']);
  });

  it('offers event field selectors', () => {
    const e: Event = { metadata: { ...ns }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u' }, reason: 'Killing', type: 'Normal', source: { component: 'kubelet' } };
    expect(eventDefinition.selectableFields!(e)).toMatchObject({
      'involvedObject.kind': 'Pod',
      'involvedObject.name': 'p',
      'involvedObject.namespace': 'default',
      'involvedObject.uid': 'u',
      reason: 'Killing',
      type: 'Normal',
      source: 'kubelet',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { deploymentDefinition, type Deployment } from './deployment.ts';
import { replicaSetDefinition, type ReplicaSet } from './replicaset.ts';
import { daemonSetDefinition, type DaemonSet } from './daemonset.ts';
import { statefulSetDefinition, type StatefulSet } from './statefulset.ts';
import type { PodTemplateSpec } from '../../core/v1/pod-spec.ts';

const template = (): PodTemplateSpec => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } });
const meta = () => ({ name: 'web', namespace: 'default' });
const selector = () => ({ matchLabels: { app: 'web' } });

function deployment(mutate: (d: Deployment) => void = () => {}): Deployment {
  const d: Deployment = { metadata: meta(), spec: { selector: selector(), template: template() } };
  mutate(d);
  deploymentDefinition.applyDefaults(d);
  return d;
}

describe('workload defaults', () => {
  it('deployment: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600, pod template defaults', () => {
    const d = deployment();
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [{ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' }] } },
    });
    // Admission-style pod defaults are for pods, not templates.
    expect(d.spec.template.spec.serviceAccountName).toBeUndefined();
  });

  it('deployment: keeps maxUnavailable 0 (0 is a real value, not unset)', () => {
    const d = deployment((x) => (x.spec.strategy = { rollingUpdate: { maxUnavailable: 0 } }));
    expect(d.spec.strategy!.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: '25%' });
  });

  it('deployment: Recreate gets no rollingUpdate', () => {
    expect(deployment((d) => (d.spec.strategy = { type: 'Recreate' })).spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('replicaset: replicas 1', () => {
    const rs: ReplicaSet = { metadata: meta(), spec: { selector: selector(), template: template() } };
    replicaSetDefinition.applyDefaults(rs);
    expect(rs.spec.replicas).toBe(1);
  });

  it('daemonset: RollingUpdate maxUnavailable 1 maxSurge 0, history 10', () => {
    const ds: DaemonSet = { metadata: meta(), spec: { selector: selector(), template: template() } };
    daemonSetDefinition.applyDefaults(ds);
    expect(ds.spec).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
  });

  it('statefulset: OrderedReady, RollingUpdate partition 0, Retain, claim volumeMode', () => {
    const sts: StatefulSet = {
      metadata: meta(),
      spec: { selector: selector(), template: template(), serviceName: 'web', volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] },
    };
    statefulSetDefinition.applyDefaults(sts);
    expect(sts.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [{ spec: { volumeMode: 'Filesystem' } }],
    });
  });
});

describe('deployment validation', () => {
  it('accepts a defaulted deployment', () => {
    expect(deploymentDefinition.validate(deployment())).toEqual([]);
  });

  const cases: [string, (d: Deployment) => void, string][] = [
    ['negative replicas', (d) => (d.spec.replicas = -1), 'spec.replicas'],
    ['selector mismatch', (d) => (d.spec.selector = { matchLabels: { app: 'db' } }), 'spec.template.metadata.labels'],
    ['empty selector', (d) => (d.spec.selector = {}), 'spec.selector'],
    ['bad restartPolicy', (d) => (d.spec.template.spec.restartPolicy = 'Never'), 'spec.template.spec.restartPolicy'],
    ['activeDeadlineSeconds', (d) => (d.spec.template.spec.activeDeadlineSeconds = 10), 'spec.template.spec.activeDeadlineSeconds'],
    ['bad strategy', (d) => (d.spec.strategy = { type: 'BlueGreen' }), 'spec.strategy.type'],
    ['both zero', (d) => (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }), 'spec.strategy.rollingUpdate.maxUnavailable'],
    ['bad percent', (d) => (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '150%' } }), 'spec.strategy.rollingUpdate.maxSurge'],
    ['recreate with rollingUpdate', (d) => (d.spec.strategy = { type: 'Recreate', rollingUpdate: {} }), 'spec.strategy.rollingUpdate'],
    ['deadline below minReady', (d) => (d.spec.minReadySeconds = 700), 'spec.progressDeadlineSeconds'],
    ['container errors under the template path', (d) => (d.spec.template.spec.containers[0].image = ''), 'spec.template.spec.containers[0].image'],
    ['bad template label', (d) => (d.spec.template.metadata!.labels!['a b'] = 'x'), 'spec.template.metadata.labels'],
    ['name traversal', (d) => (d.metadata.name = '../x'), 'metadata.name'],
  ];

  it.each(cases)('%s', (_n, mutate, field) => {
    const d = deployment();
    mutate(d);
    expect(deploymentDefinition.validate(d).map((c) => c.field)).toContain(field);
  });
});

describe('workload updates', () => {
  it.each([
    ['deployment', deploymentDefinition],
    ['replicaset', replicaSetDefinition],
    ['daemonset', daemonSetDefinition],
  ] as const)('%s selector is immutable; template and replicas are not', (_n, def) => {
    const old = { metadata: meta(), spec: { selector: selector(), template: template() } } as Deployment;
    (def.applyDefaults as (o: Deployment) => void)(old);
    const validateUpdate = def.validateUpdate as (a: Deployment, b: Deployment) => { field?: string }[];
    const scaled = structuredClone(old);
    scaled.spec.template.spec.containers[0].image = 'nginx:2';
    expect(validateUpdate(scaled, old)).toEqual([]);
    const moved = structuredClone(old);
    moved.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
    moved.spec.template.metadata!.labels!.tier = 'x';
    expect(validateUpdate(moved, old).map((c) => c.field)).toEqual(['spec.selector']);
  });

  it('statefulset allows replicas/template/updateStrategy but not serviceName or claims', () => {
    const old: StatefulSet = { metadata: meta(), spec: { selector: selector(), template: template(), serviceName: 'web' } };
    statefulSetDefinition.applyDefaults(old);
    const ok = structuredClone(old);
    ok.spec.replicas = 5;
    ok.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } };
    expect(statefulSetDefinition.validateUpdate!(ok, old)).toEqual([]);
    const bad = structuredClone(old);
    bad.spec.serviceName = 'other';
    expect(statefulSetDefinition.validateUpdate!(bad, old).map((c) => c.field)).toEqual(['spec']);
  });

  it('statefulset rejects a claim template without a name or storage', () => {
    const sts: StatefulSet = { metadata: meta(), spec: { selector: selector(), template: template(), volumeClaimTemplates: [{ spec: { accessModes: ['ReadWriteOnce'] } }] } };
    statefulSetDefinition.applyDefaults(sts);
    expect(statefulSetDefinition.validate(sts).map((c) => c.field)).toEqual(['spec.volumeClaimTemplates[0].metadata.name', 'spec.volumeClaimTemplates[0].spec.resources[storage]']);
  });
});

describe('template defaults stop where pod-only defaults begin', () => {
  it('does not copy limits into requests or set enableServiceLinks in templates', () => {
    const d = deployment((x) => (x.spec.template.spec.containers[0].resources = { limits: { cpu: '1' } }));
    expect(d.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '1' } });
    expect(d.spec.template.spec.enableServiceLinks).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from './meta/v1/object-meta.ts';
import { allResources } from './resources.ts';
import { apiVersionOf } from './resource-info.ts';
import { definitionForKind, definitionForResource, kindDefinitions } from './registry.ts';
import { checkSchema } from './schema-validator.ts';

const meta = { name: 'x', namespace: 'default' };
const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox:1' }] } };
const selector = { matchLabels: { app: 'x' } };

/** One minimal valid object per resource, as a user would write it. */
const examples: Record<string, Record<string, unknown>> = {
  namespaces: { metadata: { name: 'x' } },
  nodes: { metadata: { name: 'node-1' }, spec: { podCIDR: '10.244.1.0/24' }, status: { capacity: { cpu: '2', memory: '4Gi', pods: '110' } } },
  pods: { metadata: meta, spec: template.spec },
  services: { metadata: meta, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } },
  endpoints: { metadata: meta, subsets: [{ addresses: [{ ip: '10.244.0.5' }], ports: [{ port: 80 }] }] },
  configmaps: { metadata: meta, data: { 'a.txt': 'hello' }, binaryData: { b: 'aGk=' } },
  secrets: { metadata: meta, stringData: { password: 'p' } },
  serviceaccounts: { metadata: meta },
  events: { metadata: { name: 'x.17', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'x', namespace: 'default' }, reason: 'Started', type: 'Normal', count: 1, eventTime: null, firstTimestamp: '2024-01-01T00:00:00Z' },
  persistentvolumes: { metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv' } } },
  persistentvolumeclaims: { metadata: meta, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
  resourcequotas: { metadata: meta, spec: { hard: { pods: '10', 'requests.cpu': '4' } } },
  limitranges: { metadata: meta, spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' } }] } },
  replicationcontrollers: { metadata: meta, spec: { selector: { app: 'x' }, template } },
  deployments: { metadata: meta, spec: { selector, template } },
  replicasets: { metadata: meta, spec: { selector, template } },
  daemonsets: { metadata: meta, spec: { selector, template } },
  statefulsets: { metadata: meta, spec: { selector, template, serviceName: 'x', volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } },
  controllerrevisions: { metadata: meta, revision: 1, data: { spec: { template } } },
  jobs: { metadata: { ...meta, uid: '0b8d-11' }, spec: { template: { spec: { ...template.spec, restartPolicy: 'Never' } } } },
  cronjobs: { metadata: meta, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...template.spec, restartPolicy: 'OnFailure' } } } } } },
  leases: { metadata: meta, spec: { holderIdentity: 'a', leaseDurationSeconds: 15, renewTime: '2024-01-01T00:00:00.000000Z' } },
  horizontalpodautoscalers: { metadata: meta, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' }, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } },
  poddisruptionbudgets: { metadata: meta, spec: { minAvailable: 1, selector } },
  roles: { metadata: meta, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] },
  clusterroles: { metadata: { name: 'system:x-reader' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] },
  rolebindings: { metadata: meta, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' }, subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }] },
  clusterrolebindings: { metadata: { name: 'x' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' }] },
  certificatesigningrequests: { metadata: { name: 'node-csr-x' }, spec: { request: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K', signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'] } },
  ingresses: { metadata: meta, spec: { rules: [{ host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'x', port: { number: 80 } } } }] } }] } },
  endpointslices: { metadata: meta, addressType: 'IPv4', endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true }, nodeName: 'node-1' }], ports: [{ name: 'http', port: 8080 }] },
};

describe('registry', () => {
  it('defines every resource in the Resources table exactly once', () => {
    expect(kindDefinitions.map((d) => d.info.resource).sort()).toEqual(allResources().map((r) => r.resource).sort());
  });

  it.each(allResources().map((r) => [r.resource, r] as const))('finds %s by resource and by kind', (_name, r) => {
    const def = definitionForResource(r.group, r.resource);
    expect(def?.info).toBe(r);
    expect(definitionForKind(apiVersionOf(r), r.kind)).toBe(def);
  });

  it('finds nothing for unknown names', () => {
    expect(definitionForResource('apps', 'pods')).toBeUndefined();
    expect(definitionForKind('v1', 'Deployment')).toBeUndefined();
  });
});

describe('every kind: example → defaults → schema → validation', () => {
  it.each(kindDefinitions.map((d) => [d.info.resource, d] as const))('%s', (resource, def) => {
    const example = examples[resource];
    expect(example, `an example for ${resource}`).toBeDefined();
    const obj = structuredClone(example) as unknown as KubeObject;
    obj.apiVersion = apiVersionOf(def.info);
    obj.kind = def.info.kind;
    const before = checkSchema(def, obj, 'Strict');
    expect(before.typeErrors).toEqual([]);
    expect(before.unknownFields).toEqual([]);
    def.applyDefaults(obj);
    // Defaulting must never produce something the schema rejects.
    const after = checkSchema(def, obj, 'Strict');
    expect(after.typeErrors).toEqual([]);
    expect(after.unknownFields).toEqual([]);
    expect(def.validate(obj)).toEqual([]);
    expect(def.validateUpdate?.(structuredClone(obj), obj) ?? []).toEqual([]);
  });
});

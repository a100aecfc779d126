import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { toTable } from './to-table.ts';

const now = new Date('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:55:00Z'; // AGE 5m
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: created, ...extra });

/** header renders column names the way kubectl prints them (upper case), split by priority. */
function header(resource: string): { normal: string; wide: string } {
  const cols = toTable(resource, [], { now }).columnDefinitions;
  const names = (p: number[]) => cols.filter((c) => p.includes(c.priority)).map((c) => c.name.toUpperCase()).join(' | ');
  return { normal: names([0]), wide: names([0, 1]) };
}

interface Golden {
  resource: string;
  obj: Record<string, unknown>;
  normal: string;
  wide: string;
  cells: unknown[];
}

const goldens: Golden[] = [
  {
    resource: 'pods',
    obj: {
      metadata: meta('web-1'),
      spec: { nodeName: 'n1', containers: [{ name: 'a' }] },
      status: { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: { running: {} } }] },
    },
    normal: 'NAME | READY | STATUS | RESTARTS | AGE',
    wide: 'NAME | READY | STATUS | RESTARTS | AGE | IP | NODE | NOMINATED NODE | READINESS GATES',
    cells: ['web-1', '1/1', 'Running', '0', '5m', '10.244.1.5', 'n1', '<none>', '<none>'],
  },
  {
    resource: 'nodes',
    obj: {
      metadata: { name: 'n1', creationTimestamp: '2024-04-29T12:00:00Z', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'worker' } },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'n1' }],
        nodeInfo: { kubeletVersion: 'v1.32.0-skiff', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', containerRuntimeVersion: 'docker://27.0.0' },
      },
    },
    normal: 'NAME | STATUS | ROLES | AGE | VERSION',
    wide: 'NAME | STATUS | ROLES | AGE | VERSION | INTERNAL-IP | EXTERNAL-IP | OS-IMAGE | KERNEL-VERSION | CONTAINER-RUNTIME',
    cells: ['n1', 'Ready,SchedulingDisabled', 'control-plane,worker', '2d', 'v1.32.0-skiff', '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0', 'docker://27.0.0'],
  },
  {
    resource: 'services',
    obj: {
      metadata: meta('web'),
      spec: { type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { app: 'web', tier: 'fe' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] },
    },
    normal: 'NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE',
    wide: 'NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE | SELECTOR',
    cells: ['web', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP,53/UDP', '5m', 'app=web,tier=fe'],
  },
  {
    resource: 'deployments',
    obj: {
      metadata: meta('web'),
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    },
    normal: 'NAME | READY | UP-TO-DATE | AVAILABLE | AGE',
    wide: 'NAME | READY | UP-TO-DATE | AVAILABLE | AGE | CONTAINERS | IMAGES | SELECTOR',
    cells: ['web', '2/3', 3, 2, '5m', 'nginx,side', 'nginx:1.25,busybox', 'app=web'],
  },
  {
    resource: 'replicasets',
    obj: { metadata: meta('web-abc'), spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } }, template: { spec: { containers: [{ name: 'n', image: 'i' }] } } }, status: { replicas: 3, readyReplicas: 1 } },
    normal: 'NAME | DESIRED | CURRENT | READY | AGE',
    wide: 'NAME | DESIRED | CURRENT | READY | AGE | CONTAINERS | IMAGES | SELECTOR',
    cells: ['web-abc', 3, 3, 1, '5m', 'n', 'i', 'app=web,pod-template-hash=abc'],
  },
  {
    resource: 'daemonsets',
    obj: {
      metadata: meta('agent'),
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'a', image: 'agent:1' }] } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    },
    normal: 'NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE',
    wide: 'NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE | CONTAINERS | IMAGES | SELECTOR',
    cells: ['agent', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '5m', 'a', 'agent:1', 'app=agent'],
  },
  {
    resource: 'statefulsets',
    obj: { metadata: meta('db'), spec: { replicas: 3, template: { spec: { containers: [{ name: 'pg', image: 'postgres:16' }] } } }, status: { readyReplicas: 3 } },
    normal: 'NAME | READY | AGE',
    wide: 'NAME | READY | AGE | CONTAINERS | IMAGES',
    cells: ['db', '3/3', '5m', 'pg', 'postgres:16'],
  },
  {
    resource: 'jobs',
    obj: {
      metadata: meta('pi'),
      spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } }, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
      status: { succeeded: 1, startTime: '2024-05-01T11:55:00Z', completionTime: '2024-05-01T11:55:42Z', conditions: [{ type: 'Complete', status: 'True' }] },
    },
    normal: 'NAME | STATUS | COMPLETIONS | DURATION | AGE',
    wide: 'NAME | STATUS | COMPLETIONS | DURATION | AGE | CONTAINERS | IMAGES | SELECTOR',
    cells: ['pi', 'Complete', '1/1', '42s', '5m', 'pi', 'perl', 'batch.kubernetes.io/controller-uid=u'],
  },
  {
    resource: 'cronjobs',
    obj: {
      metadata: meta('hello'),
      spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'h', image: 'busybox' }] } } } } },
      status: { active: [{ name: 'hello-1' }], lastScheduleTime: '2024-05-01T11:59:00Z' },
    },
    normal: 'NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE',
    wide: 'NAME | SCHEDULE | TIMEZONE | SUSPEND | ACTIVE | LAST SCHEDULE | AGE | CONTAINERS | IMAGES | SELECTOR',
    cells: ['hello', '*/1 * * * *', '<none>', 'False', 1, '60s', '5m', 'h', 'busybox', ''],
  },
  {
    resource: 'configmaps',
    obj: { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
    normal: 'NAME | DATA | AGE',
    wide: 'NAME | DATA | AGE',
    cells: ['cfg', 3, '5m'],
  },
  {
    resource: 'secrets',
    obj: { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } },
    normal: 'NAME | TYPE | DATA | AGE',
    wide: 'NAME | TYPE | DATA | AGE',
    cells: ['tls', 'kubernetes.io/tls', 2, '5m'],
  },
  {
    resource: 'namespaces',
    obj: { metadata: { name: 'kube-system', creationTimestamp: created }, status: { phase: 'Active' } },
    normal: 'NAME | STATUS | AGE',
    wide: 'NAME | STATUS | AGE',
    cells: ['kube-system', 'Active', '5m'],
  },
  {
    resource: 'events',
    obj: {
      metadata: meta('web-1.17a'),
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{a}' },
      reason: 'Pulled',
      type: 'Normal',
      message: 'Successfully pulled image "nginx"\n',
      source: { component: 'kubelet', host: 'n1' },
      firstTimestamp: '2024-05-01T11:50:00Z',
      lastTimestamp: '2024-05-01T11:59:30Z',
      count: 4,
    },
    normal: 'LAST SEEN | TYPE | REASON | OBJECT | MESSAGE',
    wide: 'LAST SEEN | TYPE | REASON | OBJECT | SUBOBJECT | SOURCE | MESSAGE | FIRST SEEN | COUNT | NAME',
    cells: ['30s', 'Normal', 'Pulled', 'pod/web-1', 'spec.containers{a}', 'kubelet, n1', 'Successfully pulled image "nginx"', '10m', 4, 'web-1.17a'],
  },
  {
    resource: 'endpoints',
    obj: {
      metadata: meta('web'),
      subsets: [{ addresses: [{ ip: '10.244.1.2' }, { ip: '10.244.2.3' }, { ip: '10.244.3.4' }, { ip: '10.244.4.5' }], ports: [{ port: 80 }] }],
    },
    normal: 'NAME | ENDPOINTS | AGE',
    wide: 'NAME | ENDPOINTS | AGE',
    cells: ['web', '10.244.1.2:80,10.244.2.3:80,10.244.3.4:80 + 1 more...', '5m'],
  },
  {
    resource: 'persistentvolumes',
    obj: {
      metadata: { name: 'pv1', creationTimestamp: created },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'manual' },
      status: { phase: 'Bound' },
    },
    normal: 'NAME | CAPACITY | ACCESS MODES | RECLAIM POLICY | STATUS | CLAIM | STORAGECLASS | VOLUMEATTRIBUTESCLASS | REASON | AGE',
    wide: 'NAME | CAPACITY | ACCESS MODES | RECLAIM POLICY | STATUS | CLAIM | STORAGECLASS | VOLUMEATTRIBUTESCLASS | REASON | AGE | VOLUMEMODE',
    cells: ['pv1', '1Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'manual', '<unset>', '', '5m', '<unset>'],
  },
  {
    resource: 'persistentvolumeclaims',
    obj: {
      metadata: meta('data'),
      spec: { volumeName: 'pv1', storageClassName: 'manual', volumeMode: 'Filesystem', resources: { requests: { storage: '1Gi' } } },
      status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
    },
    normal: 'NAME | STATUS | VOLUME | CAPACITY | ACCESS MODES | STORAGECLASS | VOLUMEATTRIBUTESCLASS | AGE',
    wide: 'NAME | STATUS | VOLUME | CAPACITY | ACCESS MODES | STORAGECLASS | VOLUMEATTRIBUTESCLASS | AGE | VOLUMEMODE',
    cells: ['data', 'Bound', 'pv1', '1Gi', 'RWO', 'manual', '<unset>', '5m', 'Filesystem'],
  },
  {
    resource: 'leases',
    obj: { metadata: meta('n1', { namespace: 'kube-node-lease' }), spec: { holderIdentity: 'n1' } },
    normal: 'NAME | HOLDER | AGE',
    wide: 'NAME | HOLDER | AGE',
    cells: ['n1', 'n1', '5m'],
  },
  {
    resource: 'ingresses',
    obj: { metadata: meta('web'), spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }], tls: [{ hosts: ['a.example.com'] }] }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } },
    normal: 'NAME | CLASS | HOSTS | ADDRESS | PORTS | AGE',
    wide: 'NAME | CLASS | HOSTS | ADDRESS | PORTS | AGE',
    cells: ['web', 'nginx', 'a.example.com,b.example.com', '192.0.2.1', '80, 443', '5m'],
  },
  {
    resource: 'horizontalpodautoscalers',
    obj: {
      metadata: meta('web'),
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
      status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } }] },
    },
    normal: 'NAME | REFERENCE | TARGETS | MINPODS | MAXPODS | REPLICAS | AGE',
    wide: 'NAME | REFERENCE | TARGETS | MINPODS | MAXPODS | REPLICAS | AGE',
    cells: ['web', 'Deployment/web', 'cpu: 40%/80%', '1', 10, 2, '5m'],
  },
  {
    resource: 'serviceaccounts',
    obj: { metadata: meta('default') },
    normal: 'NAME | SECRETS | AGE',
    wide: 'NAME | SECRETS | AGE',
    cells: ['default', 0, '5m'],
  },
  {
    resource: 'replicationcontrollers',
    obj: { metadata: meta('rc'), spec: { replicas: 2, selector: { app: 'rc' }, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } }, status: { replicas: 2, readyReplicas: 2 } },
    normal: 'NAME | DESIRED | CURRENT | READY | AGE',
    wide: 'NAME | DESIRED | CURRENT | READY | AGE | CONTAINERS | IMAGES | SELECTOR',
    cells: ['rc', 2, 2, 2, '5m', 'c', 'i', 'app=rc'],
  },
  {
    resource: 'controllerrevisions',
    obj: { metadata: meta('agent-5d4f', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true }] }), revision: 2 },
    normal: 'NAME | CONTROLLER | REVISION | AGE',
    wide: 'NAME | CONTROLLER | REVISION | AGE',
    cells: ['agent-5d4f', 'daemonset.apps/agent', 2, '5m'],
  },
  {
    resource: 'resourcequotas',
    obj: {
      metadata: meta('q'),
      spec: { hard: { pods: '10', 'requests.cpu': '2', 'limits.memory': '2Gi' } },
      status: { hard: { pods: '10', 'requests.cpu': '2', 'limits.memory': '2Gi' }, used: { pods: '3', 'requests.cpu': '500m' } },
    },
    normal: 'NAME | AGE | REQUEST | LIMIT',
    wide: 'NAME | AGE | REQUEST | LIMIT',
    cells: ['q', '5m', 'pods: 3/10, requests.cpu: 500m/2', 'limits.memory: 0/2Gi'],
  },
  {
    resource: 'limitranges',
    obj: { metadata: meta('lr') },
    normal: 'NAME | CREATED AT',
    wide: 'NAME | CREATED AT',
    cells: ['lr', created],
  },
  {
    resource: 'certificatesigningrequests',
    obj: { metadata: meta('node-csr-1'), spec: { signerName: 'kubernetes.io/kubelet-serving', username: 'system:node:w1', expirationSeconds: 86400 }, status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'LS0t' } },
    normal: 'NAME | AGE | SIGNERNAME | REQUESTOR | REQUESTEDDURATION | CONDITION',
    wide: 'NAME | AGE | SIGNERNAME | REQUESTOR | REQUESTEDDURATION | CONDITION',
    cells: ['node-csr-1', '5m', 'kubernetes.io/kubelet-serving', 'system:node:w1', '24h', 'Approved,Issued'],
  },
  {
    resource: 'certificatesigningrequests',
    obj: { metadata: meta('pending'), spec: { username: 'alice' }, status: { conditions: [{ type: 'Denied' }, { type: 'Approved' }, { type: 'Failed' }] } },
    normal: 'NAME | AGE | SIGNERNAME | REQUESTOR | REQUESTEDDURATION | CONDITION',
    wide: 'NAME | AGE | SIGNERNAME | REQUESTOR | REQUESTEDDURATION | CONDITION',
    cells: ['pending', '5m', '<none>', 'alice', '<none>', 'Denied,Failed'],
  },
  {
    resource: 'clusterroles',
    obj: { metadata: meta('view') },
    normal: 'NAME | CREATED AT',
    wide: 'NAME | CREATED AT',
    cells: ['view', created],
  },
  {
    resource: 'rolebindings',
    obj: {
      metadata: meta('rb'),
      roleRef: { kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }, { kind: 'User', name: 'bob' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'build' }],
    },
    normal: 'NAME | ROLE | AGE',
    wide: 'NAME | ROLE | AGE | USERS | GROUPS | SERVICEACCOUNTS',
    cells: ['rb', 'ClusterRole/edit', '5m', 'alice, bob', 'devs', 'build/ci'],
  },
  {
    resource: 'widgets',
    obj: { metadata: meta('w') },
    normal: 'NAME | AGE',
    wide: 'NAME | AGE',
    cells: ['w', '5m'],
  },
];

describe('toTable golden rows per resource', () => {
  it.each(goldens)('$resource', ({ resource, obj, normal, wide, cells }) => {
    const table = toTable(resource, [obj as unknown as KubeObject], { now, includeObject: 'None' });
    expect(header(resource)).toEqual({ normal, wide });
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]!.cells).toEqual(cells);
    expect(table.rows[0]!.cells).toHaveLength(table.columnDefinitions.length);
  });
});

describe('toTable envelope', () => {
  const pod = { metadata: meta('p'), spec: { containers: [] }, status: { phase: 'Succeeded' } } as unknown as KubeObject;

  it('is a meta.k8s.io/v1 Table with list metadata', () => {
    const t = toTable('pods', [pod], { now, listMeta: { resourceVersion: '42', continue: 'tok' } });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '42', continue: 'tok' });
    expect(t.columnDefinitions[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
  });

  const objects: Array<['None' | 'Metadata' | 'Object', unknown]> = [
    ['None', undefined],
    ['Metadata', { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata }],
    ['Object', pod],
  ];
  it.each(objects)('includeObject=%s', (include, want) => {
    expect(toTable('pods', [pod], { now, includeObject: include }).rows[0]!.object).toEqual(want);
  });

  it('marks completed pods with a row condition', () => {
    expect(toTable('pods', [pod], { now }).rows[0]!.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
  });

  it('never throws on sparse or odd objects', () => {
    for (const resource of goldens.map((g) => g.resource)) {
      expect(() => toTable(resource, [{ metadata: {} } as KubeObject], { now })).not.toThrow();
    }
    const odd = { metadata: meta('q'), spec: { hard: { pods: 'garbage' } }, status: { hard: { pods: 'garbage' } } } as unknown as KubeObject;
    expect(toTable('resourcequotas', [odd], { now }).rows[0]!.cells[2]).toBe('pods: 0/garbage');
  });
});

import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../testing/apiserver.ts';
import { PROTOBUF_MEDIA_TYPE } from './decode-body.ts';
import { envelope, type PbField } from './test-encoder.ts';
import { COMPLEX_POD_SPEC, withoutEmptyResources } from './test-pod-spec.ts';

const run = promisify(execFile);

/** findKubectl returns kubectl 1.32 (the versioned binary beside the kubectl dispatcher on PATH). */
function findKubectl(): string | undefined {
  const dispatcher = (process.env.PATH ?? '').split(':').map((d) => join(d, 'kubectl')).find((p) => existsSync(p));
  if (!dispatcher) return undefined;
  const versioned = join(dirname(realpathSync(dispatcher)), 'kubectl.1.32');
  return existsSync(versioned) ? versioned : undefined;
}

const kubectlBin = findKubectl();
if (!kubectlBin) process.stderr.write('\n*** SKIPPING apiserver/protobuf kubectl tests: kubectl.1.32 not found beside kubectl on PATH ***\n\n');

describe.skipIf(!kubectlBin)('real kubectl 1.32 sends protobuf bodies', () => {
  let s: TestApiServer;
  let dir: string;
  const kubectl = async (...args: string[]) => {
    const { stdout } = await run(kubectlBin!, ['--kubeconfig', s.kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 60_000 });
    return stdout;
  };
  const api = async (method: string, path: string, body?: Buffer | object, contentType = 'application/json') => {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: { authorization: 'Bearer skiff-test-token', accept: `${PROTOBUF_MEDIA_TYPE}, application/json`, ...(body ? { 'content-type': contentType } : {}) },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: text ? JSON.parse(text) : undefined };
  };
  const get = async (path: string) => {
    const r = await api('GET', path);
    expect(r.status, `GET ${path}: ${JSON.stringify(r.json)}`).toBe(200);
    return r.json;
  };
  const waitGone = async (path: string) => {
    const deadline = Date.now() + 30_000;
    let last = 0;
    while (Date.now() < deadline) {
      last = (await api('GET', path)).status;
      if (last === 404) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${path} still exists (last status ${last})`);
  };

  beforeAll(async () => {
    s = await startTestApiServer();
    dir = await mkdtemp(join(tmpdir(), 'skiff-protobuf-'));
  });
  afterAll(async () => {
    await s?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('create namespace', async () => {
    expect(await kubectl('create', 'namespace', 'pb')).toContain('namespace/pb created');
    expect((await get('/api/v1/namespaces/pb')).metadata.name).toBe('pb');
  });

  it('create configmap --from-literal', async () => {
    await kubectl('create', 'configmap', 'cm', '--from-literal=a=b', '--from-literal=c=d');
    expect((await get('/api/v1/namespaces/default/configmaps/cm')).data).toEqual({ a: 'b', c: 'd' });
  });

  it('create secret generic --from-literal', async () => {
    await kubectl('create', 'secret', 'generic', 'sec', '--from-literal=pw=hunter2');
    const secret = await get('/api/v1/namespaces/default/secrets/sec');
    expect(secret.data).toEqual({ pw: Buffer.from('hunter2').toString('base64') });
    expect(secret.type).toBe('Opaque');
  });

  it('create deployment --image --replicas (and an explicit --replicas=0 stays 0)', async () => {
    await kubectl('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '--port=80');
    const d = await get('/apis/apps/v1/namespaces/default/deployments/web');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(d.spec.template.spec.containers).toMatchObject([{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }]);
    await kubectl('create', 'deployment', 'idle', '--image=nginx', '--replicas=0');
    expect((await get('/apis/apps/v1/namespaces/default/deployments/idle')).spec.replicas).toBe(0);
  });

  // kubectl names the port "80-8080": a DNS label, valid for service ports.
  it('create service clusterip --tcp', async () => {
    await kubectl('create', 'service', 'clusterip', 'svc', '--tcp=80:8080');
    expect((await get('/api/v1/namespaces/default/services/svc')).spec.ports).toMatchObject([{ port: 80, targetPort: 8080 }]);
  });

  it('expose deployment (a protobuf Service)', async () => {
    await kubectl('expose', 'deployment', 'web', '--port=80', '--target-port=8080', '--name=websvc');
    const svc = await get('/api/v1/namespaces/default/services/websvc');
    expect(svc.spec.ports).toMatchObject([{ port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual({ app: 'web' });
  });

  it('create job --image', async () => {
    await kubectl('create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi');
    const job = await get('/apis/batch/v1/namespaces/default/jobs/once');
    expect(job.spec.template.spec.containers).toMatchObject([{ name: 'once', image: 'busybox', command: ['echo', 'hi'] }]);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('run pod --image --restart=Never', async () => {
    await kubectl('run', 'solo', '--image=busybox', '--restart=Never', '--env=A=1', '--', 'sleep', '5');
    const pod = await get('/api/v1/namespaces/default/pods/solo');
    expect(pod.spec.containers).toMatchObject([{ name: 'solo', image: 'busybox', args: ['sleep', '5'], env: [{ name: 'A', value: '1' }] }]);
    expect(pod.spec.restartPolicy).toBe('Never');
  });

  it('create cronjob, serviceaccount, quota and ingress', async () => {
    await kubectl('create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *');
    expect((await get('/apis/batch/v1/namespaces/default/cronjobs/tick')).spec.schedule).toBe('*/5 * * * *');
    await kubectl('create', 'serviceaccount', 'robot');
    expect((await get('/api/v1/namespaces/default/serviceaccounts/robot')).metadata.name).toBe('robot');
    await kubectl('create', 'quota', 'q', '--hard=pods=10,cpu=2');
    expect((await get('/api/v1/namespaces/default/resourcequotas/q')).spec.hard).toEqual({ pods: '10', cpu: '2' });
    await kubectl('create', 'ingress', 'ing', '--rule=foo.com/bar=websvc:80');
    expect((await get('/apis/networking.k8s.io/v1/namespaces/default/ingresses/ing')).spec.rules).toEqual([
      { host: 'foo.com', http: { paths: [{ path: '/bar', pathType: 'Exact', backend: { service: { name: 'websvc', port: { number: 80 } } } }] } },
    ]);
  });

  it('create role, clusterrole, rolebinding and clusterrolebinding', async () => {
    await kubectl('create', 'role', 'reader', '--verb=get,list', '--resource=pods,deployments.apps');
    expect((await get('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles/reader')).rules).toEqual([
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'] },
    ]);
    await kubectl('create', 'rolebinding', 'read', '--role=reader', '--user=alice', '--serviceaccount=default:robot');
    const rb = await get('/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/read');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' });
    expect(rb.subjects).toEqual([
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'default' },
    ]);
    await kubectl('create', 'clusterrole', 'health', '--verb=get', '--non-resource-url=/healthz');
    expect((await get('/apis/rbac.authorization.k8s.io/v1/clusterroles/health')).rules).toEqual([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }]);
    await kubectl('create', 'clusterrolebinding', 'health', '--clusterrole=health', '--group=ops');
    expect((await get('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/health')).subjects).toEqual([
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' },
    ]);
  });

  it('create job --from=cronjob carries a full PodSpec through protobuf unchanged', async () => {
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'rich' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: COMPLEX_POD_SPEC } } } } };
    expect((await api('POST', '/apis/batch/v1/namespaces/default/cronjobs', cron)).status).toBe(201);
    await kubectl('create', 'job', 'rich-now', '--from=cronjob/rich');
    const fromCron = (await get('/apis/batch/v1/namespaces/default/cronjobs/rich')).spec.jobTemplate.spec.template.spec;
    const job = (await get('/apis/batch/v1/namespaces/default/jobs/rich-now')).spec.template.spec;
    // Go always encodes non-pointer structs, so an init container gains `resources: {}`.
    expect(withoutEmptyResources(job)).toEqual(withoutEmptyResources(fromCron));
  });

  // kubectl 1.32 creates autoscaling/v1 HPAs (stored as v2, converted on the way in and out).
  it('autoscale deployment --max', async () => {
    await kubectl('autoscale', 'deployment', 'web', '--max=5');
    expect((await get('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web')).spec.maxReplicas).toBe(5);
  });

  it('POST an autoscaling/v2 HorizontalPodAutoscaler as protobuf', async () => {
    const hpa: PbField[] = [
      [1, [[1, 'web-hpa']]],
      [2, [[1, [[1, 'Deployment'], [2, 'web'], [3, 'apps/v1']]], [2, 2], [3, 5], [4, [[1, 'Resource'], [4, [[1, 'cpu'], [2, [[1, 'Utilization'], [4, 70]]]]]]]]],
    ];
    const r = await api('POST', '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers', envelope('autoscaling/v2', 'HorizontalPodAutoscaler', hpa), PROTOBUF_MEDIA_TYPE);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.json.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 2, maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
  });

  // The pods below are bound to nodes without a kubelet: they only disappear at once when the
  // decoded DeleteOptions carried gracePeriodSeconds=0 (otherwise they stay Terminating).
  it('POST pods/<name>/eviction with a protobuf policy/v1 Eviction', async () => {
    await api('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'evictee' }, spec: { nodeName: 'ghost', containers: [{ name: 'c', image: 'busybox' }] } });
    const eviction = envelope('policy/v1', 'Eviction', [[1, [[1, 'evictee'], [3, 'default']]], [2, [[1, 0]]]]);
    const r = await api('POST', '/api/v1/namespaces/default/pods/evictee/eviction', eviction, PROTOBUF_MEDIA_TYPE);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    await waitGone('/api/v1/namespaces/default/pods/evictee');
  });

  it('kubectl drain evicts a node\'s pods', async () => {
    await api('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'pb-node' } });
    await api('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'onnode' }, spec: { nodeName: 'pb-node', containers: [{ name: 'c', image: 'busybox' }] } });
    expect(await kubectl('drain', 'pb-node', '--force', '--grace-period=0', '--timeout=30s')).toContain('node/pb-node drained');
    await waitGone('/api/v1/namespaces/default/pods/onnode');
    expect((await get('/api/v1/nodes/pb-node')).spec.unschedulable).toBe(true);
  });

  it('kubectl drain --disable-eviction deletes with a protobuf DeleteOptions body', async () => {
    await api('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'pb-node2' } });
    await api('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'onnode2' }, spec: { nodeName: 'pb-node2', containers: [{ name: 'c', image: 'busybox' }] } });
    expect(await kubectl('drain', 'pb-node2', '--force', '--grace-period=0', '--disable-eviction', '--timeout=30s')).toContain('node/pb-node2 drained');
    await waitGone('/api/v1/namespaces/default/pods/onnode2');
  });

  it('answers malformed protobuf with a 400 Status, never a 5xx', async () => {
    const bodies = [Buffer.from('k8s\0\x0a\x05\x0a', 'binary'), Buffer.from('not protobuf'), envelope('v1', 'ConfigMap', Buffer.from([0x12, 0x7f]))];
    for (const body of bodies) {
      const r = await api('POST', '/api/v1/namespaces/default/configmaps', body, PROTOBUF_MEDIA_TYPE);
      expect(r.status, JSON.stringify(r.json)).toBe(400);
      expect(r.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    }
  });
});

/**
 * Service account tokens end to end: a real API server over TLS with Node,RBAC, ServiceAccount
 * admission and TokenRequest (keys from deploy/pki), the real controller-manager process running
 * serviceaccount + root-ca-cert-publisher, and a real kubelet (as system:node:<name>, through the
 * Node authorizer) on the real Docker engine. A busybox pod reads the projected token, CA and
 * namespace at /var/run/secrets/kubernetes.io/serviceaccount; the token authenticates as
 * system:serviceaccount:<ns>:default (403 until a RoleBinding, 200 after); a restarted kubelet
 * takes the adopted pod's token file back into its refresh cycle; tokens are refused (401) once
 * the pod is deleted.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNotFound } from '../api/errors.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { Resources } from '../api/resources.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import type { Client } from '../client/types.ts';
import { securityFromFlags } from '../apiserver/auth/security-flags.ts';
import { startApiServer, type RunningApiServer } from '../apiserver/server.ts';
import { startEtcd, type EtcdCluster } from '../testing/etcd.ts';
import type { Pod } from './api-types.ts';
import { LabelContainerName, LabelPodUid } from './runtime/types.ts';
import { cleanupNode, startHarness, waitFor, type Harness } from './testing/harness.ts';
import { sleeper, testPod } from './testing/pods.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const PKI = join(ROOT, 'deploy/pki/skiff-pki.sh');
const MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const nodeName = `sat-${Math.random().toString(36).slice(2, 8)}`;
const ns = `sa-${Math.random().toString(36).slice(2, 8)}`;

let dir: string;
let etcd: EtcdCluster;
let server: RunningApiServer;
let manager: ChildProcess | undefined;
let managerLog = '';
let admin: Client;
let kubeletClient: Client;
let h: Harness | undefined;
const file = (f: string) => readFileSync(join(dir, f));

/** call sends an HTTPS request with a bearer token, verifying the server against the cluster CA. */
function call(method: string, path: string, token: string, body?: unknown): Promise<{ code: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const req = request(new URL(path, server.url), { method, ca: file('ca.crt'), headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, json: data ? JSON.parse(data) : undefined }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function readInPod(pod: Pod, container: string, path: string): Promise<string> {
  const [c] = await h!.runtime.list({ labels: { [LabelPodUid]: pod.metadata.uid!, [LabelContainerName]: container }, all: false });
  const s = await h!.runtime.exec(c.id, { cmd: ['cat', path] });
  let out = '';
  s.stdout.on('data', (d: Buffer) => (out += d));
  s.stderr.on('data', (d: Buffer) => (out += d));
  expect(await s.exitCode, out).toBe(0);
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-sa-token-'));
  await run('bash', [PKI, 'all', dir, '--hosts', '127.0.0.1,localhost']);
  await run('bash', [PKI, 'kubelet', dir, nodeName]);
  await run('bash', [PKI, 'client', dir, 'controller-manager', 'system:kube-controller-manager']);
  etcd = await startEtcd();
  const { security } = securityFromFlags({
    'client-ca-file': join(dir, 'ca.crt'),
    'authorization-mode': 'Node,RBAC',
    'service-account-key-file': join(dir, 'sa.pub'),
    'service-account-signing-key-file': join(dir, 'sa.key'),
  });
  server = await startApiServer({ etcdServers: etcd.endpoints, bindAddress: '127.0.0.1', port: 0, tls: { cert: file('apiserver.crt'), key: file('apiserver.key'), ca: file('ca.crt') }, security });
  for (const [who, out] of [['admin', 'admin.kubeconfig'], [`kubelet-${nodeName}`, 'kubelet.kubeconfig'], ['controller-manager', 'cm.kubeconfig']]) {
    await run('bash', [PKI, 'kubeconfig', dir, who, server.url, join(dir, out)]);
  }
  admin = clientFromKubeconfig(join(dir, 'admin.kubeconfig'), 'sa-token-test');
  kubeletClient = clientFromKubeconfig(join(dir, 'kubelet.kubeconfig'), 'sa-token-test-kubelet');
  manager = spawn(process.execPath, [join(ROOT, 'controller-manager/main.ts'), `--kubeconfig=${join(dir, 'cm.kubeconfig')}`, '--controllers=serviceaccount,root-ca-cert-publisher', `--root-ca-file=${join(dir, 'ca.crt')}`, '--leader-elect=false', '--port=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  manager.stdout!.on('data', (c) => (managerLog = (managerLog + c).slice(-4000)));
  manager.stderr!.on('data', (c) => (managerLog = (managerLog + c).slice(-4000)));
  h = await startHarness({ client: kubeletClient, nodeName });
}, 180_000);

afterAll(async () => {
  await h?.stop();
  if (h) await cleanupNode(h);
  if (manager && manager.exitCode === null) {
    const exited = new Promise((r) => manager!.once('exit', r));
    manager.kill('SIGTERM');
    await exited;
  }
  await admin?.close();
  await kubeletClient?.close();
  await server?.stop();
  await etcd?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('service account tokens for pods', () => {
  it('mounts a bound token, the CA and the namespace; the token is the pod\'s service account until the pod is deleted', async () => {
    await admin.resource(Resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const ca = await waitFor(async () => {
      await admin.resource(Resources.serviceaccounts).get(ns, 'default');
      return (await admin.resource<KubeObject & { data?: Record<string, string> }>(Resources.configmaps).get(ns, 'kube-root-ca.crt')).data?.['ca.crt'];
    }, `ServiceAccount default and ConfigMap kube-root-ca.crt in ${ns} (controller-manager log: ${managerLog})`, 60_000);
    expect(ca).toBe(file('ca.crt').toString());

    const created = await admin.resource<Pod>(Resources.pods).create(ns, { ...testPod('reader', nodeName, [sleeper('c')]), metadata: { name: 'reader', namespace: ns } });
    const volume = created.spec?.volumes?.find((v) => v.name.startsWith('kube-api-access-'));
    expect(volume?.projected?.sources?.map((s) => Object.keys(s)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
    expect(created.spec?.containers[0].volumeMounts).toContainEqual({ name: volume!.name, readOnly: true, mountPath: MOUNT });

    const pod = await waitFor(async () => {
      const p = await admin.resource<Pod>(Resources.pods).get(ns, 'reader');
      return p.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
    }, 'pod reader running', 90_000);
    expect(await readInPod(pod, 'c', `${MOUNT}/namespace`)).toBe(ns);
    expect(await readInPod(pod, 'c', `${MOUNT}/ca.crt`)).toBe(file('ca.crt').toString());
    const token = await readInPod(pod, 'c', `${MOUNT}/token`);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const review = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', token, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    expect(review.json?.status?.userInfo).toMatchObject({
      username: `system:serviceaccount:${ns}:default`,
      groups: expect.arrayContaining(['system:serviceaccounts', `system:serviceaccounts:${ns}`]),
      extra: { 'authentication.kubernetes.io/pod-name': ['reader'], 'authentication.kubernetes.io/pod-uid': [pod.metadata.uid] },
    });
    expect((await call('GET', `/api/v1/namespaces/${ns}/pods`, token)).code).toBe(403);
    await admin.resource(Resources.rolebindings).create(ns, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'default-view', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: ns }],
    } as KubeObject);
    await waitFor(async () => (await call('GET', `/api/v1/namespaces/${ns}/pods`, token)).code === 200, 'the RoleBinding to let the token list pods');

    // A restarted kubelet adopts the running container and takes the token file back into its refresh cycle.
    const before = h!.kubelet.tokens.tokens();
    expect(before).toEqual([expect.objectContaining({ podUid: pod.metadata.uid, serviceAccount: 'default', files: 1 })]);
    await h!.stop();
    h = await startHarness({ client: kubeletClient, nodeName, rootDir: h!.rootDir, networkName: h!.networkName, subnet: h!.subnet });
    await waitFor(() => h!.kubelet.tokens.tokens().some((t) => t.podUid === pod.metadata.uid && t.files === 1), 'the restarted kubelet to keep the token file', 60_000);
    const renewed = await readInPod(pod, 'c', `${MOUNT}/token`);
    expect(renewed).toBe(h!.kubelet.tokens.tokens()[0].token);
    expect((await call('GET', `/api/v1/namespaces/${ns}/pods`, renewed)).code).toBe(200);

    await admin.resource(Resources.pods).delete(ns, 'reader');
    await waitFor(async () => admin.resource(Resources.pods).get(ns, 'reader').then(() => false, (err: unknown) => isNotFound(err)), 'pod reader gone', 60_000);
    expect((await call('GET', `/api/v1/namespaces/${ns}/pods`, token)).code).toBe(401);
    expect((await call('GET', `/api/v1/namespaces/${ns}/pods`, renewed)).code).toBe(401);
    await waitFor(() => h!.kubelet.tokens.tokens().length === 0, 'the kubelet to forget the deleted pod\'s tokens');
  }, 240_000);

  it('refuses a pod whose service account does not exist (403)', async () => {
    const err = await admin.resource<Pod>(Resources.pods).create(ns, { ...testPod('ghost', nodeName, [sleeper('c')], { serviceAccountName: 'ghost' }), metadata: { name: 'ghost', namespace: ns } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: { code: 403, message: expect.stringContaining(`error looking up service account ${ns}/ghost`) } });
  });
});

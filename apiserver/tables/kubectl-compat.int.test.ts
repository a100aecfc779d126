/**
 * Real kubectl 1.32 against the real API server (on real etcd) with Skiff's Table printers,
 * strategic merge patch and server-side apply plugged in: the columns kubectl prints and what
 * `kubectl apply` (client- and server-side) does to objects.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPatcher, strategicPatcher } from '../../api/patch/index.ts';
import { startTestApiServer, type TestApiServer } from '../../testing/apiserver.ts';
import { noSchemaCheck } from '../registry/schema-check.ts';
import { tableConverter } from './index.ts';
import { realKubectlPath } from '../../testing/real-kubectl.ts';

const pexec = promisify(execFile);
const KUBECTL = realKubectlPath() ?? 'kubectl.1.32';
const haveKubectl = realKubectlPath() !== undefined;
if (!haveKubectl) console.warn('SKIPPING kubectl compatibility tests: kubectl.1.32 not found beside kubectl on PATH');

const manifest = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 80}]
        env: [{name: A, value: "1"}]
`;

describe.skipIf(!haveKubectl)('real kubectl against Skiff tables and patches', () => {
  let srv: TestApiServer;
  let dir: string;

  // Async exec: the API server runs in this process and must keep serving while kubectl waits.
  async function kubectl(...args: string[]): Promise<{ code: number; out: string }> {
    try {
      const r = await pexec(KUBECTL, ['--kubeconfig', srv.kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args], { encoding: 'utf8' });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? 1, out: (e.stdout ?? '') + (e.stderr ?? '') };
    }
  }
  const file = async (name: string, text: string) => {
    const p = join(dir, name);
    await writeFile(p, text);
    return p;
  };
  const header = (out: string) => out.split('\n')[0]!.trim().split(/\s{2,}/);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skiff-tables-'));
    // Generic kind handling keeps this test about tables and patches, independent of kind schemas.
    srv = await startTestApiServer({
      server: { toTable: tableConverter, patchers: { strategic: strategicPatcher, apply: applyPatcher }, definitions: () => undefined, checkSchema: noSchemaCheck },
    });
  });
  afterAll(async () => {
    await srv?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('client-side apply: created, unchanged, then only the image changes', async () => {
    const v1 = await file('v1.yaml', manifest('nginx:1'));
    expect((await kubectl('apply', '-f', v1)).out).toContain('deployment.apps/web created');
    expect((await kubectl('apply', '-f', v1)).out).toContain('deployment.apps/web unchanged');
    expect((await kubectl('apply', '-f', await file('v2.yaml', manifest('nginx:2')))).out).toContain('deployment.apps/web configured');
    const c = JSON.parse((await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0]}')).out);
    expect(c).toMatchObject({ name: 'web', image: 'nginx:2', env: [{ name: 'A', value: '1' }] });
    expect(c.ports).toEqual([{ containerPort: 80 }]);
  });

  it('prints the kubectl columns for deployments and namespaces', async () => {
    const wide = await kubectl('get', 'deploy', '-o', 'wide');
    expect(header(wide.out)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(wide.out.split('\n')[1]).toMatch(/^web\s+0\/2\s+0\s+0\s+\d+s\s+web\s+nginx:2\s+app=web/);
    expect(header((await kubectl('get', 'deploy')).out)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(header((await kubectl('get', 'ns')).out)).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(header((await kubectl('get', 'svc', '-n', 'default')).out)).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
  });

  it('prints pods (Pending, no node) and configmaps like kubectl', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p1}\nspec:\n  containers: [{name: c, image: busybox}]\n';
    const created = await kubectl('create', '-f', await file('pod.yaml', pod));
    expect(created.out).toContain('pod/p1 created');
    // `kubectl create configmap` would send protobuf; a manifest goes as JSON.
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: "1", b: "2"}\n';
    expect((await kubectl('create', '-f', await file('cm.yaml', cm))).out).toContain('configmap/cfg created');
    const pods = await kubectl('get', 'pods', '-o', 'wide');
    expect(header(pods.out)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(pods.out.split('\n')[1]).toMatch(/^p1\s+0\/1\s+\S*\s+0\s+\d+s\s+<none>\s+<none>\s+<none>\s+<none>/);
    const cms = await kubectl('get', 'cm', 'cfg');
    expect(header(cms.out)).toEqual(['NAME', 'DATA', 'AGE']);
    expect(cms.out.split('\n')[1]).toMatch(/^cfg\s+2\s+\d+s/);
  });

  it('server-side apply records managedFields and reports conflicts with another manager', async () => {
    // A real change, so the write is stored (an unchanged object keeps its stored managedFields).
    const v3 = await file('v3.yaml', manifest('nginx:3'));
    expect((await kubectl('apply', '--server-side', '--force-conflicts', '-f', v3)).out).toContain('serverside-applied');
    const mf = JSON.parse((await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.managedFields}')).out);
    expect(mf).toContainEqual(expect.objectContaining({ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1' }));
    const other = await kubectl('apply', '--server-side', '--field-manager', 'other', '-f', await file('v4.yaml', manifest('nginx:3', 5)));
    expect(other.code).not.toBe(0);
    expect(other.out).toContain('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    const forced = await kubectl('apply', '--server-side', '--field-manager', 'other', '--force-conflicts', '-f', join(dir, 'v4.yaml'));
    expect(forced.code).toBe(0);
    expect((await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).out).toBe('5');
  });
});

import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { realKubectlPath } from '../testing/real-kubectl.ts';

const run = promisify(execFile);

const kubectlBin = realKubectlPath();
if (!kubectlBin) console.warn('SKIPPING real kubectl tests: kubectl.1.32 not found beside kubectl on PATH');

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
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

describe.skipIf(!kubectlBin)('real kubectl 1.32', () => {
  let s: TestApiServer;
  let dir: string;
  const kubectl = async (...args: string[]) => {
    const { stdout } = await run(kubectlBin!, ['--kubeconfig', s.kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 60_000 });
    return stdout;
  };
  const manifest = async (name: string, text: string) => {
    const p = join(dir, name);
    await writeFile(p, text);
    return p;
  };

  beforeAll(async () => {
    s = await startTestApiServer();
    dir = await mkdtemp(join(tmpdir(), 'skiff-kubectl-'));
  });
  afterAll(async () => {
    await s?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists api-resources and namespaces', async () => {
    const res = await kubectl('api-resources');
    expect(res).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(res).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    const ns = await kubectl('get', 'ns');
    expect(ns).toMatch(/^NAME\s+STATUS\s+AGE/);
    expect(ns).toMatch(/^kube-system\s+Active/m);
  });

  it('applies twice (unchanged), then an edited image keeping ports and env', async () => {
    const p = await manifest('dep.yaml', deployment('nginx:1'));
    expect(await kubectl('apply', '-f', p)).toContain('deployment.apps/web created');
    expect(await kubectl('apply', '-f', p)).toContain('deployment.apps/web unchanged');
    await writeFile(p, deployment('nginx:2'));
    expect(await kubectl('apply', '-f', p)).toContain('deployment.apps/web configured');
    const containers = JSON.parse(await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers}'));
    expect(containers).toHaveLength(1);
    expect(containers[0]).toMatchObject({ name: 'web', image: 'nginx:2', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] });
  });

  it('prints tables, wide, yaml, json, -A and -l', async () => {
    const table = await kubectl('get', 'deploy');
    expect(table).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    expect(await kubectl('get', 'deploy', '-o', 'wide')).toMatch(/CONTAINERS\s+IMAGES\s+SELECTOR/);
    expect(await kubectl('get', 'deploy', 'web', '-o', 'yaml')).toMatch(/^kind: Deployment$/m);
    expect(JSON.parse(await kubectl('get', 'deploy', 'web', '-o', 'json')).metadata.name).toBe('web');
    expect(await kubectl('get', 'svc', '-A')).toMatch(/^default\s+kubernetes\s+ClusterIP\s+10\.96\.0\.1/m);
    expect(await kubectl('get', 'deploy', '-l', 'app=web', '-o', 'name')).toBe('deployment.apps/web\n');
    expect(await kubectl('get', 'deploy', '-l', 'app=nope', '-o', 'name')).toBe('');
  });

  it('scales and applies server-side', async () => {
    expect(await kubectl('scale', 'deploy', 'web', '--replicas=5')).toContain('scaled');
    expect(await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('5');
    const p = await manifest('ssa.yaml', deployment('nginx:3').replace('replicas: 2', 'replicas: 1'));
    // As in Kubernetes: the fields client-side apply last applied move over; replicas, set since by scale, conflict.
    await expect(kubectl('apply', '--server-side', '-f', p)).rejects.toThrow(/Apply failed with 1 conflict: conflict with "kubectl[.0-9]*" with subresource "scale" using apps\/v1: \.spec\.replicas/);
    expect(await kubectl('apply', '--server-side', '--force-conflicts', '-f', p)).toContain('serverside-applied');
    expect(await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).toBe('nginx:3');
  });

  it('creates and deletes from a file', async () => {
    const p = await manifest('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\ndata:\n  a: b\n');
    expect(await kubectl('create', '-f', p)).toContain('configmap/c1 created');
    expect(await kubectl('delete', '-f', p)).toContain('configmap "c1" deleted');
    await expect(kubectl('get', 'cm', 'c1')).rejects.toThrow(/NotFound/);
  });

  it('creates with generators (protobuf bodies from the typed clients)', async () => {
    expect(await kubectl('create', 'namespace', 'gen')).toContain('namespace/gen created');
    expect(await kubectl('create', 'configmap', 'cfg', '-n', 'gen', '--from-literal=a=b')).toContain('configmap/cfg created');
    expect(JSON.parse(await kubectl('get', 'cm', 'cfg', '-n', 'gen', '-o', 'jsonpath={.data}'))).toEqual({ a: 'b' });
    expect(await kubectl('create', 'deployment', 'gd', '-n', 'gen', '--image=nginx:1', '--replicas=2')).toContain('deployment.apps/gd created');
    expect(await kubectl('get', 'deploy', 'gd', '-n', 'gen', '-o', 'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}')).toBe('2 nginx:1');
  });

  it('watches with get -w', async () => {
    await kubectl('run', 'watched', '--image=busybox');
    const child = spawn(kubectlBin!, ['--kubeconfig', s.kubeconfigPath, '--cache-dir', join(dir, 'cache'), 'get', 'pods', '-w', '--no-headers']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const deadline = Date.now() + 20_000;
      while (!out.includes('watched') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await kubectl('label', 'pod', 'watched', 'x=y');
      while (out.trim().split('\n').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out.trim().split('\n').filter((l) => l.startsWith('watched')).length).toBeGreaterThanOrEqual(2);
    } finally {
      child.kill();
    }
  });
});

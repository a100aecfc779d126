import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { securityFromFlags } from './auth/security-flags.ts';

const run = promisify(execFile);
const PKI_SCRIPT = join(import.meta.dirname, '../deploy/pki/skiff-pki.sh');

function findKubectl(): string | undefined {
  try {
    const onPath = process.env.PATH!.split(':').map((d) => join(d, 'kubectl')).find((p) => existsSync(p))!;
    const versioned = join(dirname(realpathSync(onPath)), 'kubectl.1.32');
    return existsSync(versioned) ? versioned : undefined;
  } catch {
    return undefined;
  }
}

const kubectlBin = findKubectl();
if (!kubectlBin) console.warn('SKIPPING kubectl compatibility-gap tests: kubectl.1.32 not found beside kubectl on PATH');

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1}]}
`;

describe.skipIf(!kubectlBin)('real kubectl 1.32: HPA v1, PodDisruptionBudgets, field ownership', () => {
  let s: TestApiServer;
  let dir: string;
  const kubectl = async (...args: string[]) => (await run(kubectlBin!, ['--kubeconfig', s.kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 60_000 })).stdout;
  /** kubectlFails runs kubectl expecting a non-zero exit and returns its stderr. */
  const kubectlFails = async (...args: string[]): Promise<string> => {
    try {
      await kubectl(...args);
    } catch (err) {
      return (err as { stderr: string }).stderr;
    }
    throw new Error(`kubectl ${args.join(' ')} succeeded`);
  };
  const file = async (name: string, text: string) => {
    const p = join(dir, name);
    await writeFile(p, text);
    return p;
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    s = await startTestApiServer();
    dir = await mkdtemp(join(tmpdir(), 'skiff-compat-'));
  });
  afterAll(async () => {
    await s?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('kubectl autoscale creates through autoscaling/v1 and both versions read it', async () => {
    await kubectl('apply', '-f', await file('dep.yaml', deployment(2)));
    expect(await kubectl('autoscale', 'deployment', 'web', '--min=1', '--max=4', '--cpu-percent=60')).toContain('horizontalpodautoscaler.autoscaling/web autoscaled');
    expect(await kubectl('get', 'horizontalpodautoscalers.v1.autoscaling', 'web', '-o', 'jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}')).toBe('autoscaling/v1 60');
    const v2 = JSON.parse(await kubectl('get', 'hpa', 'web', '-o', 'json'));
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
    expect(await kubectl('api-versions')).toMatch(/^autoscaling\/v1$/m);
    await kubectl('delete', 'hpa', 'web');
  });

  it('kubectl apply of an autoscaling/v1 manifest creates, is unchanged on re-apply, and patches through v1', async () => {
    const hpa = (cpu: number) => `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: applied}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  targetCPUUtilizationPercentage: ${cpu}
`;
    expect(await kubectl('apply', '-f', await file('hpa1.yaml', hpa(50)))).toContain('horizontalpodautoscaler.autoscaling/applied created');
    expect(await kubectl('apply', '-f', await file('hpa1.yaml', hpa(50)))).toContain('horizontalpodautoscaler.autoscaling/applied unchanged');
    expect(await kubectl('apply', '-f', await file('hpa1.yaml', hpa(70)))).toContain('horizontalpodautoscaler.autoscaling/applied configured');
    const v2 = JSON.parse(await kubectl('get', 'hpa', 'applied', '-o', 'json'));
    expect(v2.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    await kubectl('delete', 'hpa', 'applied');
  });

  it('server-side apply reports the conflict with kubectl scale and --force-conflicts takes the field', async () => {
    const p = await file('dep-ssa.yaml', deployment(2));
    await kubectl('scale', 'deployment', 'web', '--replicas=3');
    const err = await kubectlFails('apply', '--server-side', '-f', p);
    // kubectl scale sends no fieldManager: the manager is the User-Agent's program name, as in Kubernetes (here the binary kubectl.1.32).
    expect(err).toMatch(/Apply failed with 1 conflict: conflict with "kubectl[.0-9]*" with subresource "scale" using apps\/v1: \.spec\.replicas/);
    expect(await kubectl('apply', '--server-side', '--force-conflicts', '-f', p)).toContain('deployment.apps/web serverside-applied');
    expect(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('2');
    const managers = JSON.parse(await kubectl('get', 'deployment', 'web', '-o', 'json', '--show-managed-fields')).metadata.managedFields as Array<{ manager: string; operation: string }>;
    expect(managers.map((m) => `${m.manager}/${m.operation}`)).toContain('kubectl/Apply');
  });

  it('kubectl create pdb, and an eviction is refused once the budget is spent', async () => {
    expect(await kubectl('create', 'pdb', 'web', '--selector=app=web', '--min-available=1')).toContain('poddisruptionbudget.policy/web created');
    for (const name of ['a', 'b']) {
      await kubectl('run', name, '--image=nginx:1', '--labels=app=web');
      const pod = (await api('GET', `/api/v1/namespaces/default/pods/${name}`)).json;
      pod.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };
      expect((await api('PUT', `/api/v1/namespaces/default/pods/${name}/status`, pod)).status).toBe(200);
    }
    // No controller-manager here: write the status the disruption controller would.
    const pdb = (await api('GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web')).json;
    pdb.status = { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 };
    expect((await api('PUT', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web/status', pdb)).status).toBe(200);
    expect(await kubectl('get', 'pdb')).toMatch(/^web\s+1\s+N\/A\s+1\s+/m);

    const evict = (name: string) => file(`evict-${name}.json`, JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } }));
    await kubectl('create', '--raw', '/api/v1/namespaces/default/pods/a/eviction', '-f', await evict('a'));
    expect(await kubectl('get', 'pdb', 'web', '-o', 'jsonpath={.status.disruptionsAllowed}')).toBe('0');
    const refused = await kubectlFails('create', '--raw', '/api/v1/namespaces/default/pods/b/eviction', '-f', await evict('b'));
    expect(refused).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(await kubectl('get', 'pod', 'b', '-o', 'name')).toBe('pod/b\n');
  });
});

describe.skipIf(!kubectlBin)('real kubectl 1.32: kubectl create token', () => {
  let s: TestApiServer;
  let dir: string;
  let kubeconfig: string;
  const kubectl = async (...args: string[]) => (await run(kubectlBin!, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 60_000 })).stdout;

  beforeAll(async () => {
    // kubectl sends credentials only over TLS: the cluster PKI gives the serving cert, an admin client cert and the SA key pair.
    dir = await mkdtemp(join(tmpdir(), 'skiff-token-'));
    await run('bash', [PKI_SCRIPT, 'all', dir, '--hosts', '127.0.0.1,localhost']);
    const pki = (f: string) => readFileSync(join(dir, f));
    const { security } = securityFromFlags({ 'client-ca-file': join(dir, 'ca.crt'), 'service-account-key-file': join(dir, 'sa.pub'), 'service-account-signing-key-file': join(dir, 'sa.key') });
    s = await startTestApiServer({ server: { tls: { cert: pki('apiserver.crt'), key: pki('apiserver.key'), ca: pki('ca.crt') }, security } });
    kubeconfig = join(dir, 'admin.kubeconfig');
    await run('bash', [PKI_SCRIPT, 'kubeconfig', dir, 'admin', s.url, kubeconfig]);
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('issues a service account token that authenticates as the service account', async () => {
    await kubectl('create', 'serviceaccount', 'robot');
    const token = (await kubectl('create', 'token', 'robot', '--duration=15m')).trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims.sub).toBe('system:serviceaccount:default:robot');
    expect(claims.exp - claims.iat).toBe(900);
    const whoami = await run(kubectlBin!, ['--server', s.url, '--certificate-authority', join(dir, 'ca.crt'), '--token', token, '--cache-dir', join(dir, 'cache2'), 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    expect(whoami.stdout).toBe('system:serviceaccount:default:robot');
  });
});

/**
 * The user path: deploy/multinode/up.sh brings up a 2-node cluster, the manifests in examples/
 * work as their comments say (through skiffctl only), and down.sh removes every container,
 * volume and network the cluster made.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './fixtures/cluster.ts';
import { run } from './fixtures/docker.ts';
import { skiffctl, skiffctlTry } from './fixtures/cli.ts';
import { collectNames, httpGet } from './fixtures/kube.ts';
import { waitFor } from './fixtures/wait.ts';

const name = `skiff-e2e-mn-${Date.now().toString(36)}`;
const kubeconfig = `/var/lib/skiff/multinode/${name}/admin.kubeconfig`;
const script = (s: string) => path.join(repoRoot, 'deploy/multinode', s);
const example = (f: string) => path.join(repoRoot, 'examples', f);
const k = (...args: string[]) => skiffctl(kubeconfig, args);

/** labelled lists what Docker still holds with this cluster's label. */
async function labelled(): Promise<string> {
  const out: string[] = [];
  for (const kind of [['ps', '-aq'], ['volume', 'ls', '-q'], ['network', 'ls', '-q']]) {
    out.push((await run('docker', [...kind, '--filter', `label=skiff.multinode=${name}`])).stdout.trim());
  }
  return out.filter(Boolean).join(' ');
}

/** jsonpath runs `skiffctl get -o jsonpath` and returns the output. */
function jsonpath(args: string[], expr: string): Promise<string> {
  return k('get', ...args, '-o', `jsonpath=${expr}`);
}

describe('deploy/multinode and examples/', () => {
  beforeAll(async () => {
    const up = await run('bash', [script('up.sh'), '--nodes', '2', '--name', name], { timeoutMs: 400_000 });
    if (up.code !== 0) throw new Error(`up.sh exited ${up.code}: ${up.stderr}`);
  });
  afterAll(async () => {
    await run('bash', [script('down.sh'), '--name', name], { timeoutMs: 120_000 });
  });

  it('brings up 2 Ready nodes with pod CIDRs 10.244.1.0/24 and 10.244.2.0/24', async () => {
    const out = await jsonpath(['nodes'], '{range .items[*]}{.metadata.name}={.spec.podCIDR} {end}');
    expect(out.trim().split(' ').sort()).toEqual(['node1=10.244.1.0/24', 'node2=10.244.2.0/24']);
  });

  it('serves examples/deployment-and-service.yaml on NodePort 30080 of every node', async () => {
    await k('apply', '-f', example('deployment-and-service.yaml'));
    await waitFor('3 ready echo replicas', async () => {
      const ready = await jsonpath(['deployment', 'echo'], '{.status.readyReplicas}');
      return { ok: ready === '3', seen: ready };
    }, { timeoutMs: 180_000 });
    const ips = (await jsonpath(['nodes'], '{range .items[*]}{.status.addresses[0].address} {end}')).trim().split(' ');
    for (const ip of ips) {
      const names = await waitFor(`3 pods through ${ip}:30080`, async () => {
        const got = await collectNames(`http://${ip}:30080/`, 30);
        return { ok: got.size === 3, value: got, seen: [...got] };
      }, { timeoutMs: 60_000 });
      for (const n of names) expect(n).toMatch(/^echo-/);
    }
  });

  it('routes examples/ingress.yaml by host and by path on port 80 of every node', async () => {
    await k('apply', '-f', example('ingress.yaml'));
    const ips = (await jsonpath(['nodes'], '{range .items[*]}{.status.addresses[0].address} {end}')).trim().split(' ');
    for (const ip of ips) {
      for (const [path, host] of [['/', 'echo.example.com'], ['/echo/more?x=1', ip]]) {
        const body = await waitFor(`the ingress on ${ip} for ${host}${path}`, async () => {
          const r = await httpGet(`http://${ip}${path}`, 5000, { host });
          return { ok: r.status === 200, value: r.body, seen: `${r.status} ${r.body}` };
        }, { timeoutMs: 60_000 });
        expect(body.trim()).toMatch(/^echo-/);
      }
      expect((await httpGet(`http://${ip}/nothing-here`, 5000, { host: 'other.example.com' })).status).toBe(404);
    }
    // kubectl get ingress shows every Ready node as ADDRESS.
    await waitFor('the Ingress status to list the nodes', async () => {
      const got = (await jsonpath(['ingress', 'echo'], '{.status.loadBalancer.ingress[*].ip}')).trim().split(' ').sort();
      return { ok: JSON.stringify(got) === JSON.stringify([...ips].sort()), seen: got };
    }, { timeoutMs: 60_000 });
  });

  it('runs the sidecar pod, ConfigMap/Secret pod, Job and DaemonSet examples', async () => {
    for (const f of ['pod-with-sidecar.yaml', 'configmap-and-secret.yaml', 'job.yaml', 'daemonset.yaml']) await k('apply', '-f', example(f));
    await waitFor('job pi-ish complete, 2 agents, sidecar 2/2, config-demo done', async () => {
      const job = await jsonpath(['job', 'pi-ish'], '{.status.succeeded}');
      const ds = await jsonpath(['daemonset', 'node-agent'], '{.status.numberReady}');
      const sidecar = await jsonpath(['pod', 'sidecar-demo'], '{.status.containerStatuses[*].ready}');
      const config = await jsonpath(['pod', 'config-demo'], '{.status.phase}');
      return { ok: job === '3' && ds === '2' && sidecar === 'true true' && config === 'Succeeded', seen: { job, ds, sidecar, config } };
    }, { timeoutMs: 180_000, intervalMs: 2000 });
    const logs = await k('logs', 'config-demo');
    expect(logs).toContain('GREETING=hello from a ConfigMap');
    expect(logs).toContain('DB_PASSWORD=s3cr3t');
    expect(logs).toContain('color=blue');
    const tail = await waitFor('the sidecar to see the app log', async () => {
      const r = await skiffctlTry(kubeconfig, ['logs', 'sidecar-demo', '-c', 'log-tailer']);
      return { ok: r.stdout.includes('request 1 at'), value: r.stdout, seen: r.stdout || r.stderr };
    }, { timeoutMs: 60_000 });
    expect(tail).toMatch(/request \d+ at/);
  });

  it('runs secure: the admin kubeconfig speaks TLS with a client certificate, and each kubelet got its client and serving certificates through approved CSRs', async () => {
    const config = readFileSync(kubeconfig, 'utf8');
    expect(config).toContain('server: https://');
    expect(config).toContain('client-certificate-data:');
    const csrs = (await jsonpath(['csr'], '{range .items[*]}{.spec.signerName} {.spec.username} {.status.conditions[0].type} {end}')).trim().split(' ');
    const rows = Array.from({ length: csrs.length / 3 }, (_, i) => csrs.slice(3 * i, 3 * i + 3));
    const of = (signer: string) => rows.filter((r) => r[0] === signer).map((r) => r.slice(1));
    // Client certificates are asked for with the bootstrap token, serving ones by the node itself.
    expect(of('kubernetes.io/kube-apiserver-client-kubelet')).toEqual([
      [expect.stringMatching(/^system:bootstrap:[a-z0-9]{6}$/), 'Approved'],
      [expect.stringMatching(/^system:bootstrap:[a-z0-9]{6}$/), 'Approved'],
    ]);
    expect(of('kubernetes.io/kubelet-serving').sort()).toEqual([
      [expect.stringMatching(/^system:node:/), 'Approved'],
      [expect.stringMatching(/^system:node:/), 'Approved'],
    ]);
    expect(rows).toHaveLength(4);
  });

  it('down.sh removes every container, volume and network of the cluster', async () => {
    const down = await run('bash', [script('down.sh'), '--name', name], { timeoutMs: 120_000 });
    expect(down.code).toBe(0);
    expect(await labelled()).toBe('');
  });
});

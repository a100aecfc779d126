/**
 * The kubelet TLS bootstrap against the real thing: an API server over TLS with Node,RBAC on a
 * real etcd (PKI from deploy/pki/skiff-pki.sh), the real controller-manager running only the CSR
 * signer, and a bootstrap token from `skiffctl token create`. The bootstrapped certificate is the
 * node's identity (the Node authorizer lets it create its own Node and nobody else's), a second
 * run reuses it, and `kubelet/main.ts --bootstrap-kubeconfig` does the same before it starts.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isForbidden } from '../../api/errors.ts';
import { Resources } from '../../api/resources.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { silentLogger } from '../../component-base/logger.ts';
import { ROOT, startSecureCluster, waitUntil, type SecureCluster } from '../testing/secure-cluster.ts';
import { bootstrapClientCertificate } from './bootstrap.ts';

let cluster: SecureCluster;
let dir: string;
const managerLog = () => cluster.managerLog();
const skiffctl = (...args: string[]) => cluster.skiffctl(...args);

beforeAll(async () => {
  cluster = await startSecureCluster('skiff-kubelet-boot-');
  dir = cluster.dir;
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('kubelet TLS bootstrap', () => {
  it('gets a node certificate with a bootstrap token; the Node authorizer accepts it; a second run reuses it', async () => {
    const opts = {
      kubeconfigPath: join(dir, 'n1', 'kubelet.kubeconfig'), bootstrapKubeconfigPath: join(dir, 'bootstrap.kubeconfig'),
      certDir: join(dir, 'n1', 'pki'), nodeName: 'n1', log: silentLogger(), timeoutMs: 60_000, pollMs: 200,
    };
    const first = await bootstrapClientCertificate(opts).catch((err) => {
      throw new Error(`${err}\ncontroller-manager log tail:\n${managerLog().slice(-2000)}`);
    });
    expect(first).toBe('new-cert');

    const asNode = clientFromKubeconfig(opts.kubeconfigPath, 'test-n1');
    try {
      const review = await asNode.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
      expect((review.body as any).status.userInfo).toMatchObject({ username: 'system:node:n1', groups: expect.arrayContaining(['system:nodes']) });
      const nodes = asNode.resource(Resources.nodes);
      await expect(nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } })).resolves.toMatchObject({ metadata: { name: 'n1' } });
      const other = await nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } }).then(() => 'created', (err) => err);
      expect(isForbidden(other), String(other)).toBe(true);
    } finally {
      await asNode.close();
    }

    const csrs = async () => JSON.parse((await skiffctl('get', 'csr', '-o', 'json')).stdout).items as { metadata: { name: string }; spec: { username: string } }[];
    expect((await csrs()).map((c) => c.spec.username)).toEqual([expect.stringMatching(/^system:bootstrap:[a-z0-9]{6}$/)]);
    expect(await bootstrapClientCertificate(opts)).toBe('existing-kubeconfig');
    expect(await csrs()).toHaveLength(1);
  }, 90_000);

  it('kubelet/main.ts --bootstrap-kubeconfig writes its kubeconfig before it starts, and a restart files no new CSR', async () => {
    const args = [
      join(ROOT, 'kubelet/main.ts'), '--node-name=n3', `--kubeconfig=${join(dir, 'n3', 'kubelet.kubeconfig')}`, `--bootstrap-kubeconfig=${join(dir, 'bootstrap.kubeconfig')}`,
      `--root-dir=${join(dir, 'n3', 'root')}`, '--docker-endpoint=unix:///nonexistent/docker.sock', '--manage-host-network=false', '--port=0',
    ];
    const startUntilReady = async () => {
      const kubelet = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      kubelet.stdout!.on('data', (c) => (out += c));
      kubelet.stderr!.on('data', (c) => (out += c));
      const exited = new Promise<number | null>((resolve) => kubelet.on('exit', resolve));
      try {
        await waitUntil(() => out.includes('client credentials ready') || kubelet.exitCode !== null, 60_000, () => out);
        expect(out, out).toContain('client credentials ready');
        return JSON.parse(out.split('\n').find((l) => l.includes('client credentials ready'))!).credentials as string;
      } finally {
        kubelet.kill('SIGTERM');
        await exited;
      }
    };
    expect(await startUntilReady()).toBe('new-cert');
    // The cert lives in <root-dir>/pki (the --cert-dir default).
    expect(readFileSync(join(dir, 'n3', 'root', 'pki', 'kubelet-client.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(await startUntilReady()).toBe('existing-kubeconfig');
  }, 150_000);
});

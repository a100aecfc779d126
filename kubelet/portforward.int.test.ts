/**
 * Port-forward end to end: the real API server (RBAC on, static tokens) proxying pods/portforward
 * to a real kubelet running an HTTP echo pod in Docker: skiffctl (WebSocket channel protocol)
 * fetches the pod's answer through a local port; a user without `create pods/portforward` gets
 * 403. Real kubectl's port-forward is checked in apiserver.int.test.ts (client-go sends no
 * bearer token over plain HTTP, so it cannot log in to this RBAC server).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { securityFromFlags } from '../apiserver/auth/security-flags.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import type { Client } from '../client/types.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { Resources } from '../api/resources.ts';
import { createLogger } from '../component-base/logger.ts';
import type { Pod } from './api-types.ts';
import type { Service } from '../api/core/v1/service.ts';
import { build, type KubeletApp } from './app.ts';
import { parseKubeletConfig } from './config.ts';
import { cleanupNode, randomSubnet, waitFor } from './testing/harness.ts';
import { echo, testPod } from './testing/pods.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const SKIFFCTL = path.join(import.meta.dirname, '../kubectl/main.ts');
let api: TestApiServer;
let client: Client;
let stop: () => Promise<void>;
let app: KubeletApp;
const nodeName = `pf-${Math.random().toString(36).slice(2, 8)}`;
const rootDir = mkdtempSync(path.join(os.tmpdir(), 'skiff-pf-'));
const networkName = `skiff-${nodeName}`;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // The fixture's kubeconfig uses skiff-test-token: make it the admin; `getter` may only get pods/portforward.
  const tokens = path.join(rootDir, 'tokens.csv');
  writeFileSync(tokens, 'skiff-test-token,admin,1,"system:masters"\ngetter-token,getter,2,\n');
  const { security } = securityFromFlags({ 'token-auth-file': tokens, 'authorization-mode': 'RBAC' });
  api = await startTestApiServer({ server: { security } });
  client = clientFromKubeconfig(api.kubeconfigPath, 'pf-test');
  await client.resource<KubeObject>(Resources.serviceaccounts).create('default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } }).catch(() => {});
  const port = await freePort();
  const cfg = parseKubeletConfig([
    `--node-name=${nodeName}`, `--pod-cidr=${randomSubnet()}`, `--port=${port}`, '--address=127.0.0.1', '--node-ip=127.0.0.1',
    `--root-dir=${rootDir}`, `--network-name=${networkName}`, '--manage-host-network=false', '--register-with-taints=skiff.test/only=yes:NoSchedule',
  ], 'unused');
  app = await build(cfg, createLogger('kubelet', process.env.LOG_LEVEL ?? 'warn'), client);
  const ac = new AbortController();
  const running = app.run(ac.signal);
  stop = async () => { ac.abort(); await running; };
  const web = testPod('pf-web', nodeName, [echo('web', 8080, { POD_NAME: 'pf-web' })]);
  web.metadata.labels = { app: 'pf-web' };
  await client.resource<Pod>(Resources.pods).create('default', web);
  await client.resource<Service>(Resources.services).create('default', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'pf-svc', namespace: 'default' }, spec: { selector: { app: 'pf-web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  } as Service);
  await waitFor(async () => {
    const p = await client.resource<Pod>(Resources.pods).get('default', 'pf-web');
    return p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.ready) ? p : undefined;
  }, 'pf-web running', 90_000);
}, 150_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await stop?.();
  await cleanupNode({ nodeName, networkName, rootDir });
  await client?.close();
  await api?.stop();
  rmSync(rootDir, { recursive: true, force: true });
});

/** Forwarder is a running port-forward process and the local ports it announced. */
interface Forwarder {
  ports: number[];
  out: () => string;
  err: () => string;
  stop: () => Promise<number | null>;
}

async function startForward(cmd: string, args: string[], count: number, env: NodeJS.ProcessEnv = {}): Promise<Forwarder> {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => { children.delete(child); r(code); }));
  const ports = await waitFor(() => {
    const found = [...out.matchAll(/Forwarding from 127\.0\.0\.1:(\d+) ->/g)].map((m) => Number(m[1]));
    if (child.exitCode !== null) throw new Error(`port-forward exited: ${err}`);
    return found.length >= count ? found : undefined;
  }, 'port-forward listening', 30_000).catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\nstdout: ${out}\nstderr: ${err.slice(-6000)}`);
  });
  return { ports, out: () => out, err: () => err, stop: async () => { child.kill('SIGINT'); return exited; } };
}

const skiffctl = (args: string[], token?: string) => startForward(process.execPath, [SKIFFCTL, '--kubeconfig', api.kubeconfigPath, ...(token ? ['--token', token] : []), 'port-forward', ...args], args.length - 1);

/** get fetches a path through a local port on a fresh connection. */
function get(port: number, p = '/'): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false, timeout: 15_000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

describe('port-forward through the API server to a kubelet', () => {
  it('skiffctl forwards local connections, many at once, and survives a port nobody listens on', async () => {
    const f = await skiffctl(['pf-web', ':8080', ':9']);
    try {
      expect(f.out()).toMatch(/Forwarding from 127\.0\.0\.1:\d+ -> 8080/);
      const [web, dead] = f.ports;
      expect(await get(web)).toEqual({ code: 200, body: 'pf-web\n' });
      const both = await Promise.all([get(web, '/json'), get(web, '/json')]);
      expect(both.map((r) => JSON.parse(r.body).podName)).toEqual(['pf-web', 'pf-web']);
      await expect(get(dead)).rejects.toThrow();
      await waitFor(() => (/error forwarding port 9 to pod default\/pf-web/.test(f.err()) ? true : undefined), 'error for the dead port');
      expect(await get(web)).toEqual({ code: 200, body: 'pf-web\n' });
    } finally {
      expect(await f.stop()).toBe(0);
    }
  });

  it('skiffctl forwards to a Service port (its targetPort on a selected pod)', async () => {
    const f = await skiffctl(['svc/pf-svc', ':80']);
    try {
      expect(f.out()).toMatch(/-> 8080/);
      expect(await get(f.ports[0])).toEqual({ code: 200, body: 'pf-web\n' });
    } finally {
      await f.stop();
    }
  });

  it('refuses a user without create on pods/portforward (403)', async () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pf-get', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods', 'pods/portforward'], verbs: ['get', 'list'] }] };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'pf-get', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pf-get' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'getter' }] };
    await client.resource<KubeObject>(Resources.roles).create('default', role as KubeObject);
    await client.resource<KubeObject>(Resources.rolebindings).create('default', binding as KubeObject);
    const attempt = () => new Promise<{ code: number; body: string }>((resolve) => {
      const ws = new WebSocket(`${api.url.replace(/^http/, 'ws')}/api/v1/namespaces/default/pods/pf-web/portforward?ports=8080`, ['v4.channel.k8s.io'], { headers: { Authorization: 'Bearer getter-token' }, rejectUnauthorized: false });
      ws.on('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => { req.destroy(); resolve({ code: res.statusCode ?? 0, body }); });
      });
      ws.on('open', () => { ws.close(); resolve({ code: 101, body: '' }); });
      ws.on('error', () => {});
    });
    // Wait until the binding is in force (the getter may read the pod), then the upgrade is still refused.
    await waitFor(async () => (await attempt()).code === 403 && JSON.parse((await attempt()).body).message.includes('create'), 'RBAC in force');
    const r = await attempt();
    expect(r.code).toBe(403);
    expect(JSON.parse(r.body).message).toContain('User "getter" cannot create resource "pods/portforward" in API group "" in the namespace "default"');
  });
});

/**
 * The kubelet API locked to the API server: the real kubelet server (kubelet/server) with
 * --tls-cert-file/--tls-private-key-file/--client-ca-file admits only the API server's kubelet
 * client certificate (or system:masters), and the API server's kubelet proxy reaches it over
 * HTTPS with --kubelet-client-certificate/--kubelet-client-key/--kubelet-certificate-authority.
 * Certificates come from deploy/pki; the container runtime is a stub serving one log.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../component-base/logger.ts';
import type { Pod } from '../../kubelet/api-types.ts';
import { LabelContainerName, LabelPodUid, LabelType, type ContainerRuntime, type RuntimeContainer } from '../../kubelet/runtime/types.ts';
import { startKubeletServer, type KubeletServer } from '../../kubelet/server/server.ts';
import WebSocket from 'ws';
import { startApiServer } from '../server.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import { newTestApp, type TestApp } from '../test-support.ts';
import type { KubeletClientTls } from './index.ts';

const run = promisify(execFile);
const PKI_SCRIPT = join(import.meta.dirname, '../../deploy/pki/skiff-pki.sh');

let dir: string;
let kubelet: KubeletServer;
const file = (f: string) => readFileSync(join(dir, f));

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', namespace: 'default', uid: 'uid-p1' }, spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'busybox' }] } } as unknown as Pod;
const container = { id: 'ctr-1', name: 'c', state: 'running', labels: { [LabelPodUid]: 'uid-p1', [LabelContainerName]: 'c', [LabelType]: 'container' } } as unknown as RuntimeContainer;
// Only what the logs path uses: list (to find the container) and logs.
const runtime = {
  list: async () => [container],
  inspect: async () => container,
  logs: async () => Readable.from([Buffer.from('hello over tls\n')]),
  exec: async (_id: string, o: { cmd: string[] }) => ({ stdout: Readable.from([Buffer.from(`ran ${o.cmd.join(' ')}\n`)]), stderr: Readable.from([]), resize: async () => {}, exitCode: Promise.resolve(0) }),
} as unknown as ContainerRuntime;

/** get calls the kubelet directly over HTTPS, verifying it against the cluster CA, with an optional client cert from the PKI dir. */
function get(path: string, cert?: string): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const base = cert?.startsWith('etcd:') ? join(dir, cert.slice(5)) : cert ? join(dir, cert) : undefined;
    const req = request(`https://127.0.0.1:${kubelet.port}${path}`, { ca: file('ca.crt'), ...(base ? { cert: readFileSync(`${base}.crt`), key: readFileSync(`${base}.key`) } : {}) }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-kubelet-tls-'));
  await run('bash', [PKI_SCRIPT, 'all', dir, '--hosts', '127.0.0.1,localhost']);
  await run('bash', [PKI_SCRIPT, 'kubelet', dir, 'node-a']);
  await run('bash', [PKI_SCRIPT, 'kubelet-serving', dir, 'node-a', '--hosts', '127.0.0.1']);
  kubelet = await startKubeletServer('127.0.0.1', 0, {
    runtime,
    log: silentLogger(),
    findPod: (ns, name) => (ns === 'default' && name === 'p1' ? pod : undefined),
    listPods: () => [pod],
    healthz: () => '',
    tls: { cert: file('kubelet-node-a-serving.crt'), key: file('kubelet-node-a-serving.key'), clientCA: file('ca.crt') },
  });
}, 60_000);

afterAll(async () => {
  await kubelet?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kubelet API over TLS', () => {
  it.each([
    ['no client certificate', undefined, 401],
    ['a certificate from another CA (etcd)', 'apiserver-etcd-client', 401],
    ['a node\'s own kubelet client certificate', 'kubelet-node-a', 403],
    ['the scheduler', 'scheduler', 403],
    ['the API server\'s kubelet client certificate', 'apiserver-kubelet-client', 200],
    ['a system:masters admin', 'admin', 200],
  ])('%s → %i (healthz and pods alike: no unauthenticated endpoint)', async (_what, cert, code) => {
    expect((await get('/healthz', cert)).code).toBe(code);
    expect((await get('/pods', cert)).code).toBe(code);
  });

  it('serves no plain HTTP on its port', async () => {
    const answer = await new Promise<string>((resolve) => {
      const req = httpRequest(`http://127.0.0.1:${kubelet.port}/healthz`, (res) => resolve(`HTTP ${res.statusCode}`));
      req.on('error', (err) => resolve(`error ${err.message}`));
      req.end();
    });
    expect(answer).not.toBe('HTTP 200');
  });
});

describe('API server kubelet proxy over TLS', () => {
  let apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    apps = [];
  });

  async function apiServerWith(kubeletClient: KubeletClientTls | undefined): Promise<TestApp> {
    const t = await newTestApp({ kubeletClient });
    apps.push(t);
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } };
    expect((await t.call('POST', '/api/v1/nodes', node)).statusCode).toBe(201);
    const withStatus = { ...node, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } } } };
    expect((await t.call('PUT', '/api/v1/nodes/node-a/status', withStatus)).statusCode).toBe(200);
    expect((await t.call('POST', '/api/v1/namespaces/default/pods', { ...pod, metadata: { name: 'p1' } })).statusCode).toBe(201);
    return t;
  }

  it('pods/log reaches the kubelet with the kubelet client certificate, verifying the kubelet against the CA', async () => {
    const t = await apiServerWith({ cert: file('apiserver-kubelet-client.crt'), key: file('apiserver-kubelet-client.key'), ca: file('ca.crt') });
    const res = await t.call('GET', '/api/v1/namespaces/default/pods/p1/log');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toBe('hello over tls\n');
  });

  it('refuses a kubelet whose serving certificate does not chain to --kubelet-certificate-authority', async () => {
    const t = await apiServerWith({ cert: file('apiserver-kubelet-client.crt'), key: file('apiserver-kubelet-client.key'), ca: file('etcd/ca.crt') });
    const res = await t.call('GET', '/api/v1/namespaces/default/pods/p1/log');
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/cannot reach the kubelet/);
  });

  it('without a kubelet client certificate (plain HTTP proxy) the secured kubelet gives nothing', async () => {
    const t = await apiServerWith(undefined);
    const res = await t.call('GET', '/api/v1/namespaces/default/pods/p1/log');
    expect(res.statusCode).not.toBe(200);
    expect(res.body).not.toContain('hello over tls');
  });
});

describe('pods/exec through the API server to a TLS kubelet', () => {
  it('splices the WebSocket onto a TLS connection with the kubelet client certificate: output and exit status come back', async () => {
    const server = await startApiServer({ storage: createMemoryStorage(), bindAddress: '127.0.0.1', port: 0, kubeletClient: { cert: file('apiserver-kubelet-client.crt'), key: file('apiserver-kubelet-client.key'), ca: file('ca.crt') } });
    try {
      const post = (path: string, body: unknown, method = 'POST') => fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } };
      expect((await post('/api/v1/nodes', node)).status).toBe(201);
      expect((await post('/api/v1/nodes/node-a/status', { ...node, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } } } }, 'PUT')).status).toBe(200);
      expect((await post('/api/v1/namespaces/default/pods', { ...pod, metadata: { name: 'p1' } })).status).toBe(201);
      const url = `${server.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/p1/exec?command=echo&command=hi&stdout=true&stderr=true`;
      const ws = new WebSocket(url, ['v5.channel.k8s.io']);
      const frames: Buffer[] = [];
      ws.on('message', (d: Buffer) => frames.push(Buffer.from(d)));
      await new Promise<void>((resolve, reject) => {
        ws.on('close', () => resolve());
        ws.on('error', reject);
      });
      const channel = (n: number) => Buffer.concat(frames.filter((f) => f[0] === n).map((f) => f.subarray(1))).toString();
      expect(channel(1)).toBe('ran echo hi\n');
      expect(JSON.parse(channel(3))).toMatchObject({ status: 'Success' });
    } finally {
      await server.stop();
    }
  }, 30_000);
});

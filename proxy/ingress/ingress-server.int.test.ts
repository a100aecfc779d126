import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { silentLogger } from '../../component-base/logger.ts';
import type { Ingress } from '../../api/networking/v1/ingress.ts';
import type { ServicePort } from '../service-ports.ts';
import { freePort } from '../testing/backends.ts';
import { ingressRoutes } from './ingress-routes.ts';
import { IngressServer } from './ingress-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** httpBackend answers "<name> <path> xff=<X-Forwarded-For> host=<X-Forwarded-Host>" and echoes WebSocket messages. */
async function httpBackend(name: string): Promise<number> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.end(`${name} ${req.method} ${req.url} xff=${req.headers['x-forwarded-for']} host=${req.headers['x-forwarded-host']}${body ? ` body=${body}` : ''}`));
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => ws.on('message', (m) => ws.send(`${name}:${m}`)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => (wss.close(), server.closeAllConnections(), server.close(() => r()))));
  return (server.address() as AddressInfo).port;
}

function get(port: number, host: string, path: string, method = 'GET', body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { host }, agent: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sp = (key: string, port: number, backends: number[]): ServicePort => ({
  key, protocol: 'TCP', addresses: ['10.96.0.1'], port, affinityTimeoutMs: 0, localOnly: false, backends: backends.map((p) => ({ ip: '127.0.0.1', port: p })),
});

const ing: Ingress = {
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'site', namespace: 'web' },
  spec: {
    rules: [
      { host: 'shop.example.com', http: { paths: [
        { path: '/', pathType: 'Prefix', backend: { service: { name: 'front', port: { number: 80 } } } },
        { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } },
        { path: '/empty', pathType: 'Prefix', backend: { service: { name: 'empty', port: { number: 80 } } } },
        { path: '/dead', pathType: 'Prefix', backend: { service: { name: 'dead', port: { number: 80 } } } },
      ] } },
    ],
  },
};

async function ingressServer(): Promise<IngressServer> {
  const s = new IngressServer({ port: 0, logger: silentLogger() });
  cleanups.push(() => s.close());
  expect(await s.listen(['127.0.0.1'])).toBe(true);
  return s;
}

describe('IngressServer (real HTTP on loopback)', () => {
  it('routes by host and path to the endpoints, round-robin, with X-Forwarded headers and bodies', async () => {
    const [f1, f2, api] = [await httpBackend('front-1'), await httpBackend('front-2'), await httpBackend('api')];
    const s = await ingressServer();
    s.update(ingressRoutes([ing]), [sp('web/front:', 80, [f1, f2]), sp('web/api:http', 8080, [api])]);
    const port = s.port('127.0.0.1');
    const fronts = [await get(port, 'shop.example.com', '/cart?x=1'), await get(port, 'shop.example.com:80', '/cart?x=1')];
    expect(fronts.map((r) => r.text.split(' ')[0]).sort()).toEqual(['front-1', 'front-2']);
    expect(fronts.map((r) => r.text.split(' ').slice(1).join(' '))).toEqual(['GET /cart?x=1 xff=127.0.0.1 host=shop.example.com', 'GET /cart?x=1 xff=127.0.0.1 host=shop.example.com:80']);
    expect(await get(port, 'shop.example.com', '/api/orders', 'POST', 'order=7')).toEqual({ status: 200, text: 'api POST /api/orders xff=127.0.0.1 host=shop.example.com body=order=7' });
  });

  it('answers 404 without a rule, 503 without ready endpoints, 502 when the endpoint refuses', async () => {
    const s = await ingressServer();
    s.update(ingressRoutes([ing]), [sp('web/empty:', 80, []), sp('web/dead:', 80, [await freePort()])]);
    const port = s.port('127.0.0.1');
    expect(await get(port, 'other.org', '/')).toEqual({ status: 404, text: 'default backend - 404\n' });
    expect((await get(port, 'shop.example.com', '/empty')).status).toBe(503);
    expect((await get(port, 'shop.example.com', '/dead')).status).toBe(502);
    expect((await get(port, 'shop.example.com', '/api')).status).toBe(503); // the Service port is not known at all
  });

  it('passes a WebSocket upgrade through to the endpoint', async () => {
    const front = await httpBackend('front');
    const s = await ingressServer();
    s.update(ingressRoutes([ing]), [sp('web/front:', 80, [front])]);
    const ws = new WebSocket(`ws://127.0.0.1:${s.port('127.0.0.1')}/chat`, { headers: { host: 'shop.example.com' } });
    cleanups.push(async () => ws.terminate());
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send('hi'));
      ws.once('message', (m) => resolve(String(m)));
      ws.once('error', reject);
    });
    expect(reply).toBe('front:hi');
  });

  it('reports a taken port instead of failing, and listens once it is free (beside a cluster IP on the same port)', async () => {
    const blocker = http.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    const s = new IngressServer({ port, logger: silentLogger() });
    cleanups.push(() => s.close());
    expect(await s.listen(['127.0.0.1'])).toBe(false);
    await new Promise<void>((r) => blocker.close(() => r()));
    expect(await s.listen(['127.0.0.1'])).toBe(true);
  });
});

/**
 * The kubelet API swaps its serving certificate in place (--rotate-server-certificates): new
 * TLS connections get the new pair, an open keep-alive connection carries on with the old one,
 * and clients are still checked against the client CA.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../component-base/logger.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { KUBELET_API_CLIENT_CN } from './client-auth.ts';
import { startKubeletServer, type KubeletServer } from './server.ts';

let dir: string;
let server: KubeletServer;
const file = (f: string) => readFileSync(join(dir, f));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-serving-rotation-'));
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=test-ca', '-days', '2');
  for (const [name, cn, ext] of [['a', 'system:node:n1', 'subjectAltName=IP:127.0.0.1'], ['b', 'system:node:n1', 'subjectAltName=IP:127.0.0.1'], ['client', KUBELET_API_CLIENT_CN, 'extendedKeyUsage=clientAuth']]) {
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    execFileSync('bash', ['-c', `openssl x509 -req -in ${name}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -out ${name}.crt -extfile <(echo '${ext}')`], { cwd: dir, stdio: 'ignore' });
  }
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** get /healthz over agent; returns the answer, the serving cert's serial and whether the socket was reused. */
function get(agent: Agent, client = true): Promise<{ code: number; serial: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`https://127.0.0.1:${server.port}/healthz`, { agent, ca: file('ca.crt'), ...(client ? { cert: file('client.crt'), key: file('client.key') } : {}) }, (res) => {
      const serial = (res.socket as TLSSocket).getPeerCertificate().serialNumber;
      res.resume();
      res.on('end', () => resolve({ code: res.statusCode ?? 0, serial, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('kubelet API serving certificate swap', () => {
  it('serves the new pair to new connections, keeps open ones, still demands the client CA', async () => {
    const serial = (f: string) => new X509Certificate(file(f)).serialNumber;
    server = await startKubeletServer('127.0.0.1', 0, {
      runtime: {} as ContainerRuntime, log: silentLogger(), findPod: () => undefined, listPods: () => [], healthz: () => '',
      tls: { cert: file('a.crt'), key: file('a.key'), clientCA: file('ca.crt') },
    });
    const open = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await get(open)).toMatchObject({ code: 200, serial: serial('a.crt'), reused: false });
      server.setServingCertificate(file('b.crt'), file('b.key'));
      expect(await get(open)).toMatchObject({ code: 200, serial: serial('a.crt'), reused: true });
      const fresh = new Agent({ keepAlive: false });
      expect(await get(fresh)).toMatchObject({ code: 200, serial: serial('b.crt') });
      expect(await get(fresh, false)).toMatchObject({ code: 401, serial: serial('b.crt') });
    } finally {
      open.destroy();
    }
  });
});

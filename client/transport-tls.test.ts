import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServerError } from '../api/errors.ts';
import { Resources } from '../api/resources.ts';
import { createClient } from './rest-client.ts';

let dir: string;
let server: https.Server;
let url: string;
const pem: Record<string, string> = {};
const held: http.ServerResponse[] = [];

/** makeCerts builds a CA, a server certificate for 127.0.0.1 and a client certificate with openssl. */
function makeCerts(): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=skiff-test-ca');
  for (const [name, subj] of [['server', '/CN=127.0.0.1'], ['client', '/CN=system:kube-scheduler/O=system:masters'], ['client2', '/CN=system:node:n1/O=system:nodes']]) {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj);
    writeFileSync(join(dir, `${name}.ext`), name === 'server' ? 'subjectAltName=IP:127.0.0.1\n' : 'extendedKeyUsage=clientAuth\n');
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`);
  }
  for (const f of ['ca.crt', 'server.crt', 'server.key', 'client.crt', 'client.key', 'client2.crt', 'client2.key']) pem[f] = readFileSync(join(dir, f), 'utf8');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skiff-tls-'));
  makeCerts();
  server = https.createServer({ key: pem['server.key'], cert: pem['server.crt'], ca: pem['ca.crt'], requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    if (req.url?.includes('watch=true')) {
      // A watch that stays open until the test ends it, with the subject it connected as.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(JSON.stringify({ type: 'ADDED', object: { metadata: { name: peer.subject?.CN ?? '' } } }) + '\n');
      held.push(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ metadata: { name: peer.subject?.CN ?? '' }, auth: req.headers.authorization ?? '' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 30_000);

afterAll(() => {
  server?.closeAllConnections();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS', () => {
  it('verifies the server with the CA and authenticates with a client certificate', async () => {
    const c = createClient({ servers: [url], ca: pem['ca.crt'], cert: pem['client.crt'], key: pem['client.key'], token: 'tok' });
    const got = (await c.resource(Resources.nodes).get(undefined, 'x')) as unknown as { metadata: { name: string }; auth: string };
    expect(got.metadata.name).toBe('system:kube-scheduler');
    expect(got.auth).toBe('Bearer tok');
    await c.close();
  });

  it.each([
    ['an unknown server CA', { cert: 'client.crt', key: 'client.key' }],
    ['no client certificate', { ca: 'ca.crt' }],
  ])('fails with %s', async (_, files: Record<string, string>) => {
    const cfg = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, pem[f]]));
    const c = createClient({ servers: [url], maxRetries: 0, ...cfg });
    await expect(c.resource(Resources.nodes).get(undefined, 'x')).rejects.toSatisfy(isServerError);
    await c.close();
  });
});

describe('credentials (a rotated client certificate)', () => {
  const whoAmI = async (c: ReturnType<typeof createClient>) => ((await c.resource(Resources.nodes).get(undefined, 'x')) as unknown as { metadata: { name: string } }).metadata.name;

  it('new requests present the certificate credentials() returns now; an open watch keeps its connection', async () => {
    let current: { cert: string; key: string } | undefined;
    const c = createClient({ servers: [url], ca: pem['ca.crt'], cert: pem['client.crt'], key: pem['client.key'], credentials: () => current });
    expect(await whoAmI(c)).toBe('system:kube-scheduler'); // undefined: the static pair
    const watch = c.resource(Resources.nodes).watch(undefined, {})[Symbol.asyncIterator]();
    expect((await watch.next()).value?.object.metadata.name).toBe('system:kube-scheduler');

    current = { cert: pem['client2.crt'], key: pem['client2.key'] };
    expect(await whoAmI(c)).toBe('system:node:n1');
    expect(await whoAmI(c)).toBe('system:node:n1');
    current = { cert: pem['client.crt'], key: pem['client.key'] };
    expect(await whoAmI(c)).toBe('system:kube-scheduler');

    // The watch opened before the swaps still streams on its old connection, then ends cleanly.
    held[0].write(JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: 'still-here' } } }) + '\n');
    expect((await watch.next()).value?.object.metadata.name).toBe('still-here');
    for (const r of held.splice(0)) r.end();
    expect((await watch.next()).done).toBe(true);
    await c.close();
  });
});

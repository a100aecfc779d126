import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchServingCertificate } from './cert-reloader.ts';

const run = promisify(execFile);
const PKI = join(import.meta.dirname, '../../deploy/pki/skiff-pki.sh');
let dir: string;
let server: Server;
let port: number;

/** servedSerial opens a fresh TLS connection and returns the serial of the certificate the server presents. */
function servedSerial(): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, ca: readFileSync(join(dir, 'ca.crt')) }, () => {
      resolve(s.getPeerCertificate().serialNumber);
      s.end();
    });
    s.on('error', reject);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-rotate-'));
  await run('bash', [PKI, 'ca', dir]);
  await run('bash', [PKI, 'apiserver', dir, '--hosts', '127.0.0.1']);
  await copyFile(join(dir, 'apiserver.crt'), join(dir, 'serving.crt'));
  await copyFile(join(dir, 'apiserver.key'), join(dir, 'serving.key'));
  server = createServer({ cert: readFileSync(join(dir, 'serving.crt')), key: readFileSync(join(dir, 'serving.key')) }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('serving certificate rotation', () => {
  it('serves a replaced certificate on new connections while an open connection keeps working', async () => {
    const stop = watchServingCertificate(server, { cert: join(dir, 'serving.crt'), key: join(dir, 'serving.key') }, { intervalMs: 50 });
    const agent = new Agent({ connect: { ca: readFileSync(join(dir, 'ca.crt')) }, keepAliveTimeout: 60_000 });
    const get = async () => (await request(`https://127.0.0.1:${port}/`, { dispatcher: agent })).body.text();
    expect(await get()).toBe('ok');
    const before = await servedSerial();
    // The documented procedure: issue a new certificate (same CA), then move it into place.
    await rm(join(dir, 'apiserver.crt'));
    await run('bash', [PKI, 'apiserver', dir, '--hosts', '127.0.0.1']);
    await copyFile(join(dir, 'apiserver.key'), join(dir, 'serving.key'));
    await copyFile(join(dir, 'apiserver.crt'), join(dir, 'serving.crt'));
    const deadline = Date.now() + 10_000;
    let now = before;
    while ((now = await servedSerial()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(now).not.toBe(before);
    expect(await get()).toBe('ok'); // the kept-alive connection survived the rotation
    stop();
    await agent.close();
  }, 60_000);
});

/**
 * The serving certificate manager on a fake client and a fake clock: a fake signer (a reactor
 * that signs with a throwaway openssl CA when the CSR is read, valid from the fake clock's now)
 * stands in for the controller-manager.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CertificateSigningRequest } from '../../api/certificates/v1/csr.ts';
import { Resources } from '../../api/resources.ts';
import type { FakeClock } from '../../client/fake/fake-clock.ts';
import type { FakeClient } from '../../client/fake/fake-client.ts';
import { capturedLog, settle, type LogLine } from '../testing/captured-log.ts';
import type { FakeCsrSigner } from '../testing/fake-csr-signer.ts';
import { DAY, useRotationFixture } from '../testing/rotation-fixture.ts';
import {
  KUBELET_SERVING_SIGNER, SERVING_CERT_FILE, SERVING_KEY_FILE, SERVING_PENDING_KEY_FILE, ServingCertificateManager, servingSans,
  type ServingCertificateOptions, type ServingPair,
} from './serving-certificate.ts';

const CSRS = Resources.certificatesigningrequests;
const fx = useRotationFixture('skiff-serving-');
const { stops, until } = fx;
let signer: FakeCsrSigner;
let dir: string;
let fake: FakeClient;
let clock: FakeClock;
let logged: LogLine[];
beforeEach(() => {
  ({ signer, dir, fake, clock, logged } = fx);
});

const openssl = (args: string[], input?: string) => execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

/** start runs a manager (stopped after the test) and records the pairs it rotates in. */
function start(extra: Partial<ServingCertificateOptions> = {}) {
  const m = new ServingCertificateManager({
    client: fake.client, certDir: join(dir, 'pki'), nodeName: 'n1', sans: servingSans('n1', '10.0.0.7'), log: capturedLog(logged), clock,
    random: () => 0.5, pollMs: 10, waitLogMs: 1000, retryMs: 100, ...extra,
  });
  const rotated: ServingPair[] = [];
  m.onRotate((p) => rotated.push(p));
  const stop = new AbortController();
  stops.push(stop);
  const done = m.run(stop.signal);
  return { m, rotated, done, stop: async () => { stop.abort(); await done; } };
}

const creates = () => fake.actions.filter((a) => a.verb === 'create' && a.resource === 'certificatesigningrequests').map((a) => a.object as CertificateSigningRequest);
const csrText = (csr: CertificateSigningRequest) => openssl(['req', '-noout', '-verify', '-text', '-subject', '-nameopt', 'RFC2253'], Buffer.from(csr.spec.request, 'base64').toString());

describe('servingSans', () => {
  it('are the InternalIP and the Hostname the node registers (node-status.ts)', () => {
    expect(servingSans('n1', '10.0.0.7')).toEqual({ dnsNames: ['n1'], ipAddresses: ['10.0.0.7'] });
    expect(servingSans('10.0.0.7', '10.0.0.7')).toEqual({ dnsNames: [], ipAddresses: ['10.0.0.7'] });
    expect(servingSans('10.0.0.9', 'fd00::7')).toEqual({ dnsNames: [], ipAddresses: ['fd00::7'] });
  });
});

describe('ServingCertificateManager', () => {
  it('files a kubelet-serving CSR for the node and its addresses, stores the issued pair and is ready with it', async () => {
    const { m } = start();
    const pair = await m.ready();
    const [csr] = creates();
    expect(creates()).toHaveLength(1);
    expect(csr.spec).toMatchObject({ signerName: KUBELET_SERVING_SIGNER, usages: ['digital signature', 'key encipherment', 'server auth'] });
    expect(csr.metadata.name).toMatch(/^node-csr-[0-9a-f]{32}$/);
    const text = csrText(csr);
    expect(text).toContain('subject=CN=system:node:n1,O=system:nodes');
    expect(text).toMatch(/X509v3 Subject Alternative Name: *\n\s*DNS:n1, IP Address:10.0.0.7\s*\n/);
    expect(text).toContain('ASN1 OID: prime256v1');

    expect(pair!.cert).toBe(readFileSync(join(dir, 'pki', SERVING_CERT_FILE), 'utf8'));
    expect(pair!.key).toBe(readFileSync(join(dir, 'pki', SERVING_KEY_FILE), 'utf8'));
    expect(new X509Certificate(pair!.cert).checkPrivateKey(await import('node:crypto').then((c) => c.createPrivateKey(pair!.key)))).toBe(true);
    expect(existsSync(join(dir, 'pki', SERVING_PENDING_KEY_FILE))).toBe(false);
    expect(m.current()).toBe(pair);
  });

  it('a restart with a valid certificate for the same addresses files nothing', async () => {
    const first = start();
    const pair = await first.m.ready();
    await first.stop();
    fake.clearActions();
    clock.advance(DAY / 2); // half-way: still fresh
    const second = start();
    expect(await second.m.ready()).toEqual(pair);
    expect(fake.actions).toEqual([]);
  });

  it('a restart past 80 % of the lifetime, or with other addresses, asks for a new certificate', async () => {
    const first = start();
    await first.m.ready();
    await first.stop();
    clock.advance(0.81 * DAY);
    const second = start();
    await second.m.ready();
    expect(creates()).toHaveLength(2);
    await second.stop();

    const moved = start({ sans: servingSans('n1', '10.0.0.8') });
    const pair = await moved.m.ready();
    expect(creates()).toHaveLength(3);
    expect(new X509Certificate(pair!.cert).subjectAltName).toBe('DNS:n1, IP Address:10.0.0.8');
  });

  it('near expiry files a new CSR with a new key and hands the new pair to the server, keeping the old until then', async () => {
    const { m, rotated } = start();
    const first = await m.ready();
    clock.advance(0.7 * DAY); // renewal at 75 % (jitter pinned to the middle)
    await settle();
    expect(creates()).toHaveLength(1);
    expect(m.current()).toBe(first);
    clock.advance(0.06 * DAY);
    await until(() => rotated.length === 1, 'the renewed pair');
    expect(creates()).toHaveLength(2);
    const [a, b] = creates();
    expect(b.metadata.name).not.toBe(a.metadata.name);
    expect(rotated[0].key).not.toBe(first!.key);
    expect(m.current()).toBe(rotated[0]);
    expect(readFileSync(join(dir, 'pki', SERVING_CERT_FILE), 'utf8')).toBe(rotated[0].cert);
    expect(new X509Certificate(rotated[0].cert).validFrom).not.toBe(new X509Certificate(first!.cert).validFrom);
  });

  it('waits out a year-long certificate in timer-sized steps (a Node timer over 2^31-1 ms fires at once)', async () => {
    signer.lifetimeMs = 365 * DAY;
    const asked: number[] = [];
    const fakeSetTimeout = clock.setTimeout.bind(clock);
    clock.setTimeout = (fn, ms) => (asked.push(ms), fakeSetTimeout(fn, ms));
    const { m, rotated } = start();
    await m.ready();
    await until(() => asked.length > 0, 'the renewal timer');
    expect(Math.max(...asked)).toBeLessThanOrEqual(2 ** 31 - 1);
    clock.advance(200 * DAY);
    await settle();
    expect(creates()).toHaveLength(1);
    clock.advance(100 * DAY); // past 75 %
    await until(() => rotated.length === 1, 'the renewal');
    expect(creates()).toHaveLength(2);
  });

  it('a restart while the CSR waits finds the same CSR; until then it logs that the kubelet API is not serving', async () => {
    signer.mode = 'never';
    const first = start();
    await until(() => creates().length === 1, 'the first CSR');
    clock.advance(1000);
    await until(() => logged.some((l) => /still no serving certificate, the kubelet API is not serving.*pending approval/.test(l.msg)), 'the waiting reminder');
    await first.stop();
    expect(await first.m.ready()).toBeUndefined();
    expect(existsSync(join(dir, 'pki', SERVING_PENDING_KEY_FILE))).toBe(true);

    signer.mode = 'approve';
    const second = start();
    expect(await second.m.ready()).toBeDefined();
    expect(fake.tracker.list(CSRS).items).toHaveLength(1);
    expect(new Set(creates().map((c) => c.metadata.name)).size).toBe(1);
  });

  it('a denied CSR is reported and the next attempt uses a new key', async () => {
    signer.mode = 'deny';
    const { m } = start();
    await until(() => logged.some((l) => l.level === 50 && /rejected.*was denied: TestDeny no/.test(l.msg)), 'the denial reported');
    expect(existsSync(join(dir, 'pki', SERVING_PENDING_KEY_FILE))).toBe(false);
    signer.mode = 'approve';
    clock.advance(100); // the first retry pause
    expect(await m.ready()).toBeDefined();
    const [a, b] = creates();
    expect(creates()).toHaveLength(2);
    expect(b.metadata.name).not.toBe(a.metadata.name);
    expect(b.spec.request).not.toBe(a.spec.request);
  });
});

/**
 * The client certificate manager on a fake client (the node's own) and a fake clock, with the
 * fake CSR signer standing in for the controller-manager; connectNode on kubeconfig files.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CertificateSigningRequest } from '../../api/certificates/v1/csr.ts';
import { Resources } from '../../api/resources.ts';
import type { FakeClock } from '../../client/fake/fake-clock.ts';
import type { FakeClient } from '../../client/fake/fake-client.ts';
import { capturedLog, settle, type LogLine } from '../testing/captured-log.ts';
import type { FakeCsrSigner } from '../testing/fake-csr-signer.ts';
import { DAY, useRotationFixture } from '../testing/rotation-fixture.ts';
import { KUBELET_CLIENT_SIGNER, PENDING_KEY_FILE, clientCertFiles, nodeClientSubject } from './bootstrap.ts';
import type { CertPair } from './certificate-rotation.ts';
import { ClientCertificateManager, connectNode, type ClientCertificateOptions } from './client-certificate-rotation.ts';
import { CERT_FILE, KEY_FILE, writeClientKubeconfig } from './credentials.ts';
import { createCsrPem } from './csr-pem.ts';

const CSRS = Resources.certificatesigningrequests;
const fx = useRotationFixture('skiff-client-rot-');
const { stops, until } = fx;
let signer: FakeCsrSigner;
let dir: string;
let pki: string;
let fake: FakeClient;
let clock: FakeClock;
let logged: LogLine[];
beforeEach(() => {
  ({ signer, dir, fake, clock, logged } = fx);
  pki = join(dir, 'pki');
});
const creates = () => fake.actions.filter((a) => a.verb === 'create' && a.resource === 'certificatesigningrequests').map((a) => a.object as CertificateSigningRequest);
const read = (f: string) => readFileSync(f, 'utf8');

/** storeBootstrapped puts a client pair in place as the TLS bootstrap leaves it (signed now). */
function storeBootstrapped(files = clientCertFiles(pki)): CertPair {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const cert = signer.sign(createCsrPem(privateKey, nodeClientSubject('n1')));
  execFileSync('mkdir', ['-p', pki]);
  writeFileSync(files.cert, cert);
  writeFileSync(files.key, key);
  return { cert, key };
}

/** start runs a manager (stopped after the test) and records the pairs it rotates in. */
function start(extra: Partial<ClientCertificateOptions> = {}) {
  const m = new ClientCertificateManager({
    client: fake.client, certDir: pki, nodeName: 'n1', log: capturedLog(logged), clock, random: () => 0.5, pollMs: 10, waitLogMs: 1000, retryMs: 100, ...extra,
  });
  const rotated: CertPair[] = [];
  m.onRotate((p) => rotated.push(p));
  const stop = new AbortController();
  stops.push(stop);
  const done = m.run(stop.signal);
  return { m, rotated, stop: async () => { stop.abort(); await done; } };
}

const serial = (pem: string) => new X509Certificate(pem).serialNumber;

describe('ClientCertificateManager', () => {
  it('uses the bootstrapped pair, and at 70–80 % of its lifetime renews it through the node\'s own client into the same files', async () => {
    const boot = storeBootstrapped();
    const { m, rotated } = start();
    expect(await m.ready()).toEqual(boot);
    clock.advance(0.7 * DAY); // renewal at 75 % (jitter pinned to the middle)
    await settle();
    expect(creates()).toHaveLength(0);
    expect(m.current()).toEqual(boot);

    clock.advance(0.06 * DAY);
    await until(() => rotated.length === 1, 'the renewed pair');
    const [csr] = creates();
    expect(csr.spec).toMatchObject({ signerName: KUBELET_CLIENT_SIGNER, usages: ['digital signature', 'client auth'] });
    const text = execFileSync('openssl', ['req', '-noout', '-verify', '-text', '-subject', '-nameopt', 'RFC2253'], { input: Buffer.from(csr.spec.request, 'base64'), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(text).toContain('subject=CN=system:node:n1,O=system:nodes');
    expect(text).toContain('ASN1 OID: prime256v1');
    expect(text).not.toContain('Subject Alternative Name');

    const renewed = rotated[0];
    expect(m.current()).toBe(renewed);
    expect(serial(renewed.cert)).not.toBe(serial(boot.cert));
    expect(renewed.key).not.toBe(boot.key);
    expect([read(join(pki, CERT_FILE)), read(join(pki, KEY_FILE))]).toEqual([renewed.cert, renewed.key]);
    expect(new X509Certificate(renewed.cert).checkPrivateKey(createPrivateKey(renewed.key))).toBe(true);
    expect(existsSync(join(pki, PENDING_KEY_FILE))).toBe(false);
    expect(logged.some((l) => /connects with the renewed client certificate/.test(l.msg))).toBe(true);

    // And again for the renewed one.
    clock.advance(0.76 * DAY);
    await until(() => rotated.length === 2, 'the second renewal');
    expect(serial(rotated[1].cert)).not.toBe(serial(renewed.cert));
  });

  it('writes the files the kubeconfig points at, keeping the pending request in cert-dir', async () => {
    const files = { cert: join(dir, 'elsewhere.crt'), key: join(dir, 'elsewhere.key') };
    const boot = storeBootstrapped({ ...clientCertFiles(pki), ...files });
    const { m, rotated } = start({ files });
    expect(await m.ready()).toEqual(boot);
    clock.advance(0.76 * DAY);
    await until(() => rotated.length === 1, 'the renewed pair');
    expect([read(files.cert), read(files.key)]).toEqual([rotated[0].cert, rotated[0].key]);
    expect(existsSync(join(pki, CERT_FILE))).toBe(false);
  });

  it('a pair already due at start stays in use while its successor is requested', async () => {
    const boot = storeBootstrapped();
    clock.advance(0.9 * DAY);
    const { m, rotated } = start();
    expect(await m.ready()).toEqual(boot);
    clock.advance(100); // one retry pause: never a renewal loop
    await until(() => rotated.length === 1, 'the renewal');
    expect(creates()).toHaveLength(1);
  });

  it('a denied renewal is reported and asked again with a new key; the old pair stays in use meanwhile', async () => {
    const boot = storeBootstrapped();
    signer.mode = 'deny';
    const { m, rotated } = start();
    clock.advance(0.76 * DAY);
    await until(() => logged.some((l) => l.level === 50 && /client certificate request rejected.*was denied: TestDeny no/.test(l.msg)), 'the denial reported');
    expect(m.current()).toEqual(boot);
    expect(existsSync(join(pki, PENDING_KEY_FILE))).toBe(false);
    expect(read(join(pki, CERT_FILE))).toBe(boot.cert);

    signer.mode = 'approve';
    clock.advance(100); // the first retry pause
    await until(() => rotated.length === 1, 'the renewal after the denial');
    const [a, b] = creates();
    expect(creates()).toHaveLength(2);
    expect(b.metadata.name).not.toBe(a.metadata.name);
    expect(b.spec.request).not.toBe(a.spec.request);
  });

  it('a restart while the renewal waits finds the same CSR', async () => {
    const boot = storeBootstrapped();
    signer.mode = 'never';
    const first = start();
    clock.advance(0.76 * DAY);
    await until(() => creates().length === 1, 'the renewal CSR');
    clock.advance(1000);
    await until(() => logged.some((l) => /still no renewed client certificate.*pending approval/.test(l.msg)), 'the waiting reminder');
    await first.stop();
    expect(read(join(pki, CERT_FILE))).toBe(boot.cert);

    signer.mode = 'approve';
    const second = start();
    expect(await second.m.ready()).toEqual(boot); // due: in use while the renewal is finished
    clock.advance(100);
    await until(() => second.rotated.length === 1, 'the renewal after the restart');
    expect(fake.tracker.list(CSRS).items).toHaveLength(1);
    expect(new Set(creates().map((c) => c.metadata.name)).size).toBe(1);
  });

  it('completes a store a crash cut short between the certificate and its key', async () => {
    storeBootstrapped();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const key = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const cert = signer.sign(createCsrPem(privateKey, nodeClientSubject('n1')));
    writeFileSync(join(pki, CERT_FILE), cert); // the new certificate, the old key
    writeFileSync(join(pki, PENDING_KEY_FILE), key);
    const { m } = start();
    expect(await m.ready()).toEqual({ cert, key });
    expect(read(join(pki, KEY_FILE))).toBe(key);
    expect(existsSync(join(pki, PENDING_KEY_FILE))).toBe(false);
  });
});

describe('connectNode', () => {
  const cluster = { server: 'https://127.0.0.1:1', insecureSkipTLSVerify: true };
  const connect = (rotate: boolean, kubeconfigPath: string) =>
    connectNode({ kubeconfigPath, userAgent: 'test', rotate, certDir: pki, nodeName: 'n1', log: capturedLog(logged) });

  it('renews the certificate files a kubeconfig points at', async () => {
    storeBootstrapped();
    writeClientKubeconfig(join(dir, 'kubelet.kubeconfig'), cluster, pki);
    const { client, rotation } = connect(true, join(dir, 'kubelet.kubeconfig'));
    expect(rotation).toBeInstanceOf(ClientCertificateManager);
    await client.close();
    const off = connect(false, join(dir, 'kubelet.kubeconfig'));
    expect(off.rotation).toBeUndefined();
    await off.client.close();
  });

  it('cannot renew an embedded certificate: warns and connects without rotation', async () => {
    const pair = storeBootstrapped();
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    writeFileSync(join(dir, 'embedded.kubeconfig'), `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${cluster.server}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {client-certificate-data: ${b64(pair.cert)}, client-key-data: ${b64(pair.key)}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`);
    const { client, rotation } = connect(true, join(dir, 'embedded.kubeconfig'));
    expect(rotation).toBeUndefined();
    expect(logged.some((l) => l.level === 40 && /cannot be renewed; rotation is off/.test(l.msg))).toBe(true);
    await client.close();
  });
});

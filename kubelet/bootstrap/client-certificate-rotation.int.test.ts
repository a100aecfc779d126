/**
 * The kubelet's client certificate renewed while it runs, against the real thing (the cluster of
 * kubelet/testing/secure-cluster.ts: TLS API server with Node,RBAC, real controller-manager running
 * only the CSR signer, here with --cluster-signing-duration=16s so a renewal comes within
 * seconds): a node bootstrapped with a token renews its certificate as itself, the csr-signer
 * approves that as a self-renewal, cert-dir holds the new pair, and the node's API requests from
 * then on present the new certificate (seen on the API server's TLS sockets).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateSigningRequest } from '../../api/certificates/v1/csr.ts';
import type { Node } from '../../api/core/v1/node.ts';
import { Resources } from '../../api/resources.ts';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { loadKubeconfig } from '../../client/kubeconfig.ts';
import type { Client } from '../../client/types.ts';
import { silentLogger } from '../../component-base/logger.ts';
import { startSecureCluster, waitUntil, type SecureCluster } from '../testing/secure-cluster.ts';
import { KUBELET_CLIENT_SIGNER, bootstrapClientCertificate } from './bootstrap.ts';
import { connectNode } from './client-certificate-rotation.ts';
import { CERT_FILE, KEY_FILE } from './credentials.ts';

const LIFETIME_S = 16;
let cluster: SecureCluster;
let admin: Client;
const clients: Client[] = [];
const stops: AbortController[] = [];
/** seen are the client certificate serials the API server got, per user agent, in order. */
const seen: { ua: string; serial: string }[] = [];

beforeAll(async () => {
  cluster = await startSecureCluster('skiff-kubelet-client-rot-', [`--cluster-signing-duration=${LIFETIME_S}s`]);
  admin = clientFromKubeconfig(join(cluster.dir, 'admin.kubeconfig'), 'test-admin');
  // The API server runs in this process: look at the certificate on each request's TLS socket.
  cluster.server.app.server.on('request', (req: IncomingMessage) => {
    const serial = (req.socket as TLSSocket).getPeerCertificate?.()?.serialNumber;
    if (serial) seen.push({ ua: String(req.headers['user-agent']), serial: serial.toUpperCase() });
  });
}, 120_000);

afterAll(async () => {
  for (const s of stops) s.abort();
  for (const c of [...clients, admin]) await c?.close();
  await cluster?.stop();
});

const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toUpperCase();

describe('kubelet client certificate rotation (--rotate-certificates)', () => {
  it('renews the node\'s certificate as the node itself before it expires; new requests present the new one', async () => {
    const certDir = join(cluster.dir, 'rot', 'pki');
    const kubeconfigPath = join(cluster.dir, 'rot', 'kubelet.kubeconfig');
    await bootstrapClientCertificate({
      kubeconfigPath, bootstrapKubeconfigPath: join(cluster.dir, 'bootstrap.kubeconfig'), certDir, nodeName: 'rot', log: silentLogger(), timeoutMs: 60_000, pollMs: 200,
    });
    const first = readFileSync(join(certDir, CERT_FILE), 'utf8');
    const x = new X509Certificate(first);
    expect(Date.parse(x.validTo) - Date.parse(x.validFrom)).toBe(LIFETIME_S * 1000);

    const ua = 'test-kubelet/rot';
    const { client, rotation } = connectNode({ kubeconfigPath, userAgent: ua, rotate: true, certDir, nodeName: 'rot', log: silentLogger(), pollMs: 200, retryMs: 1000 });
    clients.push(client);
    const stop = new AbortController();
    stops.push(stop);
    void rotation!.run(stop.signal);
    const nodes = client.resource<Node>(Resources.nodes);
    await nodes.create(undefined, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'rot' } } as Node);
    expect(seen.filter((s) => s.ua === ua).at(-1)?.serial).toBe(serialOf(first));

    // Renewal at 70–80 % of 16 s; the node keeps talking to the API server meanwhile.
    await waitUntil(async () => {
      await nodes.get(undefined, 'rot');
      return rotation!.current()?.cert !== first;
    }, 30_000, () => JSON.stringify(seen.slice(-5)));
    const renewed = rotation!.current()!;
    expect(serialOf(renewed.cert)).not.toBe(serialOf(first));
    expect(Date.parse(new X509Certificate(first).validTo)).toBeGreaterThan(Date.now()); // renewed before expiry

    // Requests from now on authenticate with the new certificate.
    await nodes.get(undefined, 'rot');
    expect(seen.filter((s) => s.ua === ua).at(-1)?.serial).toBe(serialOf(renewed.cert));

    // The renewal was filed by the node itself and approved as a self-renewal.
    const renewal = (await admin.resource<CertificateSigningRequest>(Resources.certificatesigningrequests).list(undefined)).items
      .find((c) => c.spec.signerName === KUBELET_CLIENT_SIGNER && c.spec.username === 'system:node:rot');
    expect(renewal?.spec.groups).toContain('system:nodes');
    expect(renewal?.status?.conditions?.[0]).toMatchObject({ type: 'Approved', reason: 'AutoApproved', message: expect.stringContaining('node renewal (selfnodeclient)') });
    expect(serialOf(Buffer.from(renewal!.status!.certificate!, 'base64').toString())).toBe(serialOf(renewed.cert));

    // cert-dir holds the new pair, where the kubeconfig points: a restart picks it up.
    const [cert, key] = [CERT_FILE, KEY_FILE].map((f) => readFileSync(join(certDir, f), 'utf8'));
    expect(serialOf(cert)).toBe(serialOf(renewed.cert));
    expect(new X509Certificate(cert).checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(loadKubeconfig({ path: kubeconfigPath }).cert).toBe(cert);
  }, 60_000);
});

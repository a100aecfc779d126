/**
 * requestCertificate files a CertificateSigningRequest and waits for its certificate, as
 * client-go's certificate/csr RequestCertificate + WaitForCertificate do for the kubelet.
 */
import { isAlreadyExists, isNotFound, StatusError } from '../../api/errors.ts';
import type { CertificateSigningRequest } from '../../api/certificates/v1/csr.ts';
import { Resources } from '../../api/resources.ts';
import { sleep, type Clock } from '../../client/clock.ts';
import type { Client } from '../../client/types.ts';
import type { Logger } from '../../component-base/logger.ts';

/** CertificateRequest is what to ask for and how long to wait. */
export interface CertificateRequest {
  client: Client;
  /** name is derived from the key, so a restarted kubelet finds the CSR it filed before. */
  name: string;
  csrPem: string;
  signerName: string;
  usages: string[];
  clock: Clock;
  timeoutMs: number;
  pollMs: number;
  log: Logger;
  signal?: AbortSignal;
}

type Csr = CertificateSigningRequest;

/** requestCertificate creates (or finds) the CSR and resolves with the issued certificate (PEM). */
export async function requestCertificate(r: CertificateRequest): Promise<string> {
  const deadline = r.clock.now() + r.timeoutMs;
  for (;;) {
    try {
      await fileCsr(r);
      return await waitForCertificate(r, deadline);
    } catch (err) {
      // An API server not up yet (a machine booting) or briefly failing: ask again until the
      // deadline, as the kubelet keeps retrying. A 4xx answer (forbidden, invalid) is final.
      const code = err instanceof StatusError ? (err.status.code ?? 0) : 0;
      if (err instanceof CsrRejected || (code >= 400 && code < 500 && code !== 429) || r.clock.now() >= deadline || r.signal?.aborted) throw err;
      r.log.warn({ err, csr: r.name }, 'cannot reach the API server to file the certificate signing request; retrying');
      await sleep(r.clock, r.pollMs, r.signal);
    }
  }
}

async function fileCsr(r: CertificateRequest): Promise<void> {
  const csrs = r.client.resource<Csr>(Resources.certificatesigningrequests);
  const request = Buffer.from(r.csrPem).toString('base64');
  const body: Csr = { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: r.name }, spec: { request, signerName: r.signerName, usages: r.usages } };
  try {
    await csrs.create(undefined, body);
    r.log.info({ csr: r.name, signer: r.signerName }, 'filed certificate signing request');
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    // A CSR of this name from an earlier run: it is ours only if it asks for the same request.
    const existing = await csrs.get(undefined, r.name);
    if (existing.spec.request !== request) throw new CsrRejected(`certificate signing request ${r.name} exists with a different request`);
    r.log.info({ csr: r.name }, 'found the certificate signing request filed earlier');
  }
}

/** waitForCertificate polls the CSR until it carries a certificate, is denied or failed, or the deadline passes. */
async function waitForCertificate(r: CertificateRequest, deadline: number): Promise<string> {
  const csrs = r.client.resource<Csr>(Resources.certificatesigningrequests);
  let seen = 'nothing yet';
  for (;;) {
    if (r.signal?.aborted) throw new Error(`stopped while waiting for certificate signing request ${r.name}`);
    try {
      const csr = await csrs.get(undefined, r.name);
      const decided = (t: string) => csr.status?.conditions?.find((c) => c.type === t && c.status === 'True');
      const bad = decided('Denied') ?? decided('Failed');
      if (bad) throw new CsrRejected(`certificate signing request ${r.name} was ${bad.type.toLowerCase()}: ${bad.reason ?? ''} ${bad.message ?? ''}`.trim());
      if (csr.status?.certificate) return Buffer.from(csr.status.certificate, 'base64').toString('utf8');
      seen = decided('Approved') ? 'approved, not yet signed' : 'pending approval';
    } catch (err) {
      if (err instanceof CsrRejected) throw err;
      // Someone deleted it (an admin cleaning up, or garbage collection): start over next run.
      if (isNotFound(err)) throw new CsrRejected(`certificate signing request ${r.name} was deleted while waiting`);
      seen = `error: ${(err as Error).message}`;
    }
    if (r.clock.now() >= deadline) throw new CsrWaitTimeout(`timed out after ${r.timeoutMs} ms waiting for certificate signing request ${r.name} (${seen})`);
    await sleep(r.clock, r.pollMs, r.signal);
  }
}

/** CsrRejected is a final answer: the CSR was denied, failed or is gone (asking again needs a new key). */
export class CsrRejected extends Error {}

/** CsrWaitTimeout means the CSR is filed but still undecided at the deadline: waiting longer may help. */
export class CsrWaitTimeout extends Error {}

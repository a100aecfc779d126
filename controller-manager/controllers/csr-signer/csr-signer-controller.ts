import type { CertificateSigningRequest } from '../../../api/certificates/v1/csr.ts';
import { isConflict, isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { KUBELET_CLIENT_SIGNER, nodeClientDecision } from './approve.ts';
import { inspectCsr, signCsr } from './openssl.ts';

/** SigningConfig is the cluster CA the controller signs with (--cluster-signing-cert-file/--cluster-signing-key-file). */
export interface SigningConfig {
  cert: string;
  key: string;
  /** days a signed certificate is valid (default 365). */
  days?: number;
}

/** CsrSignerController approves node client CSRs and signs approved kubelet client CSRs. */
export interface CsrSignerController extends Controller {
  sync(name: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

const condition = (csr: CertificateSigningRequest, type: string) => (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * newCsrSignerController builds the approver + signer of the node join flow: a kubelet holding a
 * bootstrap token files a CSR for CN=system:node:<name>, O=system:nodes; this controller checks
 * the request (self-signature, subject, usages, requester), marks it Approved, signs it with the
 * cluster CA and puts the certificate in status.certificate, where the kubelet picks it up.
 */
export function newCsrSignerController(ctx: ControllerContext, signing: SigningConfig): CsrSignerController {
  const csrs = ctx.informers.informerFor<CertificateSigningRequest>(Resources.certificatesigningrequests);
  const client = ctx.client.resource<CertificateSigningRequest>(Resources.certificatesigningrequests);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'csr-signer' });
  csrs.addEventHandler({ add: (c) => queue.add(c.metadata.name!), update: (_o, c) => queue.add(c.metadata.name!) });

  async function writeStatus(csr: CertificateSigningRequest): Promise<void> {
    try {
      await client.updateStatus(csr);
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err; // a newer version comes back through the informer
    }
  }

  const sync = async (name: string): Promise<void> => {
    const cached = csrs.lister.get(undefined, name);
    if (!cached || cached.status?.certificate || condition(cached, 'Denied') || condition(cached, 'Failed')) return;
    if (cached.spec.signerName !== KUBELET_CLIENT_SIGNER) return;
    const csr = structuredClone(cached);
    const pem = Buffer.from(csr.spec.request, 'base64').toString('utf8');
    const subject = await inspectCsr(pem).catch(() => undefined);
    if (!subject) {
      csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type: 'Failed', status: 'True', reason: 'InvalidRequest', message: 'the request is not a valid, self-signed PEM CSR', lastUpdateTime: now() }] };
      return writeStatus(csr);
    }
    if (!condition(csr, 'Approved')) {
      const d = nodeClientDecision(csr, subject);
      if (!d.approve) {
        logger.info({ csr: name, reason: d.reason }, 'CSR left for manual approval');
        return;
      }
      csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type: 'Approved', status: 'True', reason: 'AutoApproved', message: `Auto approving kubelet client certificate: ${d.reason}`, lastUpdateTime: now() }] };
    }
    const cert = await signCsr(pem, signing, signing.days ?? 365);
    csr.status = { ...csr.status, certificate: Buffer.from(cert).toString('base64') };
    logger.info({ csr: name, subject: subject.commonName }, 'signed kubelet client certificate');
    await writeStatus(csr);
  };

  return {
    name: 'csr-signer',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [csrs], workers: 1, signal, logger }),
  };
}

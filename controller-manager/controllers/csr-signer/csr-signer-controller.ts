import type { CertificateSigningRequest } from '../../../api/certificates/v1/csr.ts';
import type { Node } from '../../../api/core/v1/node.ts';
import { isConflict, isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { KUBELET_CLIENT_SIGNER, nodeClientDecision } from './approve.ts';
import { KUBELET_SERVING_SIGNER, nodeServingDecision, servingShapeProblem, type Decision } from './approve-serving.ts';
import { inspectCsr, signCsr, type CsrSubject, type Issued } from './openssl.ts';

/** SigningConfig is the cluster CA the controller signs with (--cluster-signing-cert-file/--cluster-signing-key-file). */
export interface SigningConfig {
  cert: string;
  key: string;
  /** durationMs a signed certificate is valid (--cluster-signing-duration; default 1 year). */
  durationMs?: number;
}

/** DEFAULT_SIGNING_DURATION_MS is kube-controller-manager's --cluster-signing-duration default (8760h). */
export const DEFAULT_SIGNING_DURATION_MS = 8760 * 3_600_000;

/** CsrSignerController approves node client and kubelet serving CSRs and signs approved ones of both signers. */
export interface CsrSignerController extends Controller {
  sync(name: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

const condition = (csr: CertificateSigningRequest, type: string) => (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const SIGNERS = new Set([KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER]);

function addCondition(csr: CertificateSigningRequest, type: string, reason: string, message: string): void {
  csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type, status: 'True', reason, message, lastUpdateTime: now() }] };
}

/** issuedFor is the certificate a signer gives: client auth, or server auth for the checked SANs. */
function issuedFor(signer: string, subject: CsrSubject): Issued {
  return signer === KUBELET_SERVING_SIGNER ? { usage: 'serverAuth', dnsNames: subject.dnsNames, ipAddresses: subject.ipAddresses } : { usage: 'clientAuth' };
}

/**
 * newCsrSignerController builds the approver + signer of the node join flow: a kubelet holding a
 * bootstrap token files a CSR for CN=system:node:<name>, O=system:nodes; this controller checks
 * the request (self-signature, subject, usages, requester), marks it Approved, signs it with the
 * cluster CA and puts the certificate in status.certificate, where the kubelet picks it up.
 * Once registered, the kubelet asks the same way for its API's serving certificate (signer
 * kubernetes.io/kubelet-serving): approved only for the node itself and its own addresses
 * (approve-serving.ts), signed with server auth for exactly the SANs checked.
 */
export function newCsrSignerController(ctx: ControllerContext, signing: SigningConfig): CsrSignerController {
  const csrs = ctx.informers.informerFor<CertificateSigningRequest>(Resources.certificatesigningrequests);
  const nodes = ctx.informers.informerFor<Node>(Resources.nodes);
  const client = ctx.client.resource<CertificateSigningRequest>(Resources.certificatesigningrequests);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'csr-signer' });
  csrs.addEventHandler({ add: (c) => queue.add(c.metadata.name!), update: (_o, c) => queue.add(c.metadata.name!) });
  // A serving CSR may arrive before its Node (or its addresses) reach this cache: look again then.
  const requeueServingOf = (n: Node) => {
    for (const c of csrs.lister.list()) {
      if (c.spec.signerName === KUBELET_SERVING_SIGNER && c.spec.username === `system:node:${n.metadata.name}` && !c.status?.certificate) queue.add(c.metadata.name!);
    }
  };
  nodes.addEventHandler({ add: requeueServingOf, update: (_o, n) => requeueServingOf(n) });

  async function writeStatus(csr: CertificateSigningRequest): Promise<void> {
    try {
      await client.updateStatus(csr);
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err; // a newer version comes back through the informer
    }
  }

  const decide = (csr: CertificateSigningRequest, subject: CsrSubject): Decision =>
    csr.spec.signerName === KUBELET_SERVING_SIGNER
      ? nodeServingDecision(csr, subject, nodes.lister.get(undefined, subject.commonName.replace(/^system:node:/, '')))
      : nodeClientDecision(csr, subject);

  const sync = async (name: string): Promise<void> => {
    const cached = csrs.lister.get(undefined, name);
    if (!cached || cached.status?.certificate || condition(cached, 'Denied') || condition(cached, 'Failed')) return;
    if (!SIGNERS.has(cached.spec.signerName)) return;
    const csr = structuredClone(cached);
    const pem = Buffer.from(csr.spec.request, 'base64').toString('utf8');
    const subject = await inspectCsr(pem).catch(() => undefined);
    if (!subject) {
      addCondition(csr, 'Failed', 'InvalidRequest', 'the request is not a valid, self-signed PEM CSR');
      return writeStatus(csr);
    }
    if (!condition(csr, 'Approved')) {
      const d = decide(csr, subject);
      if (!d.approve) {
        logger.info({ csr: name, reason: d.reason }, d.wait ? 'CSR waits for its node' : 'CSR left for manual approval');
        return;
      }
      addCondition(csr, 'Approved', 'AutoApproved', `Auto approving ${csr.spec.signerName === KUBELET_SERVING_SIGNER ? 'kubelet serving' : 'kubelet client'} certificate: ${d.reason}`);
    }
    // Approval (by a human too) does not stretch what the signer issues.
    const problem = csr.spec.signerName === KUBELET_SERVING_SIGNER ? servingShapeProblem(csr, subject) : '';
    if (problem) {
      addCondition(csr, 'Failed', 'SignerValidationFailure', problem);
      return writeStatus(csr);
    }
    const cert = await signCsr(pem, signing, signing.durationMs ?? DEFAULT_SIGNING_DURATION_MS, issuedFor(csr.spec.signerName, subject));
    csr.status = { ...csr.status, certificate: Buffer.from(cert).toString('base64') };
    logger.info({ csr: name, subject: subject.commonName, signer: csr.spec.signerName }, 'signed certificate');
    await writeStatus(csr);
  };

  return {
    name: 'csr-signer',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [csrs, nodes], workers: 1, signal, logger }),
  };
}

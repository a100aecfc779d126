/**
 * The kubelet API's serving certificate from the CSR flow (Kubernetes' kubelet with
 * --rotate-server-certificates, pkg/kubelet/certificate): the node files a CSR for
 * CN=system:node:<name>, O=system:nodes with its registered addresses as SANs (signer
 * kubernetes.io/kubelet-serving) using its own node credentials, keeps key + certificate in
 * --cert-dir and asks again at 70–80 % of the lifetime, handing each new pair to whoever serves
 * it. The csr-signer approves only once the Node has registered those addresses, so nothing
 * else in the kubelet may wait for this.
 */
import { X509Certificate, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { realClock, sleep, type Clock } from '../../client/clock.ts';
import type { Client } from '../../client/types.ts';
import type { Logger } from '../../component-base/logger.ts';
import { csrName } from './bootstrap.ts';
import { certStillValid, writeFileAtomic } from './credentials.ts';
import { certificationRequestInfo, createCsrPem, ipBytes, type CsrSans, type CsrSubject } from './csr-pem.ts';
import { CsrRejected, CsrWaitTimeout, requestCertificate } from './request-certificate.ts';

/** KUBELET_SERVING_SIGNER signs the kubelet API's serving certificates. */
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';

/** SERVING_USAGES are the key usages a kubelet-serving CSR asks for (Kubernetes' kubelet's). */
export const SERVING_USAGES = ['digital signature', 'key encipherment', 'server auth'];

/** The serving pair and the request still waiting for approval, inside --cert-dir. */
export const SERVING_CERT_FILE = 'kubelet-server.crt';
export const SERVING_KEY_FILE = 'kubelet-server.key';
export const SERVING_PENDING_KEY_FILE = 'kubelet-server.key.pending';
export const SERVING_PENDING_CSR_FILE = 'kubelet-server.csr.pending';

/** RENEW_FRACTION: a stored certificate past this share of its lifetime is renewed at start. */
const RENEW_FRACTION = 0.8;
/** JITTER_FRACTION spreads a running kubelet's renewal over [0.7, 0.8] of the lifetime, so nodes issued together do not all ask at once. */
const JITTER_FRACTION = 0.1;

/** MAX_TIMER_MS is the longest Node timer (2^31-1 ms, ~24.8 days): a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** sleepUntil waits until the clock reaches at (epoch ms) in timer-sized steps, or the signal aborts. */
async function sleepUntil(clock: Clock, at: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted && clock.now() < at) await sleep(clock, Math.min(at - clock.now(), MAX_TIMER_MS), signal);
}

/** ServingPair is a PEM certificate and its PEM (PKCS#8) key. */
export interface ServingPair {
  cert: string;
  key: string;
}

/**
 * servingSans are the names the kubelet API is reached by: the node IP it registers as
 * InternalIP and the node name it registers as Hostname (node-status.ts nodeStatus), the only
 * SANs the csr-signer approves. A node name that is an IP is left out: the signer accepts IP SANs
 * only among InternalIP/ExternalIP, and as a DNS name it would match no connection.
 */
export function servingSans(nodeName: string, nodeIP: string): Required<CsrSans> {
  return { dnsNames: isIP(nodeName) === 0 ? [nodeName] : [], ipAddresses: [nodeIP] };
}

/** ServingCertificateOptions configure a ServingCertificateManager. */
export interface ServingCertificateOptions {
  /** client carries the node's own credentials (system:node:<name>): the CSR's requester must be the node. */
  client: Client;
  certDir: string;
  nodeName: string;
  sans: CsrSans;
  log: Logger;
  clock?: Clock;
  /** random draws the renewal jitter (tests pin it). */
  random?: () => number;
  /** pollMs is how often a filed CSR is looked at (default 2 s). */
  pollMs?: number;
  /** waitLogMs: while a CSR stays pending, a reminder is logged this often (default 1 min). */
  waitLogMs?: number;
  /** retryMs is the first pause after a failed or denied request, doubling to maxRetryMs (5 s, 5 min). */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * ServingCertificateManager owns the kubelet API's serving pair: run() loads or requests it and
 * renews it until the signal aborts; ready() resolves with the first pair; onRotate() listeners
 * get every later one (the server swaps its TLS context).
 */
export class ServingCertificateManager {
  readonly #o: ServingCertificateOptions;
  readonly #clock: Clock;
  readonly #subject: CsrSubject;
  readonly #listeners: ((pair: ServingPair) => void)[] = [];
  #current: ServingPair | undefined;
  #resolveReady!: (pair: ServingPair | undefined) => void;
  readonly #ready = new Promise<ServingPair | undefined>((resolve) => (this.#resolveReady = resolve));

  constructor(o: ServingCertificateOptions) {
    this.#o = o;
    this.#clock = o.clock ?? realClock;
    this.#subject = { commonName: `system:node:${o.nodeName}`, organizations: ['system:nodes'] };
  }

  /** current is the pair being served, if any yet. */
  current(): ServingPair | undefined {
    return this.#current;
  }

  /** ready resolves with the first pair, or undefined when run() stopped before there was one. */
  ready(): Promise<ServingPair | undefined> {
    return this.#ready;
  }

  /** onRotate calls fn with each pair that replaces the current one. */
  onRotate(fn: (pair: ServingPair) => void): void {
    this.#listeners.push(fn);
  }

  /** run keeps a valid serving pair until signal aborts (see the file comment). */
  async run(signal: AbortSignal): Promise<void> {
    try {
      let pair = this.#loadStored();
      if (pair) this.#o.log.info({ certDir: this.#o.certDir, notAfter: new X509Certificate(pair.cert).validTo }, 'reusing the serving certificate in cert-dir');
      for (;;) {
        if (!pair) pair = await this.#obtain(signal);
        if (!pair) return;
        this.#use(pair);
        // Never sooner than a retry pause: a certificate issued already past its renewal point must not make a loop.
        const renewAt = Math.max(this.#renewAt(pair.cert), this.#clock.now() + (this.#o.retryMs ?? 5_000));
        this.#o.log.info({ renewAt: new Date(renewAt).toISOString() }, 'serving certificate renewal scheduled');
        await sleepUntil(this.#clock, renewAt, signal);
        if (signal.aborted) return;
        this.#o.log.info('serving certificate due for renewal: requesting a new one');
        pair = undefined;
      }
    } finally {
      this.#resolveReady(undefined);
    }
  }

  #use(pair: ServingPair): void {
    const first = !this.#current;
    this.#current = pair;
    if (first) this.#resolveReady(pair);
    else for (const fn of this.#listeners) fn(pair);
  }

  /** #renewAt is 70–80 % into the certificate's lifetime (epoch ms). */
  #renewAt(certPem: string): number {
    const cert = new X509Certificate(certPem);
    const from = Date.parse(cert.validFrom);
    const life = Date.parse(cert.validTo) - from;
    return from + life * (RENEW_FRACTION - JITTER_FRACTION * (this.#o.random ?? Math.random)());
  }

  /** #loadStored returns the stored pair when it is valid, not past 80 % of its lifetime and for today's SANs. */
  #loadStored(): ServingPair | undefined {
    const read = (f: string) => (existsSync(join(this.#o.certDir, f)) ? readFileSync(join(this.#o.certDir, f), 'utf8') : undefined);
    const cert = read(SERVING_CERT_FILE);
    const key = read(SERVING_KEY_FILE);
    const now = this.#clock.now();
    if (!cert || !key || !certStillValid(cert, key, new Date(now))) return undefined;
    const x = new X509Certificate(cert);
    const from = Date.parse(x.validFrom);
    if (now >= from + (Date.parse(x.validTo) - from) * RENEW_FRACTION) return undefined;
    if (!sansMatch(x, this.#o.sans)) {
      this.#o.log.info({ want: this.#o.sans, have: x.subjectAltName }, 'the stored serving certificate is for other addresses: requesting a new one');
      return undefined;
    }
    return { cert, key };
  }

  /** #obtain requests a pair until one is issued (undefined if the signal aborts first). */
  async #obtain(signal: AbortSignal): Promise<ServingPair | undefined> {
    for (let failures = 0; !signal.aborted; ) {
      try {
        return await this.#requestOnce(signal);
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof CsrWaitTimeout) {
          this.#o.log.warn({ node: this.#o.nodeName, sans: this.#o.sans }, `still no serving certificate, the kubelet API is not serving: ${err.message}; the csr-signer approves once Node ${this.#o.nodeName} has these addresses in status.addresses`);
          continue;
        }
        const pause = Math.min((this.#o.retryMs ?? 5_000) * 2 ** failures++, this.#o.maxRetryMs ?? 300_000);
        if (err instanceof CsrRejected) this.#o.log.error({ err: err.message, retryInMs: pause }, 'serving certificate request rejected: asking again with a new key');
        else this.#o.log.warn({ err, retryInMs: pause }, 'serving certificate request failed; retrying');
        await sleep(this.#clock, pause, signal);
      }
    }
    return undefined;
  }

  /** #requestOnce files (or finds) the pending CSR, waits one waitLogMs for it and stores the result. */
  async #requestOnce(signal: AbortSignal): Promise<ServingPair> {
    const { key, csrPem } = this.#pendingRequest();
    const keyPem = key.export({ type: 'pkcs8', format: 'pem' }) as string;
    let cert: string;
    try {
      cert = await requestCertificate({
        client: this.#o.client, name: csrName(this.#o.nodeName, key), csrPem, signerName: KUBELET_SERVING_SIGNER, usages: SERVING_USAGES,
        clock: this.#clock, timeoutMs: this.#o.waitLogMs ?? 60_000, pollMs: this.#o.pollMs ?? 2_000, log: this.#o.log, signal,
      });
    } catch (err) {
      // A denied (or deleted) request stays that way: the next one needs a new key and so a new name.
      if (err instanceof CsrRejected) this.#dropPending();
      throw err;
    }
    if (!certStillValid(cert, keyPem, new Date(this.#clock.now()))) {
      this.#dropPending();
      throw new CsrRejected('the issued serving certificate is not valid now or does not match the key');
    }
    const dir = this.#o.certDir;
    writeFileAtomic(join(dir, SERVING_CERT_FILE), cert);
    renameSync(join(dir, SERVING_PENDING_KEY_FILE), join(dir, SERVING_KEY_FILE));
    this.#dropPending();
    this.#o.log.info({ certDir: dir, notAfter: new X509Certificate(cert).validTo, sans: this.#o.sans }, 'serving certificate issued and stored');
    return { cert, key: keyPem };
  }

  /**
   * #pendingRequest loads the key and CSR of a request still waiting (so a restart finds the
   * CSR it filed: ECDSA signatures differ every time, only the stored CSR matches) when it asks
   * for today's subject and SANs, else makes and stores a new P-256 key and CSR.
   */
  #pendingRequest(): { key: KeyObject; csrPem: string } {
    const keyFile = join(this.#o.certDir, SERVING_PENDING_KEY_FILE);
    const csrFile = join(this.#o.certDir, SERVING_PENDING_CSR_FILE);
    if (existsSync(keyFile) && existsSync(csrFile)) {
      try {
        const key = createPrivateKey(readFileSync(keyFile));
        const csrPem = readFileSync(csrFile, 'utf8');
        if (pemBody(csrPem).includes(certificationRequestInfo(key, this.#subject, this.#o.sans))) return { key, csrPem };
      } catch {
        // Unreadable: start anew.
      }
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const csrPem = createCsrPem(privateKey, this.#subject, this.#o.sans);
    writeFileAtomic(csrFile, csrPem);
    writeFileAtomic(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    return { key: privateKey, csrPem };
  }

  #dropPending(): void {
    for (const f of [SERVING_PENDING_KEY_FILE, SERVING_PENDING_CSR_FILE]) rmSync(join(this.#o.certDir, f), { force: true });
  }
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** sansMatch tells whether the certificate names exactly the wanted DNS names and IPs (IPs compared as bytes). */
export function sansMatch(cert: X509Certificate, want: CsrSans): boolean {
  const have = (cert.subjectAltName ?? '').split(', ').filter(Boolean);
  const dns = have.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  const ips = have.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice(11));
  if (dns.length + ips.length !== have.length) return false;
  const key = (list: string[]) => [...new Set(list)].sort().join(',');
  const ipKey = (list: string[]) => {
    try {
      return key(list.map((ip) => ipBytes(ip).toString('hex')));
    } catch {
      return '!';
    }
  };
  return key(dns) === key(want.dnsNames ?? []) && ipKey(ips) === ipKey(want.ipAddresses ?? []);
}

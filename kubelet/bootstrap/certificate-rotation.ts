/**
 * CertificateRotator keeps one kubelet certificate from the CSR flow valid (Kubernetes'
 * pkg/kubelet/certificate manager, shared by the client and the serving certificate): it loads
 * the stored pair or files a CSR with a new P-256 key using the node's own credentials, waits
 * for the certificate, stores it, and asks again at 70–80 % of the lifetime (jittered, so nodes
 * issued together do not all ask at once). A denied or failed request is logged and asked again
 * with back-off and a new key; the pair in use stays until a new one is issued.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { realClock, sleep, type Clock } from '../../client/clock.ts';
import type { Client } from '../../client/types.ts';
import type { Logger } from '../../component-base/logger.ts';
import { csrName } from './bootstrap.ts';
import { certStillValid } from './credentials.ts';
import type { CsrSans, CsrSubject } from './csr-pem.ts';
import { dropPending, finishInterruptedStore, loadOrCreatePending, storeIssued, type CertFiles } from './pending-request.ts';
import { CsrRejected, CsrWaitTimeout, requestCertificate } from './request-certificate.ts';

/** RENEW_FRACTION: a stored certificate past this share of its lifetime is due at start. */
const RENEW_FRACTION = 0.8;
/** JITTER_FRACTION spreads a running kubelet's renewal over [0.7, 0.8] of the lifetime. */
const JITTER_FRACTION = 0.1;

/** MAX_TIMER_MS is the longest Node timer (2^31-1 ms, ~24.8 days): a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** sleepUntil waits until the clock reaches at (epoch ms) in timer-sized steps, or the signal aborts. */
async function sleepUntil(clock: Clock, at: number, signal: AbortSignal): Promise<void> {
  while (!signal.aborted && clock.now() < at) await sleep(clock, Math.min(at - clock.now(), MAX_TIMER_MS), signal);
}

/** CertPair is a PEM certificate and its PEM (PKCS#8) key. */
export interface CertPair {
  cert: string;
  key: string;
}

/** RotationTiming are the knobs tests turn (defaults are the kubelet's). */
export interface RotationTiming {
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

/** CertificateKind says which certificate a rotator keeps and how it judges a stored one. */
export interface CertificateKind {
  /** what names it in log lines ("serving", "client"). */
  what: string;
  signerName: string;
  usages: string[];
  subject: CsrSubject;
  sans?: CsrSans;
  files: CertFiles;
  /** usable tells whether a stored, valid pair may be used; due: it is past 80 % of its lifetime. */
  usable(cert: X509Certificate, due: boolean): boolean;
  /** stillWaiting is the warning logged while a filed CSR stays undecided. */
  stillWaiting(err: CsrWaitTimeout): string;
}

/** CertificateRotatorOptions configure a CertificateRotator. */
export interface CertificateRotatorOptions extends RotationTiming {
  /** client carries the node's own credentials (system:node:<name>): the CSR's requester must be the node. */
  client: Client;
  nodeName: string;
  kind: CertificateKind;
  log: Logger;
}

/**
 * CertificateRotator owns one pair: run() loads or requests it and renews it until the signal
 * aborts; ready() resolves with the first pair; onRotate() listeners get every later one.
 */
export class CertificateRotator {
  readonly #o: CertificateRotatorOptions;
  readonly #clock: Clock;
  readonly #listeners: ((pair: CertPair) => void)[] = [];
  #current: CertPair | undefined;
  #resolveReady!: (pair: CertPair | undefined) => void;
  readonly #ready = new Promise<CertPair | undefined>((resolve) => (this.#resolveReady = resolve));

  constructor(o: CertificateRotatorOptions) {
    this.#o = o;
    this.#clock = o.clock ?? realClock;
  }

  /** current is the pair in use, if any yet. */
  current(): CertPair | undefined {
    return this.#current;
  }

  /** ready resolves with the first pair, or undefined when run() stopped before there was one. */
  ready(): Promise<CertPair | undefined> {
    return this.#ready;
  }

  /** onRotate calls fn with each pair that replaces the current one. */
  onRotate(fn: (pair: CertPair) => void): void {
    this.#listeners.push(fn);
  }

  /** run keeps a valid pair until signal aborts (see the file comment). */
  async run(signal: AbortSignal): Promise<void> {
    const { what, files } = this.#o.kind;
    try {
      let pair = this.#loadStored();
      if (pair) this.#o.log.info({ cert: files.cert, notAfter: new X509Certificate(pair.cert).validTo }, `reusing the stored ${what} certificate`);
      for (;;) {
        if (!pair) pair = await this.#obtain(signal);
        if (!pair) return;
        this.#use(pair);
        // Never sooner than a retry pause: a certificate issued already past its renewal point must not make a loop.
        const renewAt = Math.max(this.#renewAt(pair.cert), this.#clock.now() + (this.#o.retryMs ?? 5_000));
        this.#o.log.info({ renewAt: new Date(renewAt).toISOString() }, `${what} certificate renewal scheduled`);
        await sleepUntil(this.#clock, renewAt, signal);
        if (signal.aborted) return;
        this.#o.log.info(`${what} certificate due for renewal: requesting a new one`);
        pair = undefined;
      }
    } finally {
      this.#resolveReady(undefined);
    }
  }

  #use(pair: CertPair): void {
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

  /** #loadStored returns the stored pair when it is valid now and the kind finds it usable. */
  #loadStored(): CertPair | undefined {
    const { files } = this.#o.kind;
    finishInterruptedStore(files);
    const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : undefined);
    const cert = read(files.cert);
    const key = read(files.key);
    const now = this.#clock.now();
    if (!cert || !key || !certStillValid(cert, key, new Date(now))) return undefined;
    const x = new X509Certificate(cert);
    const from = Date.parse(x.validFrom);
    const due = now >= from + (Date.parse(x.validTo) - from) * RENEW_FRACTION;
    return this.#o.kind.usable(x, due) ? { cert, key } : undefined;
  }

  /** #obtain requests a pair until one is issued (undefined if the signal aborts first). */
  async #obtain(signal: AbortSignal): Promise<CertPair | undefined> {
    const { what } = this.#o.kind;
    for (let failures = 0; !signal.aborted; ) {
      try {
        return await this.#requestOnce(signal);
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof CsrWaitTimeout) {
          this.#o.log.warn({ node: this.#o.nodeName, sans: this.#o.kind.sans }, this.#o.kind.stillWaiting(err));
          continue;
        }
        const pause = Math.min((this.#o.retryMs ?? 5_000) * 2 ** failures++, this.#o.maxRetryMs ?? 300_000);
        if (err instanceof CsrRejected) this.#o.log.error({ err: err.message, retryInMs: pause }, `${what} certificate request rejected: asking again with a new key`);
        else this.#o.log.warn({ err, retryInMs: pause }, `${what} certificate request failed; retrying`);
        await sleep(this.#clock, pause, signal);
      }
    }
    return undefined;
  }

  /** #requestOnce files (or finds) the pending CSR, waits one waitLogMs for it and stores the result. */
  async #requestOnce(signal: AbortSignal): Promise<CertPair> {
    const { what, files, subject, sans, signerName, usages } = this.#o.kind;
    const { key, csrPem } = loadOrCreatePending(files, subject, sans);
    const keyPem = key.export({ type: 'pkcs8', format: 'pem' }) as string;
    let cert: string;
    try {
      cert = await requestCertificate({
        client: this.#o.client, name: csrName(this.#o.nodeName, key), csrPem, signerName, usages,
        clock: this.#clock, timeoutMs: this.#o.waitLogMs ?? 60_000, pollMs: this.#o.pollMs ?? 2_000, log: this.#o.log, signal,
      });
    } catch (err) {
      // A denied (or deleted) request stays that way: the next one needs a new key and so a new name.
      if (err instanceof CsrRejected) dropPending(files);
      throw err;
    }
    if (!certStillValid(cert, keyPem, new Date(this.#clock.now()))) {
      dropPending(files);
      throw new CsrRejected(`the issued ${what} certificate is not valid now or does not match the key`);
    }
    storeIssued(files, cert, keyPem);
    this.#o.log.info({ cert: files.cert, notAfter: new X509Certificate(cert).validTo, serial: new X509Certificate(cert).serialNumber }, `${what} certificate issued and stored`);
    return { cert, key: keyPem };
  }
}

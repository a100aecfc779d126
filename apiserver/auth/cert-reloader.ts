import { readFileSync, statSync } from 'node:fs';
import type { Server as TlsServer } from 'node:tls';
import type { Logger } from '../../component-base/logger.ts';

/** ServingFiles are the files of the serving certificate (and the client CA bundle). */
export interface ServingFiles {
  cert: string;
  key: string;
  ca?: string;
}

const stamp = (files: ServingFiles) => [files.cert, files.key, files.ca].filter(Boolean).map((f) => `${statSync(f!).mtimeMs}:${statSync(f!).size}`).join('|');

/**
 * watchServingCertificate rotates certificates without downtime: it polls the files and, when
 * they change, installs them with setSecureContext — new connections get the new certificate
 * (and the new client CA bundle), open connections carry on. A half-written pair (key and cert
 * not matching) is skipped and retried on the next poll. Returns a stop function.
 */
export function watchServingCertificate(server: TlsServer, files: ServingFiles, opts: { intervalMs?: number; logger?: Logger } = {}): () => void {
  let last = stamp(files);
  const timer = setInterval(() => {
    let now: string;
    try {
      now = stamp(files);
    } catch {
      return; // a file is being replaced
    }
    if (now === last) return;
    try {
      server.setSecureContext({ cert: readFileSync(files.cert), key: readFileSync(files.key), ...(files.ca ? { ca: readFileSync(files.ca) } : {}) });
      last = now;
      opts.logger?.info({ cert: files.cert }, 'serving certificate reloaded');
    } catch (err) {
      opts.logger?.warn({ err }, 'serving certificate files changed but could not be loaded yet');
    }
  }, opts.intervalMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}

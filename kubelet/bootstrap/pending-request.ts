/**
 * The files of one certificate the kubelet asks for through a CSR (its client certificate, its
 * serving certificate): the pair in use and the key + CSR of a request still waiting, kept across
 * restarts so a restarted kubelet finds the CSR it filed (ECDSA signatures differ on every
 * signing: only the stored CSR matches the filed one byte for byte). Shared by the TLS bootstrap
 * and the rotation managers.
 */
import { X509Certificate, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from './credentials.ts';
import { certificationRequestInfo, createCsrPem, type CsrSans, type CsrSubject } from './csr-pem.ts';

/** CertFiles are absolute paths: the pair in use and the waiting request's key and CSR. */
export interface CertFiles {
  cert: string;
  key: string;
  pendingKey: string;
  pendingCsr: string;
}

/** PendingRequest is the key a CSR was made with and the CSR (PEM). */
export interface PendingRequest {
  key: KeyObject;
  csrPem: string;
}

/**
 * loadOrCreatePending returns the stored request when it is readable and asks for subject and
 * sans, else makes and stores a new P-256 key and its CSR.
 */
export function loadOrCreatePending(files: CertFiles, subject: CsrSubject, sans?: CsrSans): PendingRequest {
  if (existsSync(files.pendingKey) && existsSync(files.pendingCsr)) {
    try {
      const key = createPrivateKey(readFileSync(files.pendingKey));
      const csrPem = readFileSync(files.pendingCsr, 'utf8');
      if (pemBody(csrPem).includes(certificationRequestInfo(key, subject, sans))) return { key, csrPem };
    } catch {
      // Unreadable (the renames exclude half-written files, but a disk can still lie): start anew.
    }
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const csrPem = createCsrPem(privateKey, subject, sans);
  writeFileAtomic(files.pendingCsr, csrPem);
  writeFileAtomic(files.pendingKey, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  return { key: privateKey, csrPem };
}

/** dropPending forgets the waiting request (a denied one stays denied: the next needs a new key). */
export function dropPending(files: CertFiles): void {
  for (const f of [files.pendingKey, files.pendingCsr]) rmSync(f, { force: true });
}

/**
 * storeIssued puts the issued certificate and the pending key in place of the pair in use. Each
 * file is replaced atomically; the key goes last and the pending key is dropped only after it,
 * so a crash in between leaves a pair finishInterruptedStore can complete.
 */
export function storeIssued(files: CertFiles, certPem: string, keyPem: string): void {
  writeFileAtomic(files.cert, certPem);
  writeFileAtomic(files.key, keyPem);
  dropPending(files);
}

/**
 * finishInterruptedStore completes a storeIssued a crash cut short: when the certificate in use
 * belongs to the pending key (the key file still holds the old one), that key moves in.
 */
export function finishInterruptedStore(files: CertFiles): void {
  if (!existsSync(files.cert) || !existsSync(files.pendingKey)) return;
  try {
    const keyPem = readFileSync(files.pendingKey, 'utf8');
    if (!new X509Certificate(readFileSync(files.cert)).checkPrivateKey(createPrivateKey(keyPem))) return;
    writeFileAtomic(files.key, keyPem);
    dropPending(files);
  } catch {
    // Unreadable: nothing to complete, the caller treats the pair as missing.
  }
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

import { createCipheriv, createDecipheriv, randomBytes, type CipherGCMTypes } from 'node:crypto';
import type { AesGcmKey, Provider } from './config.ts';

/** PREFIX is the start of every value the AES-GCM provider writes: `k8s:enc:aesgcm:v1:<keyname>:`. */
export const PREFIX = 'k8s:enc:aesgcm:v1:';

const cipherOf = (len: number): CipherGCMTypes => (len === 16 ? 'aes-128-gcm' : len === 24 ? 'aes-192-gcm' : 'aes-256-gcm');

/** sealWith encrypts plaintext with key: prefix, then base64(nonce ‖ ciphertext ‖ tag). The key name is bound as AAD. */
export function sealWith(key: AesGcmKey, plaintext: Buffer, aad: string): string {
  const nonce = randomBytes(12);
  const c = createCipheriv(cipherOf(key.secret.length), key.secret, nonce);
  c.setAAD(Buffer.from(aad));
  const body = Buffer.concat([nonce, c.update(plaintext), c.final(), c.getAuthTag()]);
  return `${PREFIX}${key.name}:${body.toString('base64')}`;
}

/** openWith decrypts a sealed value with key; throws on tampering or a wrong key. */
export function openWith(key: AesGcmKey, sealed: string, aad: string): Buffer {
  const body = Buffer.from(sealed.slice(`${PREFIX}${key.name}:`.length), 'base64');
  const d = createDecipheriv(cipherOf(key.secret.length), key.secret, body.subarray(0, 12));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()]);
}

/** Transformer turns a resource's plaintext into its stored form and back, from a provider list. */
export interface Transformer {
  /** seal encrypts with the first provider; undefined when the first provider is identity (store plaintext). */
  seal(plaintext: Buffer, aad: string): string | undefined;
  /** open decrypts a sealed value with whichever key its prefix names. */
  open(sealed: string, aad: string): Buffer;
}

/** transformerFor builds the Transformer of a provider list: the first provider writes, every aesgcm key can read. */
export function transformerFor(providers: Provider[]): Transformer {
  const keys = new Map<string, AesGcmKey>();
  for (const p of providers) if (p.type === 'aesgcm') for (const k of p.keys) if (!keys.has(k.name)) keys.set(k.name, k);
  const first = providers[0];
  return {
    seal: (plaintext, aad) => (first.type === 'aesgcm' ? sealWith(first.keys[0], plaintext, aad) : undefined),
    open(sealed, aad) {
      const name = sealed.slice(PREFIX.length).split(':')[0];
      const key = keys.get(name);
      if (!key) throw new Error(`no key named ${JSON.stringify(name)} in the encryption provider config`);
      return openWith(key, sealed, aad);
    },
  };
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** AesGcmKey is one named 16/24/32-byte key. */
export interface AesGcmKey {
  name: string;
  secret: Buffer;
}

/** Provider is one entry of a provider list: AES-GCM with keys (first encrypts) or identity (plaintext). */
export type Provider = { type: 'aesgcm'; keys: AesGcmKey[] } | { type: 'identity' };

/** EncryptionConfig maps resources (e.g. 'secrets') to their provider list; the first provider writes. */
export interface EncryptionConfig {
  resources: { resources: string[]; providers: Provider[] }[];
}

type RawProvider = { aesgcm?: { keys?: { name?: string; secret?: string }[] }; identity?: object } & Record<string, unknown>;

function parseProvider(p: RawProvider, where: string): Provider {
  if (p.identity !== undefined) return { type: 'identity' };
  if (p.aesgcm) {
    const keys = (p.aesgcm.keys ?? []).map((k, i) => {
      if (!k.name || !/^[A-Za-z0-9_.-]+$/.test(k.name)) throw new Error(`${where}.aesgcm.keys[${i}].name must be a plain name`);
      const secret = Buffer.from(k.secret ?? '', 'base64');
      if (![16, 24, 32].includes(secret.length)) throw new Error(`${where}.aesgcm.keys[${i}].secret must be 16, 24 or 32 bytes, base64`);
      return { name: k.name, secret };
    });
    if (keys.length === 0) throw new Error(`${where}.aesgcm needs at least one key`);
    return { type: 'aesgcm', keys };
  }
  throw new Error(`${where}: unsupported provider ${Object.keys(p).join(',')} (aesgcm and identity are supported)`);
}

/**
 * parseEncryptionConfig reads kube-apiserver's EncryptionConfiguration
 * (apiserver.config.k8s.io/v1) with aesgcm and identity providers. Key rotation: put the new
 * key first (it encrypts), keep the old one after it (it still decrypts), rewrite every Secret,
 * then drop the old key.
 */
export function parseEncryptionConfig(text: string): EncryptionConfig {
  const doc = parse(text) as { kind?: string; resources?: { resources?: string[]; providers?: RawProvider[] }[] };
  if (doc?.kind !== 'EncryptionConfiguration') throw new Error('encryption provider config: kind must be EncryptionConfiguration');
  return {
    resources: (doc.resources ?? []).map((r, i) => {
      if (!r.resources?.length || !r.providers?.length) throw new Error(`resources[${i}] needs resources and providers`);
      return { resources: r.resources.map((x) => x.split('.')[0]), providers: r.providers.map((p, j) => parseProvider(p, `resources[${i}].providers[${j}]`)) };
    }),
  };
}

/** loadEncryptionConfig reads --encryption-provider-config. */
export function loadEncryptionConfig(path: string): EncryptionConfig {
  return parseEncryptionConfig(readFileSync(path, 'utf8'));
}

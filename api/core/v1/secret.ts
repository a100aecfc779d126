import { Type, type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Bool, KindSchema, Opt, Str, StrMap } from './schema-kit.ts';
import { immutable, invalid, required } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import { validateDataMaps, validateImmutableDataUpdate } from './data-validation.ts';

/** SecretSchema is a core/v1 Secret: base64 data, write-only stringData, a type. */
export const SecretSchema = KindSchema({
  type: Opt(Str()),
  data: Opt(Type.Record(Type.String(), Type.String({ format: 'byte' }))),
  stringData: Opt(StrMap()),
  immutable: Opt(Bool()),
});
export type Secret = Static<typeof SecretSchema>;

/** Keys each well-known Secret type must carry. */
const requiredKeys: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

/**
 * foldStringData moves stringData into data (base64), as Kubernetes does on create and
 * update: stringData wins over data for the same key and is never stored.
 */
export function foldStringData(secret: Secret): void {
  if (!secret.stringData) return;
  secret.data ??= {};
  for (const [k, v] of Object.entries(secret.stringData)) secret.data[k] = Buffer.from(v, 'utf8').toString('base64');
  delete secret.stringData;
}

function validateSecret(s: Secret): StatusCause[] {
  const causes = validateObjectMeta(s.metadata, { namespaced: true });
  causes.push(...validateDataMaps([['data', s.data]], (_f, v) => Buffer.from(v, 'base64').length));
  const type = s.type ?? 'Opaque';
  for (const key of requiredKeys[type] ?? []) if (!s.data?.[key]) causes.push(required(`data[${key}]`));
  if (type === 'kubernetes.io/service-account-token' && !s.metadata?.annotations?.['kubernetes.io/service-account.name']) {
    causes.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  if (type === 'kubernetes.io/basic-auth' && !s.data?.username && !s.data?.password) {
    causes.push(required('data[username]', 'either username or password must be set'));
  }
  const dcj = s.data?.['.dockerconfigjson'];
  if (type === 'kubernetes.io/dockerconfigjson' && dcj) {
    try {
      JSON.parse(Buffer.from(dcj, 'base64').toString('utf8'));
    } catch {
      causes.push(invalid('data[.dockerconfigjson]', '<secret contents redacted>', 'invalid JSON'));
    }
  }
  return causes;
}

/** secretDefinition is the KindDefinition of core/v1 Secret. */
export const secretDefinition: KindDefinition<Secret> = {
  info: Resources.secrets,
  schema: SecretSchema,
  applyDefaults(s) {
    s.type ||= 'Opaque';
    foldStringData(s);
  },
  validate: validateSecret,
  validateUpdate: (s, old) => [
    ...validateSecret(s),
    ...validateObjectMetaUpdate(s.metadata, old.metadata),
    ...immutable('type', s.type ?? 'Opaque', old.type ?? 'Opaque'),
    ...validateImmutableDataUpdate(s, old),
  ],
  selectableFields: (s) => ({ type: s.type ?? '' }),
};

import { randomBytes, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { StatusCause } from '../../api/meta/v1/status.ts';
import { segmentProblem } from '../storage/keys.ts';
import { comparableManagedFields } from './field-manager.ts';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** generateNameSuffix returns 5 random characters from Kubernetes' name alphabet (no vowels). */
export function generateNameSuffix(): string {
  const bytes = randomBytes(5);
  return Array.from(bytes, (b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
}

/** nowTimestamp is an RFC 3339 timestamp with second precision, as Kubernetes writes them. */
export function nowTimestamp(offsetSeconds = 0): string {
  return new Date(Math.floor(Date.now() / 1000) * 1000 + offsetSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** fillCreateMeta sets the server-owned metadata of a new object: name from generateName, uid, timestamps, generation. */
export function fillCreateMeta(obj: KubeObject): void {
  const m = obj.metadata;
  if (!m.name && m.generateName) m.name = m.generateName + generateNameSuffix();
  m.uid = randomUUID();
  m.creationTimestamp = nowTimestamp();
  // Only kinds with a spec track generation (ConfigMaps, Secrets, Events… do not).
  if ((obj as { spec?: unknown }).spec !== undefined) m.generation = 1;
  else delete m.generation;
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
}

/**
 * validateMetaName checks metadata.name the generic way: present and a safe storage key segment.
 * Kinds add their own rule (most a DNS-1123 subdomain; RBAC names may hold ':').
 */
export function validateMetaName(obj: KubeObject): StatusCause[] {
  const name = obj.metadata?.name;
  if (!name) return [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }];
  const problem = segmentProblem(name);
  return problem ? [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(name)}: ${problem}` }] : [];
}

/** specChanged tells whether anything besides metadata and status differs (generation bump). */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { metadata: _m, status: _s, ...rest } = o as KubeObject & { status?: unknown };
    return rest;
  };
  return !isDeepStrictEqual(strip(a), strip(b));
}

/** sameObject compares two objects ignoring resourceVersion and managedFields timestamps (ownership changes count). */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  const norm = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: comparableManagedFields(o.metadata.managedFields) } });
  return isDeepStrictEqual(JSON.parse(JSON.stringify(norm(a))), JSON.parse(JSON.stringify(norm(b))));
}

/**
 * The value codec shared by every Storage implementation: objects are stored as JSON without
 * metadata.resourceVersion (the revision is the key's mod revision, never part of the value).
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { StorageError } from './types.ts';

/** encodeObject is the stored JSON of obj, with resourceVersion stripped. */
export function encodeObject(obj: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata ?? {};
  return JSON.stringify({ ...obj, metadata });
}

/** decodeObject parses a stored value and stamps resourceVersion = revision. */
export function decodeObject<T extends KubeObject>(key: string, value: string, revision: number | string): T {
  let obj: T;
  try {
    obj = JSON.parse(value) as T;
  } catch (err) {
    throw new StorageError('InvalidObject', key, `stored value at ${key} is not JSON: ${(err as Error).message}`);
  }
  if (typeof obj !== 'object' || obj === null) throw new StorageError('InvalidObject', key, `stored value at ${key} is not an object`);
  obj.metadata = { ...(obj.metadata ?? {}), resourceVersion: String(revision) };
  return obj;
}

/** withResourceVersion is a copy of obj whose metadata.resourceVersion is revision. */
export function withResourceVersion<T extends KubeObject>(obj: T, revision: number | string): T {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
}

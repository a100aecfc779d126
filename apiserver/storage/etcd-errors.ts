/**
 * How failures of etcd calls (gRPC and etcd3 client errors, matched by message so this file needs
 * no etcd3 import) become StorageErrors, and which of them are safe to retry.
 */
import { StatusError } from '../../api/errors.ts';
import { StorageError } from './types.ts';

const COMPACTED = 'required revision has been compacted';

/**
 * toStorageError maps whatever etcd3/gRPC threw to a StorageError: compaction → Gone, anything
 * else from the wire → Unavailable (the REST layer answers 503 / readyz fails).
 */
export function toStorageError(key: string, err: unknown): Error {
  if (err instanceof StorageError || err instanceof StatusError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (msg.includes(COMPACTED)) return new StorageError('Gone', key, `${key}: ${msg}`);
  return new StorageError('Unavailable', key, `etcd: ${msg}`);
}

/**
 * neverSent tells whether a failed call certainly did not reach etcd (no connection, or the
 * circuit breaker refused it) — only then is it safe to retry a write, because a retried write
 * that did apply would be applied twice.
 */
export function neverSent(err: unknown): boolean {
  const msg = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  // A name that no longer resolves (a killed member's container) or an unreachable host fails
  // before a connection exists, like a refused connect.
  return /BrokenCircuit|circuit breaker is open|No connection established|ECONNREFUSED|EHOSTUNREACH|ENOTFOUND|Name resolution failed|Failed to connect/i.test(msg);
}

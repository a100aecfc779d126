import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { objectKey } from '../storage/keys.ts';
import { isStorageError, type Storage } from '../storage/types.ts';

/** Owner names the object holding an allocation. */
export interface Owner {
  resource: string;
  namespace?: string;
  name: string;
}

/**
 * KeyAllocator hands out values of a finite space (service IPs, node ports) with one etcd key per
 * allocated value, created only if absent: two API servers allocating at once can never get the
 * same value, and no shared bitmap is rewritten on every allocation.
 */
export interface KeyAllocator {
  /** allocate claims value for owner; false when it is already taken. */
  allocate(value: string, owner: Owner): Promise<boolean>;
  /** allocateNext claims a free value chosen at random from candidates(); undefined when full. */
  allocateNext(owner: Owner): Promise<string | undefined>;
  /** release frees value (no-op when it is not allocated). */
  release(value: string): Promise<void>;
}

/** createKeyAllocator builds an allocator storing claims under /registry/<space>/<value>. */
export function createKeyAllocator(storage: Storage, space: string, pick: (n: number) => string, count: number): KeyAllocator {
  const keyOf = (value: string) => objectKey(space, undefined, value);
  const allocate = async (value: string, owner: Owner): Promise<boolean> => {
    const claim: KubeObject & { spec: { parentRef: Owner } } = { apiVersion: 'v1', kind: 'Allocation', metadata: { name: value }, spec: { parentRef: owner } };
    try {
      await storage.create(keyOf(value), claim);
      return true;
    } catch (err) {
      if (isStorageError(err, 'AlreadyExists')) return false;
      throw err;
    }
  };
  return {
    allocate,
    async allocateNext(owner) {
      // Random probing stays fast while the space is sparse; a full scan settles the crowded case.
      for (let i = 0; i < 32; i++) {
        const v = pick(randomInt(count));
        if (await allocate(v, owner)) return v;
      }
      const taken = new Set((await storage.list(`/registry/${space}/`)).items.map((o) => o.metadata.name));
      for (let i = 0; i < count; i++) {
        const v = pick(i);
        if (!taken.has(v) && (await allocate(v, owner))) return v;
      }
      return undefined;
    },
    async release(value) {
      try {
        await storage.delete(keyOf(value));
      } catch (err) {
        if (!isStorageError(err, 'NotFound')) throw err;
      }
    },
  };
}

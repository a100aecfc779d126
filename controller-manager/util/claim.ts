import type { KubeObject, OwnerReference } from '../../api/meta/v1/object-meta.ts';
import type { ResourceClient } from '../../client/types.ts';
import { isNotFound } from '../../api/errors.ts';
import { getControllerOf } from './keys.ts';
import type { LabelMatcher } from './selector.ts';

/** ClaimOptions describe the owner that claims children (Kubernetes' ControllerRefManager). */
export interface ClaimOptions<C extends KubeObject> {
  owner: KubeObject;
  ownerRef: OwnerReference;
  matches: LabelMatcher;
  children: ResourceClient<C>;
  /** canAdopt re-checks (with a live read) that the owner still exists and is not being deleted. */
  canAdopt: () => Promise<boolean>;
}

/**
 * claimChildren returns the children the owner controls after adopting orphans that match its
 * selector and releasing owned children that no longer match — the ControllerRefManager rules:
 * objects controlled by someone else are never touched; nothing is adopted while the owner is
 * being deleted. Writes are merge patches carrying the resourceVersion, so a stale cache gives a
 * Conflict instead of a lost update.
 */
export async function claimChildren<C extends KubeObject>(candidates: C[], o: ClaimOptions<C>): Promise<C[]> {
  const claimed: C[] = [];
  let adoptAllowed: boolean | undefined;
  for (const child of candidates) {
    const ref = getControllerOf(child);
    const labels = child.metadata.labels;
    if (ref) {
      if (ref.uid !== o.owner.metadata.uid) continue;
      if (o.matches(labels) || o.owner.metadata.deletionTimestamp) {
        claimed.push(child);
        continue;
      }
      await release(child, o);
      continue;
    }
    if (!o.matches(labels) || o.owner.metadata.deletionTimestamp || child.metadata.deletionTimestamp) continue;
    adoptAllowed ??= await o.canAdopt();
    if (!adoptAllowed) continue;
    const adopted = await adopt(child, o);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

async function adopt<C extends KubeObject>(child: C, o: ClaimOptions<C>): Promise<C | undefined> {
  const refs = [...(child.metadata.ownerReferences ?? []).filter((r) => r.uid !== o.owner.metadata.uid), o.ownerRef];
  try {
    return await o.children.patch(child.metadata.namespace, child.metadata.name ?? '', 'merge', {
      metadata: { ownerReferences: refs, resourceVersion: child.metadata.resourceVersion },
    });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function release<C extends KubeObject>(child: C, o: ClaimOptions<C>): Promise<void> {
  const refs = (child.metadata.ownerReferences ?? []).filter((r) => r.uid !== o.owner.metadata.uid);
  try {
    await o.children.patch(child.metadata.namespace, child.metadata.name ?? '', 'merge', {
      metadata: { ownerReferences: refs.length ? refs : null, resourceVersion: child.metadata.resourceVersion },
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * ownerStillExists builds a canAdopt check: a live GET of the owner must return the same uid
 * and no deletionTimestamp (RecheckDeletionTimestamp in Kubernetes).
 */
export function ownerStillExists(get: () => Promise<KubeObject>, uid: string | undefined): () => Promise<boolean> {
  return async () => {
    try {
      const fresh = await get();
      return fresh.metadata.uid === uid && !fresh.metadata.deletionTimestamp;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };
}

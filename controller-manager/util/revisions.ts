import type { ControllerRevision } from '../../api/apps/v1/controllerrevision.ts';
import { isAlreadyExists } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceClient } from '../../client/types.ts';
import { canonical } from './canonical.ts';
import { getControllerOf, newControllerRef } from './keys.ts';

/**
 * ensureRevision makes sure a ControllerRevision `<owner>-<hash>` holding `data` exists for the
 * owner (DaemonSet/StatefulSet history), giving it the next revision number when it is new or
 * when an older revision is re-used (a rollback). Returns its revision number.
 */
export async function ensureRevision(
  client: ResourceClient<ControllerRevision>,
  existing: ControllerRevision[],
  owner: KubeObject,
  kind: string,
  hash: string,
  data: unknown,
  labels: Record<string, string>,
): Promise<number> {
  const owned = existing.filter((r) => getControllerOf(r)?.uid === owner.metadata.uid);
  const max = owned.reduce((m, r) => Math.max(m, r.revision), 0);
  const name = `${owner.metadata.name}-${hash}`;
  const found = owned.find((r) => r.metadata.name === name && canonical(r.data) === canonical(data));
  if (found) {
    if (found.revision === max) return found.revision;
    const bumped = await client.update({ ...structuredClone(found), revision: max + 1 });
    return bumped.revision;
  }
  const rev: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name, namespace: owner.metadata.namespace, labels: { ...labels, 'controller.kubernetes.io/hash': hash }, ownerReferences: [newControllerRef(owner, 'apps/v1', kind)] },
    data,
    revision: max + 1,
  };
  try {
    return (await client.create(owner.metadata.namespace, rev)).revision;
  } catch (err) {
    if (isAlreadyExists(err)) return max + 1;
    throw err;
  }
}

/** trimHistory deletes the oldest revisions not in use beyond `limit` (revisionHistoryLimit, default 10). */
export async function trimHistory(client: ResourceClient<ControllerRevision>, existing: ControllerRevision[], owner: KubeObject, inUse: Set<string>, limit = 10): Promise<void> {
  const owned = existing.filter((r) => getControllerOf(r)?.uid === owner.metadata.uid && !inUse.has(r.metadata.name ?? '')).sort((a, b) => a.revision - b.revision);
  for (const r of owned.slice(0, Math.max(0, owned.length - limit))) {
    await client.delete(r.metadata.namespace, r.metadata.name ?? '').catch(() => {});
  }
}

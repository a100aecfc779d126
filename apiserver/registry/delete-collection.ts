import { isNotFound } from '../../api/errors.ts';
import { apiVersionOf } from '../../api/resource-info.ts';
import type { KubeList, KubeObject } from '../../api/meta/v1/object-meta.ts';
import { deleteObject } from './delete.ts';
import { listObjects } from './read.ts';
import type { Selection } from './selection.ts';
import type { ApiContext, DeleteOptions, Scope } from './types.ts';

/**
 * deleteCollection is DELETE on a collection: every object matching the selectors is deleted
 * with the same options (objects deleted meanwhile are skipped); returns the list of results.
 */
export async function deleteCollection(ctx: ApiContext, scope: Scope, namespace: string | undefined, selection: Selection, opts: DeleteOptions): Promise<KubeList> {
  const list = await listObjects(ctx, scope, namespace, { selection });
  const items: KubeObject[] = [];
  for (const obj of list.items) {
    try {
      const res = await deleteObject(ctx, scope, obj.metadata.namespace, obj.metadata.name!, opts);
      items.push(res.object);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return { apiVersion: apiVersionOf(scope.info), kind: scope.info.listKind, metadata: { resourceVersion: list.metadata.resourceVersion }, items };
}

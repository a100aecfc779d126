import { newBadRequest } from '../../api/errors.ts';
import { apiVersionOf } from '../../api/resource-info.ts';
import type { KubeList, KubeObject } from '../../api/meta/v1/object-meta.ts';
import { storageToStatus } from '../status-reply.ts';
import { listPrefix, objectKey } from './keys.ts';
import { selectionIsEverything, selectionMatches, type Selection } from './selection.ts';
import type { ApiContext, Scope } from './types.ts';

/** getObject is GET of one object (404 NotFound when missing). */
export async function getObject(ctx: ApiContext, scope: Scope, namespace: string | undefined, name: string): Promise<KubeObject> {
  try {
    return await ctx.storage.get(objectKey(scope.info, namespace, name));
  } catch (err) {
    throw storageToStatus(err, scope.gr, name);
  }
}

/** ListOptions are the paging options of a LIST. */
export interface ListOptions {
  selection: Selection;
  limit?: number;
  continue?: string;
  /** resourceVersion "0" lets an unpaged list be served from the watch cache, as Kubernetes does. */
  resourceVersion?: string;
}

/** parseLimit reads the limit query parameter (a non-negative integer; 0 means no limit). */
export function parseLimit(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw newBadRequest(`invalid limit ${JSON.stringify(raw)}: must be a non-negative integer`);
  return n === 0 ? undefined : n;
}

/** listObjects is LIST: one page of the objects in a namespace (or all) matching the selectors, as a <Kind>List. */
export async function listObjects(ctx: ApiContext, scope: Scope, namespace: string | undefined, opts: ListOptions): Promise<KubeList> {
  const predicate = selectionIsEverything(opts.selection) ? undefined : (o: KubeObject) => selectionMatches(scope, opts.selection, o);
  if (opts.resourceVersion === '0' && !opts.limit && !opts.continue) {
    const cached = ctx.cachedList?.(listPrefix(scope.info, undefined));
    if (cached) {
      const items = cached.items.filter((o) => (!namespace || o.metadata.namespace === namespace) && (!predicate || predicate(o)));
      return { apiVersion: apiVersionOf(scope.info), kind: scope.info.listKind, metadata: { resourceVersion: cached.resourceVersion }, items };
    }
  }
  let page;
  try {
    page = await ctx.storage.list(listPrefix(scope.info, namespace), { limit: opts.limit, continue: opts.continue, predicate });
  } catch (err) {
    throw storageToStatus(err, scope.gr, '');
  }
  const metadata: KubeList['metadata'] = { resourceVersion: page.resourceVersion };
  if (page.continue) metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined && page.continue) metadata.remainingItemCount = page.remainingItemCount;
  return { apiVersion: apiVersionOf(scope.info), kind: scope.info.listKind, metadata, items: page.items };
}

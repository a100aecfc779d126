import { newBadRequest, newGone } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Status } from '../../api/meta/v1/status.ts';
import { isStorageError, type StorageEvent } from '../storage/types.ts';
import { storageToStatus, toStatusError } from '../status-reply.ts';
import { listPrefix } from './keys.ts';
import { selectionIsEverything, selectionMatches, type Selection } from './selection.ts';
import type { ApiContext, Scope } from './types.ts';

/** WatchEvent is one line of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject | Status;
}

/** parseResourceVersion reads a watch's resourceVersion: undefined for "" / "0" (start with the current state). */
export function parseResourceVersion(raw: string | null): number | undefined {
  if (raw === null || raw === '' || raw === '0') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw newBadRequest(`invalid resourceVersion ${JSON.stringify(raw)}`);
  return n;
}

/**
 * filterEvent applies a selection to a storage event the way Kubernetes' cacher does: an object
 * entering the selection is ADDED, leaving it is DELETED, staying is MODIFIED.
 */
export function filterEvent(scope: Scope, sel: Selection, ev: StorageEvent): WatchEvent | undefined {
  if (selectionIsEverything(sel)) return { type: ev.type, object: ev.object };
  const now = selectionMatches(scope, sel, ev.object);
  if (ev.type === 'DELETED') return now ? { type: 'DELETED', object: ev.object } : undefined;
  const before = ev.prevObject ? selectionMatches(scope, sel, ev.prevObject) : false;
  if (now && before) return { type: 'MODIFIED', object: ev.object };
  if (now) return { type: 'ADDED', object: ev.object };
  if (before) return { type: 'DELETED', object: ev.object };
  return undefined;
}

/**
 * watchObjects yields the events of a WATCH: without a resourceVersion first an ADDED for every
 * current object (a consistent list), then every change after that revision from the watch
 * source. A compacted revision ends the stream with an ERROR event carrying a 410 Status.
 */
export async function* watchObjects(
  ctx: ApiContext,
  scope: Scope,
  namespace: string | undefined,
  sel: Selection,
  resourceVersion: number | undefined,
  signal: AbortSignal,
  progress: { revision: number } = { revision: 0 },
): AsyncGenerator<WatchEvent> {
  const prefix = listPrefix(scope.info, namespace);
  let from = resourceVersion;
  if (from === undefined) {
    const page = await ctx.storage.list(prefix);
    for (const o of page.items) if (selectionMatches(scope, sel, o)) yield { type: 'ADDED', object: o };
    from = Number(page.resourceVersion);
  }
  progress.revision = from;
  try {
    for await (const ev of ctx.watchSource.watch(prefix, from, signal)) {
      progress.revision = Math.max(progress.revision, ev.revision);
      if (ev.type === 'BOOKMARK') continue;
      const out = filterEvent(scope, sel, ev);
      if (out) yield out;
    }
  } catch (err) {
    if (signal.aborted) return;
    if (isStorageError(err, 'Gone')) {
      yield { type: 'ERROR', object: newGone(`too old resource version: ${from} (${err.message})`).status };
      return;
    }
    yield { type: 'ERROR', object: toStatusError(storageToStatus(err, scope.gr, '')).status };
  }
}

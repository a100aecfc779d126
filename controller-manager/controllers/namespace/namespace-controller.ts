import { isConflict, isNotFound, isForbidden, StatusError } from '../../../api/errors.ts';
import type { Namespace } from '../../../api/core/v1/namespace.ts';
import type { Condition, KubeObject } from '../../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../../api/resource-info.ts';
import { allResources, Resources } from '../../../api/resources.ts';
import type { Client, RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, sameResourceVersion } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';

export type { Namespace };

/** NamespaceController is the controller plus its sync for tests. */
export interface NamespaceController extends Controller {
  sync(name: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/** FinalizerKubernetes is the namespace finalizer this controller owns. */
export const FinalizerKubernetes = 'kubernetes';

/** namespacedResources lists the kinds emptied from a deleted namespace. */
export function namespacedResources(): ResourceInfo[] {
  return allResources().filter((r) => r.namespaced);
}

/**
 * newNamespaceController builds the namespace controller: a namespace with a deletionTimestamp
 * has every namespaced object deleted; once nothing is left its `kubernetes` finalizer is
 * removed through the /finalize subresource and the API server lets it go. Failures and
 * leftovers are reported as NamespaceDeletionContentFailure / NamespaceContentRemaining.
 */
export function newNamespaceController(ctx: ControllerContext): NamespaceController {
  const namespaces = ctx.informers.informerFor<Namespace>(Resources.namespaces);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'namespace' });
  namespaces.addEventHandler({
    add: (n) => void (n.metadata.deletionTimestamp && queue.add(keyOf(n))),
    update: (o, n) => void (!sameResourceVersion(o, n) && n.metadata.deletionTimestamp && queue.add(keyOf(n))),
  });
  const sync = async (name: string): Promise<void> => {
    const ns = namespaces.lister.get(undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    if (!(ns.spec?.finalizers ?? []).includes(FinalizerKubernetes)) return;
    const { remaining, errors } = await deleteContent(ctx.client, name);
    await setConditions(ctx, ns, remaining, errors);
    if (errors.length) throw new Error(`namespace ${name}: ${errors.join('; ')}`);
    if (remaining.size) {
      // Pods terminate gracefully; look again shortly instead of backing off.
      queue.addAfter(name, 2000);
      return;
    }
    await finalize(ctx.client, ns);
    logger.info({ namespace: name }, 'namespace emptied and finalized');
  };
  return {
    name: 'namespace',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [namespaces], workers: ctx.options.concurrentSyncs.namespace ?? 5, signal, logger }),
  };
}

/** deleteContent deletes every object in the namespace; returns what is still there and what failed. */
async function deleteContent(client: Client, ns: string): Promise<{ remaining: Map<string, number>; errors: string[] }> {
  const remaining = new Map<string, number>();
  const errors: string[] = [];
  await Promise.all(
    namespacedResources().map(async (info) => {
      const rc = client.resource<KubeObject>(info);
      try {
        const list = await rc.list(ns);
        for (const o of list.items) {
          if (!o.metadata.deletionTimestamp) {
            try {
              await rc.delete(ns, o.metadata.name ?? '', { propagationPolicy: 'Background' });
            } catch (err) {
              if (!isNotFound(err) && !isConflict(err)) throw err;
            }
          }
        }
        const left = (await rc.list(ns)).items.length;
        if (left) remaining.set(info.group ? `${info.resource}.${info.group}` : info.resource, left);
      } catch (err) {
        // A kind the server does not serve (404/405) holds nothing.
        if (isNotFound(err) || (err instanceof StatusError && err.code === 405) || isForbidden(err)) return;
        errors.push(`${info.resource}: ${(err as Error).message}`);
      }
    }),
  );
  return { remaining, errors };
}

async function setConditions(ctx: ControllerContext, ns: Namespace, remaining: Map<string, number>, errors: string[]): Promise<void> {
  const now = new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const want: Condition[] = [
    errors.length
      ? { type: 'NamespaceDeletionContentFailure', status: 'True', reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${errors.length} remaining: ${errors.join(', ')}`, lastTransitionTime: now }
      : { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization', lastTransitionTime: now },
    remaining.size
      ? { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${[...remaining].map(([r, n]) => `${r} has ${n} resource instances`).join(', ')}`, lastTransitionTime: now }
      : { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed', lastTransitionTime: now },
  ];
  const cur = ns.status?.conditions ?? [];
  const same = want.every((w) => cur.some((c) => c.type === w.type && c.status === w.status && c.message === w.message));
  if (same && ns.status?.phase === 'Terminating') return;
  const next = structuredClone(ns);
  const merged = want.map((w) => {
    const c = cur.find((x) => x.type === w.type);
    return c && c.status === w.status ? { ...w, lastTransitionTime: c.lastTransitionTime } : w;
  });
  next.status = { ...next.status, phase: 'Terminating', conditions: [...cur.filter((c) => !want.some((w) => w.type === c.type)), ...merged] };
  try {
    await ctx.client.resource<Namespace>(Resources.namespaces).updateStatus(next);
  } catch (err) {
    if (!isConflict(err) && !isNotFound(err)) throw err;
  }
}

/** finalize removes the `kubernetes` finalizer through PUT /api/v1/namespaces/<name>/finalize. */
async function finalize(client: Client, ns: Namespace): Promise<void> {
  const next = structuredClone(ns);
  next.spec = { ...next.spec, finalizers: (ns.spec?.finalizers ?? []).filter((f) => f !== FinalizerKubernetes) };
  try {
    await client.request('PUT', `/api/v1/namespaces/${ns.metadata.name}/finalize`, { body: next });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

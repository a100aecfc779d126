import type { ResourceQuota } from '../../../api/core/v1/resourcequota.ts';
import { isConflict, isNotFound } from '../../../api/errors.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../../api/resource-info.ts';
import { allResources, Resources } from '../../../api/resources.ts';
import type { Informer, RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { canonical } from '../../util/canonical.ts';
import { keyOf, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { every, newQueue, runQueueController } from '../../util/queue-controller.ts';
import { computeUsage, countResource, type Objects } from './usage.ts';

/** ResourceQuotaController is the controller plus its sync for tests. */
export interface ResourceQuotaController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/** watchedResources are counted from informers (any change re-syncs the namespace's quotas); others are listed live. */
const watched = [Resources.pods, Resources.services, Resources.configmaps, Resources.secrets, Resources.persistentvolumeclaims];
const nameOf = (info: ResourceInfo) => (info.group ? `${info.resource}.${info.group}` : info.resource);

/**
 * newResourceQuotaController keeps every ResourceQuota's status (hard = spec.hard, used =
 * current consumption in the namespace) up to date, on every change of the counted objects
 * and every 5 minutes, so `kubectl describe quota` and quota admission see real usage.
 */
export function newResourceQuotaController(ctx: ControllerContext): ResourceQuotaController {
  const quotas = ctx.informers.informerFor<ResourceQuota>(Resources.resourcequotas);
  const informers = new Map<string, Informer<KubeObject>>(watched.map((i) => [nameOf(i), ctx.informers.informerFor<KubeObject>(i)]));
  const client = ctx.client.resource<ResourceQuota>(Resources.resourcequotas);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'resourcequota' });
  const enqueueNamespace = (ns: string | undefined) => quotas.lister.list(ns).forEach((q) => queue.add(keyOf(q)));
  quotas.addEventHandler({ add: (q) => queue.add(keyOf(q)), update: (o, q) => void (!sameResourceVersion(o, q) && queue.add(keyOf(q))) });
  for (const inf of informers.values()) {
    inf.addEventHandler({
      add: (o) => enqueueNamespace(o.metadata.namespace),
      update: (o, n) => void (!sameResourceVersion(o, n) && enqueueNamespace(n.metadata.namespace)),
      delete: (o) => enqueueNamespace(unwrapTombstone(o).metadata.namespace),
    });
  }

  const gather = async (ns: string, hard: Record<string, unknown>): Promise<Objects> => {
    const objects: Objects = new Map();
    for (const [name, inf] of informers) objects.set(name, inf.lister.list(ns));
    for (const key of Object.keys(hard)) {
      const res = countResource(key);
      if (!res || objects.has(res)) continue;
      const info = allResources().find((r) => r.namespaced && nameOf(r) === res);
      if (!info) continue;
      objects.set(res, (await ctx.client.resource(info).list(ns)).items);
    }
    return objects;
  };

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const q = quotas.lister.get(namespace, name);
    if (!q) return;
    const hard = (q.spec?.hard ?? {}) as Record<string, unknown>;
    const used = computeUsage(hard, await gather(namespace, hard));
    const status = { hard: structuredClone(q.spec?.hard ?? {}), used };
    if (canonical(status) === canonical(q.status ?? {})) return;
    try {
      await client.updateStatus({ ...structuredClone(q), status } as ResourceQuota);
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err;
      if (isConflict(err)) queue.addAfter(key, 100);
    }
  };
  return {
    name: 'resourcequota',
    sync,
    queue,
    run: (signal) =>
      runQueueController({
        queue, sync, informers: [quotas, ...informers.values()], workers: ctx.options.concurrentSyncs.resourcequota ?? 5, signal, logger,
        // A full resync catches counted kinds that are listed rather than watched.
        extra: [(s) => every(5 * 60_000, s, logger, async () => quotas.lister.list().forEach((x) => queue.add(keyOf(x))))],
      }),
  };
}

import type { Pod } from '../../../api/core/v1/pod.ts';
import { isAlreadyExists, isConflict, isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { Informer, RateLimitingQueue, ResourceClient } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { mapMatcher } from '../../util/selector.ts';
import { canonical } from '../../util/canonical.ts';
import { computeSubsets } from './subsets.ts';
import type { Endpoints, Service } from './types.ts';

/** EndpointsController is the controller plus its sync for tests. */
export interface EndpointsController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

interface Deps {
  services: Informer<Service>;
  pods: Informer<Pod>;
  endpoints: Informer<Endpoints>;
  epClient: ResourceClient<Endpoints>;
  queue: RateLimitingQueue<string>;
}

/** LastChangeTriggerTime is the annotation Kubernetes stamps on changed Endpoints. */
export const LastChangeTriggerTime = 'endpoints.kubernetes.io/last-change-trigger-time';

/** newEndpointsController builds the Endpoints controller: one Endpoints per Service with a selector. */
export function newEndpointsController(ctx: ControllerContext): EndpointsController {
  const d: Deps = {
    services: ctx.informers.informerFor<Service>(Resources.services),
    pods: ctx.informers.informerFor<Pod>(Resources.pods),
    endpoints: ctx.informers.informerFor<Endpoints>(Resources.endpoints),
    epClient: ctx.client.resource<Endpoints>(Resources.endpoints),
    queue: newQueue<string>(),
  };
  const logger = ctx.logger.child({ controller: 'endpoint' });
  registerHandlers(d);
  const sync = (key: string) => syncService(d, key, ctx.clock.now());
  return {
    name: 'endpoint',
    sync,
    queue: d.queue,
    run: (signal) => runQueueController({ queue: d.queue, sync, informers: [d.services, d.pods, d.endpoints], workers: ctx.options.concurrentSyncs.endpoint ?? 5, signal, logger }),
  };
}

function registerHandlers(d: Deps): void {
  const enqueue = (o: Service) => d.queue.add(keyOf(o));
  d.services.addEventHandler({
    add: enqueue,
    update: (o, n) => void (!sameResourceVersion(o, n) && enqueue(n)),
    delete: (o) => enqueue(unwrapTombstone(o)),
  });
  const servicesOf = (pod: Pod) => d.services.lister.list(pod.metadata.namespace).filter((s) => mapMatcher(s.spec?.selector)(pod.metadata.labels));
  d.pods.addEventHandler({
    add: (p) => servicesOf(p).forEach(enqueue),
    update: (o, n) => {
      if (sameResourceVersion(o, n)) return;
      const keys = new Set([...servicesOf(o), ...servicesOf(n)].map(keyOf));
      keys.forEach((k) => d.queue.add(k));
    },
    delete: (o) => servicesOf(unwrapTombstone(o)).forEach(enqueue),
  });
  // Someone editing or deleting an Endpoints we manage gets it recomputed.
  d.endpoints.addEventHandler({
    delete: (o) => {
      const ep = unwrapTombstone(o);
      if (d.services.lister.get(ep.metadata.namespace, ep.metadata.name ?? '')) d.queue.add(keyOf(ep));
    },
  });
}

/** syncService writes the Endpoints of one Service (or deletes them with the Service). */
async function syncService(d: Deps, key: string, nowMs: number): Promise<void> {
  const { namespace, name } = splitKey(key);
  const svc = d.services.lister.get(namespace, name);
  if (!svc) {
    try {
      await d.epClient.delete(namespace, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return;
  }
  // Services without a selector have user-managed Endpoints.
  if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0 || svc.spec.type === 'ExternalName') return;
  const matches = mapMatcher(svc.spec.selector);
  const pods = d.pods.lister.list(namespace).filter((p) => matches(p.metadata.labels));
  const subsets = computeSubsets(svc, pods);
  const current = d.endpoints.lister.get(namespace, name);
  const labels = { ...(svc.metadata.labels ?? {}), ...(svc.spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}) };
  if (current && canonical(current.subsets ?? []) === canonical(subsets) && canonical(current.metadata.labels ?? {}) === canonical(labels)) return;
  const next: Endpoints = current
    ? structuredClone(current)
    : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
  next.metadata.labels = labels;
  next.metadata.annotations = { ...next.metadata.annotations, [LastChangeTriggerTime]: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  next.subsets = subsets;
  if (!current) {
    try {
      await d.epClient.create(namespace, next);
    } catch (err) {
      // Our cache is behind: the next sync sees the object and updates it.
      if (isAlreadyExists(err)) d.queue.add(key);
      else throw err;
    }
    return;
  }
  try {
    await d.epClient.update(next);
  } catch (err) {
    if (!isConflict(err)) throw err;
    // Our own previous write has not reached the cache yet: the desired state is complete, so
    // write it over the live object once instead of failing the sync.
    const live = await d.epClient.get(namespace, name);
    await d.epClient.update({ ...live, metadata: { ...live.metadata, labels: next.metadata.labels, annotations: { ...live.metadata.annotations, ...next.metadata.annotations } }, subsets });
  }
}

/**
 * The EndpointSlice controller, Skiff's way: the endpoints controller keeps each Service's
 * Endpoints, and this one mirrors them into discovery.k8s.io/v1 EndpointSlices (desired-slices.ts)
 * — what kube-proxy-like consumers and kubectl ≥ 1.31's `describe service|ingress` read. Slices
 * carry `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by`, are owned by the
 * Service (the garbage collector removes them with it), and are created, updated or deleted until
 * they match; a slice edited or deleted by hand is put back.
 */
import type { Endpoints } from '../../../api/core/v1/endpoints.ts';
import type { Service } from '../../../api/core/v1/service.ts';
import type { EndpointSlice } from '../../../api/discovery/v1/endpointslice.ts';
import { isAlreadyExists, isNotFound } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { canonical } from '../../util/canonical.ts';
import { keyOf, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';
import { desiredSlices, MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './desired-slices.ts';

/** EndpointSliceController is the controller plus its sync for tests. */
export interface EndpointSliceController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

const content = (s: EndpointSlice) => canonical({ addressType: s.addressType, endpoints: s.endpoints ?? [], ports: s.ports ?? [], labels: s.metadata.labels ?? {} });

/** newEndpointSliceController builds the controller. */
export function newEndpointSliceController(ctx: ControllerContext): EndpointSliceController {
  const services = ctx.informers.informerFor<Service>(Resources.services);
  const endpoints = ctx.informers.informerFor<Endpoints>(Resources.endpoints);
  const slices = ctx.informers.informerFor<EndpointSlice>(Resources.endpointslices);
  const client = ctx.client.resource<EndpointSlice>(Resources.endpointslices);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'endpointslice' });
  const enqueue = (o: { metadata: { namespace?: string; name?: string } }) => queue.add(keyOf(o as Service));
  const changed = <T extends Service | Endpoints>(o: T, n: T) => void (!sameResourceVersion(o, n) && enqueue(n));
  services.addEventHandler({ add: enqueue, update: changed, delete: (o) => enqueue(unwrapTombstone(o)) });
  endpoints.addEventHandler({ add: enqueue, update: changed, delete: (o) => enqueue(unwrapTombstone(o)) });
  const ofService = (s: EndpointSlice) => {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (svc && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) queue.add(`${s.metadata.namespace}/${svc}`);
  };
  slices.addEventHandler({ update: (_o, n) => ofService(n), delete: (o) => ofService(unwrapTombstone(o)) });

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const svc = services.lister.get(namespace, name);
    const have = slices.lister.list(namespace).filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY);
    // ExternalName Services have no endpoints; a deleted Service's slices go (the garbage collector would too).
    const want = svc && svc.spec?.type !== 'ExternalName' ? desiredSlices(svc, endpoints.lister.get(namespace, name)) : [];
    for (const w of want) {
      const current = have.find((h) => h.metadata.name === w.metadata.name);
      try {
        if (!current) await client.create(namespace, w);
        else if (content(current) !== content(w)) await client.update({ ...current, metadata: { ...current.metadata, labels: w.metadata.labels }, addressType: w.addressType, endpoints: w.endpoints, ports: w.ports });
      } catch (err) {
        // Created under us or gone meanwhile: the informer's event brings the key back.
        if (!isAlreadyExists(err) && !isNotFound(err)) throw err;
      }
    }
    for (const stale of have.filter((h) => !want.some((w) => w.metadata.name === h.metadata.name))) {
      await client.delete(namespace, stale.metadata.name ?? '').catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
  };
  return {
    name: 'endpointslice',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [services, endpoints, slices], workers: ctx.options.concurrentSyncs.endpoint ?? 5, signal, logger }),
  };
}

import { isNotFound, isConflict } from '../../../api/errors.ts';
import type { Event } from '../../../api/core/v1/event.ts';
import { Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, splitKey } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';


/** EventTTLController is the controller plus its sync for tests. */
export interface EventTTLController extends Controller {
  sync(key: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/** lastSeen is when an event last happened (lastTimestamp, eventTime, or creation). */
export function lastSeen(e: Event): number {
  return Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? e.firstTimestamp ?? '') || 0;
}

/**
 * newEventTTLController deletes Events last seen more than --event-ttl ago (1 h), doing what
 * the API server's etcd lease does in Kubernetes, so etcd does not grow without bound.
 */
export function newEventTTLController(ctx: ControllerContext): EventTTLController {
  const events = ctx.informers.informerFor<Event>(Resources.events);
  const client = ctx.client.resource<Event>(Resources.events);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'event-ttl' });
  events.addEventHandler({ add: (e) => queue.add(keyOf(e)), update: (_o, e) => queue.add(keyOf(e)) });
  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const e = events.lister.get(namespace, name);
    if (!e) return;
    const expires = lastSeen(e) + ctx.options.eventTTLMs;
    const now = ctx.clock.now();
    if (expires > now) return queue.addAfter(key, expires - now);
    try {
      await client.delete(namespace, name, { preconditions: { resourceVersion: e.metadata.resourceVersion } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  };
  return {
    name: 'event-ttl',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [events], workers: 2, signal, logger }),
  };
}

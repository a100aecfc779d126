/**
 * createEventRecorder emits core/v1 Events about objects without ever blocking or failing the
 * caller: event() only enqueues into a bounded queue that a background loop sends. Repeats of
 * the same (object, type, reason, message, source) within 10 minutes are aggregated, as
 * client-go's EventCorrelator does: the existing Event's count and lastTimestamp are patched
 * instead of creating a new Event. Failures are logged and the event dropped.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { Event } from '../api/core/v1/event.ts';
import { Resources } from '../api/resources.ts';
import { isNotFound } from '../api/errors.ts';
import type { Client, EventRecorder } from './types.ts';
import type { Clock } from './clock.ts';
import { realClock } from './clock.ts';

/** EventRecorderOptions tune the recorder (tests pass a clock and a logger). */
export interface EventRecorderOptions {
  logger?: Logger;
  clock?: Clock;
  /** queueSize bounds pending events; more are dropped (and logged). Default 1000. */
  queueSize?: number;
  /** aggregationWindowMs: repeats within it bump count; default 10 minutes. */
  aggregationWindowMs?: number;
}

/** FlushableEventRecorder adds flush(), which resolves when every queued event was handled. */
export interface FlushableEventRecorder extends EventRecorder {
  flush(): Promise<void>;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  lastMs: number;
}

const maxCache = 4096;

/** createEventRecorder builds an EventRecorder reporting as `component` (and `host`). */
export function createEventRecorder(client: Client, component: string, host?: string, opts: EventRecorderOptions = {}): FlushableEventRecorder {
  const events = client.resource<Event>(Resources.events);
  const clock = opts.clock ?? realClock;
  const window = opts.aggregationWindowMs ?? 10 * 60_000;
  const queue: Event[] = [];
  const seen = new Map<string, Seen>();
  let sending: Promise<void> | undefined;

  async function send(ev: Event): Promise<void> {
    const key = JSON.stringify([ev.involvedObject.uid, ev.involvedObject.kind, ev.involvedObject.namespace, ev.involvedObject.name, ev.type, ev.reason, ev.message]);
    const now = Date.parse(ev.lastTimestamp ?? '') || clock.now();
    const prev = seen.get(key);
    if (prev && now - prev.lastMs < window) {
      try {
        await events.patch(prev.namespace, prev.name, 'merge', { count: prev.count + 1, lastTimestamp: ev.lastTimestamp });
        prev.count++;
        prev.lastMs = now;
        return;
      } catch (err) {
        // The Event was deleted (TTL, by hand): start a new one.
        if (!isNotFound(err)) throw err;
      }
    }
    const created = await events.create(ev.metadata.namespace, ev);
    seen.delete(key);
    seen.set(key, { name: created.metadata.name ?? '', namespace: created.metadata.namespace ?? '', count: created.count ?? 1, lastMs: now });
    if (seen.size > maxCache) seen.delete(seen.keys().next().value as string);
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const ev = queue.shift() as Event;
      try {
        await send(ev);
      } catch (err) {
        opts.logger?.warn({ err, reason: ev.reason, object: `${ev.involvedObject.namespace ?? ''}/${ev.involvedObject.name}` }, 'dropping event');
      }
    }
    sending = undefined;
  }

  return {
    event(obj, type, reason, message) {
      try {
        if (queue.length >= (opts.queueSize ?? 1000)) {
          opts.logger?.warn({ reason }, 'event queue full; dropping event');
          return;
        }
        queue.push(buildEvent(obj, type, reason, message, component, host, clock.now()));
        sending ??= drain();
      } catch (err) {
        opts.logger?.warn({ err, reason }, 'could not build event; dropping it');
      }
    },
    async flush() {
      while (sending) await sending;
    },
  };
}

function buildEvent(obj: KubeObject, type: string, reason: string, message: string, component: string, host: string | undefined, nowMs: number): Event {
  const m = obj.metadata;
  const ts = new Date(nowMs).toISOString().replace(/\.\d+Z$/, 'Z');
  const namespace = m.namespace || 'default';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    // Name like client-go: <object>.<unique hex>, so `kubectl get events` groups by object.
    metadata: { name: `${m.name ?? 'unknown'}.${(nowMs * 1000 + Math.floor(Math.random() * 1000)).toString(16)}`, namespace },
    involvedObject: {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
    },
    reason,
    message: message.length > 1024 ? message.slice(0, 1021) + '...' : message,
    type,
    source: { component, ...(host ? { host } : {}) },
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
    reportingComponent: component,
    reportingInstance: host ?? '',
  } as Event;
}

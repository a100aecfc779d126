import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Int, KindSchema, NullableTime, Obj, Opt, Str } from './schema-kit.ts';
import { ObjectReferenceSchema } from './object-reference.ts';
import { checkEnum, invalid, nonNegative } from '../../validation/causes.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** EventSourceSchema names the component (and host) that reported an event. */
export const EventSourceSchema = Obj({ component: Opt(Str()), host: Opt(Str()) });

/** EventSchema is a core/v1 Event: something that happened to involvedObject. */
export const EventSchema = KindSchema({
  involvedObject: ObjectReferenceSchema,
  reason: Opt(Str()),
  message: Opt(Str()),
  source: Opt(EventSourceSchema),
  firstTimestamp: Opt(NullableTime()),
  lastTimestamp: Opt(NullableTime()),
  count: Opt(Int()),
  type: Opt(Str()),
  eventTime: Opt(NullableTime()),
  series: Opt(Obj({ count: Opt(Int()), lastObservedTime: Opt(NullableTime()) })),
  action: Opt(Str()),
  related: Opt(ObjectReferenceSchema),
  reportingComponent: Opt(Str()),
  reportingInstance: Opt(Str()),
});
export type Event = Static<typeof EventSchema>;

/** EventTypes are the values of Event.type. */
export const EventTypes = ['Normal', 'Warning'] as const;

function validateEvent(ev: Event): StatusCause[] {
  const causes = validateObjectMeta(ev.metadata, { namespaced: true });
  const involvedNs = ev.involvedObject?.namespace;
  // An event lives in the namespace of the object it is about (cluster-scoped objects: any).
  if (involvedNs && ev.metadata?.namespace && involvedNs !== ev.metadata.namespace) {
    causes.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  }
  causes.push(...checkEnum('type', ev.type, EventTypes));
  causes.push(...nonNegative('count', ev.count));
  if ((ev.reason ?? '').length > 128) causes.push(invalid('reason', ev.reason, 'can have at most 128 characters'));
  return causes;
}

/** eventDefinition is the KindDefinition of core/v1 Event. */
export const eventDefinition: KindDefinition<Event> = {
  info: Resources.events,
  schema: EventSchema,
  applyDefaults(ev) {
    ev.involvedObject ??= {};
  },
  validate: validateEvent,
  validateUpdate: (ev, old) => [...validateEvent(ev), ...validateObjectMetaUpdate(ev.metadata, old.metadata)],
  selectableFields: (ev) => {
    const o = ev.involvedObject ?? {};
    return {
      'involvedObject.kind': o.kind ?? '',
      'involvedObject.namespace': o.namespace ?? '',
      'involvedObject.name': o.name ?? '',
      'involvedObject.uid': o.uid ?? '',
      'involvedObject.apiVersion': o.apiVersion ?? '',
      'involvedObject.resourceVersion': o.resourceVersion ?? '',
      'involvedObject.fieldPath': o.fieldPath ?? '',
      reason: ev.reason ?? '',
      reportingComponent: ev.reportingComponent ?? '',
      source: ev.source?.component ?? ev.reportingComponent ?? '',
      type: ev.type ?? '',
    };
  },
};

import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { age, type DescribeWriter } from './describe-writer.ts';

/** EventLike is the part of a core/v1 Event that describe shows. */
export interface EventLike extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

/** eventsFor lists the Events whose involvedObject is obj, oldest first. */
export async function eventsFor(ctx: CliContext, obj: KubeObject): Promise<EventLike[]> {
  const fields = [`involvedObject.name=${obj.metadata.name}`, `involvedObject.uid=${obj.metadata.uid}`];
  if (obj.metadata.namespace) fields.push(`involvedObject.namespace=${obj.metadata.namespace}`);
  try {
    const list = await ctx.client.resource<EventLike>(Resources.events).list(obj.metadata.namespace, { fieldSelector: fields.join(',') });
    return list.items.sort((a, b) => Date.parse(lastSeen(a) ?? '') - Date.parse(lastSeen(b) ?? ''));
  } catch {
    return [];
  }
}

function lastSeen(e: EventLike): string | null | undefined {
  return e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
}

/** writeEvents appends the Events section exactly as kubectl describe prints it. */
export function writeEvents(w: DescribeWriter, events: EventLike[], now = Date.now()): void {
  if (events.length === 0) {
    w.line(0, 'Events:', '<none>');
    return;
  }
  w.line(0, 'Events:');
  w.raw(1, ['Type', 'Reason', 'Age', 'From', 'Message']);
  w.raw(1, ['----', '------', '----', '----', '-------']);
  for (const e of events) {
    const first = e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
    const count = e.count ?? 1;
    const when = count > 1 ? `${age(lastSeen(e), now)} (x${count} over ${age(first, now)})` : age(lastSeen(e), now);
    const from = [e.source?.component ?? e.reportingComponent, e.source?.host].filter(Boolean).join(', ');
    w.raw(1, [e.type ?? '', e.reason ?? '', when, from, (e.message ?? '').trim()]);
  }
}

import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { EventRecorder } from '../../client/types.ts';

/** RecordedEvent is one event a controller emitted in a unit test. */
export interface RecordedEvent {
  object: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** createFakeRecorder records events in memory (client-go's FakeRecorder). */
export function createFakeRecorder(): EventRecorder & { events: RecordedEvent[] } {
  const events: RecordedEvent[] = [];
  return {
    events,
    event: (obj: KubeObject, type, reason, message) =>
      void events.push({ object: `${obj.kind ?? ''}/${obj.metadata.namespace ? obj.metadata.namespace + '/' : ''}${obj.metadata.name}`, type, reason, message }),
  };
}

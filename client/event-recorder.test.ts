import { describe, expect, it } from 'vitest';
import { Resources } from '../api/resources.ts';
import { newInternalError } from '../api/errors.ts';
import type { Event } from '../api/core/v1/event.ts';
import { createFakeClient } from './fake/fake-client.ts';
import { FakeClock } from './fake/fake-clock.ts';
import { createEventRecorder } from './event-recorder.ts';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', resourceVersion: '7' } };
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u-n' } };

describe('createEventRecorder', () => {
  it('creates Events with the involved object, source and timestamps', async () => {
    const fake = createFakeClient();
    const rec = createEventRecorder(fake.client, 'default-scheduler', 'host-a');
    rec.event(pod, 'Normal', 'Scheduled', 'Successfully assigned shop/web-1 to n1');
    rec.event(node, 'Warning', 'NodeNotReady', 'Node n1 status is now: NodeNotReady');
    await rec.flush();
    const evs = fake.tracker.list(Resources.events).items as Event[];
    const scheduled = evs.find((e) => e.reason === 'Scheduled');
    expect(scheduled).toMatchObject({
      metadata: { namespace: 'shop' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'u-1' },
      type: 'Normal',
      source: { component: 'default-scheduler', host: 'host-a' },
      count: 1,
    });
    expect(scheduled?.metadata.name).toMatch(/^web-1\./);
    expect(evs.find((e) => e.reason === 'NodeNotReady')?.metadata.namespace).toBe('default');
  });

  it('aggregates repeats within 10 minutes by patching count, and starts anew after', async () => {
    const clock = new FakeClock();
    const fake = createFakeClient();
    const rec = createEventRecorder(fake.client, 'kubelet', 'n1', { clock });
    for (let i = 0; i < 3; i++) {
      rec.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
      clock.advance(60_000);
    }
    await rec.flush();
    let evs = fake.tracker.list(Resources.events).items as Event[];
    expect(evs).toHaveLength(1);
    expect(evs[0].count).toBe(3);
    expect(Date.parse(evs[0].lastTimestamp ?? '') - Date.parse(evs[0].firstTimestamp ?? '')).toBe(120_000);
    clock.advance(11 * 60_000);
    rec.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await rec.flush();
    evs = fake.tracker.list(Resources.events).items as Event[];
    expect(evs.map((e) => e.count).sort()).toEqual([1, 3]);
  });

  it('never throws or blocks: failures are dropped and the queue is bounded', async () => {
    const fake = createFakeClient();
    fake.prependReactor('create', 'events', () => ({ handled: true, error: newInternalError('down') }));
    const rec = createEventRecorder(fake.client, 'x', undefined, { queueSize: 2 });
    for (let i = 0; i < 10; i++) expect(() => rec.event(pod, 'Normal', 'R', `m${i}`)).not.toThrow();
    await rec.flush();
    // The first is taken by the sender at once; two more fit in the queue; the rest are dropped.
    expect(fake.actions.filter((a) => a.verb === 'create').length).toBe(3);
    expect(fake.tracker.list(Resources.events).items).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { Resources } from '../../../api/resources.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newEventTTLController } from './event-ttl-controller.ts';

describe('event TTL controller', () => {
  it.each([
    ['deletes an event last seen over an hour ago', '2025-12-31T22:59:59Z', true],
    ['keeps a recent event', '2025-12-31T23:30:00Z', false],
  ])('%s', async (_n, last, deleted) => {
    const h = newHarness();
    h.seed(Resources.events, { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, lastTimestamp: last } as never);
    const c = newEventTTLController(h.ctx);
    await c.sync('default/e');
    expect(h.writes()).toEqual(deleted ? ['delete events default/e'] : []);
  });
});

import { describe, expect, it } from 'vitest';
import { SchedulingQueue, type QueuedPodInfo } from './scheduling-queue.ts';
import { makePod } from '../testutil/builders.ts';
import type { ClusterEvent } from '../framework/types.ts';

function clockedQueue() {
  const clock = { t: 1_000_000 };
  const q = new SchedulingQueue({ now: () => clock.t });
  return { q, clock };
}

async function popName(q: SchedulingQueue): Promise<string> {
  return (await q.pop())!.pod.metadata.name!;
}

const nodeEvents = new Set<ClusterEvent>(['NodeAdd', 'NodeUpdate']);

describe('SchedulingQueue ordering', () => {
  it('pops by priority, then creation time, then arrival', async () => {
    const { q } = clockedQueue();
    q.add(makePod('late-low', { creationTimestamp: '2024-01-01T00:00:02Z' }));
    q.add(makePod('early-low', { creationTimestamp: '2024-01-01T00:00:01Z' }));
    q.add(makePod('high', { priority: 1000, creationTimestamp: '2024-01-01T00:00:09Z' }));
    q.add(makePod('same-a', { creationTimestamp: '2024-01-01T00:00:05Z' }));
    q.add(makePod('same-b', { creationTimestamp: '2024-01-01T00:00:05Z' }));
    const order = [];
    for (let i = 0; i < 5; i++) order.push(await popName(q));
    expect(order).toEqual(['high', 'early-low', 'late-low', 'same-a', 'same-b']);
  });

  it('wakes a waiting pop when a pod arrives', async () => {
    const { q } = clockedQueue();
    const p = q.pop();
    q.add(makePod('a'));
    expect((await p)!.pod.metadata.name).toBe('a');
  });

  it('resolves pops with undefined on close', async () => {
    const { q } = clockedQueue();
    const p = q.pop();
    q.close();
    expect(await p).toBeUndefined();
  });
});

describe('SchedulingQueue backoff', () => {
  it.each([
    { attempts: 1, want: 1000 },
    { attempts: 2, want: 2000 },
    { attempts: 3, want: 4000 },
    { attempts: 4, want: 8000 },
    { attempts: 5, want: 10_000 },
    { attempts: 9, want: 10_000 },
  ])('attempt $attempts backs off $want ms', ({ attempts, want }) => {
    expect(new SchedulingQueue().backoffDuration(attempts)).toBe(want);
  });

  it('keeps a pod moved by an event in backoffQ until its backoff expires', async () => {
    const { q, clock } = clockedQueue();
    q.add(makePod('a'));
    const qp = (await q.pop())!;
    q.addUnschedulable(qp, q.currentCycle(), nodeEvents);
    expect(q.pending()).toEqual({ active: 0, backoff: 0, unschedulable: 1 });
    q.moveAllToActiveOrBackoff('NodeAdd');
    expect(q.pending()).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
    clock.t += 999;
    q.flushBackoffCompleted();
    expect(q.pending().backoff).toBe(1);
    clock.t += 2;
    q.flushBackoffCompleted();
    expect(q.pending()).toEqual({ active: 1, backoff: 0, unschedulable: 0 });
  });
});

describe('SchedulingQueue requeue on events', () => {
  async function unschedulableQueue(wakeOn: Set<ClusterEvent>) {
    const { q, clock } = clockedQueue();
    q.add(makePod('a'));
    const qp = (await q.pop()) as QueuedPodInfo;
    q.addUnschedulable(qp, q.currentCycle(), wakeOn);
    clock.t += 60_000; // well past any backoff
    return { q, clock };
  }

  it('moves a pod on an event its rejecting plugins care about', async () => {
    const { q } = await unschedulableQueue(nodeEvents);
    expect(q.moveAllToActiveOrBackoff('AssignedPodAdd')).toBe(0);
    expect(q.moveAllToActiveOrBackoff('NodeAdd')).toBe(1);
    expect(await popName(q)).toBe('a');
  });

  it('sends a pod to backoff when a relevant event came during its cycle', async () => {
    const { q } = clockedQueue();
    q.add(makePod('a'));
    const qp = (await q.pop())!;
    q.moveAllToActiveOrBackoff('NodeAdd'); // e.g. a node appeared while the pod was being scheduled
    q.addUnschedulable(qp, q.currentCycle(), nodeEvents);
    expect(q.pending()).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
  });

  it('does not move on status-only updates, does on spec changes', async () => {
    const { q } = await unschedulableQueue(nodeEvents);
    const old = makePod('a');
    const statusOnly = makePod('a');
    statusOnly.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] };
    q.update(old, statusOnly);
    expect(q.pending().unschedulable).toBe(1);
    q.update(old, makePod('a', { labels: { x: 'y' } }));
    expect(q.pending()).toEqual({ active: 1, backoff: 0, unschedulable: 0 });
  });

  it('flushes pods unschedulable for longer than the limit', async () => {
    const { q, clock } = clockedQueue();
    q.add(makePod('a'));
    const qp = (await q.pop())!;
    q.addUnschedulable(qp, q.currentCycle(), nodeEvents);
    clock.t += 59_000;
    q.flushUnschedulableLeftover();
    expect(q.pending().unschedulable).toBe(1);
    clock.t += 2_000;
    q.flushUnschedulableLeftover();
    expect(q.pending().active).toBe(1);
  });

  it('delete removes the pod from every part', async () => {
    const { q } = await unschedulableQueue(nodeEvents);
    q.delete(makePod('a'));
    expect(q.pending()).toEqual({ active: 0, backoff: 0, unschedulable: 0 });
  });
});

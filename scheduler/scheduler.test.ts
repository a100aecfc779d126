import { describe, expect, it } from 'vitest';
import { newConflict } from '../api/errors.ts';
import { makeNode, makePod } from './testutil/builders.ts';
import { schedulerHarness } from './testutil/scheduler-harness.ts';
import type { Pod } from './api-types.ts';

describe('Scheduler on the fake client', () => {
  it('binds a pod and records the Scheduled event', async () => {
    const h = schedulerHarness([makeNode('n1')]);
    h.addPod(makePod('web'));
    await h.runAll();
    expect(h.bindings()).toEqual([['web', 'n1']]);
    expect(h.apiPod('web').spec!.nodeName).toBe('n1');
    expect(h.events).toContainEqual({ pod: 'web', type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web to n1' });
  });

  it('schedules in priority order, then creation time', async () => {
    const h = schedulerHarness([makeNode('n1')]);
    h.addPod(makePod('old', { creationTimestamp: '2024-01-01T00:00:00Z' }));
    h.addPod(makePod('new', { creationTimestamp: '2024-01-01T00:01:00Z' }));
    h.addPod(makePod('urgent', { priority: 100, creationTimestamp: '2024-01-01T00:02:00Z' }));
    await h.runAll();
    expect(h.bindings().map(([p]) => p)).toEqual(['urgent', 'old', 'new']);
  });

  it('assumed pods prevent over-commit before any binding is confirmed', async () => {
    const h = schedulerHarness([makeNode('n1', { cpu: '2' })]);
    for (const name of ['a', 'b', 'c']) h.addPod(makePod(name, { cpu: '1' }));
    await h.runAll();
    expect(h.bindings().map(([p]) => p)).toEqual(['a', 'b']);
    expect(h.events.find((e) => e.pod === 'c')).toEqual({
      pod: 'c',
      type: 'Warning',
      reason: 'FailedScheduling',
      message: '0/1 nodes are available: 1 Insufficient cpu.',
    });
  });

  it('sets PodScheduled=False Unschedulable with the message, once', async () => {
    const h = schedulerHarness([makeNode('n1', { memory: '1Gi' })]);
    h.addPod(makePod('big', { memory: '2Gi' }));
    await h.runAll();
    await new Promise((r) => setImmediate(r));
    const cond = h.apiPod('big').status!.conditions!.find((c) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient memory.' });
  });

  it('re-queues an unschedulable pod when a node is added, not before', async () => {
    const h = schedulerHarness([makeNode('small', { cpu: '1' })]);
    h.addPod(makePod('p', { cpu: '2' }));
    await h.runAll();
    expect(h.sched.queue.pending()).toEqual({ active: 0, backoff: 0, unschedulable: 1 });
    h.clock.t += 5_000;
    h.addNode(makeNode('big', { cpu: '4' }));
    expect(h.sched.queue.pending().unschedulable).toBe(0);
    h.sched.queue.flushBackoffCompleted();
    await h.runAll();
    expect(h.bindings()).toEqual([['p', 'big']]);
  });

  it('a deleted pod frees capacity for a waiting pod', async () => {
    const h = schedulerHarness([makeNode('n1', { cpu: '1' })]);
    h.addPod(makePod('first', { cpu: '1' }));
    await h.runAll();
    h.confirm('first', 'n1');
    h.addPod(makePod('second', { cpu: '1' }));
    await h.runAll();
    expect(h.sched.queue.pending().unschedulable).toBe(1);
    h.clock.t += 5_000;
    h.deletePod({ ...makePod('first', { cpu: '1' }), spec: { ...makePod('first', { cpu: '1' }).spec!, nodeName: 'n1' } } as Pod);
    h.sched.queue.flushBackoffCompleted();
    await h.runAll();
    expect(h.bindings().map(([p]) => p)).toEqual(['first', 'second']);
  });

  it('forgets the assumed pod and retries after a failed binding', async () => {
    const h = schedulerHarness([makeNode('n1', { cpu: '1' })]);
    let fail = true;
    h.fake.prependReactor('create', 'pods', (a) => (a.subresource === 'binding' && fail ? { handled: true, error: newConflict({ group: '', resource: 'pods' }, 'p', 'boom') } : undefined));
    h.addPod(makePod('p', { cpu: '1' }));
    await h.runAll();
    expect(h.sched.cache.get('n1')!.requested.milliCpu).toBe(0);
    expect(h.sched.queue.pending().backoff).toBe(1);
    expect(h.events.at(-1)).toMatchObject({ reason: 'FailedScheduling', message: expect.stringMatching(/^binding rejected: /) });
    fail = false;
    h.clock.t += 2_000;
    h.sched.queue.flushBackoffCompleted();
    await h.runAll();
    expect(h.apiPod('p').spec!.nodeName).toBe('n1');
  });

  it.each([
    { name: 'another scheduler', pod: makePod('p', { schedulerName: 'other' }) },
    { name: 'already bound', pod: makePod('p', { nodeName: 'n1' }) },
    { name: 'terminating', pod: { ...makePod('p'), metadata: { ...makePod('p').metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } } as Pod },
  ])('ignores a pod for $name', async ({ pod }) => {
    const h = schedulerHarness([makeNode('n1')]);
    h.addPod(pod);
    await h.runAll();
    expect(h.bindings()).toEqual([]);
  });

  it('holds a pod with scheduling gates until they are removed', async () => {
    const h = schedulerHarness([makeNode('n1')]);
    const gated = makePod('gated', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
    h.addPod(gated);
    await h.runAll();
    expect(h.bindings()).toEqual([]);
    h.informers.informer<Pod>('pods').update(makePod('gated'));
    await h.runAll();
    expect(h.bindings()).toEqual([['gated', 'n1']]);
  });

  it('places a DaemonSet pod on its pinned node, even a not-ready one it tolerates', async () => {
    const h = schedulerHarness([makeNode('a'), makeNode('b', { ready: 'False' }), makeNode('c')]);
    const pinned = (name: string, node: string, tolerations?: object[]) =>
      makePod(name, {
        tolerations: tolerations as never,
        spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } } } as never,
      });
    h.addPod(pinned('ds-b', 'b', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }]));
    h.addPod(pinned('ds-c', 'c'));
    h.addPod(pinned('ds-b-intolerant', 'b'));
    await h.runAll();
    expect(h.bindings().sort()).toEqual([['ds-b', 'b'], ['ds-c', 'c']]);
    expect(h.events.find((e) => e.pod === 'ds-b-intolerant')?.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].",
    );
  });

  it('places pods for a configured scheduler name', async () => {
    const h = schedulerHarness([makeNode('n1')], { schedulerName: 'skiff-batch' });
    h.addPod(makePod('mine', { schedulerName: 'skiff-batch' }));
    h.addPod(makePod('theirs'));
    await h.runAll();
    expect(h.bindings()).toEqual([['mine', 'n1']]);
  });

  it('explains an empty cluster and schedules once a node registers', async () => {
    const h = schedulerHarness([]);
    h.addPod(makePod('p'));
    await h.runAll();
    expect(h.events.at(-1)?.message).toBe('no nodes available to schedule pods');
    h.clock.t += 5_000;
    h.addNode(makeNode('n1'));
    h.sched.queue.flushBackoffCompleted();
    await h.runAll();
    expect(h.bindings()).toEqual([['p', 'n1']]);
  });
});

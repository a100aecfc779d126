import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from './testutil/builders.ts';
import { schedulerHarness } from './testutil/scheduler-harness.ts';
import { nodeSchedulingView } from './event-handlers.ts';
import type { Node, Pod } from './api-types.ts';

describe('nodeSchedulingView', () => {
  const base = makeNode('n');
  const heartbeat = structuredClone(base);
  heartbeat.status!.conditions![0].lastHeartbeatTime = '2024-01-01T00:00:10Z';
  const tainted = makeNode('n', { taints: [{ key: 'k', effect: 'NoSchedule' }] });
  const notReady = makeNode('n', { ready: 'False' });
  it.each([
    { name: 'heartbeat only', node: heartbeat, changed: false },
    { name: 'taint added', node: tainted, changed: true },
    { name: 'readiness flipped', node: notReady, changed: true },
    { name: 'labels changed', node: makeNode('n', { labels: { a: 'b' } }), changed: true },
    { name: 'allocatable changed', node: makeNode('n', { cpu: '8' }), changed: true },
  ])('$name → changed=$changed', ({ node, changed }) => {
    expect(nodeSchedulingView(base) !== nodeSchedulingView(node)).toBe(changed);
  });
});

describe('informer events', () => {
  async function stuckOnTaint() {
    const h = schedulerHarness([makeNode('n1', { taints: [{ key: 'k', effect: 'NoSchedule' }] })]);
    h.addPod(makePod('p'));
    await h.runAll();
    h.clock.t += 60_000;
    return h;
  }

  it('a node heartbeat does not wake unschedulable pods; removing the taint does', async () => {
    const h = await stuckOnTaint();
    const nodes = h.informers.informer<Node>('nodes');
    const hb = structuredClone(nodes.lister.get(undefined, 'n1')!);
    hb.status!.conditions![0].lastHeartbeatTime = '2024-01-01T00:00:10Z';
    nodes.update(hb);
    expect(h.sched.queue.pending().unschedulable).toBe(1);
    const untainted = structuredClone(hb);
    untainted.spec!.taints = [];
    nodes.update(untainted);
    expect(h.sched.queue.pending().active).toBe(1);
    await h.runAll();
    expect(h.bindings()).toEqual([['p', 'n1']]);
  });

  it('a deleted pod does not wake a pod rejected only for taints', async () => {
    const h = await stuckOnTaint();
    h.addPod(makePod('other', { nodeName: 'n1' }));
    h.deletePod(makePod('other', { nodeName: 'n1' }));
    expect(h.sched.queue.pending().unschedulable).toBe(1);
  });

  it('a pod finishing frees its resources and wakes waiting pods', async () => {
    const h = schedulerHarness([makeNode('n1', { cpu: '1' })]);
    h.addPod(makePod('job', { cpu: '1', nodeName: 'n1' }));
    h.addPod(makePod('p', { cpu: '1' }));
    await h.runAll();
    expect(h.sched.queue.pending().unschedulable).toBe(1);
    h.clock.t += 60_000;
    const pods = h.informers.informer<Pod>('pods');
    const done = structuredClone(pods.lister.get('default', 'job')!);
    done.status = { phase: 'Succeeded' };
    pods.update(done);
    expect(h.sched.cache.get('n1')!.requested.milliCpu).toBe(0);
    await h.runAll();
    expect(h.bindings()).toEqual([['p', 'n1']]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Node } from '../../../api/core/v1/node.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newTaintEvictionController } from './taint-eviction-controller.ts';

const T0 = '2026-01-01T00:00:00Z';
const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: T0 };
const tolerating = (seconds?: number) => [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}) }];

describe('taint eviction controller', () => {
  const cases = [
    { name: 'no toleration: deleted at once', tolerations: [], elapsed: 0, deleted: true },
    { name: 'tolerationSeconds not yet passed: kept and requeued', tolerations: tolerating(300), elapsed: 299_000, deleted: false },
    { name: 'tolerationSeconds passed: deleted', tolerations: tolerating(300), elapsed: 300_000, deleted: true },
    { name: 'tolerated forever: kept', tolerations: tolerating(), elapsed: 10_000_000, deleted: false },
    { name: 'Exists with empty key tolerates everything', tolerations: [{ operator: 'Exists' }], elapsed: 10_000, deleted: false },
    { name: 'toleration for another key does not help', tolerations: [{ key: 'other', operator: 'Exists', effect: 'NoExecute' }], elapsed: 0, deleted: true },
  ];
  it.each(cases)('$name', async ({ tolerations, elapsed, deleted }) => {
    const h = newHarness();
    h.clock.set(Date.parse(T0) + elapsed);
    h.seed(Resources.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [unreachable] } } as Node);
    const pod = podFixture('p', { node: 'n1', ready: true });
    (pod.spec as { tolerations?: unknown }).tolerations = tolerations;
    h.seed(Resources.pods, pod);
    const c = newTaintEvictionController(h.ctx);
    await c.sync('default/p');
    expect(h.writes()).toEqual(deleted ? ['delete pods default/p'] : []);
    if (deleted) expect(h.events[0]).toMatchObject({ reason: 'TaintManagerEviction', message: 'Marking for deletion Pod default/p' });
  });

  it('ignores pods on untainted nodes', async () => {
    const h = newHarness();
    h.seed(Resources.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } } as Node);
    h.seed(Resources.pods, podFixture('p', { node: 'n1' }) as Pod);
    await newTaintEvictionController(h.ctx).sync('default/p');
    expect(h.writes()).toEqual([]);
  });
});

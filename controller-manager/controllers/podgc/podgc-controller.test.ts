import { describe, expect, it } from 'vitest';
import type { Node } from '../../../api/core/v1/node.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newPodGCController } from './podgc-controller.ts';

describe('pod GC', () => {
  it('force-deletes pods of vanished nodes and terminating unscheduled pods, keeps the rest', async () => {
    const h = newHarness();
    h.seed(Resources.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'alive' } } as Node);
    h.seed(Resources.pods, podFixture('on-alive', { node: 'alive' }), podFixture('on-gone', { node: 'gone' }), podFixture('pending', {}), podFixture('pending-deleting', { deleting: '2026-01-01T00:00:00Z' }));
    await newPodGCController(h.ctx).gc();
    expect(h.writes().sort()).toEqual(['delete pods default/on-gone', 'delete pods default/pending-deleting']);
    expect(h.actionsOf('delete')[0].options).toMatchObject({ gracePeriodSeconds: 0 });
  });

  it('deletes the oldest finished pods above the threshold', async () => {
    const h = newHarness();
    h.seed(Resources.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } } as Node);
    h.seed(Resources.pods, ...[1, 2, 3].map((i) => podFixture(`done-${i}`, { node: 'n', phase: 'Succeeded', created: `2026-01-0${i}T00:00:00Z` })));
    await newPodGCController(h.ctx, 1).gc();
    expect(h.writes().sort()).toEqual(['delete pods default/done-1', 'delete pods default/done-2']);
  });
});

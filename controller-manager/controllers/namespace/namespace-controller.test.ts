import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { newBadRequest } from '../../../api/errors.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newNamespaceController, type Namespace } from './namespace-controller.ts';

const ns = (deleting: boolean): Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'team', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { finalizers: ['kubernetes'] },
});

describe('namespace controller', () => {
  it('leaves live namespaces alone', async () => {
    const h = newHarness();
    h.seed(Resources.namespaces, ns(false));
    await newNamespaceController(h.ctx).sync('team');
    expect(h.fake.actions).toEqual([]);
  });

  it('deletes all content, then finalizes through /finalize', async () => {
    const h = newHarness();
    h.seed(Resources.namespaces, ns(true));
    h.seed(Resources.pods, podFixture('a', { ns: 'team' }), podFixture('elsewhere', { ns: 'default' }));
    h.seed(Resources.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'team' } });
    const finalized: unknown[] = [];
    h.fake.prependReactor('request', '*', (a) => {
      finalized.push(a);
      return { handled: true, result: { status: 200, headers: {}, body: {} } };
    });
    await newNamespaceController(h.ctx).sync('team');
    expect(h.writes().filter((w) => w.startsWith('delete')).sort()).toEqual(['delete configmaps team/cm', 'delete pods team/a']);
    expect(finalized).toEqual([expect.objectContaining({ resource: '/api/v1/namespaces/team/finalize', options: expect.objectContaining({ method: 'PUT', body: expect.objectContaining({ spec: { finalizers: [] } }) }) })]);
    expect((h.fake.tracker.get(Resources.pods, 'default', 'elsewhere') as Pod).metadata.name).toBe('elsewhere');
  });

  it('waits while content remains and reports it', async () => {
    const h = newHarness();
    h.seed(Resources.namespaces, ns(true));
    h.seed(Resources.pods, { ...podFixture('slow', { ns: 'team' }), metadata: { ...podFixture('slow', { ns: 'team' }).metadata, finalizers: ['example.com/wait'] } });
    const c = newNamespaceController(h.ctx);
    await c.sync('team');
    expect(h.actionsOf('request')).toEqual([]);
    const stored = h.fake.tracker.get(Resources.namespaces, undefined, 'team') as Namespace;
    expect(stored.status?.conditions?.find((x) => x.type === 'NamespaceContentRemaining')).toMatchObject({ status: 'True', message: 'Some resources are remaining: pods has 1 resource instances' });
  });

  it('reports NamespaceDeletionContentFailure when a deletion fails', async () => {
    const h = newHarness();
    h.seed(Resources.namespaces, ns(true));
    h.seed(Resources.pods, podFixture('a', { ns: 'team' }));
    h.fake.prependReactor('delete', 'pods', () => ({ handled: true, error: newBadRequest('nope') }));
    await expect(newNamespaceController(h.ctx).sync('team')).rejects.toThrow(/nope/);
    const stored = h.fake.tracker.get(Resources.namespaces, undefined, 'team') as Namespace;
    expect(stored.status?.conditions?.find((x) => x.type === 'NamespaceDeletionContentFailure')?.status).toBe('True');
  });
});

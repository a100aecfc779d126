import { describe, expect, it } from 'vitest';
import { Resources } from '../../../api/resources.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newServiceAccountsController } from './serviceaccount-controller.ts';

describe('serviceaccount controller', () => {
  it.each([
    ['creates default in an active namespace', { phase: 'Active' }, false, ['create serviceaccounts team/default']],
    ['leaves a namespace that has one alone', { phase: 'Active' }, true, []],
    ['skips terminating namespaces', { phase: 'Terminating' }, false, []],
  ])('%s', async (_n, status, has, want) => {
    const h = newHarness();
    h.seed(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, status } as never);
    if (has) h.seed(Resources.serviceaccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'team' } });
    await newServiceAccountsController(h.ctx).sync('team');
    expect(h.writes()).toEqual(want);
  });
});

import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { ResourceQuota } from '../../../api/core/v1/resourcequota.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newResourceQuotaController } from './resourcequota-controller.ts';

const withResources = (p: Pod, requests: Record<string, string>, limits: Record<string, string>): Pod => {
  (p.spec.containers[0] as { resources?: unknown }).resources = { requests, limits };
  return p;
};

describe('resource quota controller', () => {
  it('reports used counts and compute resources of non-terminal pods', async () => {
    const h = newHarness();
    h.seed(Resources.resourcequotas, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' }, spec: { hard: { pods: '10', 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.memory': '16Gi', 'count/deployments.apps': '5', services: '3', 'services.nodeports': '2' } } } as ResourceQuota);
    h.seed(Resources.pods,
      withResources(podFixture('a', { phase: 'Running' }), { cpu: '500m', memory: '256Mi' }, { memory: '512Mi' }),
      withResources(podFixture('b', { phase: 'Running' }), { cpu: '1', memory: '1Gi' }, { memory: '1Gi' }),
      withResources(podFixture('done', { phase: 'Succeeded' }), { cpu: '8' }, {}),
    );
    h.seed(Resources.services, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } } as never);
    h.seed(Resources.deployments, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default' } } as never);
    await newResourceQuotaController(h.ctx).sync('default/q');
    const q = h.fake.tracker.get(Resources.resourcequotas, 'default', 'q') as ResourceQuota;
    expect(q.status?.used).toEqual({ pods: '2', 'requests.cpu': '1500m', 'requests.memory': '1280Mi', 'limits.memory': '1536Mi', 'count/deployments.apps': '1', services: '1', 'services.nodeports': '1' });
    expect(q.status?.hard).toEqual(q.spec?.hard);
  });
});

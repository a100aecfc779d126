import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from '../../../api/autoscaling/v2/horizontalpodautoscaler.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness, type Harness } from '../../test-util/harness.ts';
import { newHPAController } from './hpa-controller.ts';
import { utilizationReplicas, type PodMetrics } from './replica-calculator.ts';

const pod = (name: string, cpuRequest = '100m'): Pod => {
  const p = podFixture(name, { ready: true, node: 'n' });
  (p.spec.containers[0] as { resources?: unknown }).resources = { requests: { cpu: cpuRequest } };
  return p;
};
const usage = (name: string, cpu: string): PodMetrics => ({ metadata: { name, namespace: 'default' }, containers: [{ name: 'c', usage: { cpu } }] });

function setup(replicas: number, min: number, max: number, metrics?: PodMetrics[]): Harness {
  const h = newHarness();
  h.seed(Resources.deployments, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas, selector: { matchLabels: { app: 'web' } } } } as never);
  h.seed(Resources.pods, ...Array.from({ length: replicas }, (_, i) => pod(`p${i}`)));
  h.seed(Resources.horizontalpodautoscalers, {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: min, maxReplicas: max, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
  } as HorizontalPodAutoscaler);
  h.fake.prependReactor('request', '*', (a) =>
    a.resource.startsWith('/apis/metrics.k8s.io/') && metrics ? { handled: true, result: { status: 200, headers: {}, body: { items: metrics } } } : undefined,
  );
  return h;
}
const replicas = (h: Harness) => (h.fake.tracker.get(Resources.deployments, 'default', 'web') as { spec?: { replicas?: number } }).spec?.replicas;
const status = (h: Harness) => (h.fake.tracker.get(Resources.horizontalpodautoscalers, 'default', 'web') as HorizontalPodAutoscaler).status!;

describe('utilizationReplicas', () => {
  it.each([
    [2, 50, ['200m', '200m'], 8],
    [4, 50, ['52m', '48m', '50m', '50m'], 4],
    [4, 50, ['10m', '10m', '10m', '10m'], 1],
  ])('%s replicas at target %s%% with usage %j → %s', (current, target, use, want) => {
    const pods = use.map((_, i) => pod(`p${i}`));
    expect(utilizationReplicas(current, target, 'cpu', pods, use.map((u, i) => usage(`p${i}`, u)))?.replicas).toBe(want);
  });
});

describe('HPA controller', () => {
  it('enforces minReplicas even without the metrics API, reporting FailedGetResourceMetric', async () => {
    const h = setup(1, 2, 5);
    await newHPAController(h.ctx).sync('default/web');
    expect(replicas(h)).toBe(2);
    expect(status(h).conditions?.find((c) => c.type === 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
    expect(h.events[0]).toMatchObject({ reason: 'SuccessfulRescale', message: expect.stringMatching(/^New size: 2; reason: /) });
  });

  it('scales up on utilization, limited by maxReplicas', async () => {
    const h = setup(2, 1, 5, [usage('p0', '200m'), usage('p1', '200m')]);
    await newHPAController(h.ctx).sync('default/web');
    expect(replicas(h)).toBe(5);
    expect(status(h)).toMatchObject({ currentReplicas: 2, desiredReplicas: 5, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 200 } } }] });
    expect(status(h).conditions?.find((c) => c.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooManyReplicas' });
  });

  it('scales up at most to double or four more per sync, and says why as Kubernetes does', async () => {
    const h = setup(1, 1, 20, [usage('p0', '1000m')]);
    const c = newHPAController(h.ctx);
    await c.sync('default/web');
    expect(replicas(h)).toBe(5);
    expect(status(h).conditions?.find((x) => x.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    expect(status(h).conditions?.find((x) => x.type === 'ScalingActive')?.message).toBe('the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
    expect(h.events.map((e) => e.message)).toEqual(['New size: 5; reason: cpu resource utilization (percentage of request) above target']);
  });

  it('names the minimum when it scales up to minReplicas', async () => {
    const h = setup(1, 3, 5, [usage('p0', '10m')]);
    await newHPAController(h.ctx).sync('default/web');
    expect(h.events.map((e) => e.message)).toEqual(['New size: 3; reason: Current number of replicas below Spec.MinReplicas']);
  });

  it('leaves a target scaled to zero by hand at zero (scaling disabled)', async () => {
    const h = setup(0, 2, 5, []);
    await newHPAController(h.ctx).sync('default/web');
    expect(replicas(h)).toBe(0);
    expect(status(h).conditions?.find((x) => x.type === 'ScalingActive')).toMatchObject({ status: 'False', reason: 'ScalingDisabled' });
  });

  it('stabilizes scale-downs over five minutes', async () => {
    const h = setup(4, 1, 10, [usage('p0', '50m'), usage('p1', '50m'), usage('p2', '50m'), usage('p3', '50m')]);
    const c = newHPAController(h.ctx);
    await c.sync('default/web');
    expect(replicas(h)).toBe(4);
    // Usage drops: the recommendation falls to 1, but the last 5 minutes recommended 4.
    h.fake.prependReactor('request', '*', () => ({ handled: true, result: { status: 200, headers: {}, body: { items: ['p0', 'p1', 'p2', 'p3'].map((n) => usage(n, '5m')) } } }));
    const refresh = () => h.informers.informer<HorizontalPodAutoscaler>(Resources.horizontalpodautoscalers).add(h.fake.tracker.get(Resources.horizontalpodautoscalers, 'default', 'web') as HorizontalPodAutoscaler);
    refresh();
    h.clock.step(60_000);
    await c.sync('default/web');
    expect(replicas(h)).toBe(4);
    refresh();
    h.clock.step(5 * 60_000);
    await c.sync('default/web');
    expect(replicas(h)).toBe(1);
  });
});

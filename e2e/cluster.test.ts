/**
 * The e2e tier: one cluster per run (3-member etcd, API server, 2 schedulers, 2
 * controller-managers, 3 simulated nodes — e2e/fixtures/cluster.ts), then the scenarios in an
 * order where the destructive ones (control-plane and node loss) come last.
 * Run: TESTCONTAINERS_RYUK_DISABLED=true vitest run --project e2e
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { startCluster, type E2ECluster } from './fixtures/cluster.ts';
import { servicesScenario } from './scenarios/services.ts';
import { rollingUpdateScenario } from './scenarios/rolling-update.ts';
import { containerAndKubeletScenario } from './scenarios/node-failures.ts';
import { workloadsScenario } from './scenarios/workloads.ts';
import { realKubectlScenario } from './scenarios/real-kubectl.ts';
import { autoscalingScenario } from './scenarios/autoscaling.ts';
import { controlPlaneScenario } from './scenarios/control-plane.ts';
import { nodeLossScenario } from './scenarios/node-loss.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
let c: E2ECluster | undefined;
const cluster = (): E2ECluster => {
  if (!c) throw new Error('the e2e cluster did not start');
  return c;
};

beforeAll(async () => {
  c = await startCluster({ nodes: 3 });
});
afterAll(async () => {
  await c?.stop();
});

describe('services across nodes', () => servicesScenario(cluster));
describe('rolling update', () => rollingUpdateScenario(cluster));
describe('container and kubelet failures', () => containerAndKubeletScenario(cluster));
describe('workloads', () => workloadsScenario(cluster));
describe('real kubectl', () => realKubectlScenario(cluster));
describe('resource metrics and autoscaling', () => autoscalingScenario(cluster));
describe('control-plane failover', () => controlPlaneScenario(cluster));
describe('node loss', () => nodeLossScenario(cluster));

/**
 * realKubectlScenario: the real kubectl 1.32 drives a deployment scenario unchanged — apply,
 * rollout status, scale, get -o wide, set image + rollout undo, delete. Skipped, loudly, when
 * this machine has no kubectl 1.32.
 */
import { beforeAll, expect, it } from 'vitest';
import type { E2ECluster } from '../fixtures/cluster.ts';
import { findKubectl, kubectlRunner } from '../fixtures/cli.ts';
import { createNamespace, isReady, listPods, waitReadyPods } from '../fixtures/kube.ts';
import { echoDeployment } from './services.ts';

const kubectlBin = findKubectl('1.32');
if (!kubectlBin) console.warn('SKIPPING real-kubectl e2e scenario: no kubectl.1.32 beside `kubectl` on this machine');

/** realKubectlScenario registers the tests; `cluster()` returns the started cluster. */
export function realKubectlScenario(cluster: () => E2ECluster): void {
  const ns = 'e2e-kubectl';
  let kubectl: (args: string[], input?: string) => Promise<string>;

  beforeAll(async () => {
    if (!kubectlBin) return;
    await createNamespace(cluster(), ns);
    kubectl = kubectlRunner(kubectlBin, cluster().kubeconfigPath);
  });

  it.skipIf(!kubectlBin)('applies, scales, rolls out and undoes a Deployment with kubectl 1.32', async () => {
    const c = cluster();
    expect(await kubectl(['apply', '-n', ns, '-f', '-'], echoDeployment('kc', 2))).toContain('deployment.apps/kc created');
    await kubectl(['rollout', 'status', '-n', ns, 'deployment/kc', '--timeout=180s']);
    expect(await kubectl(['scale', '-n', ns, 'deployment/kc', '--replicas=3'])).toContain('scaled');
    await waitReadyPods(c, ns, 'app=kc', 3);
    const wide = await kubectl(['get', 'pods', '-n', ns, '-o', 'wide']);
    expect(wide).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(wide.trim().split('\n').length).toBe(4);
    await kubectl(['set', 'image', '-n', ns, 'deployment/kc', 'echo=skiff/echo:v2']);
    await kubectl(['rollout', 'status', '-n', ns, 'deployment/kc', '--timeout=180s']);
    await kubectl(['rollout', 'undo', '-n', ns, 'deployment/kc']);
    await kubectl(['rollout', 'status', '-n', ns, 'deployment/kc', '--timeout=180s']);
    const pods = (await listPods(c, ns, 'app=kc')).filter(isReady);
    expect(pods.every((p) => p.spec?.containers[0]?.image === 'skiff/echo:latest')).toBe(true);
    await kubectl(['delete', '-n', ns, 'deployment/kc', '--wait=true', '--timeout=120s']);
  });
}

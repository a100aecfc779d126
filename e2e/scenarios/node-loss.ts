/**
 * nodeLossScenario: killing a whole node container gets its pods replaced on the other nodes
 * within the node grace period + the unreachable toleration (+ slack for eviction and start-up);
 * when the node comes back it runs no duplicate of a replaced pod.
 */
import { expect, it } from 'vitest';
import type { E2ECluster } from '../fixtures/cluster.ts';
import { waitNodeReady } from '../fixtures/cluster.ts';
import { docker } from '../fixtures/docker.ts';
import { apply, createNamespace, isReady, listPods, nodeContainerIds, summary, waitReadyPods } from '../fixtures/kube.ts';
import { waitFor } from '../fixtures/wait.ts';
import { echoDeployment } from './services.ts';

/** nodeLossScenario registers the tests; `cluster()` returns the started cluster. */
export function nodeLossScenario(cluster: () => E2ECluster): void {
  const ns = 'e2e-node-loss';

  it('replaces the pods of a dead node elsewhere, and the node comes back without duplicates', async () => {
    const c = cluster();
    await createNamespace(c, ns);
    const replicas = 2 * c.nodes.length;
    await apply(c, ns, echoDeployment('spread', replicas));
    await waitReadyPods(c, ns, 'app=spread', replicas);
    const victim = c.nodes[c.nodes.length - 1];
    const lost = (await listPods(c, ns, 'app=spread')).filter((p) => p.spec?.nodeName === victim.nodeName);
    expect(lost.length).toBeGreaterThan(0);

    await docker('kill', victim.name);
    const killedAt = Date.now();
    // Budget: grace period + toleration, plus eviction, scheduling and container start-up.
    const budgetMs = c.nodeGracePeriodMs + c.tolerationSeconds * 1000 + 90_000;
    await waitFor(`${replicas} ready replicas off ${victim.nodeName}`, async () => {
      const pods = await listPods(c, ns, 'app=spread');
      const ready = pods.filter((p) => isReady(p) && p.spec?.nodeName !== victim.nodeName);
      return { ok: ready.length === replicas, seen: pods.map(summary) };
    }, { timeoutMs: budgetMs, intervalMs: 2000 });
    expect(Date.now() - killedAt).toBeLessThan(budgetMs);

    await docker('start', victim.name);
    await waitNodeReady(c.client, victim.nodeName);
    // The returning kubelet must remove the containers of pods that no longer exist.
    await waitFor(`no containers of replaced pods on ${victim.nodeName}`, async () => {
      const ids = await nodeContainerIds(c, victim.index, [`io.skiff.pod.namespace=${ns}`]);
      return { ok: ids.length === 0, seen: ids };
    }, { timeoutMs: 120_000 });
    const pods = await listPods(c, ns, 'app=spread');
    expect(pods.filter(isReady).length).toBe(replicas);
    const running = (await Promise.all(c.nodes.map((n) => nodeContainerIds(c, n.index, [`io.skiff.pod.namespace=${ns}`])))).flat();
    expect(running.length).toBe(replicas);
  });
}

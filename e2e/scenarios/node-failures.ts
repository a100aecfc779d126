/**
 * containerAndKubeletScenario: a killed container is restarted (restartCount 1); a SIGKILLed
 * kubelet leaves its containers serving, and once restarted adopts them without restarting any.
 */
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { Resources } from '../../api/resources.ts';
import type { Lease } from '../../api/coordination/v1/lease.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { repoRoot, type E2ECluster, type SimNode } from '../fixtures/cluster.ts';
import { docker } from '../fixtures/docker.ts';
import { apply, createNamespace, isReady, listPods, nodeContainerIds, summary, waitReadyPods } from '../fixtures/kube.ts';
import { waitFor } from '../fixtures/wait.ts';
import { echoDeployment } from './services.ts';

const nodeScript = path.join(repoRoot, 'deploy/multinode/node.sh');
const echoScript = path.join(repoRoot, 'deploy/images/echo/echo-server.ts');

/** containerId strips the runtime prefix from a containerStatus id. */
function containerId(p: Pod): string {
  return (p.status?.containerStatuses?.[0]?.containerID ?? '').replace(/^docker:\/\//, '');
}

/** getFromNode GETs a URL from inside a node container (pod IPs are routable only there). */
function getFromNode(c: E2ECluster, node: SimNode, url: string): Promise<string> {
  return c.nodeExec(node, ['node', echoScript, 'get', url]);
}

/** waitLeaseRenewedAfter waits until the node's Lease was renewed `times` times after `since`. */
async function waitLeaseRenewals(c: E2ECluster, nodeName: string, since: number, times: number): Promise<void> {
  const seen = new Set<string>();
  await waitFor(`${times} lease renewals of ${nodeName}`, async () => {
    const lease = await c.client.resource<Lease>(Resources.leases).get('kube-node-lease', nodeName);
    const t = lease.spec?.renewTime;
    if (t && Date.parse(t) > since) seen.add(t);
    return { ok: seen.size >= times, seen: t };
  }, { timeoutMs: 90_000, intervalMs: 500 });
}

/** containerAndKubeletScenario registers the tests; `cluster()` returns the started cluster. */
export function containerAndKubeletScenario(cluster: () => E2ECluster): void {
  const ns = 'e2e-failures';

  beforeAll(async () => {
    const c = cluster();
    await createNamespace(c, ns);
    await apply(c, ns, echoDeployment('steady', 3));
    await waitReadyPods(c, ns, 'app=steady', 3);
  });

  it('restarts a killed container in place: restartCount 1, Ready again', async () => {
    const c = cluster();
    const [pod] = await listPods(c, ns, 'app=steady');
    const node = c.nodes.find((n) => n.nodeName === pod.spec?.nodeName)!;
    const before = containerId(pod);
    await docker('exec', node.name, 'docker', 'kill', before);
    const after = await waitFor(`${pod.metadata.name} restarted`, async () => {
      const p = await c.client.resource<Pod>(Resources.pods).get(ns, pod.metadata.name!);
      return { ok: isReady(p) && p.status?.containerStatuses?.[0]?.restartCount === 1, value: p, seen: summary(p) };
    }, { timeoutMs: 90_000 });
    expect(containerId(after)).not.toBe(before);
    expect(after.metadata.uid).toBe(pod.metadata.uid);
  });

  it('keeps containers serving through a SIGKILLed kubelet and adopts them after restart', async () => {
    const c = cluster();
    const pods = (await listPods(c, ns, 'app=steady')).filter(isReady);
    const node = c.nodes.find((n) => pods.some((p) => p.spec?.nodeName === n.nodeName))!;
    const mine = pods.filter((p) => p.spec?.nodeName === node.nodeName);
    const idsBefore = (await nodeContainerIds(c, node.index, [`io.skiff.pod.namespace=${ns}`])).sort();
    expect(idsBefore.length).toBe(mine.length);

    await docker('exec', node.name, nodeScript, 'stop', 'kubelet', 'KILL');
    for (const p of mine) expect((await getFromNode(c, node, `http://${p.status!.podIP}:8080/`)).trim()).toBe(p.metadata.name);

    const restartedAt = Date.now();
    await docker('exec', node.name, nodeScript, 'start', 'kubelet');
    await waitLeaseRenewals(c, node.nodeName, restartedAt, 2);
    for (const p of mine) expect((await getFromNode(c, node, `http://${p.status!.podIP}:8080/`)).trim()).toBe(p.metadata.name);
    expect((await nodeContainerIds(c, node.index, [`io.skiff.pod.namespace=${ns}`])).sort()).toEqual(idsBefore);
    const after = await listPods(c, ns, 'app=steady');
    for (const p of mine) {
      const now = after.find((x) => x.metadata.uid === p.metadata.uid);
      expect(now && summary(now)).toBe(summary(p));
    }
  });
}

/**
 * rollingUpdateScenario: a rolling update v1 → v2 under continuous requests through a NodePort
 * loses no request and ends with every pod on v2; `rollout undo` brings v1 back.
 */
import { beforeAll, expect, it } from 'vitest';
import type { E2ECluster } from '../fixtures/cluster.ts';
import { skiffctl } from '../fixtures/cli.ts';
import { apply, createNamespace, httpGet, listPods, summary, waitReadyPods } from '../fixtures/kube.ts';
import { waitFor } from '../fixtures/wait.ts';
import { echoDeployment, nodePortOf } from './services.ts';

const replicas = 4;

/** LoadResult counts what a request loop saw. */
interface LoadResult {
  ok: number;
  failed: string[];
}

/** startLoad GETs url back to back until stopped; every failure is recorded with its reason. */
function startLoad(url: string): { stop(): Promise<LoadResult> } {
  const result: LoadResult = { ok: 0, failed: [] };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const r = await httpGet(url, 5000);
        if (r.status === 200) result.ok++;
        else result.failed.push(`HTTP ${r.status}`);
      } catch (err) {
        result.failed.push((err as Error).message);
      }
    }
  })();
  return { stop: async () => { running = false; await loop; return result; } };
}

/** waitAllOnImage waits until the Deployment's pods are exactly `replicas` ready pods of image. */
async function waitAllOnImage(c: E2ECluster, ns: string, image: string): Promise<void> {
  await waitFor(`all ${replicas} pods on ${image}`, async () => {
    const pods = await listPods(c, ns, 'app=web');
    const good = pods.filter((p) => p.spec?.containers[0]?.image === image && p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') && !p.metadata.deletionTimestamp);
    return { ok: good.length === replicas && pods.length === replicas, seen: pods.map((p) => `${summary(p)} ${p.spec?.containers[0]?.image}`) };
  }, { timeoutMs: 240_000 });
}

/** rollingUpdateScenario registers the tests; `cluster()` returns the started cluster. */
export function rollingUpdateScenario(cluster: () => E2ECluster): void {
  const ns = 'e2e-rolling';
  let url = '';

  beforeAll(async () => {
    const c = cluster();
    await createNamespace(c, ns);
    // The old pod keeps serving for a few seconds after SIGTERM, while proxies drop its endpoint —
    // the same preStop-style drain Kubernetes users add for zero-downtime rollouts.
    await apply(c, ns, echoDeployment('web', replicas, 'skiff/echo:v1', '\n        - {name: TERM_DELAY_SECONDS, value: "4"}'));
    await waitReadyPods(c, ns, 'app=web', replicas);
    url = `http://${c.nodes[0].ip}:${await nodePortOf(c, ns, 'web-np')}/`;
    await waitFor('the NodePort to answer', async () => ({ ok: (await httpGet(url)).status === 200 }), { timeoutMs: 60_000 });
  });

  it('updates v1 → v2 under continuous requests with zero failures', async () => {
    const c = cluster();
    const load = startLoad(url);
    await skiffctl(c.kubeconfigPath, ['set', 'image', '-n', ns, 'deployment/web', 'echo=skiff/echo:v2']);
    await waitAllOnImage(c, ns, 'skiff/echo:v2');
    const result = await load.stop();
    expect(result.failed).toEqual([]);
    expect(result.ok).toBeGreaterThan(10);
  });

  it('rolls back to v1 with rollout undo, still without failures', async () => {
    const c = cluster();
    const load = startLoad(url);
    await skiffctl(c.kubeconfigPath, ['rollout', 'undo', '-n', ns, 'deployment/web']);
    await waitAllOnImage(c, ns, 'skiff/echo:v1');
    const result = await load.stop();
    expect(result.failed).toEqual([]);
  });
}

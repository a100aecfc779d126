import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { realpathSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/core/v1/pod.ts';
import { Resources } from '../../api/resources.ts';
import { isConflict } from '../../api/errors.ts';
import type { Deployment, ReplicaSet } from '../controllers/deployment/types.ts';
import { isPodReady } from '../util/pod.ts';
import { startSimCluster, waitFor, type SimCluster } from '../test-util/sim-cluster.ts';

const ns = 'default';

/** realKubectl finds the real kubectl 1.32 shipped beside the `kubectl` dispatcher, if any. */
function realKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, 'kubectl');
    if (!existsSync(p)) continue;
    const k = join(dirname(realpathSync(p)), 'kubectl.1.32');
    if (existsSync(k)) return k;
  }
  return undefined;
}
const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } });

describe('deployment controller against the real API server', () => {
  let c: SimCluster;
  let mgr: { stop(): Promise<void> };
  beforeAll(async () => {
    c = await startSimCluster();
    for (const n of ['node-a', 'node-b', 'node-c']) await c.addNode(n);
    mgr = c.startManager({ controllers: ['replicaset', 'deployment'] });
  });
  afterAll(async () => {
    await mgr?.stop();
    await c?.stop();
  });

  const deployments = () => c.client.resource<Deployment>(Resources.deployments);
  const readyPods = async () => (await c.client.resource<Pod>(Resources.pods).list(ns, { labelSelector: 'app=web' })).items.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p));
  const images = async () => new Set((await readyPods()).map((p) => p.spec?.containers[0].image));

  async function waitRolledOut(image: string) {
    await waitFor(`10 ready ${image} pods and a complete status`, async () => {
      const d = await deployments().get(ns, 'web');
      const pods = await readyPods();
      return pods.length === 10 && pods.every((p) => p.spec?.containers[0].image === image) && d.status?.updatedReplicas === 10 && d.status?.availableReplicas === 10 && (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
    }, 90_000, async () => ({ images: [...(await images())], status: (await deployments().get(ns, 'web')).status }));
  }

  it('rolls v1 → v2 within maxSurge/maxUnavailable on every watch event, then undoes to v1', async () => {
    await deployments().create(ns, {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns },
      spec: { replicas: 10, selector: { matchLabels: { app: 'web' } }, template: template('web:v1') as never, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    });
    await waitRolledOut('web:v1');

    // Sample every pod watch event during the rollout.
    const list = await c.client.resource<Pod>(Resources.pods).list(ns, { labelSelector: 'app=web' });
    const seen = new Map(list.items.map((p) => [p.metadata.name, p]));
    const violations: string[] = [];
    let events = 0;
    const ac = new AbortController();
    const watching = (async () => {
      try {
        for await (const ev of c.client.resource<Pod>(Resources.pods).watch(ns, { labelSelector: 'app=web', resourceVersion: list.metadata.resourceVersion, signal: ac.signal })) {
          if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
          if (ev.type === 'DELETED') seen.delete(ev.object.metadata.name);
          else seen.set(ev.object.metadata.name, ev.object);
          events++;
          const alive = [...seen.values()].filter((p) => !p.metadata.deletionTimestamp);
          const ready = alive.filter(isPodReady).length;
          if (alive.length > 13) violations.push(`event ${events}: ${alive.length} pods > 13`);
          if (ready < 8) violations.push(`event ${events}: ${ready} ready < 8`);
        }
      } catch (err) {
        if (!ac.signal.aborted) throw err;
      }
    })();

    // The controller writes the deployment too (revision annotation): retry on conflicts like kubectl edit would.
    await waitFor('template updated', async () => {
      const d = await deployments().get(ns, 'web');
      d.spec!.template = template('web:v2') as never;
      return deployments().update(d).then(() => true, (err) => { if (isConflict(err)) return false; throw err; });
    });
    await waitRolledOut('web:v2');
    ac.abort();
    await watching;
    expect(events).toBeGreaterThan(20);
    expect(violations).toEqual([]);

    const rss = (await c.client.resource<ReplicaSet>(Resources.replicasets).list(ns)).items;
    expect(rss.map((r) => [r.spec?.template?.spec.containers[0].image, r.spec?.replicas, r.metadata.annotations?.['deployment.kubernetes.io/revision']]).sort()).toEqual([
      ['web:v1', 0, '1'],
      ['web:v2', 10, '2'],
    ]);

    // kubectl rollout undo (apps/v1) copies the previous ReplicaSet's template into the Deployment.
    const old = rss.find((r) => r.spec?.template?.spec.containers[0].image === 'web:v1')!;
    const cur = await deployments().get(ns, 'web');
    const t = structuredClone(old.spec!.template!);
    delete t.metadata!.labels!['pod-template-hash'];
    await deployments().patch(ns, 'web', 'merge', { spec: { template: t }, metadata: { resourceVersion: cur.metadata.resourceVersion } });
    await waitRolledOut('web:v1');
    const after = (await c.client.resource<ReplicaSet>(Resources.replicasets).list(ns)).items;
    expect(after).toHaveLength(2);
    expect(after.find((r) => r.metadata.name === old.metadata.name)?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect((await deployments().get(ns, 'web')).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('real kubectl: rollout restart, rollout undo and rollout status work', async (t) => {
    const kubectl = realKubectl();
    if (!kubectl) {
      console.warn('SKIPPED: real kubectl.1.32 not found');
      t.skip();
      return;
    }
    const cache = mkdtempSync(join(tmpdir(), 'skiff-cm-kubectl-cache-'));
    t.onTestFinished(() => rmSync(cache, { recursive: true, force: true }));
    const run = (...args: string[]) => promisify(execFile)(kubectl, [`--kubeconfig=${c.api.kubeconfigPath}`, `--cache-dir=${cache}`, ...args], { timeout: 90_000 });
    const before = (await deployments().get(ns, 'web')).metadata.annotations?.['deployment.kubernetes.io/revision'];
    await run('rollout', 'restart', 'deployment/web');
    await run('rollout', 'status', 'deployment/web', '--timeout=80s');
    const restarted = await deployments().get(ns, 'web');
    expect(restarted.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
    expect(Number(restarted.metadata.annotations?.['deployment.kubernetes.io/revision'])).toBe(Number(before) + 1);
    const { stdout } = await run('rollout', 'undo', 'deployment/web');
    expect(stdout).toContain('rolled back');
    await run('rollout', 'status', 'deployment/web', '--timeout=80s');
    const undone = await deployments().get(ns, 'web');
    expect(undone.spec?.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeUndefined();
    await waitRolledOut('web:v1');
  });
});

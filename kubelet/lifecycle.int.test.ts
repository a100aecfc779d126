import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from '../client/fake/fake-client.ts';
import { Resources } from '../api/resources.ts';
import type { Pod } from './api-types.ts';
import { cleanupNode, startHarness, waitFor, type Harness } from './testing/harness.ts';
import { echo, sleeper, testPod } from './testing/pods.ts';
import { LabelNode, LabelType } from './runtime/types.ts';

let fake: FakeClient;
let h: Harness;

beforeAll(async () => {
  fake = createFakeClient([]);
  h = await startHarness({ client: fake.client, backoff: { initialMs: 1000, maxMs: 4000 } });
});

afterAll(async () => {
  await h?.stop();
  if (h) await cleanupNode(h);
});

const pods = () => fake.client.resource<Pod>(Resources.pods);
const get = (name: string) => pods().get('default', name);

async function running(name: string): Promise<Pod> {
  return waitFor(async () => {
    const p = await get(name);
    return p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.state?.running) ? p : undefined;
  }, `${name} Running`, 60_000);
}

/** serving waits until the echo server answers, i.e. has installed its SIGTERM handler (PID 1 ignores signals before). */
async function serving(name: string): Promise<void> {
  const p = await running(name);
  await waitFor(async () => (await fetch(`http://${p.status!.podIP}:8080/`)).ok, `${name} serving`);
}

describe('kubelet lifecycle on Docker', () => {
  it('honours the grace period of a container that ignores SIGTERM, then kills it', async () => {
    // A finalizer keeps the object around (the fake client has no graceful deletion), so the
    // kubelet sees deletionTimestamp exactly as from the API server.
    const pod = testPod('graceful', h.nodeName, [echo('web', 8080, { IGNORE_SIGTERM: '1' })], { terminationGracePeriodSeconds: 3 });
    pod.metadata.finalizers = ['skiff.test/hold'];
    await pods().create('default', pod);
    await serving('graceful');
    const started = Date.now();
    await pods().delete('default', 'graceful');
    const done = await waitFor(async () => {
      const s = (await get('graceful')).status?.containerStatuses?.[0].state?.terminated;
      return s;
    }, 'container terminated', 30_000);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2500);
    expect(done.exitCode).toBe(137);
  });

  it('stops a cooperative container at once on SIGTERM', async () => {
    const pod = testPod('quick', h.nodeName, [echo('web', 8080)], { terminationGracePeriodSeconds: 20 });
    pod.metadata.finalizers = ['skiff.test/hold'];
    await pods().create('default', pod);
    await serving('quick');
    await pods().delete('default', 'quick');
    let last: unknown;
    const t = await waitFor(async () => { const p = await get('quick'); last = p.status; return p.status?.containerStatuses?.[0].state?.terminated; }, 'terminated', 15_000).catch((e) => { throw new Error(e.message + JSON.stringify(last)); });
    expect(t.exitCode).toBe(0);
  });

  it('reports OOMKilled for a container over its memory limit', async () => {
    await pods().create('default', testPod('oom', h.nodeName, [{
      name: 'hog', image: 'skiff/echo:latest', args: ['hog'], resources: { limits: { memory: '64Mi' } },
    }], { restartPolicy: 'Never' }));
    const t = await waitFor(async () => (await get('oom')).status?.containerStatuses?.[0].state?.terminated, 'hog terminated', 60_000);
    expect(t).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect((await get('oom')).status!.phase).toBe('Failed');
  });

  it('crash-loops with growing back-off and reports CrashLoopBackOff', async () => {
    await pods().create('default', testPod('crash', h.nodeName, [sleeper('main', 'exit 3')].map((c) => ({ ...c, command: ['sh', '-c', 'exit 3'] }))));
    const p = await waitFor(async () => {
      const s = (await get('crash')).status?.containerStatuses?.[0];
      return s && s.restartCount >= 2 && s.state?.waiting?.reason === 'CrashLoopBackOff' ? s : undefined;
    }, 'CrashLoopBackOff after restarts', 60_000);
    expect(p.lastState!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('runs a Never pod to Succeeded', async () => {
    await pods().create('default', testPod('done', h.nodeName, [{ name: 'main', image: 'skiff/busybox:latest', command: ['true'] }], { restartPolicy: 'Never' }));
    await waitFor(async () => (await get('done')).status?.phase === 'Succeeded', 'Succeeded', 30_000);
  });

  it('adopts running containers after a SIGKILL-like restart: nothing restarted or duplicated', async () => {
    await pods().create('default', testPod('adopt', h.nodeName, [echo('a', 8080), sleeper('b')]));
    const before = await running('adopt');
    const ids = (await h.runtime.list({ labels: { [LabelNode]: h.nodeName }, all: true })).filter((c) => c.labels['io.skiff.pod.name'] === 'adopt').map((c) => c.id).sort();
    // Stop the kubelet abruptly (no pod cleanup happens on stop) and start a new one on the same node.
    await h.stop();
    h = await startHarness({ client: fake.client, nodeName: h.nodeName, rootDir: h.rootDir, networkName: h.networkName, subnet: h.subnet, backoff: { initialMs: 1000, maxMs: 4000 } });
    await new Promise((r) => setTimeout(r, 3000));
    const after = (await h.runtime.list({ labels: { [LabelNode]: h.nodeName }, all: true })).filter((c) => c.labels['io.skiff.pod.name'] === 'adopt');
    expect(after.map((c) => c.id).sort()).toEqual(ids);
    expect(after.every((c) => c.state === 'running')).toBe(true);
    const now = await get('adopt');
    expect(now.status!.containerStatuses!.map((c) => c.restartCount)).toEqual([0, 0]);
    expect(now.status!.podIP).toBe(before.status!.podIP);
  });

  it('removes the containers of a pod deleted while no kubelet ran', async () => {
    await pods().create('default', testPod('orphan', h.nodeName, [sleeper('main')]));
    await running('orphan');
    await h.stop();
    await pods().delete('default', 'orphan');
    h = await startHarness({ client: fake.client, nodeName: h.nodeName, rootDir: h.rootDir, networkName: h.networkName, subnet: h.subnet });
    await waitFor(async () => {
      const left = (await h.runtime.list({ labels: { [LabelNode]: h.nodeName }, all: true })).filter((c) => c.labels['io.skiff.pod.name'] === 'orphan');
      return left.length === 0;
    }, 'orphan containers removed', 30_000);
    // Pods that still exist keep exactly one sandbox.
    const sandboxes = (await h.runtime.list({ labels: { [LabelNode]: h.nodeName, [LabelType]: 'sandbox' }, all: false }));
    expect(new Set(sandboxes.map((s) => s.labels['io.skiff.pod.uid'])).size).toBe(sandboxes.length);
  });
});

/**
 * GET /stats/summary on the real Docker engine: a test kubelet runs pods (a busy loop, idle
 * sleepers, one behind an init container), and the kubelet API answers with their usage.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from '../../client/fake/fake-client.ts';
import { Resources } from '../../api/resources.ts';
import { silentLogger } from '../../component-base/logger.ts';
import type { Pod } from '../api-types.ts';
import { createDockerRuntime } from '../runtime/docker-runtime.ts';
import { startKubeletServer, type KubeletServer } from '../server/server.ts';
import { cleanupNode, startHarness, waitFor, type Harness } from '../testing/harness.ts';
import { sleeper, testPod } from '../testing/pods.ts';
import { SummaryProvider } from './summary.ts';
import type { PodStats, Summary } from './summary-types.ts';

const run = promisify(execFile);
let fake: FakeClient;
let h: Harness;
let server: KubeletServer;
const stray: string[] = [];

beforeAll(async () => {
  fake = createFakeClient([]);
  h = await startHarness({ client: fake.client });
  const provider = new SummaryProvider({ runtime: h.runtime, nodeName: h.nodeName });
  server = await startKubeletServer('127.0.0.1', 0, {
    runtime: h.runtime, log: silentLogger(), listPods: () => [], findPod: () => undefined, healthz: () => '', summary: () => provider.get(),
  });
  const pods = fake.client.resource<Pod>(Resources.pods);
  await pods.create('default', testPod('busy', h.nodeName, [{ name: 'spin', image: 'skiff/busybox:latest', command: ['sh', '-c', 'while :; do :; done'] }]));
  await pods.create('default', testPod('idle', h.nodeName, [sleeper('a'), sleeper('b')]));
  await pods.create('default', testPod('after-init', h.nodeName, [sleeper('main')], {
    initContainers: [{ name: 'setup', image: 'skiff/busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['true'] }],
  }));
  await pods.create('default', testPod('idle-2', h.nodeName, [sleeper('main')]));
});

afterAll(async () => {
  await server?.close();
  await h?.stop();
  if (h) await cleanupNode(h);
  if (stray.length) await run('docker', ['rm', '-f', ...stray]).catch(() => {});
});

async function summary(): Promise<Summary> {
  const res = await fetch(`http://127.0.0.1:${server.port}/stats/summary`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  return (await res.json()) as Summary;
}

const pod = (s: Summary, name: string): PodStats | undefined => s.pods.find((p) => p.podRef.name === name);

describe('/stats/summary on Docker', () => {
  it('reports the busy loop above 0.05 cores, the sleepers far below it, and only app containers', async () => {
    // Until all five app containers of the four pods run (a pod's containers start one after
    // another) and the busy loop has been spinning for a whole sampling window.
    const s = await waitFor(async () => {
      const got = await summary();
      const running = got.pods.flatMap((p) => p.containers).length;
      return got.pods.length === 4 && running === 5 && (pod(got, 'busy')?.cpu.usageNanoCores ?? 0) > 50_000_000 ? got : undefined;
    }, 'four pods, five app containers and a busy loop above 0.05 cores', 90_000, 200);

    expect(s.pods.map((p) => p.podRef.name)).toEqual(['after-init', 'busy', 'idle', 'idle-2']);
    const busy = pod(s, 'busy')!;
    expect(busy.podRef).toMatchObject({ namespace: 'default', uid: expect.any(String) });
    expect(busy.containers.map((c) => c.name)).toEqual(['spin']);
    expect(busy.containers[0].memory.workingSetBytes).toBeGreaterThan(0);
    expect(busy.memory.workingSetBytes).toBeGreaterThan(0);
    expect(busy.containers[0].cpu.usageCoreNanoSeconds).toBeGreaterThan(0);
    // The sandbox (and the exited init container) are not containers of the summary.
    expect(pod(s, 'after-init')!.containers.map((c) => c.name)).toEqual(['main']);
    const idle = pod(s, 'idle')!;
    expect(idle.containers.map((c) => c.name)).toEqual(['a', 'b']);
    expect(idle.cpu.usageNanoCores).toBe(idle.containers[0].cpu.usageNanoCores + idle.containers[1].cpu.usageNanoCores);
    expect(idle.memory.workingSetBytes).toBe(idle.containers[0].memory.workingSetBytes + idle.containers[1].memory.workingSetBytes);
    expect(idle.cpu.usageNanoCores).toBeLessThan(busy.cpu.usageNanoCores / 10);

    expect(s.node.nodeName).toBe(h.nodeName);
    // The node includes the busy loop.
    expect(s.node.cpu.usageNanoCores).toBeGreaterThan(50_000_000);
    expect(s.node.memory.workingSetBytes).toBeGreaterThan(0);
    expect(s.node.memory.availableBytes).toBeGreaterThan(0);
    expect(Date.parse(s.node.startTime!)).toBeLessThan(Date.now());
  });

  it('asks the five containers at once: one response takes one engine sampling (1–2 s), not five', async () => {
    await waitFor(async () => (await summary()).pods.flatMap((p) => p.containers).length === 5, 'five app containers');
    const started = performance.now();
    const s = await summary();
    const ms = performance.now() - started;
    expect(s.pods.flatMap((p) => p.containers)).toHaveLength(5);
    // Each engine stats request takes 1–2 s (two ticks of dockerd's 1 s collector): five one
    // after another would take at least 5 s.
    expect(ms).toBeLessThan(4500);
  });

  it('leaves out a stopped or removed container (stats undefined, not an error)', async () => {
    const { stdout } = await run('docker', ['run', '-d', 'skiff/busybox:latest', 'sleep', '3600']);
    const id = stdout.trim();
    stray.push(id);
    expect((await h.runtime.stats(id))?.time).toBeInstanceOf(Date);
    await run('docker', ['stop', '-t', '0', id]);
    expect(await h.runtime.stats(id)).toBeUndefined();
    await run('docker', ['rm', '-f', id]);
    expect(await h.runtime.stats(id)).toBeUndefined();
  });

  it('answers 503 when the engine is unreachable', async () => {
    const provider = new SummaryProvider({ runtime: createDockerRuntime('unix:///nonexistent/docker.sock'), nodeName: 'nowhere' });
    const down = await startKubeletServer('127.0.0.1', 0, {
      runtime: h.runtime, log: silentLogger(), listPods: () => [], findPod: () => undefined, healthz: () => '', summary: () => provider.get(),
    });
    try {
      const res = await fetch(`http://127.0.0.1:${down.port}/stats/summary`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/^failed to collect stats: /);
    } finally {
      await down.close();
    }
  });
});

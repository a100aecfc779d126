/**
 * The Summary API from a fake runtime: which containers count, pod sums, containers vanishing,
 * node readings from fixture /proc files, coalescing, and the kubelet server's route.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../component-base/logger.ts';
import type { Pod } from '../api-types.ts';
import { containerLabels, sandboxLabels } from '../naming.ts';
import { createFakeRuntime, type FakeRuntime } from '../runtime/fake-runtime.ts';
import type { ContainerRuntime, ContainerStats } from '../runtime/types.ts';
import { startKubeletServer } from '../server/server.ts';
import { collectSummary, SummaryProvider, type SummaryOptions } from './summary.ts';
import type { Summary } from './summary-types.ts';

const statText = (busyTicks: number) => `cpu  ${busyTicks} 0 0 5000 100 0 0 0 0 0\ncpu0 1 2 3 4\nbtime 1796599624\n`;
const meminfo = 'MemTotal: 1000 kB\nMemFree: 300 kB\nMemAvailable: 600 kB\n';

let proc: string;
let fake: FakeRuntime;

beforeEach(async () => {
  proc = await mkdtemp(path.join(os.tmpdir(), 'skiff-proc-'));
  await writeFile(path.join(proc, 'stat'), statText(1000));
  await writeFile(path.join(proc, 'meminfo'), meminfo);
  fake = createFakeRuntime();
});
afterEach(async () => {
  await rm(proc, { recursive: true, force: true });
});

interface FakeContainer { name: string; stats?: Partial<ContainerStats>; init?: boolean; exited?: boolean }

/** runPod creates a pod's running sandbox and containers on `node` in the fake engine; returns container ids by name. */
async function runPod(name: string, containers: FakeContainer[], node = 'node-a'): Promise<Record<string, string>> {
  const pod = { metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { nodeName: node, containers: [] } } as unknown as Pod;
  const sandboxId = await fake.createSandbox({ name: `sb-${name}`, image: 'skiff/pause:latest', labels: sandboxLabels(pod, 0), hostname: name, network: 'skiff0' });
  await fake.start(sandboxId);
  const ids: Record<string, string> = {};
  for (const c of containers) {
    const id = await fake.createContainer({
      name: `${name}-${c.name}`, image: 'skiff/busybox:latest', labels: containerLabels(pod, { name: c.name }, 0, c.init ?? false),
      sandboxId, env: [], tty: false, stdin: false, stdinOnce: false, mounts: [],
    });
    await fake.start(id);
    if (c.exited) fake.exit(id, 0);
    if (c.stats) fake.containerStats.set(id, c.stats);
    ids[c.name] = id;
  }
  return ids;
}

const opts = (o: Partial<SummaryOptions> = {}): SummaryOptions => ({ runtime: fake, nodeName: 'node-a', procRoot: proc, minWindowMs: 0, ...o });
const statsCalls = () => fake.calls.filter((c) => c.startsWith('stats '));

describe('collectSummary', () => {
  it('sums the running app containers of each pod, leaving out sandboxes, init containers, exited ones and other nodes', async () => {
    await runPod('web-1', [
      { name: 'init', init: true, exited: true },
      { name: 'web', stats: { cpuNanoCores: 5_000_000, cpuNanos: 100_000_000, memoryBytes: 8192, workingSetBytes: 4096 } },
      { name: 'side', stats: { cpuNanoCores: 1_000_000, cpuNanos: 50_000_000, memoryBytes: 1000, workingSetBytes: 900 } },
      { name: 'old', exited: true },
    ]);
    await runPod('done', [{ name: 'main', exited: true }]);
    await runPod('initialising', [{ name: 'init', init: true }]);
    await runPod('elsewhere', [{ name: 'main', stats: { cpuNanoCores: 1 } }], 'node-b');

    const s = await collectSummary(opts());
    expect(s.pods.map((p) => p.podRef)).toEqual([{ name: 'web-1', namespace: 'default', uid: 'uid-web-1' }]);
    const [pod] = s.pods;
    expect(pod.cpu).toMatchObject({ usageNanoCores: 6_000_000, usageCoreNanoSeconds: 150_000_000 });
    expect(pod.memory).toMatchObject({ usageBytes: 9192, workingSetBytes: 4996 });
    expect(pod.memory).not.toHaveProperty('availableBytes');
    expect(pod.containers.map((c) => c.name)).toEqual(['side', 'web']);
    expect(pod.containers[1]).toMatchObject({ cpu: { usageNanoCores: 5_000_000, usageCoreNanoSeconds: 100_000_000 }, memory: { workingSetBytes: 4096, usageBytes: 8192 } });
    for (const t of [pod.startTime, pod.cpu.time, pod.memory.time, pod.containers[0].startTime, pod.containers[0].cpu.time]) {
      expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    // Only running app containers were asked: not the sandboxes, the init or exited containers, nor node-b's.
    expect(statsCalls().sort()).toEqual(['stats web-1-side', 'stats web-1-web']);
  });

  it('skips a container that disappears between the list and its stats', async () => {
    const ids = await runPod('web-1', [{ name: 'a', stats: { cpuNanoCores: 10 } }, { name: 'b', stats: { cpuNanoCores: 20 } }]);
    await runPod('gone', [{ name: 'main', stats: { cpuNanoCores: 30 } }]);
    const vanishing: ContainerRuntime = {
      ...fake,
      stats: async (id, signal) => {
        if (id === ids.b || fake.containers.get(id)?.name === 'gone-main') fake.containers.delete(id);
        return fake.stats(id, signal);
      },
    };
    const s = await collectSummary(opts({ runtime: vanishing }));
    expect(s.pods.map((p) => p.podRef.name)).toEqual(['web-1']);
    expect(s.pods[0].containers.map((c) => c.name)).toEqual(['a']);
    expect(s.pods[0].cpu.usageNanoCores).toBe(10);
  });

  it('reads the node from /proc at the start and the end of the collection, over at least minWindowMs', async () => {
    await runPod('web-1', [{ name: 'web' }]);
    const busy: ContainerRuntime = {
      ...fake,
      // 20 ticks = 0.2 s of CPU time spent while the engine samples.
      stats: async (id, signal) => (await writeFile(path.join(proc, 'stat'), statText(1020)), fake.stats(id, signal)),
    };
    const started = performance.now();
    const { node } = await collectSummary(opts({ runtime: busy, minWindowMs: 200 }));
    const tookNs = (performance.now() - started) * 1e6;
    expect(tookNs).toBeGreaterThanOrEqual(199e6);
    expect(node.nodeName).toBe('node-a');
    expect(node.startTime).toBe('2026-12-06T23:27:04Z'); // btime 1796599624
    expect(node.cpu.usageCoreNanoSeconds).toBe(1020 * 1e7);
    // 0.2 s of CPU over the window (≥ 0.2 s, ≤ the whole call): at most a core, at least its share of the call.
    expect(node.cpu.usageNanoCores).toBeLessThanOrEqual(1e9);
    expect(node.cpu.usageNanoCores).toBeGreaterThanOrEqual(Math.floor((0.2e9 / tookNs) * 1e9));
    expect(node.memory).toMatchObject({ availableBytes: 600 * 1024, usageBytes: 700 * 1024, workingSetBytes: 400 * 1024 });
    expect(node.cpu.time).toBe(node.memory.time);
  });

  it('fails when the engine is unreachable', async () => {
    fake.down = true;
    await expect(collectSummary(opts())).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('SummaryProvider', () => {
  it('lets concurrent requests share one collection, and starts a new one afterwards', async () => {
    await runPod('web-1', [{ name: 'a' }, { name: 'b' }]);
    const p = new SummaryProvider(opts({ minWindowMs: 50 }));
    const [one, two] = await Promise.all([p.get(), p.get()]);
    expect(one).toBe(two);
    expect(statsCalls()).toHaveLength(2);
    await p.get();
    expect(statsCalls()).toHaveLength(4);
  });

  it('lets a failed collection fail every waiter, then tries again', async () => {
    await runPod('web-1', [{ name: 'a' }]);
    const p = new SummaryProvider(opts());
    fake.down = true;
    const results = await Promise.allSettled([p.get(), p.get()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fake.down = false;
    expect((await p.get()).pods).toHaveLength(1);
  });
});

describe('GET /stats/summary', () => {
  it('answers 200 JSON, and 503 when the engine is unreachable', async () => {
    await runPod('web-1', [{ name: 'web', stats: { cpuNanoCores: 7 } }]);
    const provider = new SummaryProvider(opts());
    const server = await startKubeletServer('127.0.0.1', 0, {
      runtime: fake, log: silentLogger(), listPods: () => [], findPod: () => undefined, healthz: () => '', summary: () => provider.get(),
    });
    try {
      const ok = await fetch(`http://127.0.0.1:${server.port}/stats/summary`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('application/json');
      const body = (await ok.json()) as Summary;
      expect(body.node.nodeName).toBe('node-a');
      expect(body.pods[0].containers[0].cpu.usageNanoCores).toBe(7);
      fake.down = true;
      const down = await fetch(`http://127.0.0.1:${server.port}/stats/summary`);
      expect(down.status).toBe(503);
      expect(await down.text()).toMatch(/^failed to collect stats: .*ECONNREFUSED/);
    } finally {
      await server.close();
    }
  });

  it('is 404 on a server without a summary provider', async () => {
    const server = await startKubeletServer('127.0.0.1', 0, { runtime: fake, log: silentLogger(), listPods: () => [], findPod: () => undefined, healthz: () => '' });
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/stats/summary`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

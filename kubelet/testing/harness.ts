/**
 * Integration-test harness: a real Kubelet on the real Docker engine, on its own Docker
 * network and root dir, labelled with a unique node name so cleanup removes exactly its
 * containers. Host routes and iptables are left alone (shared machine).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { realClock } from '../../client/clock.ts';
import type { Client, SharedInformerFactory } from '../../client/types.ts';
import { createLogger } from '../../component-base/logger.ts';
import { Kubelet } from '../kubelet.ts';
import { PodNetwork } from '../network/pod-network.ts';
import { createDockerRuntime } from '../runtime/docker-runtime.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { LabelNode } from '../runtime/types.ts';
import { sh } from '../network/host.ts';
import { simpleInformerFactory } from './simple-informers.ts';

/** Harness is a running test kubelet. */
export interface Harness {
  kubelet: Kubelet;
  runtime: ContainerRuntime;
  nodeName: string;
  networkName: string;
  subnet: string;
  rootDir: string;
  stop(): Promise<void>;
}

/** HarnessOptions tune the test kubelet. */
export interface HarnessOptions {
  client: Client;
  nodeName?: string;
  factory?: SharedInformerFactory;
  backoff?: { initialMs?: number; maxMs?: number; resetAfterMs?: number };
  /** rootDir, networkName and subnet reuse another harness's (a kubelet restart). */
  rootDir?: string;
  networkName?: string;
  subnet?: string;
  clusterDns?: string[];
}

/** randomSubnet picks a /24 in 10.251-254.x unlikely to clash with other tests. */
export function randomSubnet(): string {
  return `10.${251 + Math.floor(Math.random() * 4)}.${Math.floor(Math.random() * 250)}.0/24`;
}

/** startHarness starts a Kubelet; stop() aborts it (cleanup is separate: cleanupNode). */
export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const nodeName = o.nodeName ?? `kt-${Math.random().toString(36).slice(2, 8)}`;
  const rootDir = o.rootDir ?? (await mkdtemp(path.join(os.tmpdir(), 'skiff-kubelet-')));
  const networkName = o.networkName ?? `skiff-${nodeName}`.slice(0, 15);
  const runtime = createDockerRuntime();
  const log = createLogger('kubelet-test', process.env.LOG_LEVEL ?? 'warn');
  const subnet = o.subnet ?? randomSubnet();
  const network = new PodNetwork({ runtime, nodeName, podCIDR: subnet, clusterCIDR: '10.244.0.0/16', networkName, manageHost: false, log });
  const kubelet = new Kubelet({
    client: o.client, factory: o.factory ?? simpleInformerFactory(o.client), runtime, nodeName, nodeIP: '127.0.0.1', rootDir, network,
    pauseImage: 'skiff/pause:latest', dns: { clusterDns: o.clusterDns ?? [], clusterDomain: 'cluster.local' }, allowPrivileged: false, clock: realClock, log,
    backoff: o.backoff, housekeepingMs: 2000,
  });
  const ac = new AbortController();
  const done = kubelet.run(ac.signal);
  return {
    kubelet, runtime, nodeName, networkName, subnet, rootDir,
    async stop() {
      ac.abort();
      await done.catch(() => {});
    },
  };
}

/** cleanupNode removes every container of a test node, its network and root dir. */
export async function cleanupNode(h: { nodeName: string; networkName: string; rootDir: string }): Promise<void> {
  const ids = (await sh('docker', ['ps', '-aq', '--filter', `label=${LabelNode}=${h.nodeName}`])).split('\n').filter(Boolean);
  if (ids.length) await sh('docker', ['rm', '-f', '-v', ...ids]).catch(() => {});
  await sh('docker', ['network', 'rm', h.networkName]).catch(() => {});
  const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
  for (const mp of mounts.split('\n').map((l) => l.split(' ')[1]).filter((m) => m?.startsWith(h.rootDir + '/'))) {
    await sh('umount', ['-l', mp]).catch(() => {});
  }
  await rm(h.rootDir, { recursive: true, force: true }).catch(() => {});
}

/** waitFor polls until fn returns a truthy value; fails with the last value seen. */
export async function waitFor<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 30_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last, null, 1)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

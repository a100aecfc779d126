/**
 * Two `scheduler/main.ts --leader-elect` processes against the real API server: exactly one
 * schedules, the other takes over after the leader is killed, /healthz and /metrics answer,
 * and SIGTERM ends a scheduler cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { freePort } from '../testing/etcd.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import type { Client } from '../client/types.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { Resources } from '../api/resources.ts';
import type { Pod } from './api-types.ts';
import { makeNode, makePod } from './testutil/builders.ts';
import { createReadyNode, waitFor } from './testutil/cluster.ts';

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string };
}

let api: TestApiServer;
let client: Client;
const procs: Array<{ child: ChildProcess; port: number }> = [];

async function startScheduler(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['scheduler/main.ts', `--kubeconfig=${api.kubeconfigPath}`, '--leader-elect', '--bind-address=127.0.0.1', `--port=${port}`,
      '--leader-elect-lease-duration=4s', '--leader-elect-renew-deadline=3s', '--leader-elect-retry-period=500ms'],
    { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const p = { child, port };
  procs.push(p);
  return p;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

async function holder(): Promise<string | undefined> {
  const lease = await client.resource<Lease>(Resources.leases).get('kube-system', 'skiff-scheduler');
  return lease.spec?.holderIdentity || undefined;
}

async function createAndWaitBound(name: string): Promise<string> {
  const p = makePod(name);
  await client.resource<Pod>(Resources.pods).create('default', { ...p, metadata: { ...p.metadata, uid: undefined } });
  return waitFor(`${name} bound`, async () => (await client.resource<Pod>(Resources.pods).get('default', name)).spec?.nodeName, 30_000);
}

beforeAll(async () => {
  api = await startTestApiServer();
  client = clientFromKubeconfig(api.kubeconfigPath, 'scheduler-main-int-test');
  await createReadyNode(client, makeNode('n1'));
});

afterAll(async () => {
  for (const { child } of procs) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(procs.map(({ child }) => exited(child)));
  await client?.close();
  await api?.stop();
});

describe('scheduler processes with leader election', () => {
  it('one leader schedules, a follower takes over, SIGTERM exits cleanly', async () => {
    const a = await startScheduler();
    const b = await startScheduler();
    const first = await waitFor('a lease holder', holder, 30_000);
    const byIdentity = new Map([[`${hostname()}_${a.child.pid}`, a], [`${hostname()}_${b.child.pid}`, b]]);
    const leader = byIdentity.get(first)!;
    const follower = leader === a ? b : a;
    expect(leader).toBeDefined();

    expect(await createAndWaitBound('before-failover')).toBe('n1');
    for (const p of [leader, follower]) {
      const health = await waitFor('healthz', async () => ((await fetch(`http://127.0.0.1:${p.port}/healthz`)).ok ? true : undefined));
      expect(health).toBe(true);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${leader.port}/metrics`)).text();
    expect(metrics).toMatch(/scheduler_schedule_attempts_total\{result="scheduled",profile="default-scheduler"\} 1/);
    // The follower stands by: it has attempted nothing.
    expect(await (await fetch(`http://127.0.0.1:${follower.port}/metrics`)).text()).not.toMatch(/scheduler_schedule_attempts_total\{/);

    leader.child.kill('SIGKILL');
    const second = await waitFor('the follower holding the lease', async () => ((await holder()) !== first ? holder() : undefined), 30_000);
    expect(byIdentity.get(second!)).toBe(follower);
    expect(await createAndWaitBound('after-failover')).toBe('n1');

    follower.child.kill('SIGTERM');
    expect(await exited(follower.child)).toBe(0);
  });
});

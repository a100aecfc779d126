/**
 * Child processes for the benchmark, so the API server, the scheduler and the load driver
 * each get their own event loop as in a real deployment (an in-process API server would share
 * its loop with the driver and understate the write ceiling).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEtcd } from '../../testing/etcd.ts';
import { kubeconfigFor } from '../../testing/apiserver.ts';
import { waitFor } from '../../scheduler/testutil/cluster.ts';

/** Proc is a started child process. */
export interface Proc {
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

/** startNode runs a .ts entry point of the checkout under this Node with quiet logs. */
export function startNode(args: string[], extraNodeArgs: string[] = []): Proc {
  const child = spawn(process.execPath, [...extraNodeArgs, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  return { stop: stopper(child) };
}

/** ControlPlane is etcd plus an API server process and a kubeconfig for it. */
export interface ControlPlane extends Proc {
  url: string;
  kubeconfigPath: string;
}

/** startControlPlane starts a single-member etcd and `apiserver/main.ts` on free ports. */
export async function startControlPlane(): Promise<ControlPlane> {
  const etcd = await startEtcd({ members: 1 });
  const port = await freePort();
  const api = startNode(['apiserver/main.ts', `--etcd-servers=${etcd.endpoints.join(',')}`, '--bind-address=127.0.0.1', `--secure-port=${port}`, '--max-requests-inflight=2000']);
  const url = `http://127.0.0.1:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'skiff-sched-bench-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfigFor(url));
  try {
    await waitFor('API server ready', async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined), 60_000, 200);
  } catch (err) {
    await api.stop();
    await etcd.stop();
    throw err;
  }
  return {
    url,
    kubeconfigPath,
    async stop() {
      await api.stop();
      await etcd.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../component-base/logger.ts';

/**
 * workers.ts runs `--workers=N` API server processes on one port (node:cluster; the primary hands
 * connections out). Each worker is a complete API server — its own etcd client and watch caches,
 * exactly like N API servers behind a load balancer — so nothing is shared in memory and HA
 * semantics hold: writes are etcd transactions, watches resume by resourceVersion on any worker,
 * bootstrap is idempotent and race-safe. Differences to expect: /metrics is per worker, and each
 * worker holds one etcd watch per resource it serves.
 */

/** isWorkerProcess tells whether this process is a cluster worker (it then runs the server itself). */
export function isWorkerProcess(): boolean {
  return !cluster.isPrimary;
}

/**
 * runPrimary forks n workers with this process's arguments and supervises them: SIGTERM/SIGINT
 * are passed on and the primary exits once every worker has; a worker dying on its own takes the
 * others down and exits 1, so the process supervisor (systemd, the kubelet) restarts the whole set.
 */
export async function runPrimary(n: number, log: Logger): Promise<void> {
  const workers: Worker[] = [];
  let stopping = false;
  let failed = false;
  const stopAll = (signal: NodeJS.Signals): void => {
    for (const w of workers) if (!w.isDead()) w.process.kill(signal);
  };
  const exited = new Promise<number>((resolve) => {
    let alive = n;
    cluster.on('exit', (w, code, signal) => {
      alive--;
      if (!stopping) {
        log.error({ pid: w.process.pid, code, signal }, 'API server worker exited; stopping the others');
        stopping = true;
        failed = true;
        stopAll('SIGTERM');
      }
      if (alive === 0) resolve(failed ? 1 : 0);
    });
  });
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      if (stopping) return stopAll('SIGKILL');
      stopping = true;
      stopAll('SIGTERM');
    });
  }
  for (let i = 0; i < n; i++) workers.push(cluster.fork());
  log.info({ workers: n }, 'API server running as worker processes');
  process.exit(await exited);
}

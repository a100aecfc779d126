/** Helpers for integration tests and benchmarks against a real API server. */
import type { Client } from '../../client/types.ts';
import { Resources } from '../../api/resources.ts';
import { isConflict } from '../../api/errors.ts';
import type { Node, Pod } from '../api-types.ts';

/** createReadyNode creates a Node object and writes its status (Ready, capacity) through /status. */
export async function createReadyNode(client: Client, node: Node): Promise<Node> {
  const nodes = client.resource<Node>(Resources.nodes);
  const created = await nodes.create(undefined, node);
  // Servers may drop status on create; write it through the status subresource as a kubelet does.
  for (;;) {
    const cur = await nodes.get(undefined, created.metadata.name!);
    try {
      return await nodes.updateStatus({ ...cur, status: node.status });
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
}

/** waitFor polls `check` until it returns a value, failing after the deadline with the last state. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, deadlineMs = 30_000, intervalMs = 100): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** podScheduledFalse returns the PodScheduled=False condition of a pod, if set. */
export function podScheduledFalse(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
}

/** runLimited runs `fn` over items with at most `limit` in flight. */
export async function runLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

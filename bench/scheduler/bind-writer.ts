/**
 * bind-writer: a separate process that binds pre-created pods `p-0 … p-<n-1>` in a namespace
 * round-robin to the given nodes with direct pods/binding POSTs, and prints bindings/s as JSON.
 * Run as its own process so the ceiling is measured under the same conditions as the scheduler.
 *
 *   node bench/scheduler/bind-writer.ts KUBECONFIG NAMESPACE COUNT CONCURRENCY NODE_PREFIX NODE_COUNT
 */
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { Resources } from '../../api/resources.ts';
import type { Pod } from '../../scheduler/api-types.ts';
import { runLimited } from '../../scheduler/testutil/cluster.ts';

const [kubeconfig, ns, count, concurrency, prefix, nodeCount] = process.argv.slice(2);
const client = clientFromKubeconfig(kubeconfig, 'scheduler-bench-binder', { qps: 1e6, burst: 1e6 });
const pods = client.resource<Pod>(Resources.pods);
const n = Number(count);
const t0 = performance.now();
await runLimited([...Array(n).keys()], Number(concurrency), (i) =>
  pods.createSubresource(ns, `p-${i}`, 'binding', {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: `p-${i}`, namespace: ns },
    target: { apiVersion: 'v1', kind: 'Node', name: `${prefix}${i % Number(nodeCount)}` },
  }),
);
process.stdout.write(JSON.stringify({ bindsPerSec: (n * 1000) / (performance.now() - t0) }) + '\n');
await client.close();
process.exit(0);

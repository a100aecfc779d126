/**
 * watch-binder: a separate process that binds pods as they are created, with no scheduling at
 * all — it watches a namespace through an informer and POSTs each unbound pod's binding
 * round-robin to the given nodes, at most CONCURRENCY in flight. It is the raw ceiling of the
 * "created → bound" scenario: the same creates, watch traffic and bindings as a scheduler run,
 * minus the scheduler's decisions and events. Exits once COUNT pods are bound.
 *
 *   node bench/scheduler/watch-binder.ts KUBECONFIG NAMESPACE COUNT CONCURRENCY NODE_PREFIX NODE_COUNT
 */
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { createSharedInformerFactory } from '../../client/shared-informer-factory.ts';
import { Resources } from '../../api/resources.ts';
import type { Pod } from '../../scheduler/api-types.ts';

const [kubeconfig, ns, count, concurrency, prefix, nodeCount] = process.argv.slice(2);
const client = clientFromKubeconfig(kubeconfig, 'scheduler-bench-watch-binder', { qps: 1e6, burst: 1e6 });
const pods = client.resource<Pod>(Resources.pods);
const pending: string[] = [];
const queued = new Set<string>();
let inFlight = 0;
let bound = 0;
let done: () => void;
const allBound = new Promise<void>((resolve) => (done = resolve));

function enqueue(pod: Pod): void {
  const name = pod.metadata.name ?? '';
  if (pod.spec?.nodeName || queued.has(name)) return;
  queued.add(name);
  pending.push(name);
  pump();
}

/** pump starts bindings while fewer than CONCURRENCY are in flight. */
function pump(): void {
  while (inFlight < Number(concurrency) && pending.length > 0) {
    const name = pending.shift() as string;
    inFlight++;
    const target = `${prefix}${bound % Number(nodeCount)}`;
    pods
      .createSubresource(ns, name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: ns }, target: { apiVersion: 'v1', kind: 'Node', name: target } })
      .then(
        () => {
          if (++bound === Number(count)) done();
        },
        // A failed binding goes back in the queue: the pod is still unbound.
        () => pending.push(name),
      )
      .finally(() => {
        inFlight--;
        pump();
      });
  }
}

const stop = new AbortController();
const factory = createSharedInformerFactory(client);
factory.informerFor<Pod>(Resources.pods, { namespace: ns }).addEventHandler({ add: enqueue, update: (_old: Pod, pod: Pod) => enqueue(pod) });
factory.start(stop.signal);
await factory.waitForCacheSync(stop.signal);
process.stdout.write('ready\n');
await allBound;
stop.abort();
await client.close();
process.exit(0);

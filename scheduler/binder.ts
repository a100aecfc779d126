/** The binder: POST pods/binding, the only way the scheduler assigns a pod to a node. */
import type { Client } from '../client/types.ts';
import { Resources } from '../api/resources.ts';
import type { Pod } from './api-types.ts';

/** bindPod asks the API server to bind the pod to the node (pods/binding subresource). */
export async function bindPod(client: Client, pod: Pod, nodeName: string): Promise<void> {
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name!;
  const binding = {
    apiVersion: 'v1',
    kind: 'Binding',
    // The uid pins the binding to this incarnation of the pod: a recreated namesake is not bound.
    metadata: { name, namespace: ns, uid: pod.metadata.uid },
    target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
  };
  await client.resource<Pod>(Resources.pods).createSubresource(ns, name, 'binding', binding);
}

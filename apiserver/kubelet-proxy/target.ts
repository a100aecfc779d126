import { newBadRequest, newServiceUnavailable } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { SubresourceRequest } from '../handlers/env.ts';
import { getObject } from '../registry/read.ts';

type PodLike = KubeObject & { spec?: { nodeName?: string; containers?: Array<{ name: string }> } };
export type NodeLike = KubeObject & { status?: { addresses?: Array<{ type: string; address: string }>; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } } };

/** KubeletTarget is where a pod's kubelet listens and which container is meant. */
export interface KubeletTarget {
  host: string;
  port: number;
  container: string;
}

/** kubeletAddress is where a node's kubelet listens: its InternalIP (else Hostname) and the port it registered (daemonEndpoints). */
export function kubeletAddress(node: NodeLike): { host: string; port: number } | undefined {
  const addresses = node.status?.addresses ?? [];
  const host = (addresses.find((a) => a.type === 'InternalIP') ?? addresses.find((a) => a.type === 'Hostname'))?.address;
  return host ? { host, port: node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 10250 } : undefined;
}

/**
 * kubeletTarget finds the kubelet of the pod a pods/log or pods/exec request names: the pod's
 * node, its InternalIP and the kubelet port it registered (daemonEndpoints), and the container
 * (the `container` query, or the only one of the pod) unless needContainer is false (port-forward is per pod).
 */
export async function kubeletTarget(r: SubresourceRequest, needContainer = true): Promise<KubeletTarget> {
  const pod = (await getObject(r.env.ctx, r.scope, r.path.namespace, r.path.name)) as PodLike;
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw newBadRequest(`pod ${r.path.name} does not have a host assigned`);
  const nodeScope = r.env.ctx.scopeFor('', 'nodes');
  if (!nodeScope) throw newServiceUnavailable('nodes are not served');
  const node = (await getObject(r.env.ctx, nodeScope, undefined, nodeName)) as NodeLike;
  const address = kubeletAddress(node);
  if (!address) throw newServiceUnavailable(`node ${nodeName} has no address to reach its kubelet`);
  const containers = pod.spec?.containers ?? [];
  const container = r.query.get('container') ?? (containers.length === 1 ? containers[0].name : '');
  if (!container && needContainer) {
    throw newBadRequest(`a container name must be specified for pod ${r.path.name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`);
  }
  return { ...address, container };
}

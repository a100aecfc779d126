/**
 * Builders of Node and Pod objects for the scheduler's tests (like kube-scheduler's
 * st.MakePod / st.MakeNode): short to write, complete enough for the API server.
 */
import type { Node, Pod, PodSpec, Taint, Toleration } from '../api-types.ts';

/** NodeOptions describe a test node. */
export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeralStorage?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  /** ready is the Ready condition status: 'True' (default), 'False', 'Unknown' or null (none). */
  ready?: 'True' | 'False' | 'Unknown' | null;
  images?: Array<{ names: string[]; sizeBytes: number }>;
}

/** makeNode builds a Node with allocatable = capacity and a Ready condition. */
export function makeNode(name: string, o: NodeOptions = {}): Node {
  const resources: Record<string, string> = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' };
  if (o.ephemeralStorage) resources['ephemeral-storage'] = o.ephemeralStorage;
  const ready = o.ready === undefined ? 'True' : o.ready;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: ready === null ? [] : [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'KubeletReady' : 'KubeletNotReady' }],
      images: o.images,
    },
  } as Node;
}

/** PodOptions describe a test pod; cpu/memory are the one container's requests. */
export interface PodOptions {
  namespace?: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  hostPort?: number;
  priority?: number;
  creationTimestamp?: string;
  nodeName?: string;
  schedulerName?: string;
  ownerUid?: string;
  spec?: Partial<PodSpec>;
}

/** makePod builds a pending Pod with one container. */
export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const spec = {
    containers: [
      {
        name: 'app',
        image: 'busybox:1.36',
        resources: Object.keys(requests).length ? { requests } : undefined,
        ports: o.hostPort ? [{ containerPort: o.hostPort, hostPort: o.hostPort, protocol: 'TCP' }] : undefined,
      },
    ],
    nodeSelector: o.nodeSelector,
    tolerations: o.tolerations,
    priority: o.priority,
    nodeName: o.nodeName,
    schedulerName: o.schedulerName ?? 'default-scheduler',
    ...o.spec,
  } as PodSpec;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${name}`,
      labels: o.labels,
      creationTimestamp: o.creationTimestamp,
      ownerReferences: o.ownerUid ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: o.ownerUid, controller: true }] : undefined,
    },
    spec,
    status: { phase: 'Pending' },
  } as Pod;
}

/**
 * NodeInfo is the scheduler's running account of one node: the node object, the pods on it
 * (bound and assumed) and what they add up to, kept incrementally so filters are O(1).
 */
import type { Node } from '../api-types.ts';
import type { HostPort, PodInfo } from './pod-info.ts';
import { nodeAllocatable, zeroResource, type Allocatable, type Resource } from './resources.ts';

/** NodeInfo aggregates a node and its pods. */
export class NodeInfo {
  /** node is undefined for a placeholder holding pods of a node the cache has not seen yet. */
  node: Node | undefined;
  name: string;
  allocatable: Allocatable = { milliCpu: 0, memory: 0, ephemeralStorage: 0, pods: 0 };
  pods = new Map<string, PodInfo>();
  requested: Resource = zeroResource();
  nonZeroRequested = { milliCpu: 0, memory: 0 };
  usedPorts: HostPort[] = [];
  podsWithAffinity = 0;
  podsWithRequiredAntiAffinity = 0;
  /** ownerCounts counts the live (not terminating) pods here per controller (PodInfo.ownerKey). */
  ownerCounts = new Map<string, number>();
  /** imageSizes maps every name of every image on the node to its size in bytes. */
  imageSizes = new Map<string, number>();

  constructor(name: string, node?: Node) {
    this.name = name;
    if (node) this.setNode(node);
  }

  /** setNode replaces the node object and recomputes what derives from it. */
  setNode(node: Node): void {
    this.node = node;
    this.allocatable = nodeAllocatable(node);
    this.imageSizes.clear();
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) this.imageSizes.set(normalizeImageName(n), img.sizeBytes ?? 0);
    }
  }

  /** addPod accounts a pod on this node. */
  addPod(pi: PodInfo): void {
    if (this.pods.has(pi.key)) this.removePod(pi.key);
    this.pods.set(pi.key, pi);
    this.apply(pi, 1);
  }

  /** removePod un-accounts a pod; returns false when it was not here. */
  removePod(key: string): boolean {
    const pi = this.pods.get(key);
    if (!pi) return false;
    this.pods.delete(key);
    this.apply(pi, -1);
    return true;
  }

  private apply(pi: PodInfo, sign: 1 | -1): void {
    this.requested.milliCpu += sign * pi.requests.milliCpu;
    this.requested.memory += sign * pi.requests.memory;
    this.requested.ephemeralStorage += sign * pi.requests.ephemeralStorage;
    this.nonZeroRequested.milliCpu += sign * pi.nonZero.milliCpu;
    this.nonZeroRequested.memory += sign * pi.nonZero.memory;
    const hasAffinity = pi.requiredAffinity.length + pi.requiredAntiAffinity.length + pi.preferredAffinity.length + pi.preferredAntiAffinity.length > 0;
    if (hasAffinity) this.podsWithAffinity += sign;
    if (pi.ownerKey && !pi.pod.metadata.deletionTimestamp) {
      const n = (this.ownerCounts.get(pi.ownerKey) ?? 0) + sign;
      if (n > 0) this.ownerCounts.set(pi.ownerKey, n);
      else this.ownerCounts.delete(pi.ownerKey);
    }
    if (pi.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity += sign;
    if (sign === 1) {
      this.usedPorts.push(...pi.hostPorts);
    } else if (pi.hostPorts.length > 0) {
      for (const hp of pi.hostPorts) {
        const i = this.usedPorts.findIndex((u) => u.port === hp.port && u.protocol === hp.protocol && u.hostIP === hp.hostIP);
        if (i >= 0) this.usedPorts.splice(i, 1);
      }
    }
  }
}

/**
 * normalizeImageName makes `nginx`, `nginx:latest`, `docker.io/library/nginx:latest` compare
 * equal, as ImageLocality needs to match pod images against node.status.images names.
 */
export function normalizeImageName(image: string): string {
  let name = image;
  if (name.startsWith('docker.io/library/')) name = name.slice('docker.io/library/'.length);
  else if (name.startsWith('docker.io/')) name = name.slice('docker.io/'.length);
  const lastSlash = name.lastIndexOf('/');
  if (!name.includes('@') && !name.slice(lastSlash + 1).includes(':')) name += ':latest';
  return name;
}

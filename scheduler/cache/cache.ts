/**
 * SchedulerCache is the scheduler's view of nodes and the pods on them, including ASSUMED pods:
 * a pod counts against its node the instant the scheduler decides (before the binding is even
 * sent), so a burst never over-commits a node. An assumed pod is confirmed when the informer
 * shows it bound, forgotten when binding fails, and expires if never confirmed within the TTL.
 * It is the Snapshot plugins read: cycles are synchronous, so no copy is needed.
 */
import type { Node, Pod } from '../api-types.ts';
import { NodeInfo } from '../framework/node-info.ts';
import { newPodInfo, podKey } from '../framework/pod-info.ts';
import type { Snapshot } from '../framework/types.ts';

interface PodState {
  pod: Pod;
  nodeName: string;
  assumed: boolean;
  /** deadline is when an assumed pod whose binding finished expires unless confirmed. */
  deadline?: number;
}

/** CacheOptions: TTL of an assumed pod after its binding finished, and the clock. */
export interface CacheOptions {
  assumedTtlMs?: number;
  now?: () => number;
}

/** SchedulerCache holds nodes, bound pods and assumed pods. */
export class SchedulerCache implements Snapshot {
  private nodes = new Map<string, NodeInfo>();
  private podStates = new Map<string, PodState>();
  private listCache: NodeInfo[] | undefined;
  private imageCounts: Map<string, number> | undefined;
  /** podsWithAffinity / podsWithRequiredAntiAffinity let plugins skip scanning nodes in the common case of none. */
  private podsWithAffinity = 0;
  private podsWithRequiredAntiAffinity = 0;
  private ttl: number;
  private now: () => number;

  constructor(opts: CacheOptions = {}) {
    this.ttl = opts.assumedTtlMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  /** nodeInfos lists the known nodes (not placeholders), in a stable order. */
  nodeInfos(): NodeInfo[] {
    this.listCache ??= [...this.nodes.values()].filter((ni) => ni.node !== undefined);
    return this.listCache;
  }

  /** get returns a node's info. */
  get(nodeName: string): NodeInfo | undefined {
    const ni = this.nodes.get(nodeName);
    return ni?.node ? ni : undefined;
  }

  /** havePodsWithRequiredAntiAffinity lists nodes with pods carrying required anti-affinity. */
  havePodsWithRequiredAntiAffinity(): NodeInfo[] {
    if (this.podsWithRequiredAntiAffinity === 0) return [];
    return this.nodeInfos().filter((ni) => ni.podsWithRequiredAntiAffinity > 0);
  }

  /** havePodsWithAffinity lists nodes with pods carrying any (anti-)affinity terms. */
  havePodsWithAffinity(): NodeInfo[] {
    if (this.podsWithAffinity === 0) return [];
    return this.nodeInfos().filter((ni) => ni.podsWithAffinity > 0);
  }

  /** numNodesWithImage counts the nodes reporting an image (normalized name) in status.images. */
  numNodesWithImage(image: string): number {
    if (!this.imageCounts) {
      this.imageCounts = new Map();
      for (const ni of this.nodeInfos()) for (const name of ni.imageSizes.keys()) this.imageCounts.set(name, (this.imageCounts.get(name) ?? 0) + 1);
    }
    return this.imageCounts.get(image) ?? 0;
  }

  private nodeInfo(name: string): NodeInfo {
    let ni = this.nodes.get(name);
    if (!ni) {
      ni = new NodeInfo(name);
      this.nodes.set(name, ni);
    }
    return ni;
  }

  /** addNode adds or replaces a node. */
  addNode(node: Node): void {
    this.nodeInfo(node.metadata.name!).setNode(node);
    this.listCache = undefined;
    this.imageCounts = undefined;
  }

  /** updateNode replaces a node. */
  updateNode(node: Node): void {
    this.addNode(node);
  }

  /** removeNode forgets a node; its pods stay accounted on a placeholder until they go. */
  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni) return;
    ni.node = undefined;
    if (ni.pods.size === 0) this.nodes.delete(name);
    this.listCache = undefined;
    this.imageCounts = undefined;
  }

  private place(pod: Pod, nodeName: string): void {
    const ni = this.nodeInfo(nodeName);
    const before = [ni.podsWithAffinity, ni.podsWithRequiredAntiAffinity];
    ni.addPod(newPodInfo(pod));
    this.podsWithAffinity += ni.podsWithAffinity - before[0];
    this.podsWithRequiredAntiAffinity += ni.podsWithRequiredAntiAffinity - before[1];
  }

  private unplace(key: string, nodeName: string): void {
    const ni = this.nodes.get(nodeName);
    if (!ni) return;
    const before = [ni.podsWithAffinity, ni.podsWithRequiredAntiAffinity];
    ni.removePod(key);
    this.podsWithAffinity += ni.podsWithAffinity - before[0];
    this.podsWithRequiredAntiAffinity += ni.podsWithRequiredAntiAffinity - before[1];
    if (!ni.node && ni.pods.size === 0) this.nodes.delete(nodeName);
  }

  /** assumePod counts a pod (spec.nodeName set to the chosen node) before its binding is confirmed. */
  assumePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.podStates.has(key)) throw new Error(`pod ${key} is already in the scheduler cache`);
    const nodeName = pod.spec!.nodeName!;
    this.place(pod, nodeName);
    this.podStates.set(key, { pod, nodeName, assumed: true });
  }

  /** finishBinding starts an assumed pod's expiry clock once its binding request returned. */
  finishBinding(pod: Pod): void {
    const s = this.podStates.get(podKey(pod));
    if (s?.assumed) s.deadline = this.now() + this.ttl;
  }

  /** forgetPod drops an assumed pod (its binding failed). */
  forgetPod(pod: Pod): void {
    const key = podKey(pod);
    const s = this.podStates.get(key);
    if (!s?.assumed) return;
    this.unplace(key, s.nodeName);
    this.podStates.delete(key);
  }

  /** isAssumed reports whether a pod is assumed and not yet confirmed. */
  isAssumed(key: string): boolean {
    return this.podStates.get(key)?.assumed === true;
  }

  /** addPod records a bound pod seen by the informer, confirming it if it was assumed. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const nodeName = pod.spec!.nodeName!;
    const s = this.podStates.get(key);
    if (s) this.unplace(key, s.nodeName);
    this.place(pod, nodeName);
    this.podStates.set(key, { pod, nodeName, assumed: false });
  }

  /** updatePod replaces a bound pod. */
  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  /** removePod forgets a pod that was deleted or finished. */
  removePod(pod: Pod): void {
    const key = podKey(pod);
    const s = this.podStates.get(key);
    if (!s) return;
    this.unplace(key, s.nodeName);
    this.podStates.delete(key);
  }

  /** cleanupExpiredAssumedPods forgets assumed pods whose confirmation never came; returns how many. */
  cleanupExpiredAssumedPods(): number {
    const now = this.now();
    let n = 0;
    for (const [key, s] of this.podStates) {
      if (s.assumed && s.deadline !== undefined && s.deadline < now) {
        this.unplace(key, s.nodeName);
        this.podStates.delete(key);
        n++;
      }
    }
    return n;
  }

  /** podCount is the number of pods (bound and assumed) in the cache. */
  podCount(): number {
    return this.podStates.size;
  }
}

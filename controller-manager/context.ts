import type { Client, EventRecorder, SharedInformerFactory } from '../client/types.ts';
import type { Logger } from '../component-base/logger.ts';

/** Clock is the time source of controllers; tests inject a fake one. */
export interface Clock {
  /** now returns the current time in milliseconds since the epoch. */
  now(): number;
}

/** realClock reads the system clock. */
export const realClock: Clock = { now: () => Date.now() };

/** fakeClock is a settable clock for tests. */
export function fakeClock(startMs = Date.parse('2026-01-01T00:00:00Z')): Clock & { set(ms: number): void; step(ms: number): void } {
  let t = startMs;
  return { now: () => t, set: (ms) => (t = ms), step: (ms) => (t += ms) };
}

/** ControllerManagerOptions are the flag values controllers read (Kubernetes names). */
export interface ControllerManagerOptions {
  clusterCIDR: string;
  nodeCIDRMaskSize: number;
  allocateNodeCIDRs: boolean;
  nodeMonitorGracePeriodMs: number;
  nodeMonitorPeriodMs: number;
  nodeEvictionRate: number;
  unhealthyZoneThreshold: number;
  eventTTLMs: number;
  /** concurrentSyncs per controller name, e.g. {replicaset: 5}. */
  concurrentSyncs: Record<string, number>;
  /** clusterSigningCertFile/KeyFile are the cluster CA the csrsigning controller signs kubelet client certificates with. */
  clusterSigningCertFile?: string;
  clusterSigningKeyFile?: string;
  /** clusterSigningDurationMs is how long the certificates it signs are valid (--cluster-signing-duration, default 8760h). */
  clusterSigningDurationMs?: number;
  /** rootCAFile is the cluster CA the root-ca-cert-publisher puts in every namespace's kube-root-ca.crt (--root-ca-file). */
  rootCAFile?: string;
}

/** defaultOptions are kube-controller-manager's defaults. */
export function defaultOptions(): ControllerManagerOptions {
  return {
    clusterCIDR: '10.244.0.0/16',
    nodeCIDRMaskSize: 24,
    allocateNodeCIDRs: true,
    nodeMonitorGracePeriodMs: 40_000,
    nodeMonitorPeriodMs: 5_000,
    nodeEvictionRate: 0.1,
    unhealthyZoneThreshold: 0.55,
    eventTTLMs: 60 * 60 * 1000,
    concurrentSyncs: {},
  };
}

/** ControllerContext is what every controller factory receives. */
export interface ControllerContext {
  client: Client;
  informers: SharedInformerFactory;
  /** recorder returns an EventRecorder reporting as `component`. */
  recorder(component: string): EventRecorder;
  logger: Logger;
  clock: Clock;
  options: ControllerManagerOptions;
}

/** Controller is one running control loop. */
export interface Controller {
  name: string;
  /** run waits for caches, runs workers and resolves once signal aborts and work drained. */
  run(signal: AbortSignal): Promise<void>;
}

/** ControllerFactory builds a controller from the shared context. */
export type ControllerFactory = (ctx: ControllerContext) => Controller;

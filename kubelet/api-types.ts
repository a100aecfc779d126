/**
 * The API kinds the kubelet uses, re-exported from api/ in one place so the rest of the
 * kubelet imports them from here.
 */
export type { Pod } from '../api/core/v1/pod.ts';
export type { PodSpec } from '../api/core/v1/pod-spec.ts';
export type { PodStatus, ContainerStatus, ContainerState, PodCondition } from '../api/core/v1/pod-status.ts';
export type { Volume } from '../api/core/v1/volume.ts';
export type { Node, NodeStatus } from '../api/core/v1/node.ts';
export type { Container, EnvVar } from '../api/core/v1/container.ts';
export type { Probe, LifecycleHandler } from '../api/core/v1/probe.ts';

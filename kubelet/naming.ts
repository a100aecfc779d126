/**
 * Names and labels of the containers the kubelet creates. Docker names are unique, and the
 * attempt is part of the name, so the engine itself refuses a second container for the same
 * pod container and attempt — one of the guards against duplicates after a kubelet restart.
 */
import { createHash } from 'node:crypto';
import type { Pod } from './api-types.ts';
import type { Container } from '../api/core/v1/container.ts';
import {
  LabelContainerAttempt, LabelContainerHash, LabelContainerName, LabelInit, LabelNode, LabelPodIP, LabelPodName, LabelPodNamespace, LabelPodUid, LabelType,
} from './runtime/types.ts';

/** SandboxContainerName is the pseudo container name the sandbox is filed under. */
export const SandboxContainerName = 'POD';

/** podLabels are the labels shared by every container of a pod. */
export function podLabels(pod: Pod): Record<string, string> {
  return {
    [LabelPodUid]: pod.metadata.uid ?? '',
    [LabelPodName]: pod.metadata.name ?? '',
    [LabelPodNamespace]: pod.metadata.namespace ?? 'default',
    [LabelNode]: pod.spec?.nodeName ?? '',
  };
}

/** sandboxLabels label the sandbox of a pod; `ip` is its pod IP (none on the host's network). */
export function sandboxLabels(pod: Pod, attempt: number, ip?: string): Record<string, string> {
  return {
    ...podLabels(pod), [LabelContainerName]: SandboxContainerName, [LabelContainerAttempt]: String(attempt), [LabelType]: 'sandbox',
    ...(ip ? { [LabelPodIP]: ip } : {}),
  };
}

/** containerLabels label one app or init container attempt. */
export function containerLabels(pod: Pod, c: Container, attempt: number, init: boolean): Record<string, string> {
  return {
    ...podLabels(pod),
    [LabelContainerName]: c.name,
    [LabelContainerAttempt]: String(attempt),
    [LabelType]: 'container',
    [LabelContainerHash]: containerHash(c),
    ...(init ? { [LabelInit]: 'true' } : {}),
  };
}

/** dockerName is the engine name: skiff_<container>_<pod>_<namespace>_<uid>_<attempt>. */
export function dockerName(pod: Pod, containerName: string, attempt: number): string {
  const uid = (pod.metadata.uid ?? '').slice(0, 8);
  return `skiff_${containerName}_${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}_${uid}_${attempt}`;
}

/** containerHash fingerprints a container spec; a changed spec means restart (as Kubernetes does). */
export function containerHash(c: Container): string {
  return createHash('sha256').update(JSON.stringify(c)).digest('hex').slice(0, 12);
}

/** attemptOf reads a container's attempt label. */
export function attemptOf(labels: Record<string, string>): number {
  return Number(labels[LabelContainerAttempt] ?? '0');
}

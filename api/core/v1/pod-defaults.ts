import type { Container, EphemeralContainer } from './container.ts';
import type { PodSpec, PodTemplateSpec } from './pod-spec.ts';
import { applyHandlerDefaults, applyProbeDefaults } from './probe.ts';
import { applyVolumeDefaults } from './volume.ts';

/**
 * pod-defaults.ts fills the defaults Kubernetes applies to pods and pod templates
 * (pkg/apis/core/v1/defaults.go), in place.
 */

/** defaultPullPolicy returns Always for ':latest' or untagged images, IfNotPresent otherwise. */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon < 0 ? '' : image.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** applyContainerDefaults fills one container's defaults. */
export function applyContainerDefaults(c: Container | EphemeralContainer): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  for (const p of c.ports ?? []) p.protocol ||= 'TCP';
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ||= 'v1';
  applyProbeDefaults(c.livenessProbe);
  applyProbeDefaults(c.readinessProbe);
  applyProbeDefaults(c.startupProbe);
  applyHandlerDefaults(c.lifecycle?.postStart);
  applyHandlerDefaults(c.lifecycle?.preStop);
}

// Kubernetes copies a limit into an unset request of the same resource.
function defaultRequestsToLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!limits || !c.resources) return;
  const requests = (c.resources.requests ??= {});
  for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
}

/** applyPodSpecDefaults fills the defaults of a pod spec (pods and templates alike). */
export function applyPodSpecDefaults(spec: PodSpec): void {
  spec.containers ??= [];
  spec.restartPolicy ||= 'Always';
  spec.dnsPolicy ||= 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ||= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of spec.initContainers ?? []) applyContainerDefaults(c);
  for (const c of spec.containers) applyContainerDefaults(c);
  for (const c of spec.ephemeralContainers ?? []) applyContainerDefaults(c);
  for (const v of spec.volumes ?? []) applyVolumeDefaults(v);
  if (spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
}

/** applyPodTemplateDefaults fills the defaults of a workload's pod template. */
export function applyPodTemplateDefaults(t: PodTemplateSpec | undefined): void {
  if (!t) return;
  t.spec ??= { containers: [] };
  applyPodSpecDefaults(t.spec);
}

const defaultTolerationSeconds = 300;

/**
 * applyPodOnlyDefaults fills what Kubernetes gives pods but not templates: SetDefaults_Pod
 * (requests from limits, enableServiceLinks, host-network host ports) and what admission
 * plugins add (the default service account, priority 0, and 300 s tolerations for the
 * not-ready/unreachable NoExecute taints so pods are evicted five minutes after a node dies).
 */
export function applyPodOnlyDefaults(spec: PodSpec): void {
  spec.enableServiceLinks ??= true;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    defaultRequestsToLimits(c);
    // With host networking the container port is the host port.
    if (spec.hostNetwork) for (const p of c.ports ?? []) p.hostPort ??= p.containerPort;
  }
  spec.serviceAccountName ||= spec.serviceAccount || 'default';
  spec.serviceAccount ||= spec.serviceAccountName;
  spec.priority ??= 0;
  spec.preemptionPolicy ||= 'PreemptLowerPriority';
  const tolerations = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const covered = tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: defaultTolerationSeconds });
  }
}

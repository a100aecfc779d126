import type { IntOrString } from '../../../api/meta/v1/object-meta.ts';
import type { Deployment, ReplicaSet } from './types.ts';
import { canonical } from '../../util/canonical.ts';

export { canonical };

/** Annotation and label names, as in Kubernetes. */
export const RevisionAnnotation = 'deployment.kubernetes.io/revision';
export const RevisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
export const PodTemplateHashLabel = 'pod-template-hash';
const skipCopy = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  'deprecated.deployment.rollback.to',
]);

/** replicasOf reads spec.replicas with the default of 1. */
export const replicasOf = (o: { spec?: { replicas?: number } } | undefined): number => o?.spec?.replicas ?? 1;
/** rsReplicas reads a ReplicaSet's spec.replicas (0 when absent, as controllers treat nil). */
export const rsReplicas = (rs: ReplicaSet | undefined): number => rs?.spec?.replicas ?? 0;

/**
 * scaledValue resolves an int-or-percent against total (intstr.GetScaledValueFromIntOrPercent):
 * percentages round up for maxSurge and down for maxUnavailable.
 */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean, fallback: string): number {
  const x = v ?? fallback;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) return Number.parseInt(x, 10) || 0;
  const raw = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/** isRollingUpdate tells whether the strategy is RollingUpdate (the default). */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** resolveFenceposts returns maxSurge and maxUnavailable; both 0 would deadlock, so unavailable becomes 1. */
export function resolveFenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate;
  const desired = replicasOf(d);
  const surge = scaledValue(ru?.maxSurge, desired, true, '25%');
  let unavailable = scaledValue(ru?.maxUnavailable, desired, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** maxUnavailable is the rolling update's unavailability budget (0 for Recreate or 0 replicas). */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, replicasOf(d));
}

/** maxSurge is the rolling update's surge budget (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).surge : 0;
}

const safeChars = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * computeHash is the pod-template-hash: FNV-1a (32 bit) of the canonical template plus the
 * collision count, encoded with Kubernetes' SafeEncodeString alphabet (no vowels, no 0/1/3).
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = 0x811c9dc5;
  const input = canonical(template) + (collisionCount ? String(collisionCount) : '');
  for (const byte of Buffer.from(input, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => safeChars[c.charCodeAt(0) % safeChars.length]).join('');
}

/** templateWithoutHash drops the pod-template-hash label from a template copy. */
export function templateWithoutHash<T extends { metadata?: { labels?: Record<string, string> } }>(t: T | undefined): T | undefined {
  if (!t) return t;
  const c = structuredClone(t);
  if (c.metadata?.labels) {
    delete c.metadata.labels[PodTemplateHashLabel];
    if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  }
  return c;
}

/** equalIgnoreHash compares two pod templates ignoring the pod-template-hash label. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return canonical(templateWithoutHash(a as never)) === canonical(templateWithoutHash(b as never));
}

/** revisionOf reads a ReplicaSet's revision annotation (0 when absent). */
export function revisionOf(o: { metadata: { annotations?: Record<string, string> } }): number {
  return Number.parseInt(o.metadata.annotations?.[RevisionAnnotation] ?? '0', 10) || 0;
}

/** maxRevision returns the highest revision among ReplicaSets. */
export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/** copyDeploymentAnnotations copies the deployment's user annotations onto a ReplicaSet. */
export function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  rs.metadata.annotations ??= {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopy.has(k) || rs.metadata.annotations[k] === v) continue;
    rs.metadata.annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** setReplicasAnnotations records desired and max replicas on a ReplicaSet; returns whether it changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  rs.metadata.annotations ??= {};
  const a = rs.metadata.annotations;
  if (a[DesiredReplicasAnnotation] === String(desired) && a[MaxReplicasAnnotation] === String(max)) return false;
  a[DesiredReplicasAnnotation] = String(desired);
  a[MaxReplicasAnnotation] = String(max);
  return true;
}

const created = (rs: ReplicaSet) => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;

/** byCreation sorts oldest first, ties by name (ReplicaSetsByCreationTimestamp). */
export const byCreation = (a: ReplicaSet, b: ReplicaSet): number => created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
/** byRevision sorts lowest revision first. */
export const byRevision = (a: ReplicaSet, b: ReplicaSet): number => revisionOf(a) - revisionOf(b) || byCreation(a, b);
/** bySizeNewer sorts larger first, newer first on ties (for scaling up proportionally). */
export const bySizeNewer = (a: ReplicaSet, b: ReplicaSet): number => rsReplicas(b) - rsReplicas(a) || byCreation(b, a);
/** bySizeOlder sorts larger first, older first on ties (for scaling down proportionally). */
export const bySizeOlder = (a: ReplicaSet, b: ReplicaSet): number => rsReplicas(b) - rsReplicas(a) || byCreation(a, b);

/** activeOf keeps ReplicaSets with replicas > 0. */
export const activeOf = (rss: ReplicaSet[]): ReplicaSet[] => rss.filter((rs) => rsReplicas(rs) > 0);
/** sumSpec sums spec.replicas. */
export const sumSpec = (rss: ReplicaSet[]): number => rss.reduce((n, rs) => n + rsReplicas(rs), 0);
/** sumStatus sums a numeric status field. */
export const sumStatus = (rss: ReplicaSet[], f: 'replicas' | 'readyReplicas' | 'availableReplicas'): number => rss.reduce((n, rs) => n + (rs.status?.[f] ?? 0), 0);

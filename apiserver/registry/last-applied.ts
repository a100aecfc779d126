import { newStatus, StatusError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { StatusCause } from '../../api/meta/v1/status.ts';
import { fieldSetOf, pathToString, splitPath, valueAt } from '../../api/patch/field-set.ts';
import { deepEqual, type JsonObject } from '../../api/patch/json.ts';

/** LAST_APPLIED is client-side apply's annotation (kubectl.kubernetes.io/last-applied-configuration). */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * allowedFromLastApplied lists (as conflict field strings) the fields of live's client-side apply
 * annotation whose live value is still the one last applied: kube-apiserver's lastAppliedManager
 * lets `kubectl apply --server-side` take those over without a conflict, so moving from
 * client-side to server-side apply does not conflict with kubectl's own earlier applies.
 */
export function allowedFromLastApplied(kind: string, live: KubeObject): Set<string> {
  const raw = live.metadata.annotations?.[LAST_APPLIED];
  if (!raw) return new Set();
  let last: JsonObject;
  try {
    last = JSON.parse(raw) as JsonObject;
  } catch {
    return new Set();
  }
  const allowed = new Set<string>();
  for (const s of fieldSetOf(kind, last)) {
    const path = splitPath(s);
    if (deepEqual(valueAt(last, path), valueAt(live, path))) allowed.add(pathToString(path));
  }
  return allowed;
}

/** conflictCauses returns the FieldManagerConflict causes of a server-side apply conflict, or undefined for any other error. */
export function conflictCauses(err: unknown): StatusCause[] | undefined {
  if (!(err instanceof StatusError) || err.status.code !== 409) return undefined;
  const causes = err.status.details?.causes ?? [];
  return causes.length > 0 && causes.every((c) => c.reason === 'FieldManagerConflict') ? causes : undefined;
}

/** conflictError rebuilds an apply conflict from the causes that remain, worded as kube-apiserver. */
export function conflictError(causes: StatusCause[]): StatusError {
  const lines = causes.map((c) => `${c.message}: ${c.field}`);
  const n = causes.length;
  const message = n === 1 ? `Apply failed with 1 conflict: ${lines[0]}` : `Apply failed with ${n} conflicts: ${lines.join('\n')}`;
  return new StatusError(newStatus(409, 'Conflict', message, { causes }));
}

type Apply = (kind: string, live: KubeObject, config: KubeObject, manager: string, force: boolean) => KubeObject;

/**
 * applyAllowingLastApplied runs server-side apply; when `kubectl` (kubectl apply --server-side)
 * conflicts only on fields client-side apply last applied and nobody changed since, it takes them
 * (force), as kube-apiserver does; the other conflicts are reported.
 */
export function applyAllowingLastApplied(apply: Apply, kind: string, live: KubeObject, config: KubeObject, manager: string, force: boolean): KubeObject {
  try {
    return apply(kind, live, config, manager, force);
  } catch (err) {
    const causes = manager === 'kubectl' && !force ? conflictCauses(err) : undefined;
    if (!causes) throw err;
    const allowed = allowedFromLastApplied(kind, live);
    const remaining = causes.filter((c) => !allowed.has(c.field ?? ''));
    if (remaining.length === causes.length) throw err;
    if (remaining.length > 0) throw conflictError(remaining);
    return apply(kind, live, config, manager, true);
  }
}

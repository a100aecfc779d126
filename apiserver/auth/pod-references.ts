/**
 * pod-references.ts lists what a pod uses by name — the Secrets, ConfigMaps, PVCs and service
 * account the Node authorizer lets the pod's kubelet read.
 */

/** PodRefs are the names a pod references in its own namespace. */
export interface PodRefs {
  secrets: Set<string>;
  configmaps: Set<string>;
  persistentvolumeclaims: Set<string>;
  serviceaccounts: Set<string>;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function containerRefs(c: Any, refs: PodRefs): void {
  for (const e of c.env ?? []) {
    if (e.valueFrom?.secretKeyRef?.name) refs.secrets.add(e.valueFrom.secretKeyRef.name);
    if (e.valueFrom?.configMapKeyRef?.name) refs.configmaps.add(e.valueFrom.configMapKeyRef.name);
  }
  for (const e of c.envFrom ?? []) {
    if (e.secretRef?.name) refs.secrets.add(e.secretRef.name);
    if (e.configMapRef?.name) refs.configmaps.add(e.configMapRef.name);
  }
}

function volumeRefs(v: Any, refs: PodRefs): void {
  if (v.secret?.secretName) refs.secrets.add(v.secret.secretName);
  if (v.configMap?.name) refs.configmaps.add(v.configMap.name);
  if (v.persistentVolumeClaim?.claimName) refs.persistentvolumeclaims.add(v.persistentVolumeClaim.claimName);
  for (const s of v.projected?.sources ?? []) {
    if (s.secret?.name) refs.secrets.add(s.secret.name);
    if (s.configMap?.name) refs.configmaps.add(s.configMap.name);
  }
}

/** podReferences collects every name a pod spec references (containers, init and ephemeral containers, volumes, pull secrets). */
export function podReferences(pod: { spec?: Any }): PodRefs {
  const refs: PodRefs = { secrets: new Set(), configmaps: new Set(), persistentvolumeclaims: new Set(), serviceaccounts: new Set() };
  const spec = pod.spec ?? {};
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) containerRefs(c, refs);
  for (const v of spec.volumes ?? []) volumeRefs(v, refs);
  for (const s of spec.imagePullSecrets ?? []) if (s.name) refs.secrets.add(s.name);
  refs.serviceaccounts.add(spec.serviceAccountName || 'default');
  return refs;
}

/**
 * The ServiceAccount admission plugin (Kubernetes' plugin/pkg/admission/serviceaccount): a new
 * pod runs as a ServiceAccount that exists — `default` unless it names one — and, unless the pod
 * or its ServiceAccount opts out with automountServiceAccountToken: false, every container gets
 * the projected `kube-api-access-<suffix>` volume (a bound token the kubelet keeps fresh, the
 * cluster CA, the namespace) at /var/run/secrets/kubernetes.io/serviceaccount.
 */
import { randomInt } from 'node:crypto';
import { newForbidden } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { isStorageError, type Storage } from '../storage/types.ts';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type PodLike = KubeObject & { spec?: Any };
type ServiceAccountLike = KubeObject & { automountServiceAccountToken?: boolean };

/** TOKEN_MOUNT_PATH is where client libraries look for in-cluster credentials. */
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** TOKEN_VOLUME_PREFIX starts the name of the volume the plugin adds. */
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
/** WARN_ONLY_EXPIRATION_SECONDS is the 3607 s Kubernetes asks for (a marker a little over an hour). */
export const WARN_ONLY_EXPIRATION_SECONDS = 3607;
/** ROOT_CA_CONFIGMAP is the ConfigMap the root-ca-cert-publisher keeps in every namespace. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
// Kubernetes' SimpleNameGenerator alphabet: no vowels (no words), no 0/1/3 (no look-alikes).
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** randomSuffix returns five characters as Kubernetes' generateName does. */
export function randomSuffix(): string {
  return Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** tokenVolumeSource is the projected source of kube-api-access-*: token, CA bundle, namespace. */
export function tokenVolumeSource(): Any {
  return {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: WARN_ONLY_EXPIRATION_SECONDS } },
      { configMap: { name: ROOT_CA_CONFIGMAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

/** shouldAutomount: the pod's automountServiceAccountToken wins, then its ServiceAccount's, default true. */
export function shouldAutomount(sa: ServiceAccountLike | undefined, spec: Any): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  if (typeof sa?.automountServiceAccountToken === 'boolean') return sa.automountServiceAccountToken;
  return true;
}

/**
 * mountServiceAccountToken adds the read-only mount to every init and app container that has no
 * mount at TOKEN_MOUNT_PATH, and the volume when some container needs it (an existing
 * kube-api-access-* volume is reused, as Kubernetes does).
 */
export function mountServiceAccountToken(spec: Any, suffix: () => string = randomSuffix): void {
  const volumes: Any[] = spec.volumes ?? [];
  const existing = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const name: string = existing?.name ?? TOKEN_VOLUME_PREFIX + suffix();
  let needed = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Any[]) {
    const mounts: Any[] = c.volumeMounts ?? [];
    if (mounts.some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
    c.volumeMounts = [...mounts, { name, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
    needed = true;
  }
  if (needed && !existing) spec.volumes = [...volumes, { name, projected: tokenVolumeSource() }];
}

async function getServiceAccount(storage: Storage, ns: string, name: string): Promise<ServiceAccountLike | undefined> {
  try {
    return await storage.get<ServiceAccountLike>(`/registry/serviceaccounts/${ns}/${name}`);
  } catch (err) {
    if (isStorageError(err, 'NotFound')) return undefined;
    throw err;
  }
}

/**
 * admitServiceAccount runs the plugin on a pod being created in namespace: defaults
 * serviceAccountName, refuses (403, Kubernetes' message) a pod whose ServiceAccount does not
 * exist, and mounts the token volume when mountToken is on. Mirror pods are left alone.
 */
export async function admitServiceAccount(storage: Storage, namespace: string, pod: PodLike, mountToken: boolean): Promise<void> {
  const spec = pod.spec;
  if (!spec || pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) return;
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const sa = await getServiceAccount(storage, namespace, spec.serviceAccountName);
  if (!sa) {
    const why = `error looking up service account ${namespace}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`;
    throw newForbidden({ group: '', resource: 'pods' }, pod.metadata.name ?? '', why);
  }
  if (mountToken && shouldAutomount(sa, spec)) mountServiceAccountToken(spec);
}

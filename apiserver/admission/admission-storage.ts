import { newForbidden, type StatusError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { isStorageError, type Storage } from '../storage/types.ts';
import { applyLimitRangeDefaults, limitRangesOf } from './limit-ranger.ts';
import { admitServiceAccount } from './service-account.ts';
import { checkPodSecurity, ENFORCE_LABEL, parseLevel, type PodSecurityLevel, type Violation } from './pod-security.ts';

type PodLike = KubeObject & { spec?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** AdmissionOptions choose the plugins and their settings. */
export interface AdmissionOptions {
  /** podSecurity enforces Pod Security Standards; defaultLevel applies to namespaces without the enforce label. */
  podSecurity?: { defaultLevel: PodSecurityLevel; exemptNamespaces: string[] };
  /** serviceAccount defaults spec.serviceAccountName to "default" and refuses pods whose ServiceAccount does not exist. */
  serviceAccount?: boolean;
  /** mountServiceAccountToken (with serviceAccount) adds the kube-api-access-* token volume to new pods. */
  mountServiceAccountToken?: boolean;
  /** limitRanger fills container requests/limits from the namespace's LimitRanges. */
  limitRanger?: boolean;
}

/** podSecurityError is the 403 the PodSecurity plugin answers, naming every offending field. */
export function podSecurityError(pod: PodLike, level: PodSecurityLevel, v: Violation[]): StatusError {
  const byCheck = new Map<string, Violation[]>();
  for (const x of v) byCheck.set(x.check, [...(byCheck.get(x.check) ?? []), x]);
  const parts = [...byCheck].map(([check, list]) => `${check} (${list.map((x) => `${x.message}: ${x.field}`).join(', ')})`);
  const err = newForbidden({ group: '', resource: 'pods' }, pod.metadata.name ?? '', `violates PodSecurity "${level}:latest": ${parts.join('; ')}`);
  err.status.details = { ...err.status.details, causes: v.map((x) => ({ reason: 'FieldValueForbidden', field: x.field, message: x.message })) };
  return err;
}

async function namespaceLevel(storage: Storage, ns: string, fallback: PodSecurityLevel): Promise<PodSecurityLevel> {
  try {
    const obj = await storage.get(`/registry/namespaces/${ns}`);
    return parseLevel(obj.metadata.labels?.[ENFORCE_LABEL], fallback);
  } catch (err) {
    if (isStorageError(err, 'NotFound')) return fallback;
    throw err;
  }
}

/**
 * withAdmission wraps the Storage so that pod writes pass the enabled admission plugins on every
 * path that stores a pod — create, update, patch, server-side apply — right before etcd:
 * ServiceAccount (name, existence, token volume) on create, and PodSecurity on create and on any update that changes
 * the spec (status-only writes of existing pods are never refused, as in Kubernetes).
 */
export function withAdmission(storage: Storage, opts: AdmissionOptions): Storage {
  const ps = opts.podSecurity;
  async function enforce(key: string, pod: PodLike): Promise<void> {
    if (!ps) return;
    const ns = key.split('/')[3] ?? '';
    if (ps.exemptNamespaces.includes(ns)) return;
    const level = await namespaceLevel(storage, ns, ps.defaultLevel);
    const v = checkPodSecurity(level, pod.spec);
    if (v.length > 0) throw podSecurityError(pod, level, v);
  }
  const isPod = (key: string) => key.startsWith('/registry/pods/');
  return {
    ...bind(storage),
    async create<T extends KubeObject>(key: string, obj: T) {
      if (isPod(key)) {
        const pod = obj as PodLike;
        if (opts.serviceAccount) await admitServiceAccount(storage, key.split('/')[3] ?? '', pod, !!opts.mountServiceAccountToken);
        if (opts.limitRanger) applyLimitRangeDefaults(pod.spec, await limitRangesOf(storage, key.split('/')[3] ?? ''));
        await enforce(key, pod);
      }
      return storage.create(key, obj);
    },
    async guaranteedUpdate(key, tryUpdate, pre) {
      if (!isPod(key) || !ps) return storage.guaranteedUpdate(key, tryUpdate, pre);
      return storage.guaranteedUpdate(
        key,
        async (current) => {
          const next = (await tryUpdate(current)) as PodLike;
          if (JSON.stringify(next.spec) !== JSON.stringify((current as PodLike).spec)) await enforce(key, next);
          return next as typeof current;
        },
        pre,
      );
    },
  };
}

function bind(s: Storage): Storage {
  return {
    get: (k) => s.get(k),
    list: (p, params) => s.list(p, params),
    create: (k, o) => s.create(k, o),
    guaranteedUpdate: (k, f, pre) => s.guaranteedUpdate(k, f, pre),
    delete: (k, pre) => s.delete(k, pre),
    watch: (p, r, sig) => s.watch(p, r, sig),
    currentRevision: () => s.currentRevision(),
    compact: (r) => s.compact(r),
    healthy: () => s.healthy(),
    close: () => s.close(),
  };
}


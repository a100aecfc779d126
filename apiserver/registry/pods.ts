import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ApiContext, DeleteOptions, ResourceStrategy } from './types.ts';

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

interface ContainerLike {
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

type PodLike = KubeObject & {
  spec?: {
    nodeName?: string;
    terminationGracePeriodSeconds?: number;
    serviceAccountName?: string;
    serviceAccount?: string;
    tolerations?: Toleration[];
    containers?: ContainerLike[];
    initContainers?: ContainerLike[];
  };
  status?: { phase?: string; qosClass?: string; conditions?: unknown[] };
};

/** qosClass computes a pod's QoS class as Kubernetes does (Guaranteed / Burstable / BestEffort). */
export function qosClass(pod: PodLike): string {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** addDefaultTolerations is the DefaultTolerationSeconds admission plugin: not-ready/unreachable NoExecute. */
export function addDefaultTolerations(pod: PodLike, notReadySeconds: number, unreachableSeconds: number): void {
  const spec = (pod.spec ??= {});
  // api/ defaulting may already have added these with Kubernetes' 300 s: the flags decide.
  const tolerations = (spec.tolerations ??= []).filter(
    (t) => !(t.operator === 'Exists' && t.effect === 'NoExecute' && t.tolerationSeconds === 300 && (t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable')),
  );
  spec.tolerations = tolerations;
  const has = (key: string) => tolerations.some((t) => (t.key === key || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute'));
  for (const [key, seconds] of [
    ['node.kubernetes.io/not-ready', notReadySeconds],
    ['node.kubernetes.io/unreachable', unreachableSeconds],
  ] as const) {
    if (!has(key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
}

/** podStrategy: Pending status and QoS on create, default tolerations and service account, graceful deletion. */
export const podStrategy: ResourceStrategy = {
  resetStatusOnCreate: true,
  prepareForCreate(ctx: ApiContext, obj: KubeObject) {
    const pod = obj as PodLike;
    const spec = (pod.spec ??= {});
    spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
    spec.serviceAccount = spec.serviceAccountName;
    addDefaultTolerations(pod, ctx.config.defaultNotReadyTolerationSeconds, ctx.config.defaultUnreachableTolerationSeconds);
    pod.status = { phase: 'Pending', qosClass: qosClass(pod) };
  },
  gracefulDeleteSeconds(obj: KubeObject, opts: DeleteOptions) {
    const pod = obj as PodLike;
    // Unscheduled and finished pods have no kubelet to wait for: they go at once.
    if (!pod.spec?.nodeName) return undefined;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return undefined;
    const grace = opts.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    // Kubernetes turns a requested 0 into 1 for scheduled pods unless the delete is forced by the kubelet.
    return grace;
  },
};

import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { Resources } from '../api/resources.ts';
import { labelSelectorToString } from '../api/labels/index.ts';
import type { CliContext } from './cli-context.ts';
import { resolveResource, UsageError } from './resource-resolver.ts';

/** PodLike is the part of a Pod the streaming verbs read. */
export type PodLike = KubeObject & {
  spec?: { containers?: Array<{ name: string }>; initContainers?: Array<{ name: string }> };
  status?: { phase?: string };
};

/**
 * podFor resolves `pod`, `pod/x`, or a workload `deploy/x` (its first pod, by the workload's
 * selector, as kubectl logs/exec do) to a Pod.
 */
export async function podFor(ctx: CliContext, ref: string): Promise<PodLike> {
  const pods = ctx.client.resource<PodLike>(Resources.pods);
  if (!ref.includes('/')) return pods.get(ctx.namespace, ref);
  const [type, name] = ref.split('/', 2);
  const info = resolveResource(type);
  if (info.resource === 'pods') return pods.get(ctx.namespace, name);
  const owner = await ctx.client.resource<KubeObject & { spec?: { selector?: unknown } }>(info).get(ctx.namespace, name);
  const sel = owner.spec?.selector;
  const selector = sel && typeof sel === 'object' && !('matchLabels' in sel || 'matchExpressions' in sel)
    ? Object.entries(sel as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',')
    : selectorString(sel);
  const list = await pods.list(ctx.namespace, { labelSelector: selector });
  const running = list.items.filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => rank(a) - rank(b));
  if (running.length === 0) throw new UsageError(`no pods found for ${info.singular} "${name}"`);
  return running[0];
}

function rank(pod: PodLike): number {
  return pod.status?.phase === 'Running' ? 0 : pod.status?.phase === 'Pending' ? 1 : 2;
}

function selectorString(sel: unknown): string {
  return labelSelectorToString(sel as Parameters<typeof labelSelectorToString>[0]);
}

/** containerFor picks -c, or the pod's only/first container (telling the user, as kubectl does). */
export function containerFor(ctx: CliContext, pod: PodLike, requested?: string): string {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const all = [...names, ...(pod.spec?.initContainers ?? []).map((c) => c.name)];
  if (requested) {
    if (!all.includes(requested)) throw new UsageError(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    return requested;
  }
  if (names.length > 1) ctx.io.err.write(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`);
  return names[0];
}

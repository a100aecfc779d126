import type { Command } from 'commander';
import { isNotFound, isTooManyRequests } from '../../api/errors.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { UsageError } from '../resource-resolver.ts';
import { ExitError, type Runner } from '../runner.ts';
import { waitUntilGone } from '../wait-gone.ts';
import { durationFlag } from '../duration.ts';

interface DrainFlags {
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  force?: boolean;
  gracePeriod?: string;
  timeout: string;
}

/** registerDrain adds `drain NODE`: cordon, then evict its pods through pods/eviction. */
export function registerDrain(program: Command, run: Runner): void {
  program
    .command('drain')
    .description('Drain node in preparation for maintenance')
    .argument('<node>')
    .option('--ignore-daemonsets', 'ignore DaemonSet-managed pods')
    .option('--delete-emptydir-data', 'continue even if pods use emptyDir (its data is lost)')
    .option('--force', 'also delete pods not managed by a controller')
    .option('--grace-period <seconds>', 'grace period for each pod (-1 = the pod\'s own)', '-1')
    .option('--timeout <duration>', 'give up after this long (0 = never)', '0')
    .action(run(async (ctx, node: string, flags: DrainFlags) => {
      await drain(ctx, node.replace(/^(nodes?|no)\//, ''), flags);
    }));
}

/** drainProblems returns, per pod, why it may not be evicted with these flags ('' = ok, 'skip' = daemonset). */
export function drainProblem(pod: Pod, flags: DrainFlags): string {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  if (owner?.kind === 'DaemonSet') return flags.ignoreDaemonsets ? 'skip' : 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
  if (!owner && !flags.force) return 'cannot delete Pods that declare no controller (use --force to override)';
  if (pod.spec.volumes?.some((v) => v.emptyDir) && !flags.deleteEmptydirData) return 'cannot delete Pods with local storage (use --delete-emptydir-data to override)';
  return '';
}

async function drain(ctx: CliContext, node: string, flags: DrainFlags): Promise<void> {
  const nodes = ctx.client.resource(Resources.nodes);
  await nodes.patch(undefined, node, 'merge', { spec: { unschedulable: true } });
  ctx.io.out.write(`node/${node} cordoned\n`);
  const pods = (await ctx.client.resource<Pod>(Resources.pods).list(undefined, { fieldSelector: `spec.nodeName=${node}` })).items
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const problems = pods.map((p) => ({ pod: p, problem: drainProblem(p, flags) }));
  const blocking = problems.filter((x) => x.problem && x.problem !== 'skip');
  if (blocking.length > 0) {
    const lines = blocking.map((x) => `${x.problem}: ${x.pod.metadata.namespace}/${x.pod.metadata.name}`);
    throw new UsageError(`unable to drain node "${node}" due to error: ${lines.join(', ')}, continuing command...\nThere are pending nodes to be drained:\n ${node}`);
  }
  const skipped = problems.filter((x) => x.problem === 'skip');
  if (skipped.length) ctx.io.err.write(`Warning: ignoring DaemonSet-managed Pods: ${skipped.map((x) => `${x.pod.metadata.namespace}/${x.pod.metadata.name}`).join(', ')}\n`);
  const victims = problems.filter((x) => !x.problem).map((x) => x.pod);
  const deadline = flags.timeout === '0' ? undefined : Date.now() + durationFlag(flags.timeout);
  await Promise.all(victims.map((pod) => evict(ctx, pod, Number(flags.gracePeriod), deadline)));
  ctx.io.out.write(`node/${node} drained\n`);
}

async function evict(ctx: CliContext, pod: Pod, grace: number, deadline?: number): Promise<void> {
  const { namespace, name } = pod.metadata;
  ctx.io.out.write(`evicting pod ${namespace}/${name}\n`);
  const body = {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace },
    ...(grace >= 0 ? { deleteOptions: { gracePeriodSeconds: grace } } : {}),
  };
  for (;;) {
    try {
      await ctx.client.resource(Resources.pods).createSubresource(namespace, name!, 'eviction', body);
      break;
    } catch (err) {
      if (isNotFound(err)) return;
      // 429: a disruption budget says not now; kubectl retries every 5 s.
      if (!isTooManyRequests(err)) throw err;
      if (deadline && Date.now() > deadline) throw new ExitError(1, `error: drain did not complete within the timeout`);
      ctx.io.err.write(`error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${(err as Error).message}\n`);
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
  await waitUntilGone(ctx, Resources.pods, namespace, name!, deadline ? Math.max(1, deadline - Date.now()) : undefined);
  ctx.io.out.write(`pod/${name} evicted\n`);
}

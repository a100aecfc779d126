import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

type NodeObject = KubeObject & { spec?: { unschedulable?: boolean; taints?: Taint[] } };

/** registerNodeAdmin adds `cordon`, `uncordon` and `taint`. */
export function registerNodeAdmin(program: Command, run: Runner): void {
  for (const [verb, unschedulable] of [['cordon', true], ['uncordon', false]] as const) {
    program
      .command(verb)
      .description(`Mark node as ${unschedulable ? 'unschedulable' : 'schedulable'}`)
      .argument('<node...>')
      .action(run(async (ctx, nodes: string[]) => {
        for (const node of nodes.map((n) => n.replace(/^(nodes?|no)\//, ''))) await setSchedulable(ctx, node, unschedulable, verb);
      }));
  }
  program
    .command('taint')
    .description('Update the taints on one or more nodes')
    .argument('<args...>', 'nodes NODE KEY[=VALUE]:EFFECT ... | KEY[:EFFECT]-')
    .option('--overwrite', 'replace a taint with the same key and effect')
    .action(run(async (ctx, args: string[], opts: { overwrite?: boolean }) => {
      const rest = args[0] === 'nodes' || args[0] === 'node' || args[0] === 'no' ? args.slice(1) : args;
      const node = rest[0]?.replace(/^(nodes?|no)\//, '');
      if (!node || rest.length < 2) throw new UsageError('at least one taint update is required: skiffctl taint nodes NODE key=value:NoSchedule');
      const rc = ctx.client.resource<NodeObject>(Resources.nodes);
      const live = await rc.get(undefined, node);
      const { taints, removed } = applyTaintChanges(live.spec?.taints ?? [], rest.slice(1), opts.overwrite ?? false);
      await rc.patch(undefined, node, 'merge', { spec: { taints } });
      ctx.io.out.write(`node/${node} ${removed && rest.slice(1).every((c) => c.endsWith('-')) ? 'untainted' : 'tainted'}\n`);
    }));
}

async function setSchedulable(ctx: CliContext, node: string, unschedulable: boolean, verb: string): Promise<void> {
  const rc = ctx.client.resource<NodeObject>(Resources.nodes);
  const live = await rc.get(undefined, node);
  if (Boolean(live.spec?.unschedulable) === unschedulable) {
    ctx.io.out.write(`node/${node} already ${verb}ed\n`);
    return;
  }
  await rc.patch(undefined, node, 'merge', { spec: { unschedulable: unschedulable || null } });
  ctx.io.out.write(`node/${node} ${verb}ed\n`);
}

const effects = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** applyTaintChanges applies `key=value:Effect` additions and `key[:Effect]-` removals to taints. */
export function applyTaintChanges(current: Taint[], changes: string[], overwrite: boolean): { taints: Taint[]; removed: boolean } {
  let taints = [...current];
  let removed = false;
  for (const change of changes) {
    if (change.endsWith('-')) {
      const [key, effect] = change.slice(0, -1).split(':');
      const before = taints.length;
      taints = taints.filter((t) => !(t.key === key && (!effect || t.effect === effect)));
      if (taints.length === before) throw new UsageError(`taint "${change.slice(0, -1)}" not found`);
      removed = true;
      continue;
    }
    const m = /^([^=:]+)(?:=([^:]*))?:(.+)$/.exec(change);
    if (!m || !effects.has(m[3])) throw new UsageError(`invalid taint spec: ${change}, expected key[=value]:NoSchedule|PreferNoSchedule|NoExecute`);
    const taint: Taint = { key: m[1], effect: m[3], ...(m[2] !== undefined && m[2] !== '' ? { value: m[2] } : {}) };
    const existing = taints.findIndex((t) => t.key === taint.key && t.effect === taint.effect);
    if (existing >= 0 && !overwrite) throw new UsageError(`node already has a taint with key (${taint.key}) and effect (${taint.effect}), and --overwrite is false`);
    if (existing >= 0) taints[existing] = taint;
    else taints.push(taint);
  }
  return { taints, removed };
}

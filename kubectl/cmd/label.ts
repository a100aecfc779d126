import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { CliContext } from '../cli-context.ts';
import { kindRef } from '../object-ref.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { parseTargets } from '../targets.ts';

interface MapFlags {
  overwrite?: boolean;
  all?: boolean;
  selector?: string;
}

/** registerLabelAndAnnotate adds `label` and `annotate`: set `k=v`, remove `k-`. */
export function registerLabelAndAnnotate(program: Command, run: Runner): void {
  for (const [verb, field, past] of [['label', 'labels', 'labeled'], ['annotate', 'annotations', 'annotated']] as const) {
    program
      .command(verb)
      .description(`Update the ${field} on a resource`)
      .argument('<args...>', `TYPE NAME KEY=VAL ... KEY- ...`)
      .option('--overwrite', 'allow replacing existing values')
      .option('--all', 'every resource of the type in the namespace')
      .option('-l, --selector <selector>', 'label selector')
      .action(run(async (ctx, args: string[], flags: MapFlags) => {
        await updateMap(ctx, args, flags, field, past);
      }));
  }
}

/** parseMapChanges reads `k=v` and `k-` arguments into a merge-patch map (null deletes). */
export function parseMapChanges(changes: string[]): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const c of changes) {
    if (c.endsWith('-') && !c.includes('=')) patch[c.slice(0, -1)] = null;
    else if (c.includes('=')) patch[c.slice(0, c.indexOf('='))] = c.slice(c.indexOf('=') + 1);
    else throw new UsageError(`invalid label or annotation spec "${c}": use key=value to set or key- to remove`);
  }
  return patch;
}

async function updateMap(ctx: CliContext, args: string[], flags: MapFlags, field: 'labels' | 'annotations', past: string): Promise<void> {
  const firstChange = args.findIndex((a) => a.includes('=') || (a.endsWith('-') && !a.includes('/')));
  if (firstChange < 0) throw new UsageError('at least one label update is required');
  const changes = parseMapChanges(args.slice(firstChange));
  for (const target of parseTargets(args.slice(0, firstChange))) {
    const rc = ctx.client.resource<KubeObject>(target.info);
    const ns = target.info.namespaced ? ctx.namespace : undefined;
    const objects = target.names.length > 0
      ? await Promise.all(target.names.map((n) => rc.get(ns, n)))
      : flags.all || flags.selector ? (await rc.list(ns, { labelSelector: flags.selector })).items : [];
    if (objects.length === 0) throw new UsageError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    for (const obj of objects) {
      const current = obj.metadata[field] ?? {};
      for (const [k, v] of Object.entries(changes)) {
        if (v !== null && current[k] !== undefined && current[k] !== v && !flags.overwrite) {
          throw new UsageError(`'${k}' already has a value (${current[k]}), and --overwrite is false`);
        }
      }
      const unchanged = Object.entries(changes).every(([k, v]) => (v === null ? current[k] === undefined : current[k] === v));
      if (!unchanged) await rc.patch(ns, obj.metadata.name!, 'merge', { metadata: { [field]: changes } });
      ctx.io.out.write(`${kindRef(target.info, obj.metadata.name!)} ${unchanged ? 'not ' + past : past}\n`);
    }
  }
}

import type { Command } from 'commander';
import { isNotFound, StatusError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import type { CliContext } from '../cli-context.ts';
import type { DeleteOptions } from '../../client/types.ts';
import { readManifests } from '../manifests.ts';
import { resolveManifestObject } from '../object-ref.ts';
import { UsageError } from '../resource-resolver.ts';
import { ExitError, type Runner } from '../runner.ts';
import { parseTargets } from '../targets.ts';
import { waitUntilGone } from '../wait-gone.ts';
import { durationFlag } from '../duration.ts';

interface DeleteFlags {
  filename: string[];
  recursive?: boolean;
  selector?: string;
  all?: boolean;
  gracePeriod?: string;
  force?: boolean;
  cascade?: string;
  wait?: boolean;
  ignoreNotFound?: boolean;
  allNamespaces?: boolean;
  timeout?: string;
}

interface Victim {
  info: ResourceInfo;
  namespace?: string;
  name: string;
}

/** registerDelete adds `delete`. */
export function registerDelete(program: Command, run: Runner): void {
  program
    .command('delete')
    .description('Delete resources by file names, stdin, resources and names, or by label selector')
    .argument('[args...]', 'TYPE NAME... | TYPE/NAME...')
    .option('-f, --filename <file>', 'files, directories or - for stdin', (v: string, p: string[]) => [...p, v], [])
    .option('-R, --recursive', 'process directories recursively')
    .option('-l, --selector <selector>', 'label selector')
    .option('--all', 'delete all resources of the type in the namespace')
    .option('-A, --all-namespaces', 'with --all or -l: across all namespaces')
    .option('--grace-period <seconds>', 'seconds given to the resource to terminate gracefully')
    .option('--force', 'immediate deletion (grace period 0)')
    .option('--cascade <mode>', 'background|foreground|orphan', 'background')
    .option('--wait [bool]', 'wait for resources to be gone before returning (--wait=false returns at once)', waitFlag, true)
    .option('--no-wait', 'same as --wait=false')
    .option('--ignore-not-found', 'treat "resource not found" as success')
    .option('--timeout <duration>', 'how long to wait for deletion', '0')
    .action(run(async (ctx, args: string[], flags: DeleteFlags) => {
      await deleteCommand(ctx, args, flags);
    }));
}

async function deleteCommand(ctx: CliContext, args: string[], flags: DeleteFlags): Promise<void> {
  const victims = await collectVictims(ctx, args, flags);
  const options = deleteOptions(flags);
  let failed = 0;
  const deleted: Victim[] = [];
  for (const v of victims) {
    try {
      await ctx.client.resource(v.info).delete(v.namespace, v.name, options);
      deleted.push(v);
      ctx.io.out.write(`${v.info.singular}${v.info.group ? '.' + v.info.group : ''} "${v.name}" deleted\n`);
    } catch (err) {
      if (isNotFound(err) && flags.ignoreNotFound) continue;
      if (!(err instanceof StatusError)) throw err;
      failed++;
      ctx.io.err.write(`Error from server (${err.status.reason}): ${err.status.message}\n`);
    }
  }
  if (flags.wait !== false) {
    const timeoutMs = flags.timeout && flags.timeout !== '0' ? durationFlag(flags.timeout) : undefined;
    await Promise.all(deleted.map((v) => waitUntilGone(ctx, v.info, v.namespace, v.name, timeoutMs)));
  }
  if (failed > 0) throw new ExitError(1);
}

async function collectVictims(ctx: CliContext, args: string[], flags: DeleteFlags): Promise<Victim[]> {
  if (flags.filename.length > 0) {
    return (await readManifests(flags.filename, flags.recursive, ctx.io.stdin)).map(({ object }) => {
      const m = resolveManifestObject(ctx, object);
      return { info: m.info, namespace: m.namespace, name: m.name };
    });
  }
  const targets = parseTargets(args);
  const victims: Victim[] = [];
  for (const t of targets) {
    const namespace = t.info.namespaced ? ctx.namespace : undefined;
    if (t.names.length > 0) {
      victims.push(...t.names.map((name) => ({ info: t.info, namespace, name })));
      continue;
    }
    if (!flags.all && !flags.selector) throw new UsageError('resource(s) were provided, but no name was specified');
    const list = await ctx.client.resource<KubeObject>(t.info).list(flags.allNamespaces ? undefined : namespace, { labelSelector: flags.selector });
    if (list.items.length === 0) ctx.io.err.write(`No resources found${namespace && !flags.allNamespaces ? ` in ${namespace} namespace` : ''}\n`);
    victims.push(...list.items.map((o) => ({ info: t.info, namespace: o.metadata.namespace, name: o.metadata.name ?? '' })));
  }
  return victims;
}

function deleteOptions(flags: DeleteFlags): DeleteOptions {
  const cascade: Record<string, DeleteOptions['propagationPolicy']> = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan', true: 'Background', false: 'Orphan' };
  const propagationPolicy = cascade[flags.cascade ?? 'background'];
  if (!propagationPolicy) throw new UsageError(`invalid cascade value (${flags.cascade}). Must be "background", "foreground", or "orphan".`);
  const grace = flags.force ? 0 : flags.gracePeriod !== undefined ? Number(flags.gracePeriod) : undefined;
  if (flags.force) process.stderr.write('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  return { propagationPolicy, ...(grace !== undefined && grace >= 0 ? { gracePeriodSeconds: grace } : {}) };
}

/** waitFlag reads kubectl's --wait value: bare --wait or true/false. */
function waitFlag(v: string | undefined): boolean {
  if (v === undefined || v === 'true') return true;
  if (v === 'false') return false;
  throw new UsageError(`invalid argument "${v}" for "--wait" flag: use true or false`);
}

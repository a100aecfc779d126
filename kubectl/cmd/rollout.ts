import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import { deepEqual } from '../../api/patch/json.ts';
import type { CliContext } from '../cli-context.ts';
import { kindRef } from '../object-ref.ts';
import { alignColumns } from '../printers/table-printer.ts';
import { UsageError } from '../resource-resolver.ts';
import { changeCauseAnnotation, deploymentRevisions, templateForRollback } from '../rollout/history.ts';
import { rolloutState } from '../rollout/status-message.ts';
import { ExitError, type Runner } from '../runner.ts';
import { namedObjects } from '../targets.ts';
import { durationFlag } from '../duration.ts';

const rollable = new Set(['deployments', 'daemonsets', 'statefulsets']);

/** registerRollout adds `rollout status|history|undo|restart|pause|resume`. */
export function registerRollout(program: Command, run: Runner): void {
  const rollout = program.command('rollout').description('Manage the rollout of a resource');
  rollout
    .command('status')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME')
    .option('-w, --watch <bool>', 'watch until the rollout is done', 'true')
    .option('--timeout <duration>', 'give up after this long (0 = never)', '0')
    .action(run(async (ctx, args: string[], opts: { watch: string; timeout: string }) => {
      for (const t of targets(args)) await rolloutStatus(ctx, t.info, t.name, opts.watch !== 'false', parseTimeout(opts.timeout));
    }));
  rollout
    .command('history')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME')
    .option('--revision <n>', 'show the pod template of one revision')
    .action(run(async (ctx, args: string[], opts: { revision?: string }) => {
      for (const t of targets(args)) await history(ctx, t.info, t.name, opts.revision);
    }));
  rollout
    .command('undo')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME')
    .option('--to-revision <n>', 'revision to roll back to (0 = previous)', '0')
    .action(run(async (ctx, args: string[], opts: { toRevision: string }) => {
      for (const t of targets(args)) await undo(ctx, t.info, t.name, Number(opts.toRevision));
    }));
  for (const [verb, past, patch] of [
    ['restart', 'restarted', () => ({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString().replace(/\.\d+Z$/, 'Z') } } } } })],
    ['pause', 'paused', () => ({ spec: { paused: true } })],
    ['resume', 'resumed', () => ({ spec: { paused: null } })],
  ] as const) {
    rollout
      .command(verb)
      .argument('<args...>', 'TYPE NAME | TYPE/NAME')
      .action(run(async (ctx, args: string[]) => {
        for (const t of targets(args)) {
          if (verb !== 'restart' && t.info.resource !== 'deployments') throw new UsageError(`${t.info.resource} do not support ${verb}`);
          await ctx.client.resource(t.info).patch(ctx.namespace, t.name, 'strategic', patch());
          ctx.io.out.write(`${kindRef(t.info, t.name)} ${past}\n`);
        }
      }));
  }
}

function targets(args: string[]) {
  const found = namedObjects(args);
  for (const t of found) if (!rollable.has(t.info.resource)) throw new UsageError(`no rollout support for ${t.info.resource}: use deployments, daemonsets or statefulsets`);
  return found;
}

function parseTimeout(value: string): number | undefined {
  return value === '0' || value === '0s' ? undefined : durationFlag(value);
}

async function rolloutStatus(ctx: CliContext, info: ResourceInfo, name: string, watch: boolean, timeoutMs?: number): Promise<void> {
  const rc = ctx.client.resource<KubeObject>(info);
  const signal = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
  let last = '';
  const show = (obj: KubeObject): boolean => {
    const state = rolloutState(info.kind, obj as Parameters<typeof rolloutState>[1]);
    if (state.error) throw new ExitError(1, `error: ${state.error}`);
    if (state.message && state.message !== last) ctx.io.out.write(state.message + '\n');
    last = state.message;
    return state.done;
  };
  while (!signal?.aborted) {
    const list = await rc.list(ctx.namespace, { fieldSelector: `metadata.name=${name}` });
    const obj = list.items[0];
    if (!obj) throw new UsageError(`${info.resource} "${name}" not found`);
    if (show(obj) || !watch) return;
    try {
      for await (const ev of rc.watch(ctx.namespace, { fieldSelector: `metadata.name=${name}`, resourceVersion: list.metadata.resourceVersion, signal })) {
        if (ev.type === 'DELETED') throw new UsageError(`object has been deleted`);
        if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && show(ev.object)) return;
      }
    } catch (err) {
      if (signal?.aborted) break;
      if ((err as { status?: { code?: number } })?.status?.code !== 410) throw err;
    }
  }
  throw new ExitError(1, 'error: timed out waiting for the condition');
}

async function history(ctx: CliContext, info: ResourceInfo, name: string, revision?: string): Promise<void> {
  if (info.resource !== 'deployments') throw new UsageError('rollout history is supported for deployments');
  const deployment = await ctx.client.resource<KubeObject>(info).get(ctx.namespace, name);
  const revisions = await deploymentRevisions(ctx, deployment);
  if (revision) {
    const r = revisions.find((x) => x.revision === Number(revision));
    if (!r) throw new UsageError(`unable to find the specified revision`);
    ctx.io.out.write(`${kindRef(info, name)} with revision #${revision}\n${JSON.stringify(r.replicaSet.spec?.template, null, 2)}\n`);
    return;
  }
  const rows = revisions.map((r) => [String(r.revision), r.replicaSet.metadata.annotations?.[changeCauseAnnotation] ?? '<none>']);
  ctx.io.out.write(`${kindRef(info, name)} \n${alignColumns([['REVISION', 'CHANGE-CAUSE'], ...rows])}\n\n`);
}

async function undo(ctx: CliContext, info: ResourceInfo, name: string, toRevision: number): Promise<void> {
  if (info.resource !== 'deployments') throw new UsageError('rollout undo is supported for deployments');
  const rc = ctx.client.resource<KubeObject & { spec?: { template?: unknown } }>(info);
  const deployment = await rc.get(ctx.namespace, name);
  const revisions = await deploymentRevisions(ctx, deployment);
  const target = toRevision > 0 ? revisions.find((r) => r.revision === toRevision) : revisions.at(-2);
  if (!target) throw new UsageError(toRevision > 0 ? `unable to find specified revision ${toRevision} in history` : `no rollout history found for deployment "${name}"`);
  const template = templateForRollback(target.replicaSet);
  if (deepEqual(template, deployment.spec?.template)) {
    ctx.io.out.write(`${kindRef(info, name)} skipped rollback (current template already matches revision ${target.revision})\n`);
    return;
  }
  await rc.patch(ctx.namespace, name, 'json', [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'test', path: '/metadata/resourceVersion', value: deployment.metadata.resourceVersion },
  ]);
  ctx.io.out.write(`${kindRef(info, name)} rolled back\n`);
}

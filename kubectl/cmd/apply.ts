import type { Command } from 'commander';
import { isNotFound, StatusError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { createThreeWayMergePatch } from '../../api/patch/strategic-diff.ts';
import type { CliContext } from '../cli-context.ts';
import { readManifests } from '../manifests.ts';
import { checkDryRun, dryRunSuffix, kindRef, resolveManifestObject, type ManifestObject } from '../object-ref.ts';
import { printJson, printYaml } from '../printers/object-printer.ts';
import { ExitError, type Runner } from '../runner.ts';

/** lastAppliedAnnotation holds the manifest as last applied, for client-side three-way merges. */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

interface ApplyOptions {
  filename: string[];
  recursive?: boolean;
  serverSide?: boolean;
  forceConflicts?: boolean;
  fieldManager?: string;
  dryRun?: string;
  output?: string;
}

/** registerApply adds `apply`. */
export function registerApply(program: Command, run: Runner): void {
  program
    .command('apply')
    .description('Apply a configuration to a resource by file name or stdin')
    .option('-f, --filename <file>', 'files, directories or - for stdin', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .option('--server-side', 'apply on the server (server-side apply)')
    .option('--force-conflicts', 'with --server-side: take ownership of conflicting fields')
    .option('--field-manager <name>', 'name of the field manager', 'kubectl-client-side-apply')
    .option('--dry-run <mode>', 'none|client|server')
    .option('-o, --output <format>', 'name|yaml|json')
    .action(run(async (ctx, opts: ApplyOptions) => {
      await applyAll(ctx, opts);
    }));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** applyAll applies every manifest object, reporting each; any failure makes the exit code 1. */
export async function applyAll(ctx: CliContext, opts: ApplyOptions): Promise<void> {
  const dryRun = checkDryRun(opts.dryRun);
  let failed = 0;
  for (const { object } of await readManifests(opts.filename, opts.recursive, ctx.io.stdin)) {
    try {
      const target = resolveManifestObject(ctx, object);
      const { verb, result } = opts.serverSide ? await serverSideApply(ctx, target, opts, dryRun) : await clientSideApply(ctx, target, dryRun);
      report(ctx, target, verb + dryRunSuffix(dryRun), result, opts.output);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      failed++;
      ctx.io.err.write(`Error from server (${err.status.reason}): ${err.status.message}\n`);
    }
  }
  if (failed > 0) throw new ExitError(1);
}

function report(ctx: CliContext, target: ManifestObject, verb: string, result: KubeObject, output?: string): void {
  if (output === 'yaml') ctx.io.out.write(printYaml(result));
  else if (output === 'json') ctx.io.out.write(printJson(result));
  else if (output === 'name') ctx.io.out.write(`${kindRef(target.info, target.name)}\n`);
  else ctx.io.out.write(`${kindRef(target.info, target.name)} ${verb}\n`);
}

/** withLastApplied returns the manifest carrying its own JSON in the last-applied annotation. */
export function withLastApplied(object: KubeObject): KubeObject {
  const clean = structuredClone(object);
  // kubectl records the manifest with an annotations map present (empty when it had none).
  clean.metadata.annotations = { ...clean.metadata.annotations };
  delete clean.metadata.annotations[lastAppliedAnnotation];
  const annotated = structuredClone(clean);
  annotated.metadata.annotations = { ...annotated.metadata.annotations, [lastAppliedAnnotation]: JSON.stringify(clean) + '\n' };
  return annotated;
}

async function clientSideApply(ctx: CliContext, target: ManifestObject, dryRun?: string): Promise<{ verb: string; result: KubeObject }> {
  const rc = ctx.client.resource<KubeObject>(target.info);
  const modified = withLastApplied(target.object);
  let live: KubeObject;
  try {
    live = await rc.get(target.namespace, target.name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    if (dryRun === 'client') return { verb: 'created', result: modified };
    return { verb: 'created', result: await rc.create(target.namespace, modified, { dryRun: dryRun === 'server', fieldManager: 'kubectl-client-side-apply' }) };
  }
  const lastText = live.metadata.annotations?.[lastAppliedAnnotation];
  const lastApplied = lastText ? JSON.parse(lastText) : undefined;
  const patch = createThreeWayMergePatch(target.info.kind, lastApplied, modified, live);
  if (Object.keys(patch).length === 0) return { verb: 'unchanged', result: live };
  if (dryRun === 'client') return { verb: 'configured', result: live };
  const result = await rc.patch(target.namespace, target.name, 'strategic', patch, { dryRun: dryRun === 'server', fieldManager: 'kubectl-client-side-apply' });
  return { verb: 'configured', result };
}

async function serverSideApply(ctx: CliContext, target: ManifestObject, opts: ApplyOptions, dryRun?: string): Promise<{ verb: string; result: KubeObject }> {
  const rc = ctx.client.resource<KubeObject>(target.info);
  const manager = opts.fieldManager && opts.fieldManager !== 'kubectl-client-side-apply' ? opts.fieldManager : 'kubectl';
  if (dryRun === 'client') return { verb: 'serverside-applied', result: target.object };
  const result = await rc.patch(target.namespace, target.name, 'apply', target.object, { fieldManager: manager, force: opts.forceConflicts, dryRun: dryRun === 'server' });
  return { verb: 'serverside-applied', result };
}

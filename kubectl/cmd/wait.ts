import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import type { CliContext } from '../cli-context.ts';
import { kindRef } from '../object-ref.ts';
import { ExitError, type Runner } from '../runner.ts';
import { parseTargets } from '../targets.ts';
import { parseWaitFor, type WaitFor } from '../wait-condition.ts';
import { waitUntilGone } from '../wait-gone.ts';
import { durationFlag } from '../duration.ts';

/** registerWait adds `wait --for=… TYPE/NAME | TYPE -l sel | TYPE --all`. */
export function registerWait(program: Command, run: Runner): void {
  program
    .command('wait')
    .description('Wait for a specific condition on one or many resources')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME | TYPE -l selector')
    .requiredOption('--for <condition>', 'delete | condition=NAME[=VALUE] | jsonpath={PATH}=VALUE')
    .option('--timeout <duration>', 'how long to wait', '30s')
    .option('-l, --selector <selector>', 'label selector')
    .option('--all', 'every resource of the type')
    .action(run(async (ctx, args: string[], opts: { for: string; timeout: string; selector?: string; all?: boolean }) => {
      const forSpec = parseWaitFor(opts.for);
      const deadline = Date.now() + durationFlag(opts.timeout);
      for (const target of parseTargets(args)) {
        const ns = target.info.namespaced ? ctx.namespace : undefined;
        const names = target.names.length > 0 ? target.names : (await ctx.client.resource<KubeObject>(target.info).list(ns, { labelSelector: opts.selector })).items.map((o) => o.metadata.name!);
        if (names.length === 0) throw new ExitError(1, 'error: no matching resources found');
        await Promise.all(names.map((name) => waitOne(ctx, target.info, ns, name, forSpec, deadline)));
      }
    }));
}

async function waitOne(ctx: CliContext, info: ResourceInfo, ns: string | undefined, name: string, forSpec: WaitFor, deadline: number): Promise<void> {
  const remaining = Math.max(1, deadline - Date.now());
  try {
    if (forSpec.kind === 'delete') await waitUntilGone(ctx, info, ns, name, remaining);
    else await waitForTest(ctx, info, ns, name, forSpec.test, remaining);
  } catch (err) {
    if (err instanceof ExitError) throw err;
    if ((err as Error).name === 'UsageError') throw new ExitError(1, `error: timed out waiting for the condition on ${info.resource}/${name}`);
    throw err;
  }
  ctx.io.out.write(`${kindRef(info, name)} condition met\n`);
}

async function waitForTest(ctx: CliContext, info: ResourceInfo, ns: string | undefined, name: string, test: (o: KubeObject) => boolean, timeoutMs: number): Promise<void> {
  const rc = ctx.client.resource<KubeObject>(info);
  const signal = AbortSignal.timeout(timeoutMs);
  while (!signal.aborted) {
    const list = await rc.list(ns, { fieldSelector: `metadata.name=${name}` });
    if (list.items[0] && test(list.items[0])) return;
    try {
      for await (const ev of rc.watch(ns, { fieldSelector: `metadata.name=${name}`, resourceVersion: list.metadata.resourceVersion, signal })) {
        if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && test(ev.object)) return;
      }
    } catch (err) {
      if (signal.aborted) break;
      if ((err as { status?: { code?: number } })?.status?.code !== 410) throw err;
    }
  }
  throw new ExitError(1, `error: timed out waiting for the condition on ${info.resource}/${name}`);
}

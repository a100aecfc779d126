import type { Command } from 'commander';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { resourcePath } from '../paths.ts';
import { containerFor, podFor, type PodLike } from '../pod-for.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { durationFlag } from '../duration.ts';

interface LogsFlags {
  container?: string;
  follow?: boolean;
  tail?: string;
  since?: string;
  previous?: boolean;
  timestamps?: boolean;
  selector?: string;
  prefix?: boolean;
  allContainers?: boolean;
}

/** registerLogs adds `logs POD|TYPE/NAME [CONTAINER]` and `logs -l selector`. */
export function registerLogs(program: Command, run: Runner): void {
  program
    .command('logs')
    .description('Print the logs for a container in a pod')
    .argument('[target]', 'POD | TYPE/NAME')
    .argument('[container]', 'container name')
    .option('-c, --container <name>', 'container name')
    .option('-f, --follow', 'stream new lines')
    .option('--tail <lines>', 'lines of recent log to show (-1 = all)', '-1')
    .option('--since <duration>', 'only newer than a relative duration like 5s, 2m, 3h')
    .option('-p, --previous', 'the previous terminated container instance')
    .option('--timestamps', 'prefix each line with its timestamp')
    .option('-l, --selector <selector>', 'label selector (several pods)')
    .option('--prefix', 'prefix each line with [pod/name/container]')
    .option('--all-containers', 'every container of the pod')
    .action(run(async (ctx, target: string | undefined, container: string | undefined, flags: LogsFlags) => {
      await logs(ctx, target, flags.container ?? container, flags);
    }));
}

async function logs(ctx: CliContext, target: string | undefined, container: string | undefined, flags: LogsFlags): Promise<void> {
  let pods: PodLike[];
  if (flags.selector) {
    pods = (await ctx.client.resource<PodLike>(Resources.pods).list(ctx.namespace, { labelSelector: flags.selector })).items;
    if (pods.length === 0) throw new UsageError(`no resources found in ${ctx.namespace} namespace`);
    if (flags.tail === '-1') flags.tail = '10'; // kubectl shows the last 10 lines per pod with -l
  } else if (target) pods = [await podFor(ctx, target)];
  else throw new UsageError('expected POD or TYPE/NAME, or -l selector');
  const streams = pods.flatMap((pod) => {
    const names = flags.allContainers ? (pod.spec?.containers ?? []).map((c) => c.name) : [containerFor(ctx, pod, container)];
    return names.map((c) => streamLogs(ctx, pod, c, flags, flags.prefix || pods.length > 1 ? `[pod/${pod.metadata.name}/${c}] ` : ''));
  });
  await Promise.all(streams);
}

async function streamLogs(ctx: CliContext, pod: KubeObject, container: string, flags: LogsFlags, prefix: string): Promise<void> {
  const query: Record<string, string> = { container };
  if (flags.follow) query.follow = 'true';
  if (flags.tail && flags.tail !== '-1') query.tailLines = flags.tail;
  if (flags.since) query.sinceSeconds = String(Math.ceil(durationFlag(flags.since) / 1000));
  if (flags.previous) query.previous = 'true';
  if (flags.timestamps) query.timestamps = 'true';
  const path = resourcePath(Resources.pods, pod.metadata.namespace, pod.metadata.name, 'log');
  const body = await ctx.client.stream(path, { query });
  let partial = '';
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    if (!prefix) {
      ctx.io.out.write(chunk);
      continue;
    }
    const lines = (partial + decoder.decode(chunk, { stream: true })).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) ctx.io.out.write(`${prefix}${line}\n`);
  }
  if (partial) ctx.io.out.write(`${prefix}${partial}\n`);
}

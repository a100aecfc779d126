import type { Command } from 'commander';
import type { KubeObject, LabelSelector } from '../../api/meta/v1/object-meta.ts';
import type { CliContext } from '../cli-context.ts';
import { UsageError } from '../resource-resolver.ts';
import type { Runner } from '../runner.ts';
import { namedObjects } from '../targets.ts';
import { createObjects } from './create.ts';

interface ExposeFlags {
  port?: string;
  targetPort?: string;
  type?: string;
  name?: string;
  protocol: string;
  selector?: string;
  dryRun?: string;
  output?: string;
}

type Exposable = KubeObject & {
  spec?: { selector?: LabelSelector | Record<string, string>; ports?: Array<{ port: number; protocol?: string; name?: string; targetPort?: unknown }>; template?: { spec?: { containers?: Array<{ ports?: Array<{ containerPort: number }> }> } }; containers?: Array<{ ports?: Array<{ containerPort: number }> }> };
};

/** registerExpose adds `expose TYPE NAME --port`: a Service selecting what the resource selects. */
export function registerExpose(program: Command, run: Runner): void {
  program
    .command('expose')
    .description('Take a replication controller, service, deployment or pod and expose it as a new Service')
    .argument('<args...>', 'TYPE NAME | TYPE/NAME')
    .option('--port <port>', 'the port the service serves on')
    .option('--target-port <port>', 'name or number of the port on the pods')
    .option('--type <type>', 'ClusterIP, NodePort, LoadBalancer or ExternalName', 'ClusterIP')
    .option('--name <name>', 'name of the new service (default: the resource\'s)')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP', 'TCP')
    .option('--selector <selector>', 'label selector to use instead of the resource\'s')
    .option('--dry-run <mode>', 'none|client|server')
    .option('-o, --output <format>', 'name|yaml|json')
    .action(run(async (ctx, args: string[], flags: ExposeFlags) => {
      for (const { info, name } of namedObjects(args)) {
        const source = await ctx.client.resource<Exposable>(info).get(ctx.namespace, name);
        await exposeOne(ctx, source, flags);
      }
    }));
}

async function exposeOne(ctx: CliContext, source: Exposable, flags: ExposeFlags): Promise<void> {
  const selector = flags.selector ? parseSelector(flags.selector) : selectorOf(source);
  if (!selector || Object.keys(selector).length === 0) {
    throw new UsageError(`couldn't retrieve selectors via --selector flag or introspection: the ${source.kind ?? 'resource'} has no selector`);
  }
  const port = flags.port ?? String(firstPort(source) ?? '');
  if (!port) throw new UsageError(`couldn't find port via --port flag or introspection`);
  const name = flags.name ?? source.metadata.name!;
  const target = flags.targetPort === undefined ? Number(port) : /^\d+$/.test(flags.targetPort) ? Number(flags.targetPort) : flags.targetPort;
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: source.metadata.labels },
    spec: { type: flags.type, selector, ports: [{ port: Number(port), protocol: flags.protocol, targetPort: target }] },
  } as KubeObject;
  await createObjects(ctx, [service], flags, 'exposed');
}

function parseSelector(s: string): Record<string, string> {
  return Object.fromEntries(s.split(',').map((kv) => kv.split('=', 2) as [string, string]));
}

/** selectorOf is what a Service for this resource selects: a Pod's labels, a workload's matchLabels, a Service's selector. */
function selectorOf(obj: Exposable): Record<string, string> | undefined {
  if (obj.kind === 'Pod') return obj.metadata.labels;
  const sel = obj.spec?.selector;
  if (!sel) return undefined;
  if ('matchExpressions' in sel && (sel as LabelSelector).matchExpressions?.length) {
    throw new UsageError('cannot expose a resource whose selector uses matchExpressions; pass --selector');
  }
  return 'matchLabels' in sel ? (sel as LabelSelector).matchLabels : (sel as Record<string, string>);
}

function firstPort(obj: Exposable): number | undefined {
  if (obj.kind === 'Service') return obj.spec?.ports?.[0]?.port;
  const containers = obj.spec?.containers ?? obj.spec?.template?.spec?.containers ?? [];
  return containers.flatMap((c) => c.ports ?? [])[0]?.containerPort;
}

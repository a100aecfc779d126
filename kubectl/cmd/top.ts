/**
 * registerTop adds `top node|pod`, kubectl's view of the resource metrics API
 * (metrics.k8s.io/v1beta1): CPU in millicores and memory in Mi, nodes also as a share of their
 * allocatable, sorted and filtered as kubectl does. The rows are built by top-rows.ts.
 */
import type { Command } from 'commander';
import { StatusError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import type { CliContext } from '../cli-context.ts';
import { alignColumns } from '../printers/table-printer.ts';
import { ExitError, type Runner } from '../runner.ts';
import { UsageError } from '../resource-resolver.ts';
import { nodeRows, podRows, type NodeMetrics, type PodMetrics, type SortBy, type TopNode } from './top-rows.ts';

const METRICS = '/apis/metrics.k8s.io/v1beta1';

interface TopOptions {
  selector?: string;
  fieldSelector?: string;
  sortBy?: string;
  /** headers is false with --no-headers (commander's negated option). */
  headers?: boolean;
  allNamespaces?: boolean;
  containers?: boolean;
  sum?: boolean;
}

/** registerTop adds `top node` and `top pod`. */
export function registerTop(program: Command, run: Runner): void {
  const top = program.command('top').description('Display resource (CPU/memory) usage of nodes or pods (the metrics API)');
  top
    .command('node')
    .alias('nodes')
    .alias('no')
    .description('Display resource (CPU/memory) usage of nodes')
    .argument('[name]', 'one node')
    .option('-l, --selector <selector>', 'label selector')
    .option('--sort-by <field>', 'cpu or memory')
    .option('--no-headers', 'print no header row')
    .action(run(async (ctx, name: string | undefined, opts: TopOptions) => topNodes(ctx, name, opts)));
  top
    .command('pod')
    .alias('pods')
    .alias('po')
    .description('Display resource (CPU/memory) usage of pods')
    .argument('[name]', 'one pod')
    .option('-l, --selector <selector>', 'label selector')
    .option('--field-selector <selector>', 'field selector')
    .option('-A, --all-namespaces', 'across all namespaces')
    .option('--containers', 'one row per container')
    .option('--sort-by <field>', 'cpu or memory')
    .option('--sum', 'print the sum of the usage')
    .option('--no-headers', 'print no header row')
    .action(run(async (ctx, name: string | undefined, opts: TopOptions) => topPods(ctx, name, opts)));
}

function sortByOf(opts: TopOptions): SortBy | undefined {
  if (opts.sortBy === undefined) return undefined;
  if (opts.sortBy !== 'cpu' && opts.sortBy !== 'memory') throw new UsageError(`--sort-by accepts only cpu or memory, not ${JSON.stringify(opts.sortBy)}`);
  return opts.sortBy;
}

/** ensureMetricsApi fails as kubectl does when the server does not list metrics.k8s.io. */
async function ensureMetricsApi(ctx: CliContext): Promise<void> {
  const { body } = await ctx.client.request('GET', '/apis');
  const groups = (body as { groups?: Array<{ name: string }> }).groups ?? [];
  if (!groups.some((g) => g.name === 'metrics.k8s.io')) throw new ExitError(1, 'error: Metrics API not available');
}

async function getJson<T>(ctx: CliContext, path: string, query: Record<string, string>): Promise<T> {
  return (await ctx.client.request('GET', path, { query })).body as T;
}

function selectors(opts: TopOptions): Record<string, string> {
  return { ...(opts.selector ? { labelSelector: opts.selector } : {}), ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}) };
}

function print(ctx: CliContext, rows: string[][], noHeaders: boolean): void {
  ctx.io.out.write(`${alignColumns(noHeaders ? rows.slice(1) : rows)}\n`);
}

async function topNodes(ctx: CliContext, name: string | undefined, opts: TopOptions): Promise<void> {
  const sortBy = sortByOf(opts);
  await ensureMetricsApi(ctx);
  const nodesApi = ctx.client.resource<TopNode>(Resources.nodes);
  const nodes = name ? [await nodesApi.get(undefined, name)] : (await nodesApi.list(undefined, { labelSelector: opts.selector })).items;
  const metrics = name
    ? [await getJson<NodeMetrics>(ctx, `${METRICS}/nodes/${encodeURIComponent(name)}`, {})]
    : (await getJson<{ items: NodeMetrics[] }>(ctx, `${METRICS}/nodes`, selectors(opts))).items;
  if (nodes.length === 0) {
    ctx.io.err.write('No resources found\n');
    return;
  }
  if (metrics.length === 0) throw new ExitError(1, 'error: metrics not available yet');
  print(ctx, nodeRows(nodes, metrics, sortBy), opts.headers === false);
}

async function topPods(ctx: CliContext, name: string | undefined, opts: TopOptions): Promise<void> {
  const sortBy = sortByOf(opts);
  if (name && opts.allNamespaces) throw new UsageError('a pod name cannot be given with --all-namespaces');
  await ensureMetricsApi(ctx);
  const base = opts.allNamespaces ? METRICS : `${METRICS}/namespaces/${encodeURIComponent(ctx.namespace)}`;
  let metrics: PodMetrics[];
  try {
    metrics = name ? [await getJson<PodMetrics>(ctx, `${base}/pods/${encodeURIComponent(name)}`, {})] : (await getJson<{ items: PodMetrics[] }>(ctx, `${base}/pods`, selectors(opts))).items;
  } catch (err) {
    // A pod without metrics (not running, or just started) is a NotFound of its PodMetrics.
    if (name && err instanceof StatusError && err.status.code === 404) await ctx.client.resource<KubeObject>(Resources.pods).get(ctx.namespace, name);
    throw err;
  }
  if (metrics.length === 0) {
    const pods = await ctx.client.resource<KubeObject>(Resources.pods).list(opts.allNamespaces ? undefined : ctx.namespace, { labelSelector: opts.selector, fieldSelector: opts.fieldSelector, limit: 1 });
    if (pods.items.length > 0) throw new ExitError(1, 'error: metrics not available yet');
    ctx.io.err.write(opts.allNamespaces ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
    return;
  }
  print(ctx, podRows(metrics, { allNamespaces: opts.allNamespaces, containers: opts.containers, sortBy, sum: opts.sum }), opts.headers === false);
}

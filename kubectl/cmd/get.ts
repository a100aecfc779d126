import type { Command } from 'commander';
import type { KubeList, KubeObject } from '../../api/meta/v1/object-meta.ts';
import { apiVersionOf, type ResourceInfo } from '../../api/resource-info.ts';
import type { CliContext } from '../cli-context.ts';
import { resourcePath, tableAccept } from '../paths.ts';
import { printCustomColumns } from '../printers/custom-columns.ts';
import { evaluate, renderJsonPath } from '../printers/jsonpath.ts';
import { asListOrSingle, hideManagedFields, printJson, printNames, printYaml } from '../printers/object-printer.ts';
import { alignColumns, isTable, printTable, tableLines, type Table } from '../printers/table-printer.ts';
import { UsageError } from '../resource-resolver.ts';
import { parseTargets, type Target } from '../targets.ts';
import type { Runner } from '../runner.ts';

/** GetOptions are kubectl get's flags. */
export interface GetOptions {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  watch?: boolean;
  watchOnly?: boolean;
  showLabels?: boolean;
  sortBy?: string;
  noHeaders?: boolean;
  showManagedFields?: boolean;
}

/** registerGet adds `get`. */
export function registerGet(program: Command, run: Runner): void {
  program
    .command('get')
    .description('Display one or many resources')
    .argument('[args...]', 'TYPE[.VERSION][.GROUP] [NAME ...] | TYPE/NAME ...')
    .option('-o, --output <format>', 'wide|yaml|json|name|jsonpath=…|custom-columns=…')
    .option('-l, --selector <selector>', 'label selector')
    .option('--field-selector <selector>', 'field selector')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-w, --watch', 'watch for changes after listing')
    .option('--watch-only', 'watch for changes without listing first')
    .option('--show-labels', 'show labels as the last column')
    .option('--sort-by <jsonpath>', 'sort by a JSONPath expression')
    .option('--no-headers', 'omit headers')
    .option('--show-managed-fields', 'keep metadata.managedFields in yaml/json output')
    .action(run(async (ctx, args: string[], opts: GetOptions & { headers?: boolean }) => {
      await get(ctx, parseTargets(args), { ...opts, noHeaders: opts.headers === false });
    }));
}

/** get prints the targets in the requested format, then watches if asked. */
export async function get(ctx: CliContext, targets: Target[], opts: GetOptions): Promise<void> {
  const format = opts.output ?? '';
  const namespace = opts.allNamespaces ? undefined : ctx.namespace;
  const tabular = format === '' || format === 'wide';
  let printedAny = false;
  if (!opts.watchOnly) {
    for (const [i, target] of targets.entries()) {
      const text = tabular
        ? await tableText(ctx, target, namespace, opts, targets.length > 1)
        : formatObjects(target, await fetchObjects(ctx, target, namespace, opts), format, opts);
      if (text) {
        ctx.io.out.write((printedAny && tabular && i > 0 ? '\n' : '') + text);
        printedAny = true;
      }
    }
    if (!printedAny && tabular) {
      ctx.io.err.write(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
    }
  }
  if (opts.watch || opts.watchOnly) {
    if (targets.length !== 1) throw new UsageError('you may only specify a single resource type with --watch');
    await watchTarget(ctx, targets[0], namespace, opts);
  }
}

async function fetchTable(ctx: CliContext, target: Target, namespace: string | undefined, opts: GetOptions): Promise<Table> {
  const query = listQuery(opts, { includeObject: 'Object' });
  if (target.names.length === 0) {
    const { body } = await ctx.client.request('GET', resourcePath(target.info, namespace), { query, accept: tableAccept });
    return asTable(target.info, body);
  }
  const tables = await Promise.all(target.names.map(async (name) => {
    const { body } = await ctx.client.request('GET', resourcePath(target.info, namespace ?? ctx.namespace, name), { query: { includeObject: 'Object' }, accept: tableAccept });
    return asTable(target.info, body);
  }));
  return { ...tables[0], rows: tables.flatMap((t) => t.rows) };
}

async function tableText(ctx: CliContext, target: Target, namespace: string | undefined, opts: GetOptions, several: boolean): Promise<string> {
  const table = await fetchTable(ctx, target, namespace, opts);
  if (opts.sortBy) table.rows.sort((a, b) => compareBy(opts.sortBy!, a.object, b.object));
  return printTable(table, {
    wide: opts.output === 'wide',
    noHeaders: opts.noHeaders,
    showLabels: opts.showLabels,
    withNamespace: opts.allNamespaces && target.info.namespaced,
    kindPrefix: several ? `${target.info.singular}${target.info.group ? '.' + target.info.group : ''}` : undefined,
  });
}

/** asTable accepts a Table, or builds a NAME/AGE one when a server answers with plain JSON. */
function asTable(info: ResourceInfo, body: unknown): Table {
  if (isTable(body)) return body;
  const items = (body as KubeList).items ?? [body as KubeObject];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: [{ name: 'Name', type: 'string' }, { name: 'Created At', type: 'date' }],
    rows: items.map((o) => ({ cells: [o.metadata.name, o.metadata.creationTimestamp], object: { ...o, kind: info.kind } })),
  };
}

async function fetchObjects(ctx: CliContext, target: Target, namespace: string | undefined, opts: GetOptions): Promise<KubeObject[]> {
  const rc = ctx.client.resource<KubeObject>(target.info);
  const items = target.names.length > 0
    ? await Promise.all(target.names.map((n) => rc.get(namespace ?? ctx.namespace, n)))
    : (await rc.list(namespace, { labelSelector: opts.selector, fieldSelector: opts.fieldSelector })).items;
  const typed = items.map((o) => ({ apiVersion: apiVersionOf(target.info), kind: target.info.kind, ...o }));
  if (opts.sortBy) typed.sort((a, b) => compareBy(opts.sortBy!, a, b));
  return typed;
}

function formatObjects(target: Target, all: KubeObject[], format: string, opts: GetOptions): string {
  const objects = opts.showManagedFields ? all : all.map(hideManagedFields);
  const single = target.names.length === 1;
  if (format === 'yaml') return printYaml(asListOrSingle(objects, single));
  if (format === 'json') return printJson(asListOrSingle(objects, single));
  if (format === 'name') return printNames(target.info, objects);
  if (format.startsWith('jsonpath=')) return renderJsonPath(stripQuotes(format.slice(9)), asListOrSingle(objects, single));
  if (format.startsWith('custom-columns=')) return printCustomColumns(format.slice(15), objects, opts.noHeaders);
  throw new UsageError(`unable to match a printer suitable for the output format "${format}", allowed formats are: custom-columns,json,jsonpath,name,wide,yaml`);
}

function stripQuotes(s: string): string {
  return /^'.*'$|^".*"$/.test(s) ? s.slice(1, -1) : s;
}

function listQuery(opts: GetOptions, extra: Record<string, string> = {}): Record<string, string> {
  const query: Record<string, string> = { ...extra };
  if (opts.selector) query.labelSelector = opts.selector;
  if (opts.fieldSelector) query.fieldSelector = opts.fieldSelector;
  return query;
}

function compareBy(path: string, a: unknown, b: unknown): number {
  const expr = path.replace(/^\{(.*)\}$/, '$1');
  const [x, y] = [evaluate(expr, a)[0], evaluate(expr, b)[0]];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x ?? '').localeCompare(String(y ?? ''), undefined, { numeric: true });
}

async function watchTarget(ctx: CliContext, target: Target, namespace: string | undefined, opts: GetOptions): Promise<void> {
  const rc = ctx.client.resource<KubeObject>(target.info);
  const selectors = { labelSelector: opts.selector, fieldSelector: fieldSelectorFor(target, opts) };
  const list = await rc.list(namespace, { ...selectors, limit: 1 });
  const tabular = !opts.output || opts.output === 'wide';
  const printOpts = { wide: opts.output === 'wide', withNamespace: opts.allNamespaces && target.info.namespaced, showLabels: opts.showLabels };
  const lastRow = new Map<string, string[]>();
  // The initial listing already printed the header, unless there was none.
  let headerShown = opts.noHeaders || !opts.watchOnly;
  for await (const event of rc.watch(namespace, { ...selectors, resourceVersion: list.metadata.resourceVersion })) {
    if (event.type === 'BOOKMARK' || event.type === 'ERROR') continue;
    const obj = { apiVersion: apiVersionOf(target.info), kind: target.info.kind, ...event.object };
    if (!tabular) {
      ctx.io.out.write(formatObjects(target, [obj], opts.output!, opts));
      continue;
    }
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    const lines = event.type === 'DELETED' ? undefined : tableLines(await tableForObject(ctx, target, obj), printOpts);
    const row = lines?.[1] ?? lastRow.get(key);
    if (!row) continue;
    if (event.type === 'DELETED') lastRow.delete(key);
    else lastRow.set(key, row);
    ctx.io.out.write(alignColumns(headerShown || !lines ? [row] : [lines[0], row]) + '\n');
    headerShown = true;
  }
}

function fieldSelectorFor(target: Target, opts: GetOptions): string | undefined {
  const byName = target.names.length === 1 ? `metadata.name=${target.names[0]}` : undefined;
  return [opts.fieldSelector, byName].filter(Boolean).join(',') || undefined;
}

/** tableForObject asks the server for the one-row table of obj (plain NAME/AGE if it cannot). */
async function tableForObject(ctx: CliContext, target: Target, obj: KubeObject): Promise<Table> {
  try {
    const path = resourcePath(target.info, obj.metadata.namespace, obj.metadata.name);
    const { body } = await ctx.client.request('GET', path, { query: { includeObject: 'Object' }, accept: tableAccept });
    return asTable(target.info, body);
  } catch {
    return asTable(target.info, obj);
  }
}

import type { KubeObject } from '../../api/meta/v1/object-meta.ts';

/** TableColumn is a meta.k8s.io/v1 TableColumnDefinition. */
export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** TableRow is a meta.k8s.io/v1 TableRow. */
export interface TableRow {
  cells: unknown[];
  object?: KubeObject;
}

/** Table is the server's meta.k8s.io/v1 Table. */
export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata?: { resourceVersion?: string };
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

/** TablePrintOptions are kubectl get's display flags. */
export interface TablePrintOptions {
  wide?: boolean;
  noHeaders?: boolean;
  showLabels?: boolean;
  /** withNamespace adds the NAMESPACE column first (-A). */
  withNamespace?: boolean;
  /** kindPrefix turns NAME cells into `pod/x` (several resource types in one get). */
  kindPrefix?: string;
}

/** isTable tells whether a response body is a Table. */
export function isTable(body: unknown): body is Table {
  return typeof body === 'object' && body !== null && (body as { kind?: string }).kind === 'Table';
}

/** tableLines turns a Table into rows of strings (header first unless noHeaders), before alignment. */
export function tableLines(table: Table, opts: TablePrintOptions = {}): string[][] {
  const visible = table.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => opts.wide || !c.priority);
  const header = [
    ...(opts.withNamespace ? ['NAMESPACE'] : []),
    ...visible.map(({ c }) => c.name.toUpperCase()),
    ...(opts.showLabels ? ['LABELS'] : []),
  ];
  const rows = table.rows.map((row) => [
    ...(opts.withNamespace ? [row.object?.metadata?.namespace ?? ''] : []),
    ...visible.map(({ c, i }) => cellText(row.cells[i], c.name === 'Name' && opts.kindPrefix ? opts.kindPrefix : undefined)),
    ...(opts.showLabels ? [labelsText(row.object)] : []),
  ]);
  return opts.noHeaders ? rows : [header, ...rows];
}

function cellText(cell: unknown, prefix?: string): string {
  const text = cell === null || cell === undefined ? '<none>' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
  return prefix ? `${prefix}/${text}` : text;
}

function labelsText(obj: KubeObject | undefined): string {
  const labels = Object.entries(obj?.metadata?.labels ?? {});
  return labels.length === 0 ? '<none>' : labels.map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * alignColumns lays rows out like kubectl's tabwriter (minwidth 6, padding 3): every column but
 * the last is padded to its widest cell plus three spaces.
 */
export function alignColumns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(Math.max(widths[i] + 3, 6)))).join(''))
    .map((line) => line.trimEnd())
    .join('\n');
}

/** printTable renders a Table as kubectl get prints it; '' when the table has no rows. */
export function printTable(table: Table, opts: TablePrintOptions = {}): string {
  if (table.rows.length === 0) return '';
  return alignColumns(tableLines(table, opts)) + '\n';
}

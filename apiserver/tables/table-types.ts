/** Types of the meta.k8s.io/v1 Table response and of Skiff's per-resource printers. */

/** TableColumnDefinition describes one Table column, as metav1.TableColumnDefinition. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  /** 0 = always shown; 1 = shown by kubectl only with -o wide. */
  priority: number;
}

/** TableRowCondition marks a row, e.g. a completed pod (metav1.TableRowCondition). */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** TableRow is one object's cells plus, as requested, the object or its metadata. */
export interface TableRow {
  cells: unknown[];
  object?: unknown;
  conditions?: TableRowCondition[];
}

/** Table is the meta.k8s.io/v1 Table kubectl asks for with `Accept: ...;as=Table`. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** Json is a loosely typed API object: printers read fields that may be absent at any depth. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** Printer gives the columns of one resource and turns an object into its row cells (always wide). */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: Json, now: Date): unknown[];
  conditions?(obj: Json): TableRowCondition[] | undefined;
}

/** col builds a column definition; priority 1 marks a `-o wide` column. */
export function col(name: string, description: string, opts: { type?: string; priority?: number; format?: string } = {}): TableColumnDefinition {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

/** nameCol is the NAME column every printer starts with. */
export const nameCol = col(
  'Name',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  { format: 'name' },
);

/** ageCol is the AGE column. */
export const ageCol = col(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.',
);

/** wide marks a column definition as `-o wide` only. */
export function wide(c: TableColumnDefinition): TableColumnDefinition {
  return { ...c, priority: 1 };
}

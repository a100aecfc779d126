/** Server-side Table conversion: kubectl's columns per resource, and its AGE formatter. */
export { humanDuration, translateTimestampSince } from '../../api/meta/v1/human-duration.ts';
export { podRowInfo } from './pod-printer.ts';
export { printerFor, tableConverter, toTable, type ToTableOptions } from './to-table.ts';
export type { Table, TableColumnDefinition, TableRow } from './table-types.ts';

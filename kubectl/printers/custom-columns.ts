import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { UsageError } from '../resource-resolver.ts';
import { evaluate } from './jsonpath.ts';
import { alignColumns } from './table-printer.ts';

/**
 * printCustomColumns renders `-o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image`:
 * several values of one column are joined with ',', a missing value prints `<none>`.
 */
export function printCustomColumns(spec: string, objects: KubeObject[], noHeaders = false): string {
  const columns = spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon <= 0) throw new UsageError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    const expr = part.slice(colon + 1).replace(/^\{(.*)\}$/, '$1');
    return { header: part.slice(0, colon), path: expr.startsWith('.') || expr.startsWith('$') ? expr : `.${expr}` };
  });
  const rows = objects.map((o) =>
    columns.map((c) => {
      const values = evaluate(c.path, o);
      return values.length === 0 ? '<none>' : values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
    }),
  );
  return alignColumns(noHeaders ? rows : [columns.map((c) => c.header), ...rows]) + '\n';
}

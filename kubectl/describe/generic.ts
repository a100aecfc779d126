import { stringify } from 'yaml';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { DescribeWriter } from './describe-writer.ts';
import { writeEvents, type EventLike } from './events.ts';
import { writeMeta } from './meta.ts';

/**
 * describeGeneric renders kinds without a dedicated describer (ConfigMap, Secret, Namespace,
 * Lease, …): metadata, then the remaining top-level fields — Secret values only as byte counts,
 * as kubectl does, so describe never prints a secret.
 */
export function describeGeneric(obj: KubeObject & Record<string, unknown>, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  writeMeta(w, obj);
  const rest = Object.entries(obj).filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k));
  let tail = '';
  for (const [key, value] of rest) {
    if (obj.kind === 'Secret' && key === 'data') {
      w.line(0, '');
      w.line(0, 'Data');
      w.line(0, '====');
      for (const [k, v] of Object.entries((value ?? {}) as Record<string, string>)) w.line(0, `${k}:`, `${Buffer.from(v, 'base64').length} bytes`);
      continue;
    }
    if (obj.kind === 'ConfigMap' && (key === 'data' || key === 'binaryData')) {
      tail += `\n${key === 'data' ? 'Data' : 'BinaryData'}\n====\n`;
      for (const [k, v] of Object.entries((value ?? {}) as Record<string, string>)) tail += `${k}:\n----\n${key === 'data' ? v : `${Buffer.from(v, 'base64').length} bytes`}\n\n`;
      continue;
    }
    if (typeof value === 'object' && value !== null) {
      w.line(0, `${key[0].toUpperCase()}${key.slice(1)}:`);
      for (const line of stringify(value, { lineWidth: 0 }).trimEnd().split('\n')) w.line(1, line);
    } else w.line(0, `${key[0].toUpperCase()}${key.slice(1)}:`, String(value));
  }
  const head = w.text();
  const ev = new DescribeWriter();
  writeEvents(ev, events, now);
  return head + tail + ev.text();
}

import { humanDuration } from '../../api/meta/v1/human-duration.ts';
import { alignTabs } from './tabwriter.ts';

/**
 * DescribeWriter collects `Key:<tab>value` lines at indent levels, then aligns them the way
 * kubectl describe's tabwriter does.
 */
export class DescribeWriter {
  #lines: string[] = [];

  /** line writes `key` and `value` at an indent level (two spaces per level). */
  line(level: number, key: string, value?: string | number | boolean): this {
    const indent = '  '.repeat(level);
    this.#lines.push(value === undefined ? `${indent}${key}` : `${indent}${key}\t${value}`);
    return this;
  }

  /** raw writes cells joined by tabs (tables such as Conditions and Events). */
  raw(level: number, cells: string[]): this {
    this.#lines.push('  '.repeat(level) + cells.join('\t'));
    return this;
  }

  /** map writes `Labels:` style maps: one `k=v` per line, `<none>` when empty. */
  map(level: number, key: string, values: Record<string, string> | undefined, skip: string[] = [], separator = '='): this {
    const entries = Object.entries(values ?? {}).filter(([k]) => !skip.includes(k)).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) return this.line(level, key, '<none>');
    entries.forEach(([k, v], i) => this.#lines.push(`${i === 0 ? '  '.repeat(level) + key : ''}\t${k}${separator}${v}`));
    return this;
  }

  /** text returns the aligned output. */
  text(): string {
    return alignTabs(this.#lines.join('\n')) + '\n';
  }
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** describeTime formats a timestamp like kubectl (RFC 1123 with numeric zone, in UTC): `Thu, 24 Aug 2017 20:09:53 +0000`. */
export function describeTime(timestamp: string | null | undefined): string {
  if (!timestamp) return '<unset>';
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return timestamp;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** age is kubectl's relative time of a timestamp (`5m`), `<unknown>` when missing. */
export function age(timestamp: string | null | undefined, now = Date.now()): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now - Date.parse(timestamp));
}

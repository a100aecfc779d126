import { formatQuantity, parseQuantity } from '../../api/quantity.ts';
import { labelSelectorToString } from '../../api/labels/label-selector.ts';
import { selectorFromLabelSelector } from '../../api/labels/label-selector.ts';
import { selectorToString } from '../../api/labels/selector.ts';
import type { Json } from './table-types.ts';

/** formatLabels prints a label map as kubectl's labels.FormatLabels: sorted `k=v,…`, `<none>` if empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${m![k]}`).join(',');
}

/** selectorString prints a structured selector as LabelSelectorAsSelector(..).String() ('' for none, `<invalid>` if bad). */
export function selectorString(sel: Json | undefined | null): string {
  try {
    return selectorToString(selectorFromLabelSelector(sel ?? undefined));
  } catch {
    return '<invalid>';
  }
}

/** formatSelector is metav1.FormatLabelSelector (`<none>` when empty). */
export const formatSelector = (sel: Json | undefined | null): string => labelSelectorToString(sel ?? undefined);

/** containerCells returns kubectl's CONTAINERS and IMAGES cells for a pod template. */
export function containerCells(containers: Json[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** orNone returns s, or `<none>` when it is empty. */
export function orNone(s: string | undefined | null): string {
  return s ? s : '<none>';
}

/** int returns a number cell, treating a missing value as 0 (Go zero value). */
export function int(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** boolPtr prints an optional boolean as kubectl's printBoolPtr: True, False or `<unset>`. */
export function boolPtr(v: unknown): string {
  if (v === undefined || v === null) return '<unset>';
  return v ? 'True' : 'False';
}

/** accessModes abbreviates PV access modes in kubectl's fixed order (RWO,ROX,RWX,RWOP). */
export function accessModes(modes: string[] | undefined): string {
  const m = modes ?? [];
  const abbrev: Array<[string, string]> = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return abbrev.filter(([full]) => m.includes(full)).map(([, a]) => a).join(',');
}

/** loadBalancerIngress prints load-balancer ingress points (IPs or hostnames), truncated unless wide. */
export function loadBalancerIngress(status: Json | undefined, wideOutput: boolean): string {
  const points = ((status?.ingress ?? []) as Json[]).map((i) => i.ip || i.hostname || '').filter((s) => s !== '');
  const r = points.join(',');
  // kubectl truncates long addresses to 16 characters outside wide output.
  if (!wideOutput && r.length > 16) return r.slice(0, 13) + '...';
  return r;
}

/** quantityString prints a quantity canonically, or as stored when it does not parse (a table never fails). */
export function quantityString(v: unknown): string {
  if (v === undefined || v === null) return '0';
  try {
    return formatQuantity(parseQuantity(v as string | number));
  } catch {
    return String(v);
  }
}

/**
 * The rows `skiffctl top` prints, as kubectl's top printer lays them out: CPU as millicores
 * ("12m", rounded up like Quantity.MilliValue), memory as whole Mi, a node's usage also as a
 * percentage of its allocatable, and `<unknown>` for a node the metrics API has no reading of.
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { quantityMilliValue, quantityValue } from '../../api/quantity.ts';

/** Usage is a metrics object's cpu and memory quantities. */
export interface Usage {
  cpu: string;
  memory: string;
}

/** NodeMetrics is metrics.k8s.io's reading of one node. */
export interface NodeMetrics extends KubeObject {
  usage: Usage;
}

/** PodMetrics is metrics.k8s.io's reading of one pod's containers. */
export interface PodMetrics extends KubeObject {
  containers: Array<{ name: string; usage: Usage }>;
}

/** TopNode is the part of a Node top reads: its allocatable cpu and memory. */
export interface TopNode extends KubeObject {
  status?: { allocatable?: Record<string, string>; capacity?: Record<string, string> };
}

export type SortBy = 'cpu' | 'memory';

const MI = 1024 * 1024;

interface Reading {
  milliCpu: number;
  bytes: number;
}

function reading(u: Usage): Reading {
  return { milliCpu: quantityMilliValue(u.cpu), bytes: Math.ceil(quantityValue(u.memory)) };
}

const cpuText = (r: Reading) => `${r.milliCpu}m`;
const memoryText = (r: Reading) => `${Math.floor(r.bytes / MI)}Mi`;
const percent = (used: number, of: number) => (of > 0 ? `${Math.floor((used * 100) / of)}%` : '<unknown>');

function sortRows<T>(items: T[], by: SortBy | undefined, readingOf: (x: T) => Reading): T[] {
  if (!by) return items;
  const key = (x: T) => (by === 'cpu' ? readingOf(x).milliCpu : readingOf(x).bytes);
  return [...items].sort((a, b) => key(b) - key(a));
}

/** nodeRows lists every node (header first); one without metrics shows <unknown>. */
export function nodeRows(nodes: TopNode[], metrics: NodeMetrics[], sortBy?: SortBy): string[][] {
  const byName = new Map(metrics.map((m) => [m.metadata.name, reading(m.usage)]));
  const known = nodes.filter((n) => byName.has(n.metadata.name));
  const rows = [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']];
  for (const n of sortRows(known, sortBy, (x) => byName.get(x.metadata.name)!)) {
    const r = byName.get(n.metadata.name)!;
    const alloc = n.status?.allocatable ?? n.status?.capacity ?? {};
    const cpuOf = alloc.cpu ? quantityMilliValue(alloc.cpu) : 0;
    const memOf = alloc.memory ? quantityValue(alloc.memory) : 0;
    rows.push([n.metadata.name ?? '', cpuText(r), percent(r.milliCpu, cpuOf), memoryText(r), percent(r.bytes, memOf)]);
  }
  for (const n of nodes) if (!byName.has(n.metadata.name)) rows.push([n.metadata.name ?? '', '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  return rows;
}

/** PodRowOptions are top pod's layout flags. */
export interface PodRowOptions {
  allNamespaces?: boolean;
  containers?: boolean;
  sortBy?: SortBy;
  sum?: boolean;
}

function podTotal(m: PodMetrics): Reading {
  return m.containers.map((c) => reading(c.usage)).reduce((a, b) => ({ milliCpu: a.milliCpu + b.milliCpu, bytes: a.bytes + b.bytes }), { milliCpu: 0, bytes: 0 });
}

/** podRows lists pods (or, with containers, each container) with their usage, header first. */
export function podRows(metrics: PodMetrics[], o: PodRowOptions = {}): string[][] {
  const ns = (m: PodMetrics) => (o.allNamespaces ? [m.metadata.namespace ?? ''] : []);
  const header = [...(o.allNamespaces ? ['NAMESPACE'] : []), ...(o.containers ? ['POD'] : []), 'NAME', 'CPU(cores)', 'MEMORY(bytes)'];
  const rows = [header];
  const total: Reading = { milliCpu: 0, bytes: 0 };
  for (const m of sortRows(metrics, o.sortBy, podTotal)) {
    const t = podTotal(m);
    total.milliCpu += t.milliCpu;
    total.bytes += t.bytes;
    if (!o.containers) {
      rows.push([...ns(m), m.metadata.name ?? '', cpuText(t), memoryText(t)]);
      continue;
    }
    for (const c of sortRows(m.containers, o.sortBy, (x) => reading(x.usage))) {
      const r = reading(c.usage);
      rows.push([...ns(m), m.metadata.name ?? '', c.name, cpuText(r), memoryText(r)]);
    }
  }
  if (o.sum) {
    const pad = header.length - 2;
    rows.push([...Array(pad).fill(''), '________', '________'], [...Array(pad).fill(''), cpuText(total), memoryText(total)]);
  }
  return rows;
}

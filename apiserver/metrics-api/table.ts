/**
 * metricsTable is what `kubectl get nodemetrics|podmetrics` prints, with metrics-server's
 * columns: NAME, CPU, MEMORY, WINDOW (a pod's usage summed over its containers).
 */
import { quantityValue } from '../../api/quantity.ts';
import { rowObject, type TableOptions } from '../handlers/table.ts';
import { cpuQuantity, memoryQuantity, type NodeMetrics, type PodMetrics, type Usage } from './resource-metrics.ts';

const columns = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource', priority: 0 },
  { name: 'CPU', type: 'string', format: '', description: 'CPU usage', priority: 0 },
  { name: 'Memory', type: 'string', format: '', description: 'Memory usage', priority: 0 },
  { name: 'Window', type: 'string', format: '', description: 'Interval of the sample', priority: 0 },
];

function podUsage(m: PodMetrics): Usage {
  const sum = (f: (u: Usage) => string) => m.containers.reduce((n, c) => n + quantityValue(f(c.usage)), 0);
  return { cpu: cpuQuantity(sum((u) => u.cpu) * 1e9), memory: memoryQuantity(sum((u) => u.memory)) };
}

/** metricsTable converts NodeMetrics or PodMetrics to a meta.k8s.io/v1 Table. */
export function metricsTable(items: Array<NodeMetrics | PodMetrics>, opts: TableOptions): unknown {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: columns,
    rows: items.map((m) => {
      const usage = 'usage' in m ? m.usage : podUsage(m);
      return { cells: [m.metadata.name, usage.cpu, usage.memory, m.window], object: rowObject(m, opts.includeObject) };
    }),
  };
}

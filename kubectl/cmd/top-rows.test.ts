import { describe, expect, it } from 'vitest';
import { alignColumns } from '../printers/table-printer.ts';
import { nodeRows, podRows, type NodeMetrics, type PodMetrics, type TopNode } from './top-rows.ts';

const node = (name: string, cpu: string, memory: string): TopNode => ({ metadata: { name }, status: { allocatable: { cpu, memory } } });
const nodeMetrics = (name: string, cpu: string, memory: string): NodeMetrics => ({ metadata: { name }, usage: { cpu, memory } });
const pod = (ns: string, name: string, ...containers: Array<[string, string, string]>): PodMetrics => ({
  metadata: { name, namespace: ns },
  containers: containers.map(([n, cpu, memory]) => ({ name: n, usage: { cpu, memory } })),
});

describe('top rows', () => {
  it('prints nodes in millicores and Mi with shares of allocatable, rounding cpu up like kubectl, unknown last', () => {
    const rows = nodeRows([node('a', '2', '4Gi'), node('b', '4', '8Gi'), node('c', '1', '1Gi')], [nodeMetrics('a', '250000001n', '1048576Ki'), nodeMetrics('b', '1', '512Mi')]);
    expect(alignColumns(rows)).toBe([
      'NAME   CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)',
      'a      251m         12%         1024Mi          25%',
      'b      1000m        25%         512Mi           6%',
      'c      <unknown>    <unknown>   <unknown>       <unknown>',
    ].join('\n'));
    expect(nodeRows([node('a', '2', '4Gi'), node('b', '4', '8Gi')], [nodeMetrics('a', '1m', '1Gi'), nodeMetrics('b', '2m', '1Mi')], 'memory').slice(1).map((r) => r[0])).toEqual(['a', 'b']);
    expect(nodeRows([node('a', '2', '4Gi'), node('b', '4', '8Gi')], [nodeMetrics('a', '1m', '1Gi'), nodeMetrics('b', '2m', '1Mi')], 'cpu').slice(1).map((r) => r[0])).toEqual(['b', 'a']);
  });

  it('sums a pod over its containers, or prints each with --containers, with namespaces for -A and a --sum row', () => {
    const metrics = [pod('default', 'web', ['app', '5000000n', '4096Ki'], ['sidecar', '1000000n', '2048Ki']), pod('kube-system', 'dns', ['dns', '20m', '30Mi'])];
    expect(podRows(metrics)).toEqual([['NAME', 'CPU(cores)', 'MEMORY(bytes)'], ['web', '6m', '6Mi'], ['dns', '20m', '30Mi']]);
    expect(podRows(metrics, { sortBy: 'cpu' }).slice(1).map((r) => r[0])).toEqual(['dns', 'web']);
    expect(podRows(metrics, { allNamespaces: true, containers: true })).toEqual([
      ['NAMESPACE', 'POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'],
      ['default', 'web', 'app', '5m', '4Mi'],
      ['default', 'web', 'sidecar', '1m', '2Mi'],
      ['kube-system', 'dns', 'dns', '20m', '30Mi'],
    ]);
    expect(podRows(metrics, { sum: true }).slice(-2)).toEqual([['', '________', '________'], ['', '26m', '36Mi']]);
  });
});

import { describe, expect, it } from 'vitest';
import { fitErrorMessage, type Diagnosis } from './fit-error.ts';
import type { Status } from './types.ts';

function diag(statuses: Record<string, string[]>, preFilterMsg?: string): Diagnosis {
  const nodeToStatus = new Map<string, Status>(Object.entries(statuses).map(([n, reasons]) => [n, { code: 'Unschedulable', reasons }]));
  return { nodeToStatus, unschedulablePlugins: new Set(), preFilterMsg };
}

describe('fitErrorMessage', () => {
  it.each([
    {
      name: 'the Kubernetes example',
      nodes: 3,
      d: diag({ cp: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'], a: ['Insufficient memory'], b: ['Insufficient memory'] }),
      want: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory.',
    },
    {
      name: 'several reasons from one node each count',
      nodes: 2,
      d: diag({ a: ['Insufficient cpu', 'Insufficient memory'], b: ['Insufficient cpu'] }),
      want: '0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.',
    },
    {
      name: 'sorted as strings, like Go sort.Strings (10 before 2)',
      nodes: 12,
      d: diag(Object.fromEntries([...Array(12).keys()].map((i) => [`n${i}`, [i < 10 ? 'node(s) were unschedulable' : 'Too many pods']]))),
      want: '0/12 nodes are available: 10 node(s) were unschedulable, 2 Too many pods.',
    },
    {
      name: 'a preFilter rejection is reported alone',
      nodes: 3,
      d: diag({ a: ['x'], b: ['x'] }, 'persistentvolumeclaim "data" not found'),
      want: '0/3 nodes are available: persistentvolumeclaim "data" not found.',
    },
  ])('$name', ({ nodes, d, want }) => {
    expect(fitErrorMessage(nodes, d)).toBe(want);
  });
});

import { describe, expect, it } from 'vitest';
import { newNodePorts, portsConflict } from './node-ports.ts';
import { harness } from '../../testutil/plugin-harness.ts';
import { makeNode, makePod } from '../../testutil/builders.ts';

describe('NodePorts', () => {
  const h = harness(newNodePorts, [makeNode('a'), makeNode('b')], [makePod('web', { hostPort: 8080, nodeName: 'a' })]);
  it.each([
    { node: 'a', port: 8080, want: "node(s) didn't have free ports for the requested pod ports" },
    { node: 'b', port: 8080, want: undefined },
    { node: 'a', port: 9090, want: undefined },
  ])('port $port on $node', ({ node, port, want }) => {
    expect(h.filter(makePod('p', { hostPort: port }), node)?.reasons[0]).toBe(want);
  });

  it.each([
    { a: { protocol: 'TCP', hostIP: '0.0.0.0', port: 80 }, b: { protocol: 'TCP', hostIP: '10.0.0.1', port: 80 }, want: true },
    { a: { protocol: 'TCP', hostIP: '10.0.0.2', port: 80 }, b: { protocol: 'TCP', hostIP: '10.0.0.1', port: 80 }, want: false },
    { a: { protocol: 'UDP', hostIP: '0.0.0.0', port: 80 }, b: { protocol: 'TCP', hostIP: '0.0.0.0', port: 80 }, want: false },
  ])('conflict $a.hostIP/$a.protocol vs $b.hostIP/$b.protocol', ({ a, b, want }) => {
    expect(portsConflict(a, b)).toBe(want);
  });

  it('frees the port when the pod goes', () => {
    h.cache.removePod(makePod('web', { nodeName: 'a' }));
    expect(h.filter(makePod('p', { hostPort: 8080 }), 'a')).toBeUndefined();
  });
});

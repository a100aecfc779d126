import { describe, expect, it } from 'vitest';
import type { Node } from '../../../api/core/v1/node.ts';
import { Resources } from '../../../api/resources.ts';
import { newHarness } from '../../test-util/harness.ts';
import { CidrSet } from './cidr-set.ts';
import { newNodeIpamController } from './node-ipam-controller.ts';

const node = (name: string, podCIDR?: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, ...(podCIDR ? { spec: { podCIDR, podCIDRs: [podCIDR] } } : {}) }) as Node;

describe('CidrSet', () => {
  it.each([
    ['10.244.0.0/16', 24, ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']],
    ['10.0.0.0/8', 16, ['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16']],
    ['192.168.0.0/23', 24, ['192.168.0.0/24', '192.168.1.0/24', undefined]],
  ])('%s /%s hands out %j', (cidr, mask, want) => {
    const s = new CidrSet(cidr, mask);
    expect(want.map(() => s.allocateNext())).toEqual(want);
  });
  it('skips occupied blocks and reuses released ones only after wrapping', () => {
    const s = new CidrSet('10.244.0.0/22', 24);
    s.occupy('10.244.0.0/24');
    expect(s.allocateNext()).toBe('10.244.1.0/24');
    s.release('10.244.0.0/24');
    expect([s.allocateNext(), s.allocateNext(), s.allocateNext(), s.allocateNext()]).toEqual(['10.244.2.0/24', '10.244.3.0/24', '10.244.0.0/24', undefined]);
  });
});

describe('node IPAM controller', () => {
  it('assigns a free CIDR, never one an existing node holds (rebuilt after restart)', async () => {
    const h = newHarness();
    h.seed(Resources.nodes, node('old', '10.244.0.0/24'), node('new'));
    const c = newNodeIpamController(h.ctx);
    await c.sync('new');
    const n = h.fake.tracker.get(Resources.nodes, undefined, 'new') as Node;
    expect(n.spec).toMatchObject({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
    expect(h.writes()).toEqual(['patch nodes new']);
  });

  it('leaves nodes with a CIDR alone and frees the CIDR of deleted nodes', async () => {
    const h = newHarness({ clusterCIDR: '10.244.0.0/23' });
    const [a] = h.seed(Resources.nodes, node('a', '10.244.0.0/24'), node('b', '10.244.1.0/24'));
    const c = newNodeIpamController(h.ctx);
    await c.sync('a');
    expect(h.writes()).toEqual([]);
    h.seed(Resources.nodes, node('c'));
    await expect(c.sync('c')).rejects.toThrow(/no pod CIDR left/);
    h.informers.informer<Node>(Resources.nodes).remove(a as Node);
    await c.sync('a');
    await c.sync('c');
    expect((h.fake.tracker.get(Resources.nodes, undefined, 'c') as Node).spec?.podCIDR).toBe('10.244.0.0/24');
  });
});

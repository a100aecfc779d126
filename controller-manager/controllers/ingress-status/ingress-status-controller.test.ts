import { describe, expect, it } from 'vitest';
import type { Node } from '../../../api/core/v1/node.ts';
import type { Ingress } from '../../../api/networking/v1/ingress.ts';
import { Resources } from '../../../api/resources.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newIngressStatusController, readyNodeAddresses } from './ingress-status-controller.ts';

const node = (name: string, ip: string, ready = 'True'): Node => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name },
  status: { addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }], conditions: [{ type: 'Ready', status: ready }] },
} as Node);
const ingress = (addresses?: Array<{ ip: string }>): Ingress => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' },
  spec: { rules: [] }, ...(addresses ? { status: { loadBalancer: { ingress: addresses } } } : {}),
});

describe('ingress status controller', () => {
  it('lists the Ready nodes\u2019 InternalIPs, sorted, without duplicates', () => {
    expect(readyNodeAddresses([node('b', '10.0.0.2'), node('a', '10.0.0.1'), node('c', '10.0.0.3', 'False'), node('d', '10.0.0.1')])).toEqual([{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }]);
  });

  it.each<[string, Array<{ ip: string }> | undefined, string[]]>([
    ['writes the addresses of an Ingress without status', undefined, ['update ingresses/status shop/web']],
    ['corrects stale addresses', [{ ip: '10.0.0.9' }], ['update ingresses/status shop/web']],
    ['leaves correct addresses alone', [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], []],
  ])('%s', async (_n, current, want) => {
    const h = newHarness();
    h.seed(Resources.nodes, node('a', '10.0.0.1'), node('b', '10.0.0.2'), node('c', '10.0.0.3', 'Unknown'));
    h.seed(Resources.ingresses, ingress(current));
    await newIngressStatusController(h.ctx).sync('shop/web');
    expect(h.writes()).toEqual(want);
    const stored = h.fake.tracker.get(Resources.ingresses, 'shop', 'web') as Ingress;
    expect(stored.status?.loadBalancer?.ingress).toEqual([{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }]);
  });

  it('ignores an Ingress that is gone', async () => {
    const h = newHarness();
    await newIngressStatusController(h.ctx).sync('shop/gone');
    expect(h.writes()).toEqual([]);
  });
});

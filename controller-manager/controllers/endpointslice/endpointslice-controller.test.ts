import { describe, expect, it } from 'vitest';
import type { Endpoints } from '../../../api/core/v1/endpoints.ts';
import type { Service } from '../../../api/core/v1/service.ts';
import type { EndpointSlice } from '../../../api/discovery/v1/endpointslice.ts';
import { Resources } from '../../../api/resources.ts';
import { newHarness } from '../../test-util/harness.ts';
import { desiredSlices, MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './desired-slices.ts';
import { newEndpointSliceController } from './endpointslice-controller.ts';

const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop', uid: 'svc-uid' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } } as Service;
const eps = (subsets: Endpoints['subsets']): Endpoints => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'shop' }, subsets });
const http = [{ name: 'http', port: 8080, protocol: 'TCP' }];

describe('desiredSlices', () => {
  it('turns each subset into a slice: ready and not-ready endpoints, their nodes and pods, the ports', () => {
    const [slice, ...rest] = desiredSlices(svc, eps([{
      addresses: [{ ip: '10.244.2.7', nodeName: 'b', targetRef: { kind: 'Pod', name: 'web-2', namespace: 'shop' } }, { ip: '10.244.1.5', nodeName: 'a' }],
      notReadyAddresses: [{ ip: '10.244.1.9', nodeName: 'a' }],
      ports: http,
    }]));
    expect(rest).toEqual([]);
    expect(slice.metadata).toMatchObject({
      name: expect.stringMatching(/^web-[0-9a-f]{8}$/),
      namespace: 'shop',
      labels: { [SERVICE_NAME_LABEL]: 'web', [MANAGED_BY_LABEL]: MANAGED_BY },
      ownerReferences: [{ kind: 'Service', name: 'web', uid: 'svc-uid', controller: true }],
    });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slice.endpoints).toEqual([
      { addresses: ['10.244.1.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'a' },
      { addresses: ['10.244.1.9'], conditions: { ready: false, serving: false, terminating: false }, nodeName: 'a' },
      { addresses: ['10.244.2.7'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'b', targetRef: { kind: 'Pod', name: 'web-2', namespace: 'shop' } },
    ]);
  });

  it('splits by port set and address family, keeps names stable, and gives a Service without endpoints one empty slice', () => {
    const two = desiredSlices(svc, eps([
      { addresses: [{ ip: '10.0.0.1' }], ports: http },
      { addresses: [{ ip: '10.0.0.2' }, { ip: 'fd00::2' }], ports: [{ name: 'metrics', port: 9090 }] },
    ]));
    expect(two.map((s) => [s.addressType, s.ports?.map((p) => p.port), s.endpoints?.map((e) => e.addresses[0])]).sort()).toEqual([
      ['IPv4', [8080], ['10.0.0.1']], ['IPv4', [9090], ['10.0.0.2']], ['IPv6', [9090], ['fd00::2']],
    ]);
    expect(desiredSlices(svc, eps([{ addresses: [{ ip: '10.0.0.9' }], ports: http }]))[0].metadata.name).toBe(two.find((s) => s.ports?.[0].port === 8080)!.metadata.name);
    expect(desiredSlices(svc, undefined).map((s) => [s.endpoints, s.ports])).toEqual([[[], []]]);
  });
});

describe('EndpointSlice controller', () => {
  it('creates the slices, updates a changed one, deletes stale ones, and removes all with the Service', async () => {
    const h = newHarness();
    h.seed(Resources.services, svc);
    h.seed(Resources.endpoints, eps([{ addresses: [{ ip: '10.0.0.1' }], ports: http }]));
    const c = newEndpointSliceController(h.ctx);
    await c.sync('shop/web');
    const [created] = h.fake.tracker.list(Resources.endpointslices, { namespace: 'shop' }).items as EndpointSlice[];
    expect(created.endpoints?.map((e) => e.addresses[0])).toEqual(['10.0.0.1']);
    h.informers.informer<EndpointSlice>(Resources.endpointslices).add(created);
    // The pod moved and a second port set appeared.
    h.informers.informer<Endpoints>(Resources.endpoints).add(eps([{ addresses: [{ ip: '10.0.0.2' }], ports: http }, { addresses: [{ ip: '10.0.0.3' }], ports: [{ name: 'metrics', port: 9090 }] }]));
    const stale = { ...created, metadata: { ...created.metadata, name: 'web-stale' } };
    h.seed(Resources.endpointslices, stale);
    h.writes();
    await c.sync('shop/web');
    expect(h.writes().sort()).toEqual(['create endpointslices shop/' + desiredSlices(svc, eps([{ addresses: [{ ip: '10.0.0.3' }], ports: [{ name: 'metrics', port: 9090 }] }]))[0].metadata.name, 'delete endpointslices shop/web-stale', `update endpointslices shop/${created.metadata.name}`].sort());
    h.informers.informer<Service>(Resources.services).remove(svc);
    for (const s of h.fake.tracker.list(Resources.endpointslices, { namespace: 'shop' }).items as EndpointSlice[]) h.informers.informer<EndpointSlice>(Resources.endpointslices).add(s);
    await c.sync('shop/web');
    expect(h.fake.tracker.list(Resources.endpointslices, { namespace: 'shop' }).items).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { Resources } from '../../../api/resources.ts';
import { newConflict } from '../../../api/errors.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness } from '../../test-util/harness.ts';
import { newEndpointsController } from './endpoints-controller.ts';
import type { Endpoints, Service } from './types.ts';

const svc = (spec: Service['spec']): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', labels: { tier: 'x' } }, spec });

describe('Endpoints controller sync', () => {
  const cases: Array<{ name: string; svc: Service; pods: Pod[]; want: Endpoints['subsets'] | 'none' }> = [
    {
      name: 'ready and not-ready pods, named targetPort resolved per pod',
      svc: svc({ selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
      pods: [
        podFixture('a', { ready: true, ip: '10.244.1.2', node: 'n1' }),
        podFixture('b', { ip: '10.244.1.3', node: 'n1' }),
        podFixture('no-ip', { ready: true }),
        podFixture('other', { ready: true, ip: '10.244.1.9', labels: { app: 'db' } }),
        podFixture('done', { ip: '10.244.1.10', phase: 'Succeeded' }),
      ],
      want: [
        {
          ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
          addresses: [{ ip: '10.244.1.2', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: expect.any(String) } }],
          notReadyAddresses: [{ ip: '10.244.1.3', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: expect.any(String) } }],
        },
      ],
    },
    {
      name: 'numeric targetPort defaults to port',
      svc: svc({ selector: { app: 'web' }, ports: [{ port: 9000 }] }),
      pods: [podFixture('a', { ready: true, ip: '10.0.0.1' })],
      want: [{ ports: [{ port: 9000, protocol: 'TCP' }], addresses: [expect.objectContaining({ ip: '10.0.0.1' })] }],
    },
    {
      name: 'headless service without ports lists addresses only',
      svc: svc({ selector: { app: 'web' }, clusterIP: 'None' }),
      pods: [podFixture('a', { ready: true, ip: '10.0.0.1' })],
      want: [{ addresses: [expect.objectContaining({ ip: '10.0.0.1' })] }],
    },
    { name: 'service without selector is left alone', svc: svc({ ports: [{ port: 80 }] }), pods: [], want: 'none' },
  ];
  it.each(cases)('$name', async ({ svc: s, pods, want }) => {
    const h = newHarness();
    h.seed(Resources.services, s);
    h.seed(Resources.pods, ...pods);
    await newEndpointsController(h.ctx).sync('default/web');
    const eps = h.fake.tracker.list(Resources.endpoints, {}).items as Endpoints[];
    if (want === 'none') return expect(eps).toEqual([]);
    expect(eps).toHaveLength(1);
    expect(eps[0].subsets).toEqual(want);
    expect(eps[0].metadata.labels).toMatchObject({ tier: 'x' });
  });

  it('does not write when nothing changed, and deletes with the service', async () => {
    const h = newHarness();
    h.seed(Resources.services, svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
    h.seed(Resources.pods, podFixture('a', { ready: true, ip: '10.0.0.1' }));
    const c = newEndpointsController(h.ctx);
    await c.sync('default/web');
    h.informers.informer<Endpoints>(Resources.endpoints).add(...(h.fake.tracker.list(Resources.endpoints, {}).items as Endpoints[]));
    h.fake.clearActions();
    await c.sync('default/web');
    expect(h.writes()).toEqual([]);
    h.informers.informer<Service>(Resources.services).remove(h.informers.informer<Service>(Resources.services).items()[0]);
    await c.sync('default/web');
    expect(h.writes()).toEqual(['delete endpoints default/web']);
  });

  it('rewrites over the live object when its cached copy is stale (conflict)', async () => {
    const h = newHarness();
    h.seed(Resources.services, svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
    h.seed(Resources.endpoints, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [] } as Endpoints);
    h.seed(Resources.pods, podFixture('a', { ready: true, ip: '10.0.0.1' }));
    let first = true;
    h.fake.prependReactor('update', 'endpoints', () => {
      if (!first) return undefined;
      first = false;
      return { handled: true, error: newConflict({ group: '', resource: 'endpoints' }, 'web', 'stale') };
    });
    await newEndpointsController(h.ctx).sync('default/web');
    const ep = h.fake.tracker.get(Resources.endpoints, 'default', 'web') as Endpoints;
    expect(ep.subsets?.[0].addresses?.[0].ip).toBe('10.0.0.1');
  });

  it('enqueues services selecting a changed pod', () => {
    const h = newHarness();
    h.seed(Resources.services, svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }));
    const c = newEndpointsController(h.ctx);
    h.informers.informer<Pod>(Resources.pods).add(podFixture('a', { ip: '10.0.0.1' }));
    expect(c.queue.len()).toBe(1);
  });
});

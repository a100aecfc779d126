import { describe, expect, it } from 'vitest';
import { lookup } from './cluster-records.ts';
import { fixtureEndpoints, fixtureServices, staticView } from './testing-view.ts';

const view = staticView(fixtureServices, fixtureEndpoints);
const d = 'cluster.local';

describe('cluster DNS lookup', () => {
  it.each([
    ['web.default.svc.cluster.local', 'A', { records: [{ type: 'A', name: 'web.default.svc.cluster.local', data: '10.96.0.20' }] }],
    ['WEB.default.svc.cluster.local.', 'A', { records: [{ type: 'A', name: 'web.default.svc.cluster.local', data: '10.96.0.20' }] }],
    ['web.default.svc.cluster.local', 'AAAA', { records: [] }],
    ['db.prod.svc.cluster.local', 'A', { records: [{ type: 'A', name: 'db.prod.svc.cluster.local', data: '10.244.1.5' }, { type: 'A', name: 'db.prod.svc.cluster.local', data: '10.244.2.6' }] }],
    ['db-1.db.prod.svc.cluster.local', 'A', { records: [{ type: 'A', name: 'db-1.db.prod.svc.cluster.local', data: '10.244.2.6' }] }],
    ['db-2.db.prod.svc.cluster.local', 'A', { nxdomain: true }],
    ['_http._tcp.web.default.svc.cluster.local', 'SRV', { records: [{ type: 'SRV', name: '_http._tcp.web.default.svc.cluster.local', data: { priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' } }] }],
    ['_pg._tcp.db.prod.svc.cluster.local', 'SRV', { records: [
      { type: 'SRV', name: '_pg._tcp.db.prod.svc.cluster.local', data: { priority: 0, weight: 100, port: 5432, target: 'db-0.db.prod.svc.cluster.local' } },
      { type: 'SRV', name: '_pg._tcp.db.prod.svc.cluster.local', data: { priority: 0, weight: 100, port: 5432, target: 'db-1.db.prod.svc.cluster.local' } },
    ] }],
    ['_nope._tcp.web.default.svc.cluster.local', 'SRV', { nxdomain: true }],
    ['ext.default.svc.cluster.local', 'A', { records: [{ type: 'CNAME', name: 'ext.default.svc.cluster.local', data: 'example.org' }] }],
    ['10-244-1-5.prod.pod.cluster.local', 'A', { records: [{ type: 'A', name: '10-244-1-5.prod.pod.cluster.local', data: '10.244.1.5' }] }],
    ['missing.default.svc.cluster.local', 'A', { nxdomain: true }],
    ['default.svc.cluster.local', 'A', { nxdomain: true }],
    ['example.org', 'A', { notCluster: true }],
  ])('%s %s', (name, type, want) => {
    expect(lookup(view, d, name, type)).toEqual(want);
  });
});

import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Service } from '../../api/core/v1/service.ts';
import type { DnsView } from './cluster-records.ts';

/** staticView is a DnsView over fixed objects, for tests. */
export function staticView(services: Service[], endpoints: Endpoints[]): DnsView {
  const key = (ns: string, name: string) => `${ns}/${name}`;
  const svcs = new Map(services.map((s) => [key(s.metadata.namespace ?? 'default', s.metadata.name ?? ''), s]));
  const eps = new Map(endpoints.map((e) => [key(e.metadata.namespace ?? 'default', e.metadata.name ?? ''), e]));
  return { service: (ns, name) => svcs.get(key(ns, name)), endpoints: (ns, name) => eps.get(key(ns, name)) };
}

/** fixtureServices: a ClusterIP service, a headless StatefulSet service and an ExternalName one. */
export const fixtureServices: Service[] = [
  { metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
  { metadata: { name: 'db', namespace: 'prod' }, spec: { clusterIP: 'None', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] } },
  { metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.org' } },
];

/** fixtureEndpoints: two ready StatefulSet pods behind db (db-0, db-1) and one not ready. */
export const fixtureEndpoints: Endpoints[] = [
  {
    metadata: { name: 'db', namespace: 'prod' },
    subsets: [
      {
        addresses: [
          { ip: '10.244.1.5', hostname: 'db-0' },
          { ip: '10.244.2.6', hostname: 'db-1' },
        ],
        notReadyAddresses: [{ ip: '10.244.3.7', hostname: 'db-2' }],
        ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
      },
    ],
  },
];

import { describe, expect, it } from 'vitest';
import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Service } from '../../api/core/v1/service.ts';
import type { Ingress } from '../../api/networking/v1/ingress.ts';
import { describeIngress } from './ingress.ts';

const svc: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } } as Service;
const eps: Endpoints = {
  apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'echo', namespace: 'default' },
  subsets: [{ addresses: [{ ip: '10.244.1.3' }, { ip: '10.244.2.3' }], ports: [{ name: 'http', port: 8080 }] }],
} as Endpoints;
const ing: Ingress = {
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
  metadata: { name: 'echo', namespace: 'default', annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } },
  spec: {
    rules: [
      { host: 'echo.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } },
      { http: { paths: [{ path: '/echo', pathType: 'Prefix', backend: { service: { name: 'echo', port: { name: 'http' } } } }, { path: '/x', pathType: 'Prefix', backend: { service: { name: 'gone', port: { number: 80 } } } }] } },
    ],
  },
  status: { loadBalancer: { ingress: [{ ip: '172.28.0.8' }, { ip: '172.28.0.9' }] } },
};

describe('describe ingress', () => {
  it('lays out address, class, default backend and each rule with its backends and endpoints, as kubectl', () => {
    const text = describeIngress(ing, (name) => (name === 'echo' ? { service: svc, endpoints: eps } : {}), []);
    expect(text).toBe([
      'Name:             echo',
      'Labels:           <none>',
      'Namespace:        default',
      'Address:          172.28.0.8,172.28.0.9',
      'Ingress Class:    <none>',
      'Default backend:  <default>',
      'Rules:',
      // One tabwriter for the whole text, as kubectl: the rules table and the lines after it share column widths.
      '  Host              Path  Backends',
      '  ----              ----  --------',
      '  echo.example.com  ',
      '                    /   echo:80 (10.244.1.3:8080,10.244.2.3:8080)',
      '  *                 ',
      '                    /echo   echo:http (10.244.1.3:8080,10.244.2.3:8080)',
      '                    /x      gone:80 (<error: endpoints "gone" not found>)',
      'Annotations:        nginx.ingress.kubernetes.io/rewrite-target: /',
      'Events:             <none>',
      '',
    ].join('\n'));
  });
});

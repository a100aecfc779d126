import { describe, expect, it } from 'vitest';
import type { Ingress } from '../../api/networking/v1/ingress.ts';
import type { ServicePort } from '../service-ports.ts';
import { ingressRoutes, matchRoute, servicePortFor, upstreamPath } from './ingress-routes.ts';

type Rule = NonNullable<NonNullable<Ingress['spec']>['rules']>[number];
const path = (p: string, service: string, pathType = 'Prefix', port: { number?: number; name?: string } = { number: 80 }) => ({ path: p, pathType, backend: { service: { name: service, port } } });
const ingress = (name: string, rules: Rule[], extra: Partial<NonNullable<Ingress['spec']>> = {}, annotations?: Record<string, string>): Ingress => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'web', annotations }, spec: { rules, ...extra },
});

const routes = ingressRoutes([
  ingress('site', [
    { host: 'shop.example.com', http: { paths: [path('/', 'front'), path('/api', 'api'), path('/api/v2', 'api2'), path('/exact', 'exact', 'Exact')] } },
    { host: '*.example.com', http: { paths: [path('/', 'wild')] } },
    { http: { paths: [path('/app/', 'app'), path('/app', 'app-exact', 'Exact')] } },
  ]),
  ingress('fallback', [], { defaultBackend: { service: { name: 'default-svc', port: { number: 80 } } } }),
]);

describe('ingress routing', () => {
  it.each([
    ['shop.example.com', '/', 'front'],
    ['shop.example.com:8080', '/cart', 'front'],
    ['SHOP.example.com', '/api', 'api'],
    ['shop.example.com', '/api/users', 'api'],
    ['shop.example.com', '/apiary', 'front'],
    ['shop.example.com', '/api/v2/x', 'api2'],
    ['shop.example.com', '/exact', 'exact'],
    ['shop.example.com', '/exact/more', 'front'],
    ['blog.example.com', '/anything', 'wild'],
    ['a.b.example.com', '/', 'default-svc'],
    ['other.org', '/app', 'app-exact'],
    ['other.org', '/app/x', 'app'],
    ['other.org', '/application', 'default-svc'],
  ])('%s%s → %s', (host, p, want) => {
    expect(matchRoute(routes, host, p)?.service).toBe(want);
  });

  it('answers nothing without a matching rule or default backend', () => {
    const only = ingressRoutes([ingress('one', [{ host: 'a.example.com', http: { paths: [path('/x', 'x')] } }])]);
    expect(matchRoute(only, 'a.example.com', '/y')).toBeUndefined();
    expect(matchRoute(only, 'b.example.com', '/x')).toBeUndefined();
  });

  it('serves every class when no class is set, else only its own and unclassed Ingresses', () => {
    const ings = [
      ingress('nginx', [{ http: { paths: [path('/n', 'n')] } }], {}, { 'kubernetes.io/ingress.class': 'nginx' }),
      ingress('skiff', [{ http: { paths: [path('/s', 's')] } }], { ingressClassName: 'skiff' }),
      ingress('none', [{ http: { paths: [path('/u', 'u')] } }]),
    ];
    expect(ingressRoutes(ings).map((r) => r.service)).toEqual(['n', 's', 'u']);
    expect(ingressRoutes(ings, 'skiff').map((r) => r.service)).toEqual(['s', 'u']);
  });

  it('finds the Service port by number or by name', () => {
    const ports = [
      { key: 'web/api:http', protocol: 'TCP', port: 80 },
      { key: 'web/api:metrics', protocol: 'TCP', port: 9090 },
    ] as ServicePort[];
    const byNumber = ingressRoutes([ingress('a', [{ http: { paths: [path('/', 'api', 'Prefix', { number: 9090 })] } }])])[0];
    const byName = ingressRoutes([ingress('b', [{ http: { paths: [path('/', 'api', 'Prefix', { name: 'http' })] } }])])[0];
    const missing = ingressRoutes([ingress('c', [{ http: { paths: [path('/', 'api', 'Prefix', { number: 81 })] } }])])[0];
    expect(servicePortFor(byNumber, ports)?.key).toBe('web/api:metrics');
    expect(servicePortFor(byName, ports)?.key).toBe('web/api:http');
    expect(servicePortFor(missing, ports)).toBeUndefined();
  });

  it('rewrites paths as ingress-nginx: a plain target replaces the path, a regex path fills in captures', () => {
    const plain = ingressRoutes([ingress('seed', [{ http: { paths: [path('/app', 'ui')] } }], {}, { 'nginx.ingress.kubernetes.io/rewrite-target': '/' })]);
    const r1 = matchRoute(plain, 'any', '/app/page')!;
    expect(r1.service).toBe('ui');
    expect(upstreamPath(r1, '/app/page?x=1')).toBe('/?x=1');
    const regex = ingressRoutes([ingress('rx', [{ http: { paths: [path('/something(/|$)(.*)', 'svc', 'ImplementationSpecific')] } }], {}, { 'nginx.ingress.kubernetes.io/rewrite-target': '/$2' })]);
    expect(upstreamPath(matchRoute(regex, 'any', '/something/new/x')!, '/something/new/x')).toBe('/new/x');
    expect(upstreamPath(matchRoute(regex, 'any', '/SOMETHING')!, '/SOMETHING')).toBe('/');
    expect(matchRoute(regex, 'any', '/somethingelse')).toBeUndefined();
    const untouched = ingressRoutes([ingress('p', [{ http: { paths: [path('/app', 'ui')] } }])]);
    expect(upstreamPath(matchRoute(untouched, 'any', '/app/x')!, '/app/x?y')).toBe('/app/x?y');
  });
});

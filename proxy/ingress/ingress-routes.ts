/**
 * The ingress controller's routing table: every HTTP path of every Ingress the node serves, and
 * how a request's Host and path pick one, as Kubernetes specifies Ingress matching — an exact host
 * before a `*.` wildcard (one DNS label) before rules without a host; within the chosen host, the
 * longest matching path, Exact before Prefix; Prefix matching by whole path elements (`/foo`
 * matches `/foo/bar`, not `/foobar`); no match → the Ingress's defaultBackend, else 404.
 * ingress-nginx's `rewrite-target` and `use-regex` annotations work as there: with either, an
 * Ingress's non-Exact paths are case-insensitive regular expressions anchored at the start, and
 * the target (`/$2`, or a plain `/`) replaces the request path, captures substituted.
 */
import type { Ingress } from '../../api/networking/v1/ingress.ts';
import type { ServicePort } from '../service-ports.ts';

/** IngressRoute sends one host/path to one Service port. */
export interface IngressRoute {
  /** ingress is "namespace/name" of the Ingress that asked for it. */
  ingress: string;
  /** host is an exact name, a `*.domain` wildcard, or undefined for any host. */
  host?: string;
  path: string;
  pathType: 'Exact' | 'Prefix';
  /** isDefault marks a spec.defaultBackend: used only when no path matches. */
  isDefault?: boolean;
  /** regex matches the path instead of Prefix rules (rewrite-target or use-regex). */
  regex?: RegExp;
  /** rewriteTarget replaces the path sent to the backend ($1… are regex captures). */
  rewriteTarget?: string;
  namespace: string;
  service: string;
  port: { name?: string; number?: number };
}

/** servedIngress tells whether an Ingress is this controller's: any class when ingressClass is '', else that class. */
export function servedIngress(ing: Ingress, ingressClass: string): boolean {
  if (!ingressClass) return true;
  const cls = ing.spec?.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  return cls === undefined || cls === ingressClass;
}

/** ingressRoutes lists the routes of the Ingresses served (paths without a service backend are skipped). */
export function ingressRoutes(ingresses: Ingress[], ingressClass = ''): IngressRoute[] {
  const routes: IngressRoute[] = [];
  for (const ing of ingresses.filter((i) => servedIngress(i, ingressClass))) {
    const namespace = ing.metadata.namespace ?? 'default';
    const base = { ingress: `${namespace}/${ing.metadata.name}`, namespace };
    const annotation = (name: string) => ing.metadata.annotations?.[`nginx.ingress.kubernetes.io/${name}`] ?? ing.metadata.annotations?.[`ingress.kubernetes.io/${name}`];
    const rewriteTarget = annotation('rewrite-target');
    const useRegex = rewriteTarget !== undefined || annotation('use-regex') === 'true';
    for (const rule of ing.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        if (!p.backend.service) continue;
        const pathType = p.pathType === 'Exact' ? 'Exact' : 'Prefix';
        const path = p.path || '/';
        const regex = useRegex && pathType === 'Prefix' ? pathRegex(path) : undefined;
        routes.push({ ...base, host: rule.host?.toLowerCase(), path, pathType, ...(regex ? { regex } : {}), ...(rewriteTarget !== undefined ? { rewriteTarget } : {}), service: p.backend.service.name, port: p.backend.service.port ?? {} });
      }
    }
    const def = ing.spec?.defaultBackend?.service;
    if (def) routes.push({ ...base, path: '/', pathType: 'Prefix', isDefault: true, service: def.name, port: def.port ?? {} });
  }
  return routes;
}

function hostRank(route: IngressRoute, host: string): number {
  if (route.host === undefined) return 1;
  if (route.host === host) return 3;
  if (route.host.startsWith('*.')) {
    const dot = host.indexOf('.');
    if (dot > 0 && host.slice(dot + 1) === route.host.slice(2)) return 2;
  }
  return 0;
}

/** pathRegex compiles an ingress-nginx regex path (anchored at the start, case-insensitive); an invalid one matches nothing. */
function pathRegex(path: string): RegExp {
  try {
    return new RegExp(`^${path}`, 'i');
  } catch {
    return /$^/;
  }
}

/** upstreamPath is the path and query the backend gets: the request's, or the rewrite target with captures filled in. */
export function upstreamPath(route: IngressRoute, url: string): string {
  if (route.rewriteTarget === undefined) return url;
  const q = url.indexOf('?');
  const [path, query] = q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)];
  const m = route.regex?.exec(path);
  const target = route.rewriteTarget.replace(/\$(\d)/g, (_, i: string) => m?.[Number(i)] ?? '');
  return `${target.startsWith('/') ? '' : '/'}${target}${query}`;
}

function pathMatches(route: IngressRoute, path: string): boolean {
  if (route.regex) return route.regex.test(path);
  if (route.pathType === 'Exact') return path === route.path;
  const prefix = route.path.replace(/\/+$/, '');
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

/** matchRoute picks the route for a request's Host header and path, or undefined (404). */
export function matchRoute(routes: IngressRoute[], hostHeader: string, path: string): IngressRoute | undefined {
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const ranked = routes.filter((r) => !r.isDefault).map((r) => ({ r, rank: hostRank(r, host) })).filter((x) => x.rank > 0);
  const best = Math.max(0, ...ranked.map((x) => x.rank));
  const candidates = ranked.filter((x) => x.rank === best && pathMatches(x.r, path)).map((x) => x.r);
  // Longest match first (a Prefix's trailing slash does not count); on a tie, Exact before Prefix.
  const length = (r: IngressRoute) => (r.pathType === 'Prefix' ? r.path.replace(/\/+$/, '').length : r.path.length);
  const exactFirst = (r: IngressRoute) => (r.pathType === 'Exact' ? 0 : 1);
  candidates.sort((a, b) => length(b) - length(a) || exactFirst(a) - exactFirst(b));
  return candidates[0] ?? routes.find((r) => r.isDefault);
}

/** servicePortFor finds the proxied Service port a route names (by number or by port name). */
export function servicePortFor(route: IngressRoute, ports: ServicePort[]): ServicePort | undefined {
  const prefix = `${route.namespace}/${route.service}:`;
  return ports.find((p) => p.key.startsWith(prefix) && p.protocol === 'TCP' && (route.port.name !== undefined ? p.key === `${prefix}${route.port.name}` : p.port === route.port.number));
}

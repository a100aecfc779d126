import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Service } from '../../api/core/v1/service.ts';
import type { Ingress, IngressBackend } from '../../api/networking/v1/ingress.ts';
import { DescribeWriter } from './describe-writer.ts';
import { writeEvents, type EventLike } from './events.ts';

/** BackendLookup finds a backend Service and its Endpoints in the Ingress's namespace. */
export type BackendLookup = (service: string) => { service?: Service; endpoints?: Endpoints };

/**
 * describeIngress renders `describe ingress` as kubectl does: address, class, default backend,
 * then each rule's host with its paths and `service:port (endpoint,…)` backends.
 */
export function describeIngress(ing: Ingress, lookup: BackendLookup, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  const spec = ing.spec ?? {};
  w.line(0, 'Name:', ing.metadata.name);
  w.map(0, 'Labels:', ing.metadata.labels);
  w.line(0, 'Namespace:', ing.metadata.namespace ?? 'default');
  w.line(0, 'Address:', (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).join(','));
  w.line(0, 'Ingress Class:', spec.ingressClassName ?? '<none>');
  const def = spec.defaultBackend ? backendText(spec.defaultBackend, lookup) : '<default>';
  w.line(0, 'Default backend:', def);
  for (const t of spec.tls ?? []) w.line(0, 'TLS:', `${t.secretName ?? ''} terminates ${(t.hosts ?? []).join(',')}`);
  w.line(0, 'Rules:');
  w.raw(1, ['Host', 'Path', 'Backends']);
  w.raw(1, ['----', '----', '--------']);
  const rules = (spec.rules ?? []).filter((r) => r.http);
  for (const r of rules) {
    w.raw(1, [r.host || '*', '']);
    for (const p of r.http?.paths ?? []) w.raw(2, ['', `${p.path ?? ''} `, backendText(p.backend, lookup)]);
  }
  if (rules.length === 0) w.raw(1, ['*', '*', def]);
  w.map(0, 'Annotations:', ing.metadata.annotations, ['kubectl.kubernetes.io/last-applied-configuration'], ': ');
  writeEvents(w, events, now);
  return w.text();
}

/** backendText is kubectl's `name:port (ip:port,…)`, or the lookup error it prints. */
function backendText(b: IngressBackend, lookup: BackendLookup): string {
  if (!b.service) return b.resource ? `APIGroup: ${b.resource.apiGroup ?? ''}, Kind: ${b.resource.kind}, Name: ${b.resource.name}` : '';
  const ref = b.service;
  const text = `${ref.name}:${ref.port?.name ?? String(ref.port?.number ?? '')}`;
  const { service, endpoints } = lookup(ref.name);
  if (!endpoints) return `${text} (<error: endpoints "${ref.name}" not found>)`;
  // Endpoints name their ports after the Service's: find the name the backend's number stands for.
  const portName = (service?.spec?.ports ?? []).find((p) => p.port === ref.port?.number || (ref.port?.name !== undefined && p.name === ref.port.name))?.name ?? '';
  const list = (endpoints.subsets ?? []).flatMap((s) => {
    const port = (s.ports ?? []).find((p) => (p.name ?? '') === portName);
    return port ? (s.addresses ?? []).map((a) => `${a.ip}:${port.port}`) : [];
  });
  const shown = list.length === 0 ? '<none>' : list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
  return `${text} (${shown})`;
}

import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, Int, KindSchema, Obj, Opt, Str, StrArr } from '../../core/v1/schema-kit.ts';
import { checkEnum, invalid, required } from '../../validation/causes.ts';
import { isDNS1123Subdomain, isDNS1035Label, isPortName, validateString } from '../../validation/names.ts';
import { validatePortNumber } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** IngressBackendSchema is where matching traffic goes: a Service port or a resource. */
export const IngressBackendSchema = Obj({
  service: Opt(Obj({ name: Str(), port: Opt(Obj({ name: Opt(Str()), number: Opt(Int()) })) })),
  resource: Opt(Obj({ apiGroup: Opt(Str()), kind: Str(), name: Str() })),
});
export type IngressBackend = Static<typeof IngressBackendSchema>;

/** HTTPIngressPathSchema maps a path to a backend. */
export const HTTPIngressPathSchema = Obj({ path: Opt(Str()), pathType: Str(), backend: IngressBackendSchema });

/** IngressRuleSchema routes one host's HTTP paths. */
export const IngressRuleSchema = Obj({ host: Opt(Str()), http: Opt(Obj({ paths: Arr(HTTPIngressPathSchema) })) });

/** IngressSchema is a networking.k8s.io/v1 Ingress. */
export const IngressSchema = KindSchema({
  spec: Opt(
    Obj({
      ingressClassName: Opt(Str()),
      defaultBackend: Opt(IngressBackendSchema),
      tls: Opt(Arr(Obj({ hosts: Opt(StrArr()), secretName: Opt(Str()) }))),
      rules: Opt(Arr(IngressRuleSchema)),
    }),
  ),
  status: Opt(
    Obj({
      loadBalancer: Opt(Obj({ ingress: Opt(Arr(Obj({ ip: Opt(Str()), hostname: Opt(Str()), ports: Opt(Arr(Obj({ port: Int(), protocol: Str(), error: Opt(Str()) }))) }))) })),
    }),
  ),
});
export type Ingress = Static<typeof IngressSchema>;

function validateBackend(b: IngressBackend | undefined, p: string): StatusCause[] {
  if (!b) return [required(p)];
  const n = Number(!!b.service) + Number(!!b.resource);
  if (n !== 1) return [invalid(p, '', 'exactly one of `service` or `resource` must be specified')];
  if (!b.service) return [];
  const causes = validateString(`${p}.service.name`, b.service.name ?? '', isDNS1035Label);
  const port = b.service.port;
  if (!port || (port.name === undefined) === (port.number === undefined)) causes.push(invalid(`${p}.service.port`, port ?? '', 'port name or number is required'));
  else if (port.name !== undefined) causes.push(...validateString(`${p}.service.port.name`, port.name, isPortName));
  else causes.push(...validatePortNumber(`${p}.service.port.number`, port.number));
  return causes;
}

// A host is a DNS subdomain, optionally starting with a single '*.' wildcard label.
function validateHost(host: string, field: string): StatusCause[] {
  return validateString(field, host.startsWith('*.') ? host.slice(2) : host, isDNS1123Subdomain).map((c) => ({ ...c, message: c.message?.replace(JSON.stringify(host.slice(2)), JSON.stringify(host)) }));
}

function validateIngress(ing: Ingress): StatusCause[] {
  const spec = ing.spec ?? {};
  const causes = validateObjectMeta(ing.metadata, { namespaced: true });
  if (!spec.defaultBackend && !(spec.rules ?? []).length) causes.push(invalid('spec', '', 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) causes.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  (spec.rules ?? []).forEach((r, i) => {
    const p = `spec.rules[${i}]`;
    if (r.host) causes.push(...validateHost(r.host, `${p}.host`));
    (r.http?.paths ?? []).forEach((hp, j) => {
      const pp = `${p}.http.paths[${j}]`;
      if (!hp.pathType) causes.push(required(`${pp}.pathType`, 'pathType must be specified'));
      else causes.push(...checkEnum(`${pp}.pathType`, hp.pathType, ['Exact', 'Prefix', 'ImplementationSpecific']));
      if (hp.pathType !== 'ImplementationSpecific' && !(hp.path ?? '').startsWith('/')) causes.push(invalid(`${pp}.path`, hp.path ?? '', 'must be an absolute path'));
      causes.push(...validateBackend(hp.backend, `${pp}.backend`));
    });
  });
  (spec.tls ?? []).forEach((t, i) => (t.hosts ?? []).forEach((h, j) => causes.push(...validateHost(h, `spec.tls[${i}].hosts[${j}]`))));
  return causes;
}

/** ingressDefinition is the KindDefinition of networking.k8s.io/v1 Ingress. */
export const ingressDefinition: KindDefinition<Ingress> = {
  info: Resources.ingresses,
  schema: IngressSchema,
  applyDefaults() {},
  validate: validateIngress,
  validateUpdate: (ing, old) => [...validateIngress(ing), ...validateObjectMetaUpdate(ing.metadata, old.metadata)],
};

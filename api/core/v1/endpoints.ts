import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, Int, KindSchema, Obj, Opt, Str } from './schema-kit.ts';
import { ObjectReferenceSchema } from './object-reference.ts';
import { required } from '../../validation/causes.ts';
import { isDNS1123Label, isDNS1123Subdomain, isPortName, validateString } from '../../validation/names.ts';
import { validateIP } from '../../validation/network.ts';
import { validatePortNumber, validateProtocol } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** EndpointAddressSchema is one backend IP (usually a pod) of a Service. */
export const EndpointAddressSchema = Obj({ ip: Str(), hostname: Opt(Str()), nodeName: Opt(Str()), targetRef: Opt(ObjectReferenceSchema) });
export type EndpointAddress = Static<typeof EndpointAddressSchema>;

/** EndpointPortSchema is one port served by the addresses of a subset. */
export const EndpointPortSchema = Obj({ name: Opt(Str()), port: Int(), protocol: Opt(Str()), appProtocol: Opt(Str()) });
export type EndpointPort = Static<typeof EndpointPortSchema>;

/** EndpointSubsetSchema is a group of addresses sharing the same ports. */
export const EndpointSubsetSchema = Obj({
  addresses: Opt(Arr(EndpointAddressSchema)),
  notReadyAddresses: Opt(Arr(EndpointAddressSchema)),
  ports: Opt(Arr(EndpointPortSchema)),
});
export type EndpointSubset = Static<typeof EndpointSubsetSchema>;

/** EndpointsSchema is a core/v1 Endpoints: the ready and not-ready backends of a Service. */
export const EndpointsSchema = KindSchema({ subsets: Opt(Arr(EndpointSubsetSchema)) });
export type Endpoints = Static<typeof EndpointsSchema>;

function validateAddress(a: EndpointAddress, p: string): StatusCause[] {
  const causes = a.ip ? validateIP(`${p}.ip`, a.ip) : [required(`${p}.ip`)];
  if (a.hostname) causes.push(...validateString(`${p}.hostname`, a.hostname, isDNS1123Label));
  if (a.nodeName) causes.push(...validateString(`${p}.nodeName`, a.nodeName, isDNS1123Subdomain));
  return causes;
}

function validateEndpoints(ep: Endpoints): StatusCause[] {
  const causes = validateObjectMeta(ep.metadata, { namespaced: true });
  (ep.subsets ?? []).forEach((s, i) => {
    const p = `subsets[${i}]`;
    (s.addresses ?? []).forEach((a, j) => causes.push(...validateAddress(a, `${p}.addresses[${j}]`)));
    (s.notReadyAddresses ?? []).forEach((a, j) => causes.push(...validateAddress(a, `${p}.notReadyAddresses[${j}]`)));
    const ports = s.ports ?? [];
    ports.forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      if (ports.length > 1 && !port.name) causes.push(required(`${pp}.name`));
      if (port.name) causes.push(...validateString(`${pp}.name`, port.name, isPortName));
      causes.push(...validatePortNumber(`${pp}.port`, port.port), ...validateProtocol(`${pp}.protocol`, port.protocol));
    });
  });
  return causes;
}

/** endpointsDefinition is the KindDefinition of core/v1 Endpoints. */
export const endpointsDefinition: KindDefinition<Endpoints> = {
  info: Resources.endpoints,
  schema: EndpointsSchema,
  applyDefaults(ep) {
    for (const s of ep.subsets ?? []) for (const p of s.ports ?? []) p.protocol ||= 'TCP';
  },
  validate: validateEndpoints,
  validateUpdate: (ep, old) => [...validateEndpoints(ep), ...validateObjectMetaUpdate(ep.metadata, old.metadata)],
};

import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Arr, Bool, Int, KindSchema, Obj, Opt, Str, StrArr, StrMap } from '../../core/v1/schema-kit.ts';
import { ObjectReferenceSchema } from '../../core/v1/object-reference.ts';
import { checkEnum, immutable, required, tooMany } from '../../validation/causes.ts';
import { isDNS1123Label, isDNS1123Subdomain, isPortName, validateString } from '../../validation/names.ts';
import { validateIP } from '../../validation/network.ts';
import { validatePortNumber, validateProtocol } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** EndpointSchema is one backend of an EndpointSlice: its addresses, readiness and where it runs. */
export const EndpointSchema = Obj({
  addresses: StrArr(),
  conditions: Opt(Obj({ ready: Opt(Bool()), serving: Opt(Bool()), terminating: Opt(Bool()) })),
  hostname: Opt(Str()),
  targetRef: Opt(ObjectReferenceSchema),
  deprecatedTopology: Opt(StrMap()),
  nodeName: Opt(Str()),
  zone: Opt(Str()),
  hints: Opt(Obj({ forZones: Opt(Arr(Obj({ name: Str() }))) })),
});
export type Endpoint = Static<typeof EndpointSchema>;

/** EndpointSlicePortSchema is a port every endpoint of the slice serves. */
export const EndpointSlicePortSchema = Obj({ name: Opt(Str()), protocol: Opt(Str()), port: Opt(Int()), appProtocol: Opt(Str()) });

/** EndpointSliceSchema is a discovery.k8s.io/v1 EndpointSlice: a Service's backends, as kubectl 1.32 reads them. */
export const EndpointSliceSchema = KindSchema({
  addressType: Str(),
  endpoints: Opt(Arr(EndpointSchema)),
  ports: Opt(Arr(EndpointSlicePortSchema)),
});
export type EndpointSlice = Static<typeof EndpointSliceSchema>;

const ADDRESS_TYPES = ['IPv4', 'IPv6', 'FQDN'];

function validateEndpoint(e: Endpoint, p: string, addressType: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (e.addresses.length === 0) causes.push(required(`${p}.addresses`, 'must contain at least 1 address'));
  if (e.addresses.length > 100) causes.push(tooMany(`${p}.addresses`, e.addresses.length, 100));
  e.addresses.forEach((a, i) => causes.push(...(addressType === 'FQDN' ? validateString(`${p}.addresses[${i}]`, a, isDNS1123Subdomain) : validateIP(`${p}.addresses[${i}]`, a))));
  if (e.hostname) causes.push(...validateString(`${p}.hostname`, e.hostname, isDNS1123Label));
  if (e.nodeName) causes.push(...validateString(`${p}.nodeName`, e.nodeName, isDNS1123Subdomain));
  return causes;
}

function validateEndpointSlice(s: EndpointSlice): StatusCause[] {
  const causes = [...validateObjectMeta(s.metadata, { namespaced: true }), ...checkEnum('addressType', s.addressType, ADDRESS_TYPES, true)];
  const endpoints = s.endpoints ?? [];
  const ports = s.ports ?? [];
  if (endpoints.length > 1000) causes.push(tooMany('endpoints', endpoints.length, 1000));
  if (ports.length > 100) causes.push(tooMany('ports', ports.length, 100));
  endpoints.forEach((e, i) => causes.push(...validateEndpoint(e, `endpoints[${i}]`, s.addressType)));
  ports.forEach((port, i) => {
    const p = `ports[${i}]`;
    if (port.name) causes.push(...validateString(`${p}.name`, port.name, isPortName));
    if (port.port !== undefined) causes.push(...validatePortNumber(`${p}.port`, port.port));
    causes.push(...validateProtocol(`${p}.protocol`, port.protocol));
  });
  return causes;
}

/** endpointSliceDefinition is the KindDefinition of discovery.k8s.io/v1 EndpointSlice. */
export const endpointSliceDefinition: KindDefinition<EndpointSlice> = {
  info: Resources.endpointslices,
  schema: EndpointSliceSchema,
  applyDefaults(s) {
    for (const p of s.ports ?? []) p.protocol ||= 'TCP';
  },
  validate: validateEndpointSlice,
  validateUpdate: (s, old) => [...validateEndpointSlice(s), ...immutable('addressType', s.addressType, old.addressType), ...validateObjectMetaUpdate(s.metadata, old.metadata)],
};

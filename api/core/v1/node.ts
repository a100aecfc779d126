import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition } from '../../meta/v1/object-meta.ts';
import { Arr, Bool, Int, KindSchema, Obj, Opt, Str, StrArr } from './schema-kit.ts';
import { TaintSchema, TaintEffects, type Taint } from './affinity.ts';
import { ResourceListSchema } from './container.ts';
import { checkEnum, duplicate, invalid, required } from '../../validation/causes.ts';
import { isValidLabelValue, validateLabelName } from '../../validation/labels.ts';
import { validateCIDR } from '../../validation/network.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

/** NodeSpecSchema is what a node is configured with (pod CIDR, taints, cordon). */
export const NodeSpecSchema = Obj({
  podCIDR: Opt(Str()),
  podCIDRs: Opt(StrArr()),
  providerID: Opt(Str()),
  unschedulable: Opt(Bool()),
  taints: Opt(Arr(TaintSchema)),
  configSource: Opt(Obj({ configMap: Opt(Obj({ namespace: Str(), name: Str(), uid: Opt(Str()), resourceVersion: Opt(Str()), kubeletConfigKey: Str() })) })),
  externalID: Opt(Str()),
});
export type NodeSpec = Static<typeof NodeSpecSchema>;

/** NodeAddressSchema is one address of a node (InternalIP, ExternalIP, Hostname, …). */
export const NodeAddressSchema = Obj({ type: Str(), address: Str() });
export type NodeAddress = Static<typeof NodeAddressSchema>;

/** NodeSystemInfoSchema describes the node's OS, kernel and runtime. */
export const NodeSystemInfoSchema = Obj({
  machineID: Str(),
  systemUUID: Str(),
  bootID: Str(),
  kernelVersion: Str(),
  osImage: Str(),
  containerRuntimeVersion: Str(),
  kubeletVersion: Str(),
  kubeProxyVersion: Opt(Str()),
  operatingSystem: Str(),
  architecture: Str(),
  swap: Opt(Obj({ capacity: Opt(Int()) })),
});
export type NodeSystemInfo = Static<typeof NodeSystemInfoSchema>;

/** NodeStatusSchema is what the kubelet reports about its node. */
export const NodeStatusSchema = Obj({
  capacity: Opt(ResourceListSchema),
  allocatable: Opt(ResourceListSchema),
  phase: Opt(Str()),
  conditions: Opt(Arr(Condition)),
  addresses: Opt(Arr(NodeAddressSchema)),
  daemonEndpoints: Opt(Obj({ kubeletEndpoint: Opt(Obj({ Port: Int() })) })),
  nodeInfo: Opt(NodeSystemInfoSchema),
  images: Opt(Arr(Obj({ names: Opt(StrArr()), sizeBytes: Opt(Int()) }))),
  volumesInUse: Opt(StrArr()),
  volumesAttached: Opt(Arr(Obj({ name: Str(), devicePath: Str() }))),
  runtimeHandlers: Opt(Arr(Obj({ name: Opt(Str()), features: Opt(Obj({ recursiveReadOnlyMounts: Opt(Bool()), userNamespaces: Opt(Bool()) })) }))),
  features: Opt(Obj({ supplementalGroupsPolicy: Opt(Bool()) })),
});
export type NodeStatus = Static<typeof NodeStatusSchema>;

/** NodeSchema is a core/v1 Node (cluster-scoped). */
export const NodeSchema = KindSchema({ spec: Opt(NodeSpecSchema), status: Opt(NodeStatusSchema) });
export type Node = Static<typeof NodeSchema>;

/** validateTaints checks taint keys, values and effects, and that key+effect pairs are unique. */
export function validateTaints(taints: Taint[], path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (!t.key) causes.push(required(`${p}.key`));
    else causes.push(...validateLabelName(`${p}.key`, t.key));
    if (t.value) for (const m of isValidLabelValue(t.value)) causes.push(invalid(`${p}.value`, t.value, m));
    causes.push(...checkEnum(`${p}.effect`, t.effect, TaintEffects, true));
    const id = `${t.key}:${t.effect}`;
    if (seen.has(id)) causes.push(duplicate(p, `${t.key}:${t.effect}`));
    seen.add(id);
  });
  return causes;
}

function validateNode(node: Node): StatusCause[] {
  const causes = validateObjectMeta(node.metadata, { namespaced: false });
  const spec = node.spec ?? {};
  if (spec.podCIDR) causes.push(...validateCIDR('spec.podCIDR', spec.podCIDR));
  (spec.podCIDRs ?? []).forEach((c, i) => causes.push(...validateCIDR(`spec.podCIDRs[${i}]`, c)));
  causes.push(...validateTaints(spec.taints ?? [], 'spec.taints'));
  return causes;
}

/** nodeDefinition is the KindDefinition of core/v1 Node. */
export const nodeDefinition: KindDefinition<Node> = {
  info: Resources.nodes,
  schema: NodeSchema,
  applyDefaults(node) {
    node.spec ??= {};
    // Allocatable defaults to capacity, as Kubernetes' SetDefaults_NodeStatus does.
    if (node.status?.capacity && !node.status.allocatable) node.status.allocatable = { ...node.status.capacity };
    if (node.spec.podCIDR && !node.spec.podCIDRs?.length) node.spec.podCIDRs = [node.spec.podCIDR];
  },
  validate: validateNode,
  validateUpdate(node, old) {
    const causes = [...validateNode(node), ...validateObjectMetaUpdate(node.metadata, old.metadata)];
    // A pod CIDR, once assigned, stays: routes on every node depend on it.
    const oldCIDR = old.spec?.podCIDR;
    if (oldCIDR && node.spec?.podCIDR !== oldCIDR) causes.push({ reason: 'FieldValueForbidden', field: 'spec.podCIDR', message: 'Forbidden: node updates may not change podCIDR except from "" to valid' });
    return causes;
  },
  selectableFields: (node) => ({ 'spec.unschedulable': String(node.spec?.unschedulable ?? false) }),
};

import { type Static } from '@sinclair/typebox';
import { ObjectMeta } from '../../meta/v1/object-meta.ts';
import { Arr, Bool, Int, Obj, Opt, Str, StrArr, StrMap } from './schema-kit.ts';
import { ContainerSchema, EphemeralContainerSchema, LocalObjectReferenceSchema, ResourceListSchema, ResourceRequirementsSchema } from './container.ts';
import { PodSecurityContextSchema } from './probe.ts';
import { VolumeSchema } from './volume.ts';
import { AffinitySchema, TolerationSchema, TopologySpreadConstraintSchema } from './affinity.ts';

/** PodDNSConfigSchema adds nameservers, search domains and resolver options. */
export const PodDNSConfigSchema = Obj({
  nameservers: Opt(StrArr()),
  searches: Opt(StrArr()),
  options: Opt(Arr(Obj({ name: Opt(Str()), value: Opt(Str()) }))),
});

/** HostAliasSchema is an /etc/hosts entry. */
export const HostAliasSchema = Obj({ ip: Str(), hostnames: Opt(StrArr()) });

/** PodSpecSchema is the desired state of a pod. */
export const PodSpecSchema = Obj({
  volumes: Opt(Arr(VolumeSchema)),
  initContainers: Opt(Arr(ContainerSchema)),
  containers: Arr(ContainerSchema),
  ephemeralContainers: Opt(Arr(EphemeralContainerSchema)),
  restartPolicy: Opt(Str()),
  terminationGracePeriodSeconds: Opt(Int()),
  activeDeadlineSeconds: Opt(Int()),
  dnsPolicy: Opt(Str()),
  nodeSelector: Opt(StrMap()),
  serviceAccountName: Opt(Str()),
  serviceAccount: Opt(Str()),
  automountServiceAccountToken: Opt(Bool()),
  nodeName: Opt(Str()),
  hostNetwork: Opt(Bool()),
  hostPID: Opt(Bool()),
  hostIPC: Opt(Bool()),
  shareProcessNamespace: Opt(Bool()),
  securityContext: Opt(PodSecurityContextSchema),
  imagePullSecrets: Opt(Arr(LocalObjectReferenceSchema)),
  hostname: Opt(Str()),
  subdomain: Opt(Str()),
  affinity: Opt(AffinitySchema),
  schedulerName: Opt(Str()),
  tolerations: Opt(Arr(TolerationSchema)),
  hostAliases: Opt(Arr(HostAliasSchema)),
  priorityClassName: Opt(Str()),
  priority: Opt(Int()),
  dnsConfig: Opt(PodDNSConfigSchema),
  readinessGates: Opt(Arr(Obj({ conditionType: Str() }))),
  runtimeClassName: Opt(Str()),
  enableServiceLinks: Opt(Bool()),
  preemptionPolicy: Opt(Str()),
  overhead: Opt(ResourceListSchema),
  topologySpreadConstraints: Opt(Arr(TopologySpreadConstraintSchema)),
  setHostnameAsFQDN: Opt(Bool()),
  os: Opt(Obj({ name: Str() })),
  hostUsers: Opt(Bool()),
  schedulingGates: Opt(Arr(Obj({ name: Str() }))),
  resourceClaims: Opt(Arr(Obj({ name: Str(), resourceClaimName: Opt(Str()), resourceClaimTemplateName: Opt(Str()) }))),
  resources: Opt(ResourceRequirementsSchema),
}, 'urn:skiff:core:v1:PodSpec');
export type PodSpec = Static<typeof PodSpecSchema>;

/** PodTemplateSpecSchema is the pod template inside workloads (Deployment, Job, …). */
export const PodTemplateSpecSchema = Obj({
  metadata: Opt(ObjectMeta),
  spec: PodSpecSchema,
}, 'urn:skiff:core:v1:PodTemplateSpec');
export type PodTemplateSpec = Static<typeof PodTemplateSpecSchema>;

/** RestartPolicies are the values of spec.restartPolicy. */
export const RestartPolicies = ['Always', 'OnFailure', 'Never'] as const;
/** DNSPolicies are the values of spec.dnsPolicy. */
export const DNSPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;
/** PullPolicies are the values of imagePullPolicy. */
export const PullPolicies = ['Always', 'IfNotPresent', 'Never'] as const;


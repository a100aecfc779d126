import { Type, type Static } from '@sinclair/typebox';
import { Quantity } from '../../meta/v1/object-meta.ts';
import { Arr, Bool, Int, Obj, Opt, Str, StrArr } from './schema-kit.ts';
import { LifecycleSchema, ProbeSchema, SecurityContextSchema } from './probe.ts';

/** ContainerPortSchema is one port a container exposes. */
export const ContainerPortSchema = Obj({
  name: Opt(Str()),
  hostPort: Opt(Int()),
  containerPort: Int(),
  protocol: Opt(Str()),
  hostIP: Opt(Str()),
});
export type ContainerPort = Static<typeof ContainerPortSchema>;

/** ObjectFieldSelectorSchema selects a field of the pod (env fieldRef, downward API). */
export const ObjectFieldSelectorSchema = Obj({ apiVersion: Opt(Str()), fieldPath: Str() });
export type ObjectFieldSelector = Static<typeof ObjectFieldSelectorSchema>;

/** ResourceFieldSelectorSchema selects a container resource (limits.cpu, requests.memory…). */
export const ResourceFieldSelectorSchema = Obj({ containerName: Opt(Str()), resource: Str(), divisor: Opt(Quantity) });
export type ResourceFieldSelector = Static<typeof ResourceFieldSelectorSchema>;

/** KeySelectorSchema picks one key of a ConfigMap or Secret. */
export const KeySelectorSchema = Obj({ name: Opt(Str()), key: Str(), optional: Opt(Bool()) });
export type KeySelector = Static<typeof KeySelectorSchema>;

/** EnvVarSourceSchema is where an env var's value comes from. */
export const EnvVarSourceSchema = Obj({
  fieldRef: Opt(ObjectFieldSelectorSchema),
  resourceFieldRef: Opt(ResourceFieldSelectorSchema),
  configMapKeyRef: Opt(KeySelectorSchema),
  secretKeyRef: Opt(KeySelectorSchema),
});
export type EnvVarSource = Static<typeof EnvVarSourceSchema>;

/** EnvVarSchema is one environment variable: a literal value or a reference. */
export const EnvVarSchema = Obj({ name: Str(), value: Opt(Str()), valueFrom: Opt(EnvVarSourceSchema) }, 'urn:skiff:core:v1:EnvVar');
export type EnvVar = Static<typeof EnvVarSchema>;

/** LocalObjectReferenceSchema names an object in the same namespace (optional flag for env refs). */
export const LocalObjectReferenceSchema = Obj({ name: Opt(Str()) });
export type LocalObjectReference = Static<typeof LocalObjectReferenceSchema>;

/** EnvFromSourceSchema imports every key of a ConfigMap or Secret, with an optional prefix. */
export const EnvFromSourceSchema = Obj({
  prefix: Opt(Str()),
  configMapRef: Opt(Obj({ name: Opt(Str()), optional: Opt(Bool()) })),
  secretRef: Opt(Obj({ name: Opt(Str()), optional: Opt(Bool()) })),
});
export type EnvFromSource = Static<typeof EnvFromSourceSchema>;

/** VolumeMountSchema mounts a pod volume into a container. */
export const VolumeMountSchema = Obj({
  name: Str(),
  readOnly: Opt(Bool()),
  recursiveReadOnly: Opt(Str()),
  mountPath: Str(),
  subPath: Opt(Str()),
  mountPropagation: Opt(Str()),
  subPathExpr: Opt(Str()),
});
export type VolumeMount = Static<typeof VolumeMountSchema>;

/** VolumeDeviceSchema maps a raw block volume into a container. */
export const VolumeDeviceSchema = Obj({ name: Str(), devicePath: Str() });

/** ResourceListSchema maps resource names (cpu, memory, pods…) to quantities. */
export const ResourceListSchema = Type.Record(Type.String(), Quantity);
export type ResourceList = Static<typeof ResourceListSchema>;

/** ResourceRequirementsSchema is a container's requests and limits. */
export const ResourceRequirementsSchema = Obj({
  limits: Opt(ResourceListSchema),
  requests: Opt(ResourceListSchema),
  claims: Opt(Arr(Obj({ name: Str(), request: Opt(Str()) }))),
}, 'urn:skiff:core:v1:ResourceRequirements');
export type ResourceRequirements = Static<typeof ResourceRequirementsSchema>;

const containerProps = {
  name: Str(),
  image: Opt(Str()),
  command: Opt(StrArr()),
  args: Opt(StrArr()),
  workingDir: Opt(Str()),
  ports: Opt(Arr(ContainerPortSchema)),
  envFrom: Opt(Arr(EnvFromSourceSchema)),
  env: Opt(Arr(EnvVarSchema)),
  resources: Opt(ResourceRequirementsSchema),
  resizePolicy: Opt(Arr(Obj({ resourceName: Str(), restartPolicy: Str() }))),
  restartPolicy: Opt(Str()),
  volumeMounts: Opt(Arr(VolumeMountSchema)),
  volumeDevices: Opt(Arr(VolumeDeviceSchema)),
  livenessProbe: Opt(ProbeSchema),
  readinessProbe: Opt(ProbeSchema),
  startupProbe: Opt(ProbeSchema),
  lifecycle: Opt(LifecycleSchema),
  terminationMessagePath: Opt(Str()),
  terminationMessagePolicy: Opt(Str()),
  imagePullPolicy: Opt(Str()),
  securityContext: Opt(SecurityContextSchema),
  stdin: Opt(Bool()),
  stdinOnce: Opt(Bool()),
  tty: Opt(Bool()),
};

/** ContainerSchema is one container of a pod (app, init or sidecar). */
export const ContainerSchema = Obj(containerProps, 'urn:skiff:core:v1:Container');
export type Container = Static<typeof ContainerSchema>;

/** EphemeralContainerSchema is a debugging container added to a running pod. */
export const EphemeralContainerSchema = Obj({ ...containerProps, targetContainerName: Opt(Str()) });
export type EphemeralContainer = Static<typeof EphemeralContainerSchema>;

/**
 * Field tables of the Kubernetes protobuf messages kubectl's typed clients send on create
 * (`kubectl create namespace|configmap|secret|deployment|service|job|cronjob|serviceaccount`),
 * field numbers as in k8s.io/api's generated.proto. Fields not listed are skipped.
 */

/** FieldType says how to turn a wire value into JSON. */
export type FieldType = 'string' | 'int' | 'bool' | 'bytes' | 'time' | 'quantity' | 'intOrString' | MessageSchema | { map: FieldType };

/** FieldSpec is [jsonName, type, repeated?]. */
export type FieldSpec = [string, FieldType, boolean?];

/** MessageSchema maps field numbers to their JSON name and type. */
export type MessageSchema = { [no: number]: FieldSpec };

const str = 'string' as const;
const int = 'int' as const;
const bool = 'bool' as const;

const OwnerReference: MessageSchema = { 1: ['kind', str], 3: ['name', str], 4: ['uid', str], 5: ['apiVersion', str], 6: ['controller', bool], 7: ['blockOwnerDeletion', bool] };

export const ObjectMeta: MessageSchema = {
  1: ['name', str],
  2: ['generateName', str],
  3: ['namespace', str],
  5: ['uid', str],
  6: ['resourceVersion', str],
  7: ['generation', int],
  10: ['deletionGracePeriodSeconds', int],
  11: ['labels', { map: str }],
  12: ['annotations', { map: str }],
  13: ['ownerReferences', OwnerReference, true],
  14: ['finalizers', str, true],
};

const LabelSelectorRequirement: MessageSchema = { 1: ['key', str], 2: ['operator', str], 3: ['values', str, true] };
const LabelSelector: MessageSchema = { 1: ['matchLabels', { map: str }], 2: ['matchExpressions', LabelSelectorRequirement, true] };
const ContainerPort: MessageSchema = { 1: ['name', str], 2: ['hostPort', int], 3: ['containerPort', int], 4: ['protocol', str], 5: ['hostIP', str] };
const EnvVar: MessageSchema = { 1: ['name', str], 2: ['value', str] };
const ResourceRequirements: MessageSchema = { 1: ['limits', { map: 'quantity' }], 2: ['requests', { map: 'quantity' }] };
const Container: MessageSchema = {
  1: ['name', str],
  2: ['image', str],
  3: ['command', str, true],
  4: ['args', str, true],
  5: ['workingDir', str],
  6: ['ports', ContainerPort, true],
  7: ['env', EnvVar, true],
  8: ['resources', ResourceRequirements],
  13: ['terminationMessagePath', str],
  14: ['imagePullPolicy', str],
  16: ['stdin', bool],
  17: ['stdinOnce', bool],
  18: ['tty', bool],
  20: ['terminationMessagePolicy', str],
};
const PodSpec: MessageSchema = {
  2: ['containers', Container, true],
  3: ['restartPolicy', str],
  4: ['terminationGracePeriodSeconds', int],
  5: ['activeDeadlineSeconds', int],
  6: ['dnsPolicy', str],
  7: ['nodeSelector', { map: str }],
  8: ['serviceAccountName', str],
  10: ['nodeName', str],
  11: ['hostNetwork', bool],
  19: ['schedulerName', str],
  20: ['initContainers', Container, true],
};
const PodTemplateSpec: MessageSchema = { 1: ['metadata', ObjectMeta], 2: ['spec', PodSpec] };
const RollingUpdateDeployment: MessageSchema = { 1: ['maxUnavailable', 'intOrString'], 2: ['maxSurge', 'intOrString'] };
const DeploymentStrategy: MessageSchema = { 1: ['type', str], 2: ['rollingUpdate', RollingUpdateDeployment] };
const DeploymentSpec: MessageSchema = {
  1: ['replicas', int],
  2: ['selector', LabelSelector],
  3: ['template', PodTemplateSpec],
  4: ['strategy', DeploymentStrategy],
  5: ['minReadySeconds', int],
  6: ['revisionHistoryLimit', int],
  7: ['paused', bool],
  9: ['progressDeadlineSeconds', int],
};
const ServicePort: MessageSchema = { 1: ['name', str], 2: ['protocol', str], 3: ['port', int], 4: ['targetPort', 'intOrString'], 5: ['nodePort', int] };
const ServiceSpec: MessageSchema = {
  1: ['ports', ServicePort, true],
  2: ['selector', { map: str }],
  3: ['clusterIP', str],
  4: ['type', str],
  5: ['externalIPs', str, true],
  7: ['sessionAffinity', str],
  10: ['externalName', str],
  11: ['externalTrafficPolicy', str],
};
const JobSpec: MessageSchema = {
  1: ['parallelism', int],
  2: ['completions', int],
  3: ['activeDeadlineSeconds', int],
  4: ['selector', LabelSelector],
  5: ['manualSelector', bool],
  6: ['template', PodTemplateSpec],
  7: ['backoffLimit', int],
  8: ['ttlSecondsAfterFinished', int],
  9: ['completionMode', str],
  10: ['suspend', bool],
};
const JobTemplateSpec: MessageSchema = { 1: ['metadata', ObjectMeta], 2: ['spec', JobSpec] };
const CronJobSpec: MessageSchema = {
  1: ['schedule', str],
  2: ['startingDeadlineSeconds', int],
  3: ['concurrencyPolicy', str],
  4: ['suspend', bool],
  5: ['jobTemplate', JobTemplateSpec],
  6: ['successfulJobsHistoryLimit', int],
  7: ['failedJobsHistoryLimit', int],
  8: ['timeZone', str],
};
const LocalObjectReference: MessageSchema = { 1: ['name', str] };
const ObjectReference: MessageSchema = { 1: ['kind', str], 2: ['namespace', str], 3: ['name', str] };

const withMeta = (rest: MessageSchema): MessageSchema => ({ 1: ['metadata', ObjectMeta], ...rest });

/** kindSchemas are the top-level messages by `apiVersion/kind`. */
export const kindSchemas: Record<string, MessageSchema> = {
  'v1/Namespace': withMeta({ 2: ['spec', { 1: ['finalizers', str, true] }] }),
  'v1/ConfigMap': withMeta({ 2: ['data', { map: str }], 3: ['binaryData', { map: 'bytes' }], 4: ['immutable', bool] }),
  'v1/Secret': withMeta({ 2: ['data', { map: 'bytes' }], 3: ['type', str], 4: ['stringData', { map: str }], 5: ['immutable', bool] }),
  'v1/ServiceAccount': withMeta({ 2: ['secrets', ObjectReference, true], 3: ['imagePullSecrets', LocalObjectReference, true], 4: ['automountServiceAccountToken', bool] }),
  'v1/Service': withMeta({ 2: ['spec', ServiceSpec] }),
  'v1/Pod': withMeta({ 2: ['spec', PodSpec] }),
  'apps/v1/Deployment': withMeta({ 2: ['spec', DeploymentSpec] }),
  'batch/v1/Job': withMeta({ 2: ['spec', JobSpec] }),
  'batch/v1/CronJob': withMeta({ 2: ['spec', CronJobSpec] }),
};

import { type Static } from '@sinclair/typebox';
import { Condition } from '../../meta/v1/object-meta.ts';
import { Arr, Bool, Int, NullableTime, Obj, Opt, Str, Time } from './schema-kit.ts';
import { ResourceListSchema, ResourceRequirementsSchema } from './container.ts';

/** ContainerStateWaitingSchema: not yet running (reason such as ContainerCreating, CrashLoopBackOff). */
export const ContainerStateWaitingSchema = Obj({ reason: Opt(Str()), message: Opt(Str()) });
/** ContainerStateRunningSchema: running since startedAt. */
export const ContainerStateRunningSchema = Obj({ startedAt: Opt(NullableTime()) });
/** ContainerStateTerminatedSchema: exited with exitCode (reason Completed, Error, OOMKilled…). */
export const ContainerStateTerminatedSchema = Obj({
  exitCode: Int(),
  signal: Opt(Int()),
  reason: Opt(Str()),
  message: Opt(Str()),
  startedAt: Opt(NullableTime()),
  finishedAt: Opt(NullableTime()),
  containerID: Opt(Str()),
});

/** ContainerStateSchema holds at most one of waiting, running, terminated. */
export const ContainerStateSchema = Obj({
  waiting: Opt(ContainerStateWaitingSchema),
  running: Opt(ContainerStateRunningSchema),
  terminated: Opt(ContainerStateTerminatedSchema),
});
export type ContainerState = Static<typeof ContainerStateSchema>;

/** ContainerStatusSchema is the observed state of one container. */
export const ContainerStatusSchema = Obj({
  name: Str(),
  state: Opt(ContainerStateSchema),
  lastState: Opt(ContainerStateSchema),
  ready: Bool(),
  restartCount: Int(),
  image: Str(),
  imageID: Str(),
  containerID: Opt(Str()),
  started: Opt(Bool()),
  allocatedResources: Opt(ResourceListSchema),
  resources: Opt(ResourceRequirementsSchema),
  volumeMounts: Opt(Arr(Obj({ name: Str(), mountPath: Str(), readOnly: Opt(Bool()), recursiveReadOnly: Opt(Str()) }))),
  user: Opt(Obj({ linux: Opt(Obj({ uid: Int(), gid: Int(), supplementalGroups: Opt(Arr(Int())) })) })),
  stopSignal: Opt(Str()),
  allocatedResourcesStatus: Opt(Arr(Obj({ name: Str(), resources: Opt(Arr(Obj({ resourceID: Str(), health: Opt(Str()) }))) }))),
}, 'urn:skiff:core:v1:ContainerStatus');
export type ContainerStatus = Static<typeof ContainerStatusSchema>;

/** PodIPSchema is one of a pod's (or host's) IP addresses. */
export const PodIPSchema = Obj({ ip: Str() });

/** PodConditionSchema is a pod condition (PodScheduled, Initialized, ContainersReady, Ready). */
export const PodConditionSchema = Condition;
export type PodCondition = Static<typeof PodConditionSchema>;

/** PodStatusSchema is the observed state of a pod, written by the scheduler and kubelet. */
export const PodStatusSchema = Obj({
  observedGeneration: Opt(Int()),
  phase: Opt(Str()),
  conditions: Opt(Arr(PodConditionSchema)),
  message: Opt(Str()),
  reason: Opt(Str()),
  nominatedNodeName: Opt(Str()),
  hostIP: Opt(Str()),
  hostIPs: Opt(Arr(PodIPSchema)),
  podIP: Opt(Str()),
  podIPs: Opt(Arr(PodIPSchema)),
  startTime: Opt(Time()),
  initContainerStatuses: Opt(Arr(ContainerStatusSchema)),
  containerStatuses: Opt(Arr(ContainerStatusSchema)),
  ephemeralContainerStatuses: Opt(Arr(ContainerStatusSchema)),
  qosClass: Opt(Str()),
  resize: Opt(Str()),
  resourceClaimStatuses: Opt(Arr(Obj({ name: Str(), resourceClaimName: Opt(Str()) }))),
});
export type PodStatus = Static<typeof PodStatusSchema>;

/** PodPhases are the values of status.phase. */
export const PodPhases = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
export type PodPhase = (typeof PodPhases)[number];

/**
 * CORE_POD_MESSAGES: core/v1 Pod, PodSpec and everything under it except volumes (see
 * schema-core-volume.ts), in parseMessage notation. Field numbers from k8s.io/api
 * core/v1/generated.proto; `*` marks Go pointer fields, and the non-pointer fields Kubernetes
 * always serializes (exitCode, ready, restartCount) so an explicit 0/false survives.
 */
export const CORE_POD_MESSAGES: Record<string, string> = {
  Pod: 'metadata=1:ObjectMeta spec=2:PodSpec status=3:PodStatus',
  PodTemplateSpec: 'metadata=1:ObjectMeta spec=2:PodSpec',
  PodTemplate: 'metadata=1:ObjectMeta template=2:PodTemplateSpec',
  PodSpec:
    'volumes=1:[Volume] initContainers=20:[Container] containers=2:[Container] ephemeralContainers=34:[EphemeralContainer] ' +
    'restartPolicy=3 terminationGracePeriodSeconds=4:i64* activeDeadlineSeconds=5:i64* dnsPolicy=6 nodeSelector=7:{} ' +
    'serviceAccountName=8 serviceAccount=9 automountServiceAccountToken=21:bool* nodeName=10 hostNetwork=11:bool ' +
    'hostPID=12:bool hostIPC=13:bool shareProcessNamespace=27:bool* securityContext=14:PodSecurityContext ' +
    'imagePullSecrets=15:[LocalObjectReference] hostname=16 subdomain=17 affinity=18:Affinity schedulerName=19 ' +
    'tolerations=22:[Toleration] hostAliases=23:[HostAlias] priorityClassName=24 priority=25:i32* dnsConfig=26:PodDNSConfig ' +
    'readinessGates=28:[PodReadinessGate] runtimeClassName=29:s* enableServiceLinks=30:bool* preemptionPolicy=31:s* ' +
    'overhead=32:{Quantity} topologySpreadConstraints=33:[TopologySpreadConstraint] setHostnameAsFQDN=35:bool* os=36:PodOS ' +
    'hostUsers=37:bool* schedulingGates=38:[PodSchedulingGate] resourceClaims=39:[PodResourceClaim] ' +
    'resources=40:ResourceRequirements hostnameOverride=41:s*',
  Container:
    'name=1 image=2 command=3:[] args=4:[] workingDir=5 ports=6:[ContainerPort] envFrom=19:[EnvFromSource] env=7:[EnvVar] ' +
    'resources=8:ResourceRequirements resizePolicy=23:[ContainerResizePolicy] restartPolicy=24:s* ' +
    'restartPolicyRules=25:[ContainerRestartRule] volumeMounts=9:[VolumeMount] volumeDevices=21:[VolumeDevice] ' +
    'livenessProbe=10:Probe readinessProbe=11:Probe startupProbe=22:Probe lifecycle=12:Lifecycle ' +
    'terminationMessagePath=13 terminationMessagePolicy=20 imagePullPolicy=14 securityContext=15:SecurityContext ' +
    'stdin=16:bool stdinOnce=17:bool tty=18:bool',
  // EphemeralContainerCommon has the same field numbers as Container (minus resizePolicy/restartPolicy rules).
  EphemeralContainer: '_=1:^Container targetContainerName=2',
  ContainerPort: 'name=1 hostPort=2:i32 containerPort=3:i32 protocol=4 hostIP=5',
  ContainerResizePolicy: 'resourceName=1 restartPolicy=2',
  ContainerRestartRule: 'action=1 exitCodes=2:ContainerRestartRuleOnExitCodes',
  ContainerRestartRuleOnExitCodes: 'operator=1 values=2:[i32]',
  EnvFromSource: 'prefix=1 configMapRef=2:ConfigMapEnvSource secretRef=3:SecretEnvSource',
  ConfigMapEnvSource: '_=1:^LocalObjectReference optional=2:bool*',
  SecretEnvSource: '_=1:^LocalObjectReference optional=2:bool*',
  EnvVar: 'name=1 value=2 valueFrom=3:EnvVarSource',
  EnvVarSource:
    'fieldRef=1:ObjectFieldSelector resourceFieldRef=2:ResourceFieldSelector configMapKeyRef=3:ConfigMapKeySelector ' +
    'secretKeyRef=4:SecretKeySelector fileKeyRef=5:FileKeySelector',
  ObjectFieldSelector: 'apiVersion=1 fieldPath=2',
  ResourceFieldSelector: 'containerName=1 resource=2 divisor=3:Quantity',
  ConfigMapKeySelector: '_=1:^LocalObjectReference key=2 optional=3:bool*',
  SecretKeySelector: '_=1:^LocalObjectReference key=2 optional=3:bool*',
  FileKeySelector: 'volumeName=1 path=2 key=3 optional=4:bool*',
  LocalObjectReference: 'name=1',
  ResourceRequirements: 'limits=1:{Quantity} requests=2:{Quantity} claims=3:[ResourceClaim]',
  ResourceClaim: 'name=1 request=2',
  VolumeMount: 'name=1 readOnly=2:bool recursiveReadOnly=7:s* mountPath=3 subPath=4 mountPropagation=5:s* subPathExpr=6',
  VolumeDevice: 'name=1 devicePath=2',
  Probe:
    '_=1:^ProbeHandler initialDelaySeconds=2:i32 timeoutSeconds=3:i32 periodSeconds=4:i32 successThreshold=5:i32 ' +
    'failureThreshold=6:i32 terminationGracePeriodSeconds=7:i64*',
  ProbeHandler: 'exec=1:ExecAction httpGet=2:HTTPGetAction tcpSocket=3:TCPSocketAction grpc=4:GRPCAction',
  ExecAction: 'command=1:[]',
  HTTPGetAction: 'path=1 port=2:IntOrString host=3 scheme=4 httpHeaders=5:[HTTPHeader]',
  HTTPHeader: 'name=1 value=2',
  TCPSocketAction: 'port=1:IntOrString host=2',
  GRPCAction: 'port=1:i32 service=2:s*',
  Lifecycle: 'postStart=1:LifecycleHandler preStop=2:LifecycleHandler stopSignal=3:s*',
  LifecycleHandler: 'exec=1:ExecAction httpGet=2:HTTPGetAction tcpSocket=3:TCPSocketAction sleep=4:SleepAction',
  SleepAction: 'seconds=1:i64',
  SecurityContext:
    'capabilities=1:Capabilities privileged=2:bool* seLinuxOptions=3:SELinuxOptions windowsOptions=10:WindowsSecurityContextOptions ' +
    'runAsUser=4:i64* runAsGroup=8:i64* runAsNonRoot=5:bool* readOnlyRootFilesystem=6:bool* ' +
    'allowPrivilegeEscalation=7:bool* procMount=9:s* seccompProfile=11:SeccompProfile appArmorProfile=12:AppArmorProfile',
  PodSecurityContext:
    'seLinuxOptions=1:SELinuxOptions windowsOptions=8:WindowsSecurityContextOptions runAsUser=2:i64* runAsGroup=6:i64* ' +
    'runAsNonRoot=3:bool* supplementalGroups=4:[i64] supplementalGroupsPolicy=12:s* fsGroup=5:i64* sysctls=7:[Sysctl] ' +
    'fsGroupChangePolicy=9:s* seccompProfile=10:SeccompProfile appArmorProfile=11:AppArmorProfile seLinuxChangePolicy=13:s*',
  Capabilities: 'add=1:[] drop=2:[]',
  SELinuxOptions: 'user=1 role=2 type=3 level=4',
  WindowsSecurityContextOptions: 'gmsaCredentialSpecName=1:s* gmsaCredentialSpec=2:s* runAsUserName=3:s* hostProcess=4:bool*',
  SeccompProfile: 'type=1 localhostProfile=2:s*',
  AppArmorProfile: 'type=1 localhostProfile=2:s*',
  Sysctl: 'name=1 value=2',
  Affinity: 'nodeAffinity=1:NodeAffinity podAffinity=2:PodAffinity podAntiAffinity=3:PodAntiAffinity',
  NodeAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:NodeSelector ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:[PreferredSchedulingTerm]',
  NodeSelector: 'nodeSelectorTerms=1:[NodeSelectorTerm]',
  NodeSelectorTerm: 'matchExpressions=1:[NodeSelectorRequirement] matchFields=2:[NodeSelectorRequirement]',
  NodeSelectorRequirement: 'key=1 operator=2 values=3:[]',
  PreferredSchedulingTerm: 'weight=1:i32 preference=2:NodeSelectorTerm',
  PodAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:[PodAffinityTerm] ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:[WeightedPodAffinityTerm]',
  PodAntiAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:[PodAffinityTerm] ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:[WeightedPodAffinityTerm]',
  PodAffinityTerm:
    'labelSelector=1:LabelSelector namespaces=2:[] topologyKey=3 namespaceSelector=4:LabelSelector ' +
    'matchLabelKeys=5:[] mismatchLabelKeys=6:[]',
  WeightedPodAffinityTerm: 'weight=1:i32 podAffinityTerm=2:PodAffinityTerm',
  Toleration: 'key=1 operator=2 value=3 effect=4 tolerationSeconds=5:i64*',
  HostAlias: 'ip=1 hostnames=2:[]',
  PodDNSConfig: 'nameservers=1:[] searches=2:[] options=3:[PodDNSConfigOption]',
  PodDNSConfigOption: 'name=1 value=2:s*',
  PodReadinessGate: 'conditionType=1',
  TopologySpreadConstraint:
    'maxSkew=1:i32 topologyKey=2 whenUnsatisfiable=3 labelSelector=4:LabelSelector minDomains=5:i32* ' +
    'nodeAffinityPolicy=6:s* nodeTaintsPolicy=7:s* matchLabelKeys=8:[]',
  PodOS: 'name=1',
  PodSchedulingGate: 'name=1',
  PodResourceClaim: 'name=1 resourceClaimName=3:s* resourceClaimTemplateName=4:s*',
  PodStatus:
    'observedGeneration=17:i64 phase=1 conditions=2:[PodCondition] message=3 reason=4 nominatedNodeName=11 hostIP=5 ' +
    'hostIPs=16:[HostIP] podIP=6 podIPs=12:[PodIP] startTime=7:Time initContainerStatuses=10:[ContainerStatus] ' +
    'containerStatuses=8:[ContainerStatus] qosClass=9 ephemeralContainerStatuses=13:[ContainerStatus] resize=14 ' +
    'resourceClaimStatuses=15:[PodResourceClaimStatus]',
  PodCondition: 'type=1 observedGeneration=7:i64 status=2 lastProbeTime=3:Time lastTransitionTime=4:Time reason=5 message=6',
  HostIP: 'ip=1',
  PodIP: 'ip=1',
  PodResourceClaimStatus: 'name=1 resourceClaimName=2:s*',
  ContainerStatus:
    'name=1 state=2:ContainerState lastState=3:ContainerState ready=4:bool* restartCount=5:i32* image=6 imageID=7 ' +
    'containerID=8 started=9:bool* allocatedResources=10:{Quantity} resources=11:ResourceRequirements stopSignal=15:s*',
  ContainerState: 'waiting=1:ContainerStateWaiting running=2:ContainerStateRunning terminated=3:ContainerStateTerminated',
  ContainerStateWaiting: 'reason=1 message=2',
  ContainerStateRunning: 'startedAt=1:Time',
  ContainerStateTerminated: 'exitCode=1:i32* signal=2:i32 reason=3 message=4 startedAt=5:Time finishedAt=6:Time containerID=7',
};

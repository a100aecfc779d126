/**
 * GROUP_MESSAGES: messages of the named API groups Skiff serves or kubectl sends (apps/v1,
 * batch/v1, autoscaling/v1+v2, policy/v1, networking.k8s.io/v1, coordination.k8s.io/v1,
 * rbac.authorization.k8s.io/v1, certificates.k8s.io/v1, authentication.k8s.io/v1 TokenRequest), in parseMessage notation. Field numbers from each
 * group's k8s.io/api generated.proto. autoscaling/v1 messages that differ from v2 carry a V1 suffix.
 */
export const GROUP_MESSAGES: Record<string, string> = {
  // apps/v1
  Deployment: 'metadata=1:ObjectMeta spec=2:DeploymentSpec status=3:DeploymentStatus',
  DeploymentSpec:
    'replicas=1:i32* selector=2:LabelSelector template=3:PodTemplateSpec strategy=4:DeploymentStrategy ' +
    'minReadySeconds=5:i32 revisionHistoryLimit=6:i32* paused=7:bool progressDeadlineSeconds=9:i32* ' +
    'podReplacementPolicy=10:s*',
  DeploymentStrategy: 'type=1 rollingUpdate=2:RollingUpdateDeployment',
  RollingUpdateDeployment: 'maxUnavailable=1:IntOrString* maxSurge=2:IntOrString*',
  DeploymentStatus:
    'observedGeneration=1:i64 replicas=2:i32 updatedReplicas=3:i32 readyReplicas=7:i32 availableReplicas=4:i32 ' +
    'unavailableReplicas=5:i32 terminatingReplicas=9:i32* conditions=6:[DeploymentCondition] collisionCount=8:i32*',
  DeploymentCondition: 'type=1 status=2 lastUpdateTime=6:Time lastTransitionTime=7:Time reason=4 message=5',
  ReplicaSet: 'metadata=1:ObjectMeta spec=2:ReplicaSetSpec status=3:ReplicaSetStatus',
  ReplicaSetSpec: 'replicas=1:i32* minReadySeconds=4:i32 selector=2:LabelSelector template=3:PodTemplateSpec',
  ReplicaSetStatus:
    'replicas=1:i32* fullyLabeledReplicas=2:i32 readyReplicas=4:i32 availableReplicas=5:i32 terminatingReplicas=7:i32* ' +
    'observedGeneration=3:i64 conditions=6:[ReplicaSetCondition]',
  ReplicaSetCondition: 'type=1 status=2 lastTransitionTime=3:Time reason=4 message=5',
  DaemonSet: 'metadata=1:ObjectMeta spec=2:DaemonSetSpec status=3:DaemonSetStatus',
  DaemonSetSpec:
    'selector=1:LabelSelector template=2:PodTemplateSpec updateStrategy=3:DaemonSetUpdateStrategy ' +
    'minReadySeconds=4:i32 revisionHistoryLimit=6:i32*',
  DaemonSetUpdateStrategy: 'type=1 rollingUpdate=2:RollingUpdateDaemonSet',
  RollingUpdateDaemonSet: 'maxUnavailable=1:IntOrString* maxSurge=2:IntOrString*',
  DaemonSetStatus:
    'currentNumberScheduled=1:i32* numberMisscheduled=2:i32* desiredNumberScheduled=3:i32* numberReady=4:i32* ' +
    'observedGeneration=5:i64 updatedNumberScheduled=6:i32 numberAvailable=7:i32 numberUnavailable=8:i32 ' +
    'collisionCount=9:i32* conditions=10:[DaemonSetCondition]',
  DaemonSetCondition: 'type=1 status=2 lastTransitionTime=3:Time reason=4 message=5',
  StatefulSet: 'metadata=1:ObjectMeta spec=2:StatefulSetSpec status=3:StatefulSetStatus',
  StatefulSetSpec:
    'replicas=1:i32* selector=2:LabelSelector template=3:PodTemplateSpec volumeClaimTemplates=4:[PersistentVolumeClaim] ' +
    'serviceName=5 podManagementPolicy=6 updateStrategy=7:StatefulSetUpdateStrategy revisionHistoryLimit=8:i32* ' +
    'minReadySeconds=9:i32 persistentVolumeClaimRetentionPolicy=10:StatefulSetPersistentVolumeClaimRetentionPolicy ' +
    'ordinals=11:StatefulSetOrdinals',
  StatefulSetUpdateStrategy: 'type=1 rollingUpdate=2:RollingUpdateStatefulSetStrategy',
  RollingUpdateStatefulSetStrategy: 'partition=1:i32* maxUnavailable=2:IntOrString*',
  StatefulSetPersistentVolumeClaimRetentionPolicy: 'whenDeleted=1 whenScaled=2',
  StatefulSetOrdinals: 'start=1:i32',
  StatefulSetStatus:
    'observedGeneration=1:i64 replicas=2:i32* readyReplicas=3:i32 currentReplicas=4:i32 updatedReplicas=5:i32 ' +
    'currentRevision=6 updateRevision=7 collisionCount=9:i32* conditions=10:[StatefulSetCondition] availableReplicas=11:i32',
  StatefulSetCondition: 'type=1 status=2 lastTransitionTime=3:Time reason=4 message=5',
  ControllerRevision: 'metadata=1:ObjectMeta data=2:RawExtension revision=3:i64*',
  // batch/v1
  Job: 'metadata=1:ObjectMeta spec=2:JobSpec status=3:JobStatus',
  JobSpec:
    'parallelism=1:i32* completions=2:i32* activeDeadlineSeconds=3:i64* podFailurePolicy=11:PodFailurePolicy ' +
    'successPolicy=16:SuccessPolicy backoffLimit=7:i32* backoffLimitPerIndex=12:i32* maxFailedIndexes=13:i32* ' +
    'selector=4:LabelSelector manualSelector=5:bool* template=6:PodTemplateSpec ttlSecondsAfterFinished=8:i32* ' +
    'completionMode=9:s* suspend=10:bool* podReplacementPolicy=14:s* managedBy=15:s*',
  PodFailurePolicy: 'rules=1:[PodFailurePolicyRule]',
  PodFailurePolicyRule:
    'action=1 onExitCodes=2:PodFailurePolicyOnExitCodesRequirement onPodConditions=3:[PodFailurePolicyOnPodConditionsPattern]',
  PodFailurePolicyOnExitCodesRequirement: 'containerName=1:s* operator=2 values=3:[i32]',
  PodFailurePolicyOnPodConditionsPattern: 'type=1 status=2',
  SuccessPolicy: 'rules=1:[SuccessPolicyRule]',
  SuccessPolicyRule: 'succeededIndexes=1:s* succeededCount=2:i32*',
  JobStatus:
    'conditions=1:[JobCondition] startTime=2:Time completionTime=3:Time active=4:i32 succeeded=5:i32 failed=6:i32 ' +
    'terminating=11:i32* completedIndexes=7 failedIndexes=10:s* uncountedTerminatedPods=8:UncountedTerminatedPods ' +
    'ready=9:i32*',
  JobCondition: 'type=1 status=2 lastProbeTime=3:Time lastTransitionTime=4:Time reason=5 message=6',
  UncountedTerminatedPods: 'succeeded=1:[] failed=2:[]',
  JobTemplateSpec: 'metadata=1:ObjectMeta spec=2:JobSpec',
  CronJob: 'metadata=1:ObjectMeta spec=2:CronJobSpec status=3:CronJobStatus',
  CronJobSpec:
    'schedule=1 timeZone=8:s* startingDeadlineSeconds=2:i64* concurrencyPolicy=3 suspend=4:bool* ' +
    'jobTemplate=5:JobTemplateSpec successfulJobsHistoryLimit=6:i32* failedJobsHistoryLimit=7:i32*',
  CronJobStatus: 'active=1:[ObjectReference] lastScheduleTime=4:Time lastSuccessfulTime=5:Time',
  // autoscaling/v2
  HorizontalPodAutoscaler:
    'metadata=1:ObjectMeta spec=2:HorizontalPodAutoscalerSpec status=3:HorizontalPodAutoscalerStatus',
  HorizontalPodAutoscalerSpec:
    'scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i32* maxReplicas=3:i32 metrics=4:[MetricSpec] ' +
    'behavior=5:HorizontalPodAutoscalerBehavior',
  CrossVersionObjectReference: 'kind=1 name=2 apiVersion=3',
  MetricSpec:
    'type=1 object=2:ObjectMetricSource pods=3:PodsMetricSource resource=4:ResourceMetricSource ' +
    'containerResource=7:ContainerResourceMetricSource external=5:ExternalMetricSource',
  ObjectMetricSource: 'describedObject=1:CrossVersionObjectReference target=2:MetricTarget metric=3:MetricIdentifier',
  PodsMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
  ResourceMetricSource: 'name=1 target=2:MetricTarget',
  ContainerResourceMetricSource: 'name=1 target=2:MetricTarget container=3',
  ExternalMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
  MetricIdentifier: 'name=1 selector=2:LabelSelector',
  MetricTarget: 'type=1 value=2:Quantity averageValue=3:Quantity averageUtilization=4:i32*',
  HorizontalPodAutoscalerBehavior: 'scaleUp=1:HPAScalingRules scaleDown=2:HPAScalingRules',
  HPAScalingRules: 'stabilizationWindowSeconds=3:i32* selectPolicy=1:s* policies=2:[HPAScalingPolicy] tolerance=4:Quantity',
  HPAScalingPolicy: 'type=1 value=2:i32 periodSeconds=3:i32',
  HorizontalPodAutoscalerStatus:
    'observedGeneration=1:i64* lastScaleTime=2:Time currentReplicas=3:i32 desiredReplicas=4:i32* ' +
    'currentMetrics=5:[MetricStatus] conditions=6:[HorizontalPodAutoscalerCondition]',
  MetricStatus:
    'type=1 object=2:ObjectMetricStatus pods=3:PodsMetricStatus resource=4:ResourceMetricStatus ' +
    'containerResource=7:ContainerResourceMetricStatus external=5:ExternalMetricStatus',
  ObjectMetricStatus: 'metric=1:MetricIdentifier current=2:MetricValueStatus describedObject=3:CrossVersionObjectReference',
  PodsMetricStatus: 'metric=1:MetricIdentifier current=2:MetricValueStatus',
  ResourceMetricStatus: 'name=1 current=2:MetricValueStatus',
  ContainerResourceMetricStatus: 'name=1 current=2:MetricValueStatus container=3',
  ExternalMetricStatus: 'metric=1:MetricIdentifier current=2:MetricValueStatus',
  MetricValueStatus: 'value=1:Quantity averageValue=2:Quantity averageUtilization=3:i32*',
  HorizontalPodAutoscalerCondition: 'type=1 status=2 lastTransitionTime=3:Time reason=4 message=5',
  // autoscaling/v1 (HPA without metrics; Scale is shared by every scale subresource)
  HorizontalPodAutoscalerV1:
    'metadata=1:ObjectMeta spec=2:HorizontalPodAutoscalerSpecV1 status=3:HorizontalPodAutoscalerStatusV1',
  HorizontalPodAutoscalerSpecV1:
    'scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i32* maxReplicas=3:i32 targetCPUUtilizationPercentage=4:i32*',
  HorizontalPodAutoscalerStatusV1:
    'observedGeneration=1:i64* lastScaleTime=2:Time currentReplicas=3:i32* desiredReplicas=4:i32* ' +
    'currentCPUUtilizationPercentage=5:i32*',
  Scale: 'metadata=1:ObjectMeta spec=2:ScaleSpec status=3:ScaleStatus',
  ScaleSpec: 'replicas=1:i32*',
  ScaleStatus: 'replicas=1:i32* selector=2',
  // policy/v1
  Eviction: 'metadata=1:ObjectMeta deleteOptions=2:DeleteOptions',
  PodDisruptionBudget: 'metadata=1:ObjectMeta spec=2:PodDisruptionBudgetSpec status=3:PodDisruptionBudgetStatus',
  PodDisruptionBudgetSpec:
    'minAvailable=1:IntOrString* selector=2:LabelSelector maxUnavailable=3:IntOrString* unhealthyPodEvictionPolicy=4:s*',
  PodDisruptionBudgetStatus:
    'observedGeneration=1:i64 disruptedPods=2:{Time} disruptionsAllowed=3:i32* currentHealthy=4:i32* ' +
    'desiredHealthy=5:i32* expectedPods=6:i32* conditions=7:[Condition]',
  // networking.k8s.io/v1
  Ingress: 'metadata=1:ObjectMeta spec=2:IngressSpec status=3:IngressStatus',
  IngressSpec: 'ingressClassName=4:s* defaultBackend=1:IngressBackend tls=2:[IngressTLS] rules=3:[IngressRule]',
  IngressBackend: 'service=4:IngressServiceBackend resource=3:TypedLocalObjectReference',
  IngressServiceBackend: 'name=1 port=2:ServiceBackendPort',
  ServiceBackendPort: 'name=1 number=2:i32',
  IngressTLS: 'hosts=1:[] secretName=2',
  IngressRule: 'host=1 _=2:^IngressRuleValue',
  IngressRuleValue: 'http=1:HTTPIngressRuleValue',
  HTTPIngressRuleValue: 'paths=1:[HTTPIngressPath]',
  HTTPIngressPath: 'path=1 pathType=3:s* backend=2:IngressBackend',
  IngressStatus: 'loadBalancer=1:IngressLoadBalancerStatus',
  IngressLoadBalancerStatus: 'ingress=1:[IngressLoadBalancerIngress]',
  IngressLoadBalancerIngress: 'ip=1 hostname=2 ports=4:[IngressPortStatus]',
  IngressPortStatus: 'port=1:i32 protocol=2 error=3:s*',
  // coordination.k8s.io/v1
  Lease: 'metadata=1:ObjectMeta spec=2:LeaseSpec',
  LeaseSpec:
    'holderIdentity=1:s* leaseDurationSeconds=2:i32* acquireTime=3:MicroTime renewTime=4:MicroTime ' +
    'leaseTransitions=5:i32* strategy=6:s* preferredHolder=7:s*',
  // rbac.authorization.k8s.io/v1
  Role: 'metadata=1:ObjectMeta rules=2:[PolicyRule]',
  ClusterRole: 'metadata=1:ObjectMeta rules=2:[PolicyRule] aggregationRule=3:AggregationRule',
  PolicyRule: 'verbs=1:[] apiGroups=2:[] resources=3:[] resourceNames=4:[] nonResourceURLs=5:[]',
  AggregationRule: 'clusterRoleSelectors=1:[LabelSelector]',
  RoleBinding: 'metadata=1:ObjectMeta subjects=2:[Subject] roleRef=3:RoleRef',
  ClusterRoleBinding: 'metadata=1:ObjectMeta subjects=2:[Subject] roleRef=3:RoleRef',
  Subject: 'kind=1 apiGroup=2 name=3 namespace=4',
  RoleRef: 'apiGroup=1 kind=2 name=3',
  // certificates.k8s.io/v1 (ExtraValue is a list of strings in JSON)
  CertificateSigningRequest:
    'metadata=1:ObjectMeta spec=2:CertificateSigningRequestSpec status=3:CertificateSigningRequestStatus',
  CertificateSigningRequestSpec:
    'request=1:bytes signerName=7 expirationSeconds=8:i32* usages=5:[] username=2 uid=3 groups=4:[] extra=6:{ExtraValue}',
  CertificateSigningRequestStatus: 'conditions=1:[CertificateSigningRequestCondition] certificate=2:bytes',
  CertificateSigningRequestCondition:
    'type=1 status=6 reason=2 message=3 lastUpdateTime=4:Time lastTransitionTime=5:Time',
  // authentication.k8s.io/v1
  TokenRequest: 'metadata=1:ObjectMeta spec=2:TokenRequestSpec status=3:TokenRequestStatus',
  TokenRequestSpec: 'audiences=1:[] expirationSeconds=4:i64* boundObjectRef=3:BoundObjectReference',
  BoundObjectReference: 'kind=1 apiVersion=2 name=3 uid=4',
  TokenRequestStatus: 'token=1 expirationTimestamp=2:Time',
};

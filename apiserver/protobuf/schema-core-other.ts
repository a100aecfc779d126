/**
 * CORE_OTHER_MESSAGES: the core/v1 kinds besides Pod and volumes (Namespace, Service, ConfigMap,
 * Secret, ServiceAccount, Node, Event, Endpoints, ResourceQuota, LimitRange,
 * ReplicationController, Binding), in parseMessage notation. Field numbers from k8s.io/api
 * core/v1/generated.proto.
 */
export const CORE_OTHER_MESSAGES: Record<string, string> = {
  Namespace: 'metadata=1:ObjectMeta spec=2:NamespaceSpec status=3:NamespaceStatus',
  NamespaceSpec: 'finalizers=1:[]',
  NamespaceStatus: 'phase=1 conditions=2:[NamespaceCondition]',
  NamespaceCondition: 'type=1 status=2 lastTransitionTime=4:Time reason=5 message=6',
  ConfigMap: 'metadata=1:ObjectMeta immutable=4:bool* data=2:{} binaryData=3:{bytes}',
  Secret: 'metadata=1:ObjectMeta immutable=5:bool* data=2:{bytes} stringData=4:{} type=3',
  ServiceAccount:
    'metadata=1:ObjectMeta secrets=2:[ObjectReference] imagePullSecrets=3:[LocalObjectReference] ' +
    'automountServiceAccountToken=4:bool*',
  ObjectReference: 'kind=1 namespace=2 name=3 uid=4 apiVersion=5 resourceVersion=6 fieldPath=7',
  Binding: 'metadata=1:ObjectMeta target=2:ObjectReference',
  Service: 'metadata=1:ObjectMeta spec=2:ServiceSpec status=3:ServiceStatus',
  ServiceSpec:
    'ports=1:[ServicePort] selector=2:{} clusterIP=3 clusterIPs=18:[] type=4 externalIPs=5:[] sessionAffinity=7 ' +
    'loadBalancerIP=8 loadBalancerSourceRanges=9:[] externalName=10 externalTrafficPolicy=11 healthCheckNodePort=12:i32 ' +
    'publishNotReadyAddresses=13:bool sessionAffinityConfig=14:SessionAffinityConfig ipFamilies=19:[] ipFamilyPolicy=17:s* ' +
    'allocateLoadBalancerNodePorts=20:bool* loadBalancerClass=21:s* internalTrafficPolicy=22:s* trafficDistribution=23:s*',
  ServicePort: 'name=1 protocol=2 appProtocol=6:s* port=3:i32 targetPort=4:IntOrString nodePort=5:i32',
  SessionAffinityConfig: 'clientIP=1:ClientIPConfig',
  ClientIPConfig: 'timeoutSeconds=1:i32*',
  ServiceStatus: 'loadBalancer=1:LoadBalancerStatus conditions=2:[Condition]',
  LoadBalancerStatus: 'ingress=1:[LoadBalancerIngress]',
  LoadBalancerIngress: 'ip=1 hostname=2 ipMode=3:s* ports=4:[PortStatus]',
  PortStatus: 'port=1:i32 protocol=2 error=3:s*',
  Endpoints: 'metadata=1:ObjectMeta subsets=2:[EndpointSubset]',
  EndpointSubset: 'addresses=1:[EndpointAddress] notReadyAddresses=2:[EndpointAddress] ports=3:[EndpointPort]',
  EndpointAddress: 'ip=1 hostname=3 nodeName=4:s* targetRef=2:ObjectReference',
  EndpointPort: 'name=1 port=2:i32 protocol=3 appProtocol=4:s*',
  ResourceQuota: 'metadata=1:ObjectMeta spec=2:ResourceQuotaSpec status=3:ResourceQuotaStatus',
  ResourceQuotaSpec: 'hard=1:{Quantity} scopes=2:[] scopeSelector=3:ScopeSelector',
  ScopeSelector: 'matchExpressions=1:[ScopedResourceSelectorRequirement]',
  ScopedResourceSelectorRequirement: 'scopeName=1 operator=2 values=3:[]',
  ResourceQuotaStatus: 'hard=1:{Quantity} used=2:{Quantity}',
  LimitRange: 'metadata=1:ObjectMeta spec=2:LimitRangeSpec',
  LimitRangeSpec: 'limits=1:[LimitRangeItem]',
  LimitRangeItem:
    'type=1 max=2:{Quantity} min=3:{Quantity} default=4:{Quantity} defaultRequest=5:{Quantity} ' +
    'maxLimitRequestRatio=6:{Quantity}',
  ReplicationController:
    'metadata=1:ObjectMeta spec=2:ReplicationControllerSpec status=3:ReplicationControllerStatus',
  ReplicationControllerSpec: 'replicas=1:i32* minReadySeconds=4:i32 selector=2:{} template=3:PodTemplateSpec',
  ReplicationControllerStatus:
    'replicas=1:i32 fullyLabeledReplicas=2:i32 readyReplicas=4:i32 availableReplicas=5:i32 observedGeneration=3:i64 ' +
    'conditions=6:[ReplicationControllerCondition]',
  ReplicationControllerCondition: 'type=1 status=2 lastTransitionTime=3:Time reason=4 message=5',
  Event:
    'metadata=1:ObjectMeta involvedObject=2:ObjectReference reason=3 message=4 source=5:EventSource ' +
    'firstTimestamp=6:Time lastTimestamp=7:Time count=8:i32 type=9 eventTime=10:MicroTime series=11:EventSeries ' +
    'action=12 related=13:ObjectReference reportingComponent=14 reportingInstance=15',
  EventSource: 'component=1 host=2',
  EventSeries: 'count=1:i32 lastObservedTime=2:MicroTime',
  Node: 'metadata=1:ObjectMeta spec=2:NodeSpec status=3:NodeStatus',
  NodeSpec: 'podCIDR=1 podCIDRs=7:[] providerID=3 unschedulable=4:bool taints=5:[Taint] externalID=2',
  Taint: 'key=1 value=2 effect=3 timeAdded=4:Time',
  NodeStatus:
    'capacity=1:{Quantity} allocatable=2:{Quantity} phase=3 conditions=4:[NodeCondition] addresses=5:[NodeAddress] ' +
    'daemonEndpoints=6:NodeDaemonEndpoints nodeInfo=7:NodeSystemInfo images=8:[ContainerImage] volumesInUse=9:[]',
  NodeCondition: 'type=1 status=2 lastHeartbeatTime=3:Time lastTransitionTime=4:Time reason=5 message=6',
  NodeAddress: 'type=1 address=2',
  NodeDaemonEndpoints: 'kubeletEndpoint=1:DaemonEndpoint',
  DaemonEndpoint: 'Port=1:i32*',
  NodeSystemInfo:
    'machineID=1 systemUUID=2 bootID=3 kernelVersion=4 osImage=5 containerRuntimeVersion=6 kubeletVersion=7 ' +
    'kubeProxyVersion=8 operatingSystem=9 architecture=10',
  ContainerImage: 'names=1:[] sizeBytes=2:i64',
};

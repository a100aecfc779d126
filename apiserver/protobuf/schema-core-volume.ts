/**
 * CORE_VOLUME_MESSAGES: core/v1 volume sources, PersistentVolume and PersistentVolumeClaim, in
 * parseMessage notation (field numbers from k8s.io/api core/v1/generated.proto). The in-tree
 * cloud volume plugins Kubernetes deprecated (Azure, vSphere, Quobyte, ScaleIO, StorageOS,
 * Flocker, Photon, Portworx, Cinder, CephFS, RBD, GlusterFS, FlexVolume) are left out: their
 * fields are skipped like any unknown field.
 */
export const CORE_VOLUME_MESSAGES: Record<string, string> = {
  Volume: 'name=1 _=2:^VolumeSource',
  VolumeSource:
    'hostPath=1:HostPathVolumeSource emptyDir=2:EmptyDirVolumeSource gcePersistentDisk=3:GCEPersistentDiskVolumeSource ' +
    'awsElasticBlockStore=4:AWSElasticBlockStoreVolumeSource gitRepo=5:GitRepoVolumeSource secret=6:SecretVolumeSource ' +
    'nfs=7:NFSVolumeSource iscsi=8:ISCSIVolumeSource persistentVolumeClaim=10:PersistentVolumeClaimVolumeSource ' +
    'downwardAPI=16:DownwardAPIVolumeSource fc=17:FCVolumeSource configMap=19:ConfigMapVolumeSource ' +
    'projected=26:ProjectedVolumeSource csi=28:CSIVolumeSource ephemeral=29:EphemeralVolumeSource image=30:ImageVolumeSource',
  HostPathVolumeSource: 'path=1 type=2:s*',
  EmptyDirVolumeSource: 'medium=1 sizeLimit=2:Quantity',
  GCEPersistentDiskVolumeSource: 'pdName=1 fsType=2 partition=3:i32 readOnly=4:bool',
  AWSElasticBlockStoreVolumeSource: 'volumeID=1 fsType=2 partition=3:i32 readOnly=4:bool',
  GitRepoVolumeSource: 'repository=1 revision=2 directory=3',
  SecretVolumeSource: 'secretName=1 items=2:[KeyToPath] defaultMode=3:i32* optional=4:bool*',
  ConfigMapVolumeSource: '_=1:^LocalObjectReference items=2:[KeyToPath] defaultMode=3:i32* optional=4:bool*',
  KeyToPath: 'key=1 path=2 mode=3:i32*',
  NFSVolumeSource: 'server=1 path=2 readOnly=3:bool',
  ISCSIVolumeSource:
    'targetPortal=1 iqn=2 lun=3:i32 iscsiInterface=4 fsType=5 readOnly=6:bool portals=7:[] chapAuthDiscovery=8:bool ' +
    'chapAuthSession=11:bool secretRef=10:LocalObjectReference initiatorName=12:s*',
  PersistentVolumeClaimVolumeSource: 'claimName=1 readOnly=2:bool',
  DownwardAPIVolumeSource: 'items=1:[DownwardAPIVolumeFile] defaultMode=2:i32*',
  DownwardAPIVolumeFile: 'path=1 fieldRef=2:ObjectFieldSelector resourceFieldRef=3:ResourceFieldSelector mode=4:i32*',
  DownwardAPIProjection: 'items=1:[DownwardAPIVolumeFile]',
  FCVolumeSource: 'targetWWNs=1:[] lun=2:i32* fsType=3 readOnly=4:bool wwids=5:[]',
  ProjectedVolumeSource: 'sources=1:[VolumeProjection] defaultMode=2:i32*',
  VolumeProjection:
    'secret=1:SecretProjection downwardAPI=2:DownwardAPIProjection configMap=3:ConfigMapProjection ' +
    'serviceAccountToken=4:ServiceAccountTokenProjection',
  SecretProjection: '_=1:^LocalObjectReference items=2:[KeyToPath] optional=4:bool*',
  ConfigMapProjection: '_=1:^LocalObjectReference items=2:[KeyToPath] optional=4:bool*',
  ServiceAccountTokenProjection: 'audience=1 expirationSeconds=2:i64* path=3',
  CSIVolumeSource: 'driver=1 readOnly=2:bool* fsType=3:s* volumeAttributes=4:{} nodePublishSecretRef=5:LocalObjectReference',
  EphemeralVolumeSource: 'volumeClaimTemplate=1:PersistentVolumeClaimTemplate',
  ImageVolumeSource: 'reference=1 pullPolicy=2',
  PersistentVolumeClaimTemplate: 'metadata=1:ObjectMeta spec=2:PersistentVolumeClaimSpec',
  PersistentVolumeClaim: 'metadata=1:ObjectMeta spec=2:PersistentVolumeClaimSpec status=3:PersistentVolumeClaimStatus',
  PersistentVolumeClaimSpec:
    'accessModes=1:[] selector=4:LabelSelector resources=2:VolumeResourceRequirements volumeName=3 ' +
    'storageClassName=5:s* volumeMode=6:s* dataSource=7:TypedLocalObjectReference dataSourceRef=8:TypedObjectReference ' +
    'volumeAttributesClassName=9:s*',
  PersistentVolumeClaimStatus:
    'phase=1 accessModes=2:[] capacity=3:{Quantity} conditions=4:[PersistentVolumeClaimCondition] ' +
    'allocatedResources=5:{Quantity} allocatedResourceStatuses=7:{} currentVolumeAttributesClassName=8:s*',
  PersistentVolumeClaimCondition: 'type=1 status=2 lastProbeTime=3:Time lastTransitionTime=4:Time reason=5 message=6',
  VolumeResourceRequirements: 'limits=1:{Quantity} requests=2:{Quantity}',
  TypedLocalObjectReference: 'apiGroup=1:s* kind=2 name=3',
  TypedObjectReference: 'apiGroup=1:s* kind=2 name=3 namespace=4:s*',
  PersistentVolume: 'metadata=1:ObjectMeta spec=2:PersistentVolumeSpec status=3:PersistentVolumeStatus',
  PersistentVolumeSpec:
    'capacity=1:{Quantity} _=2:^PersistentVolumeSource accessModes=3:[] claimRef=4:ObjectReference ' +
    'persistentVolumeReclaimPolicy=5 storageClassName=6 mountOptions=7:[] volumeMode=8:s* nodeAffinity=9:VolumeNodeAffinity ' +
    'volumeAttributesClassName=10:s*',
  PersistentVolumeSource:
    'gcePersistentDisk=1:GCEPersistentDiskVolumeSource awsElasticBlockStore=2:AWSElasticBlockStoreVolumeSource ' +
    'hostPath=3:HostPathVolumeSource nfs=5:NFSVolumeSource fc=10:FCVolumeSource local=20:LocalVolumeSource ' +
    'csi=22:CSIPersistentVolumeSource',
  LocalVolumeSource: 'path=1 fsType=2:s*',
  CSIPersistentVolumeSource:
    'driver=1 volumeHandle=2 readOnly=3:bool fsType=4 volumeAttributes=5:{} controllerPublishSecretRef=6:SecretReference ' +
    'nodeStageSecretRef=7:SecretReference nodePublishSecretRef=8:SecretReference controllerExpandSecretRef=9:SecretReference ' +
    'nodeExpandSecretRef=10:SecretReference',
  SecretReference: 'name=1 namespace=2',
  VolumeNodeAffinity: 'required=1:NodeSelector',
  PersistentVolumeStatus: 'phase=1 message=2 reason=3 lastPhaseTransitionTime=4:Time',
};

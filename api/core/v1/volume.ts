import { type Static } from '@sinclair/typebox';
import { LabelSelector, Quantity, ObjectMeta } from '../../meta/v1/object-meta.ts';
import { Arr, Bool, Int, Obj, Opt, Str, StrArr, StrMap } from './schema-kit.ts';
import { LocalObjectReferenceSchema, ObjectFieldSelectorSchema, ResourceFieldSelectorSchema, ResourceRequirementsSchema } from './container.ts';

/** KeyToPathSchema projects one ConfigMap/Secret key to a file path. */
export const KeyToPathSchema = Obj({ key: Str(), path: Str(), mode: Opt(Int()) });
export type KeyToPath = Static<typeof KeyToPathSchema>;

/** DownwardAPIVolumeFileSchema writes one pod field or resource into a file. */
export const DownwardAPIVolumeFileSchema = Obj({
  path: Str(),
  fieldRef: Opt(ObjectFieldSelectorSchema),
  resourceFieldRef: Opt(ResourceFieldSelectorSchema),
  mode: Opt(Int()),
});

/** ConfigMapVolumeSourceSchema mounts a ConfigMap's keys as files. */
export const ConfigMapVolumeSourceSchema = Obj({ name: Opt(Str()), items: Opt(Arr(KeyToPathSchema)), defaultMode: Opt(Int()), optional: Opt(Bool()) });
/** SecretVolumeSourceSchema mounts a Secret's keys as files. */
export const SecretVolumeSourceSchema = Obj({ secretName: Opt(Str()), items: Opt(Arr(KeyToPathSchema)), defaultMode: Opt(Int()), optional: Opt(Bool()) });
/** DownwardAPIVolumeSourceSchema mounts pod fields as files. */
export const DownwardAPIVolumeSourceSchema = Obj({ items: Opt(Arr(DownwardAPIVolumeFileSchema)), defaultMode: Opt(Int()) });

/** VolumeProjectionSchema is one source of a projected volume. */
export const VolumeProjectionSchema = Obj({
  secret: Opt(Obj({ name: Opt(Str()), items: Opt(Arr(KeyToPathSchema)), optional: Opt(Bool()) })),
  downwardAPI: Opt(Obj({ items: Opt(Arr(DownwardAPIVolumeFileSchema)) })),
  configMap: Opt(Obj({ name: Opt(Str()), items: Opt(Arr(KeyToPathSchema)), optional: Opt(Bool()) })),
  serviceAccountToken: Opt(Obj({ audience: Opt(Str()), expirationSeconds: Opt(Int()), path: Str() })),
  clusterTrustBundle: Opt(Obj({ name: Opt(Str()), signerName: Opt(Str()), labelSelector: Opt(LabelSelector), optional: Opt(Bool()), path: Str() })),
});
export type VolumeProjection = Static<typeof VolumeProjectionSchema>;

/** PersistentVolumeClaimSpecSchema is what a claim asks for (also used by StatefulSet templates). */
export const PersistentVolumeClaimSpecSchema = Obj({
  accessModes: Opt(StrArr()),
  selector: Opt(LabelSelector),
  resources: Opt(ResourceRequirementsSchema),
  volumeName: Opt(Str()),
  storageClassName: Opt(Str()),
  volumeMode: Opt(Str()),
  dataSource: Opt(Obj({ apiGroup: Opt(Str()), kind: Str(), name: Str() })),
  dataSourceRef: Opt(Obj({ apiGroup: Opt(Str()), kind: Str(), name: Str(), namespace: Opt(Str()) })),
  volumeAttributesClassName: Opt(Str()),
}, 'urn:skiff:core:v1:PersistentVolumeClaimSpec');
export type PersistentVolumeClaimSpec = Static<typeof PersistentVolumeClaimSpecSchema>;

/** NFSVolumeSourceSchema mounts an NFS export. */
export const NFSVolumeSourceSchema = Obj({ server: Str(), path: Str(), readOnly: Opt(Bool()) });
/** CSIVolumeSourceSchema is an inline CSI volume. */
export const CSIVolumeSourceSchema = Obj({
  driver: Str(),
  readOnly: Opt(Bool()),
  fsType: Opt(Str()),
  volumeAttributes: Opt(StrMap()),
  nodePublishSecretRef: Opt(LocalObjectReferenceSchema),
});

/** VolumeSourceProps are the volume types Skiff understands; exactly one is set per volume. */
export const volumeSourceProps = {
  emptyDir: Opt(Obj({ medium: Opt(Str()), sizeLimit: Opt(Quantity) })),
  hostPath: Opt(Obj({ path: Str(), type: Opt(Str()) })),
  configMap: Opt(ConfigMapVolumeSourceSchema),
  secret: Opt(SecretVolumeSourceSchema),
  projected: Opt(Obj({ sources: Opt(Arr(VolumeProjectionSchema)), defaultMode: Opt(Int()) })),
  persistentVolumeClaim: Opt(Obj({ claimName: Str(), readOnly: Opt(Bool()) })),
  downwardAPI: Opt(DownwardAPIVolumeSourceSchema),
  nfs: Opt(NFSVolumeSourceSchema),
  csi: Opt(CSIVolumeSourceSchema),
  ephemeral: Opt(Obj({ volumeClaimTemplate: Opt(Obj({ metadata: Opt(ObjectMeta), spec: PersistentVolumeClaimSpecSchema })) })),
  image: Opt(Obj({ reference: Opt(Str()), pullPolicy: Opt(Str()) })),
};

/** VolumeSchema is a named pod volume with exactly one source. */
export const VolumeSchema = Obj({ name: Str(), ...volumeSourceProps }, 'urn:skiff:core:v1:Volume');
export type Volume = Static<typeof VolumeSchema>;

/** volumeSourceNames lists the source fields of a Volume, for the "exactly one" check. */
export const volumeSourceNames = Object.keys(volumeSourceProps) as (keyof typeof volumeSourceProps)[];

/** applyVolumeDefaults fills Kubernetes' volume defaults (defaultMode 0644, hostPath type ''). */
export function applyVolumeDefaults(v: Volume): void {
  if (v.configMap) v.configMap.defaultMode ??= 0o644;
  if (v.secret) v.secret.defaultMode ??= 0o644;
  if (v.downwardAPI) v.downwardAPI.defaultMode ??= 0o644;
  if (v.projected) {
    v.projected.defaultMode ??= 0o644;
    for (const s of v.projected.sources ?? []) {
      if (s.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  if (v.hostPath) v.hostPath.type ||= '';
  for (const item of v.downwardAPI?.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= 'v1';
}

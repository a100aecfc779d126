import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Bool, KindSchema, Obj, Opt, Str, StrArr, StrMap, Time } from './schema-kit.ts';
import { ResourceListSchema, LocalObjectReferenceSchema } from './container.ts';
import { ObjectReferenceSchema } from './object-reference.ts';
import { NodeSelectorSchema } from './affinity.ts';
import { NFSVolumeSourceSchema } from './volume.ts';
import { AccessModes } from './persistentvolumeclaim.ts';
import { checkEnum, forbidden, required } from '../../validation/causes.ts';
import { validateQuantity } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

const pvSourceProps = {
  hostPath: Opt(Obj({ path: Str(), type: Opt(Str()) })),
  local: Opt(Obj({ path: Str(), fsType: Opt(Str()) })),
  nfs: Opt(NFSVolumeSourceSchema),
  csi: Opt(
    Obj({
      driver: Str(),
      volumeHandle: Str(),
      readOnly: Opt(Bool()),
      fsType: Opt(Str()),
      volumeAttributes: Opt(StrMap()),
      controllerPublishSecretRef: Opt(LocalObjectReferenceSchema),
      nodeStageSecretRef: Opt(LocalObjectReferenceSchema),
      nodePublishSecretRef: Opt(LocalObjectReferenceSchema),
      controllerExpandSecretRef: Opt(LocalObjectReferenceSchema),
      nodeExpandSecretRef: Opt(LocalObjectReferenceSchema),
    }),
  ),
};
const pvSourceNames = Object.keys(pvSourceProps) as (keyof typeof pvSourceProps)[];

/** PersistentVolumeSpecSchema is a piece of storage offered to claims. */
export const PersistentVolumeSpecSchema = Obj({
  capacity: Opt(ResourceListSchema),
  accessModes: Opt(StrArr()),
  claimRef: Opt(ObjectReferenceSchema),
  persistentVolumeReclaimPolicy: Opt(Str()),
  storageClassName: Opt(Str()),
  mountOptions: Opt(StrArr()),
  volumeMode: Opt(Str()),
  nodeAffinity: Opt(Obj({ required: Opt(NodeSelectorSchema) })),
  volumeAttributesClassName: Opt(Str()),
  ...pvSourceProps,
});
export type PersistentVolumeSpec = Static<typeof PersistentVolumeSpecSchema>;

/** PersistentVolumeSchema is a core/v1 PersistentVolume (cluster-scoped). */
export const PersistentVolumeSchema = KindSchema({
  spec: PersistentVolumeSpecSchema,
  status: Opt(Obj({ phase: Opt(Str()), message: Opt(Str()), reason: Opt(Str()), lastPhaseTransitionTime: Opt(Time()) })),
});
export type PersistentVolume = Static<typeof PersistentVolumeSchema>;

function validatePV(pv: PersistentVolume): StatusCause[] {
  const spec = pv.spec ?? {};
  const causes = validateObjectMeta(pv.metadata, { namespaced: false });
  if (!(spec.accessModes ?? []).length) causes.push(required('spec.accessModes'));
  (spec.accessModes ?? []).forEach((m, i) => causes.push(...checkEnum(`spec.accessModes[${i}]`, m, AccessModes)));
  const storage = spec.capacity?.storage;
  if (storage === undefined) causes.push(required('spec.capacity[storage]'));
  else causes.push(...validateQuantity('spec.capacity[storage]', storage));
  const sources = pvSourceNames.filter((k) => spec[k] !== undefined);
  if (sources.length === 0) causes.push(required('spec', 'must specify a volume type'));
  if (sources.length > 1) causes.push(forbidden(`spec.${sources[1]}`, 'may not specify more than 1 volume type'));
  if (spec.local && !spec.nodeAffinity?.required) causes.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
  if (spec.hostPath && !spec.hostPath.path) causes.push(required('spec.hostPath.path'));
  causes.push(...checkEnum('spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, ['Retain', 'Delete', 'Recycle']));
  causes.push(...checkEnum('spec.volumeMode', spec.volumeMode, ['Block', 'Filesystem']));
  return causes;
}

/** persistentVolumeDefinition is the KindDefinition of core/v1 PersistentVolume. */
export const persistentVolumeDefinition: KindDefinition<PersistentVolume> = {
  info: Resources.persistentvolumes,
  schema: PersistentVolumeSchema,
  applyDefaults(pv) {
    pv.spec ??= {};
    pv.spec.persistentVolumeReclaimPolicy ||= 'Retain';
    pv.spec.volumeMode ||= 'Filesystem';
    pv.status ??= {};
    pv.status.phase ||= 'Pending';
  },
  validate: validatePV,
  validateUpdate: (pv, old) => [...validatePV(pv), ...validateObjectMetaUpdate(pv.metadata, old.metadata)],
};

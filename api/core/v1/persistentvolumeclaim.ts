import { type Static } from '@sinclair/typebox';
import type { StatusCause } from '../../meta/v1/status.ts';
import type { KindDefinition } from '../../resource-info.ts';
import { Resources } from '../../resources.ts';
import { Condition } from '../../meta/v1/object-meta.ts';
import { Arr, KindSchema, Obj, Opt, Str, StrArr, StrMap } from './schema-kit.ts';
import { PersistentVolumeClaimSpecSchema, type PersistentVolumeClaimSpec } from './volume.ts';
import { ResourceListSchema } from './container.ts';
import { checkEnum, deepEqual, forbidden, required } from '../../validation/causes.ts';
import { validateLabelSelector } from '../../validation/labels.ts';
import { validateQuantity } from '../../validation/values.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';

export { PersistentVolumeClaimSpecSchema, type PersistentVolumeClaimSpec } from './volume.ts';

/** PersistentVolumeClaimStatusSchema is the observed state of a claim. */
export const PersistentVolumeClaimStatusSchema = Obj({
  phase: Opt(Str()),
  accessModes: Opt(StrArr()),
  capacity: Opt(ResourceListSchema),
  conditions: Opt(Arr(Condition)),
  allocatedResources: Opt(ResourceListSchema),
  allocatedResourceStatuses: Opt(StrMap()),
  currentVolumeAttributesClassName: Opt(Str()),
  modifyVolumeStatus: Opt(Obj({ targetVolumeAttributesClassName: Opt(Str()), status: Str() })),
});

/** PersistentVolumeClaimSchema is a core/v1 PersistentVolumeClaim. */
export const PersistentVolumeClaimSchema = KindSchema({ spec: PersistentVolumeClaimSpecSchema, status: Opt(PersistentVolumeClaimStatusSchema) });
export type PersistentVolumeClaim = Static<typeof PersistentVolumeClaimSchema>;

/** AccessModes are the values of accessModes. */
export const AccessModes = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;

/** validatePersistentVolumeClaimSpec checks access modes and the storage request (claims and templates). */
export function validatePersistentVolumeClaimSpec(spec: PersistentVolumeClaimSpec | undefined, path: string): StatusCause[] {
  const s = spec ?? {};
  const causes: StatusCause[] = [];
  if (!(s.accessModes ?? []).length) causes.push(required(`${path}.accessModes`));
  (s.accessModes ?? []).forEach((m, i) => causes.push(...checkEnum(`${path}.accessModes[${i}]`, m, AccessModes)));
  const storage = s.resources?.requests?.storage;
  if (storage === undefined) causes.push(required(`${path}.resources[storage]`));
  else causes.push(...validateQuantity(`${path}.resources[storage]`, storage));
  causes.push(...checkEnum(`${path}.volumeMode`, s.volumeMode, ['Block', 'Filesystem']));
  causes.push(...validateLabelSelector(`${path}.selector`, s.selector));
  return causes;
}

/** applyPersistentVolumeClaimSpecDefaults sets volumeMode Filesystem. */
export function applyPersistentVolumeClaimSpecDefaults(spec: PersistentVolumeClaimSpec): void {
  spec.volumeMode ||= 'Filesystem';
}

function validatePVC(pvc: PersistentVolumeClaim): StatusCause[] {
  return [...validateObjectMeta(pvc.metadata, { namespaced: true }), ...validatePersistentVolumeClaimSpec(pvc.spec, 'spec')];
}

/** persistentVolumeClaimDefinition is the KindDefinition of core/v1 PersistentVolumeClaim. */
export const persistentVolumeClaimDefinition: KindDefinition<PersistentVolumeClaim> = {
  info: Resources.persistentvolumeclaims,
  schema: PersistentVolumeClaimSchema,
  applyDefaults(pvc) {
    pvc.spec ??= {};
    applyPersistentVolumeClaimSpecDefaults(pvc.spec);
    pvc.status ??= {};
    pvc.status.phase ||= 'Pending';
  },
  validate: validatePVC,
  validateUpdate(pvc, old) {
    const causes = [...validatePVC(pvc), ...validateObjectMetaUpdate(pvc.metadata, old.metadata)];
    // Only the requested resources may change; volumeName may be set once (binding).
    const masked = { ...pvc.spec, resources: old.spec?.resources, volumeName: old.spec?.volumeName || pvc.spec?.volumeName };
    if (!deepEqual(masked, { ...old.spec, volumeName: old.spec?.volumeName || pvc.spec?.volumeName })) {
      causes.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    }
    return causes;
  },
};

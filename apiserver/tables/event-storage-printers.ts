import { accessModes, int, quantityString } from './format.ts';
import { translateTimestampSince } from '../../api/meta/v1/human-duration.ts';
import { ageCol, col, nameCol, wide, type Json, type Printer } from './table-types.ts';

const first = (...vals: Array<string | undefined>): string => vals.find((v) => v) ?? '';

function eventSource(e: Json): string {
  const component = first(e.source?.component, e.reportingComponent);
  const instance = first(e.source?.host, e.reportingInstance);
  return instance ? `${component}, ${instance}` : component;
}

/** eventPrinter: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME. */
export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'lastTimestamp is the time when this Event was last observed.'),
    col('Type', 'type is the type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'reason is why the action was taken. It is human-readable.'),
    col('Object', 'regarding contains the object this Event is about.'),
    wide(col('Subobject', 'fieldPath of the involved object, e.g. spec.containers{name}.')),
    wide(col('Source', 'reportingController is the name of the controller that emitted this Event.')),
    col('Message', 'note is a human-readable description of the status of this operation.'),
    wide(col('First Seen', 'eventTime is the time when this Event was first observed.')),
    wide(col('Count', 'deprecatedCount is the deprecated field assuring backward compatibility with core.v1 Event type.')),
    wide(col('Name', 'Name must be unique within a namespace.', { format: 'name' })),
  ],
  cells(e, now) {
    const firstSeen = e.firstTimestamp ? translateTimestampSince(e.firstTimestamp, now) : translateTimestampSince(e.eventTime, now);
    let lastSeen = e.lastTimestamp ? translateTimestampSince(e.lastTimestamp, now) : firstSeen;
    let count = int(e.count);
    if (e.series) {
      lastSeen = translateTimestampSince(e.series.lastObservedTime, now);
      count = int(e.series.count);
    } else if (count === 0) {
      count = 1;
    }
    const io = e.involvedObject ?? {};
    const kind = String(io.kind ?? '').toLowerCase();
    const target = io.name ? `${kind}/${io.name}` : kind;
    return [lastSeen, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', eventSource(e), String(e.message ?? '').trim(), firstSeen, count, e.metadata?.name ?? ''];
  },
};

const storageClassOf = (o: Json): string => o.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? o.spec?.storageClassName ?? '';

/** persistentVolumePrinter: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE, wide VOLUMEMODE. */
export const persistentVolumePrinter: Printer = {
  columns: [
    nameCol,
    col('Capacity', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    col('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageCol,
    wide(col('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.')),
  ],
  cells(pv, now) {
    const ref = pv.spec?.claimRef;
    const claim = ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '';
    const cap = pv.spec?.capacity?.storage;
    const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    return [
      pv.metadata?.name ?? '',
      cap === undefined ? '0' : quantityString(cap),
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase,
      claim,
      storageClassOf(pv),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      translateTimestampSince(pv.metadata?.creationTimestamp, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** persistentVolumeClaimPrinter: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE, wide VOLUMEMODE. */
export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameCol,
    col('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    ageCol,
    wide(col('VolumeMode', 'volumeMode defines what type of volume is required by the claim.')),
  ],
  cells(pvc, now) {
    const bound = Boolean(pvc.spec?.volumeName);
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    const cap = pvc.status?.capacity?.storage;
    return [
      pvc.metadata?.name ?? '',
      phase,
      pvc.spec?.volumeName ?? '',
      bound ? (cap === undefined ? '0' : quantityString(cap)) : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc),
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      translateTimestampSince(pvc.metadata?.creationTimestamp, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

import type { PersistentVolume } from '../../../api/core/v1/persistentvolume.ts';
import type { PersistentVolumeClaim } from '../../../api/core/v1/persistentvolumeclaim.ts';
import { isAlreadyExists, isConflict, isNotFound } from '../../../api/errors.ts';
import { compareQuantity } from '../../../api/quantity.ts';
import { Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, sameResourceVersion, splitKey, unwrapTombstone } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';

/** PVController is the controller plus its syncs for tests. */
export interface PVController extends Controller {
  syncClaim(key: string): Promise<void>;
  syncVolume(name: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/** LocalStorageClasses are the class names provisioned as node-local hostPath volumes ('' = no class given). */
export const LocalStorageClasses = new Set(['', 'standard', 'local-path']);
/** VolumeRoot is where provisioned hostPath volumes live on the node. */
export const VolumeRoot = '/var/lib/skiff/volumes';

const request = (c: PersistentVolumeClaim) => c.spec?.resources?.requests?.storage ?? 0;

/** volumeFits: an unclaimed (or pre-bound to this claim) volume of the same class, modes and enough capacity. */
export function volumeFits(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name && (!ref.uid || ref.uid === pvc.metadata.uid))) return false;
  if (pv.metadata.deletionTimestamp || (pv.status?.phase && pv.status.phase !== 'Available' && pv.status.phase !== 'Pending' && !ref)) return false;
  if ((pv.spec?.storageClassName ?? '') !== (pvc.spec?.storageClassName ?? '')) return false;
  if (!(pvc.spec?.accessModes ?? []).every((m) => (pv.spec?.accessModes ?? []).includes(m))) return false;
  return compareQuantity(pv.spec?.capacity?.storage ?? 0, request(pvc)) >= 0;
}

/**
 * newPVController builds the persistent volume binder: a Pending claim is bound to the
 * smallest fitting Available volume (claimRef on the volume, volumeName on the claim, both
 * phases Bound); with none and a local storage class ('' / standard / local-path) a hostPath
 * volume `pvc-<uid>` under /var/lib/skiff/volumes is provisioned for it. A volume whose claim
 * is gone is deleted (reclaim Delete) or Released (Retain).
 */
export function newPVController(ctx: ControllerContext): PVController {
  const claims = ctx.informers.informerFor<PersistentVolumeClaim>(Resources.persistentvolumeclaims);
  const volumes = ctx.informers.informerFor<PersistentVolume>(Resources.persistentvolumes);
  const pvcClient = ctx.client.resource<PersistentVolumeClaim>(Resources.persistentvolumeclaims);
  const pvClient = ctx.client.resource<PersistentVolume>(Resources.persistentvolumes);
  const recorder = ctx.recorder('persistentvolume-controller');
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'persistentvolume-binder' });
  claims.addEventHandler({
    add: (c) => queue.add(`claim:${keyOf(c)}`),
    update: (o, c) => void (!sameResourceVersion(o, c) && queue.add(`claim:${keyOf(c)}`)),
    delete: (c) => {
      const claim = unwrapTombstone(c);
      volumes.lister.list().filter((v) => v.spec?.claimRef?.uid === claim.metadata.uid).forEach((v) => queue.add(`volume:${v.metadata.name}`));
    },
  });
  volumes.addEventHandler({
    add: (v) => queue.add(`volume:${v.metadata.name}`),
    update: (o, v) => void (!sameResourceVersion(o, v) && queue.add(`volume:${v.metadata.name}`)),
  });

  const bind = async (pv: PersistentVolume, pvc: PersistentVolumeClaim): Promise<void> => {
    const ref = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid, resourceVersion: pvc.metadata.resourceVersion };
    let bound = pv;
    if (pv.spec?.claimRef?.uid !== pvc.metadata.uid) bound = await pvClient.update({ ...structuredClone(pv), spec: { ...pv.spec, claimRef: ref } });
    if (bound.status?.phase !== 'Bound') await pvClient.updateStatus({ ...bound, status: { ...bound.status, phase: 'Bound' } });
    let claim = pvc;
    if (pvc.spec?.volumeName !== pv.metadata.name) claim = await pvcClient.update({ ...structuredClone(pvc), spec: { ...pvc.spec, volumeName: pv.metadata.name } });
    await pvcClient.updateStatus({ ...claim, status: { ...claim.status, phase: 'Bound', accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity } });
    recorder.event(pvc, 'Normal', 'Bound', `Successfully bound to volume ${pv.metadata.name}`);
  };

  const provision = async (pvc: PersistentVolumeClaim): Promise<PersistentVolume> => {
    const name = `pvc-${pvc.metadata.uid}`;
    const pv: PersistentVolume = {
      apiVersion: 'v1', kind: 'PersistentVolume',
      metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': 'skiff.io/local-path' } },
      spec: {
        capacity: { storage: String(request(pvc)) },
        accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        ...(pvc.spec?.storageClassName ? { storageClassName: pvc.spec.storageClassName } : {}),
        hostPath: { path: `${VolumeRoot}/${name}`, type: 'DirectoryOrCreate' },
        claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid },
      },
    } as PersistentVolume;
    try {
      const created = await pvClient.create(undefined, pv);
      recorder.event(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
      return created;
    } catch (err) {
      if (isAlreadyExists(err)) return pvClient.get(undefined, name);
      throw err;
    }
  };

  const syncClaim = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const pvc = claims.lister.get(namespace, name);
    if (!pvc || pvc.metadata.deletionTimestamp) return;
    if (pvc.spec?.volumeName) {
      const pv = volumes.lister.get(undefined, pvc.spec.volumeName);
      if (pv && pvc.status?.phase !== 'Bound') await bind(pv, pvc);
      return;
    }
    const fitting = volumes.lister.list().filter((v) => volumeFits(v, pvc)).sort((a, b) => compareQuantity(a.spec?.capacity?.storage ?? 0, b.spec?.capacity?.storage ?? 0));
    // Prefer a volume already reserved for this claim (pre-bound or provisioned for it).
    const pv = fitting.find((v) => v.spec?.claimRef?.uid === pvc.metadata.uid) ?? fitting[0];
    if (pv) return bind(pv, pvc);
    if (!LocalStorageClasses.has(pvc.spec?.storageClassName ?? '')) {
      recorder.event(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      return;
    }
    await bind(await provision(pvc), pvc);
  };

  const syncVolume = async (name: string): Promise<void> => {
    const pv = volumes.lister.get(undefined, name);
    if (!pv) return;
    const ref = pv.spec?.claimRef;
    if (!ref) {
      if (pv.status?.phase !== 'Available') await pvClient.updateStatus({ ...structuredClone(pv), status: { ...pv.status, phase: 'Available' } });
      return;
    }
    const claim = claims.lister.get(ref.namespace, ref.name ?? '');
    if (claim && (!ref.uid || claim.metadata.uid === ref.uid)) return void queue.add(`claim:${keyOf(claim)}`);
    // Make sure the claim is really gone before reclaiming (the cache may lag a new claim).
    const live = await pvcClient.get(ref.namespace, ref.name ?? '').catch((err) => { if (isNotFound(err)) return undefined; throw err; });
    if (live && (!ref.uid || live.metadata.uid === ref.uid)) return;
    if ((pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain') === 'Delete') {
      await pvClient.delete(undefined, name).catch((err) => { if (!isNotFound(err)) throw err; });
    } else if (pv.status?.phase !== 'Released') {
      await pvClient.updateStatus({ ...structuredClone(pv), status: { ...pv.status, phase: 'Released' } });
    }
  };

  const sync = async (key: string): Promise<void> => {
    try {
      if (key.startsWith('claim:')) await syncClaim(key.slice('claim:'.length));
      else await syncVolume(key.slice('volume:'.length));
    } catch (err) {
      if (!isConflict(err)) throw err;
      queue.addAfter(key, 200); // a concurrent binder write: look again with a fresh cache
    }
  };
  return {
    name: 'persistentvolume-binder',
    syncClaim,
    syncVolume,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [claims, volumes], workers: 1, signal, logger }),
  };
}

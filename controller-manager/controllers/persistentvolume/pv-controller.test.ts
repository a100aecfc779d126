import { describe, expect, it } from 'vitest';
import type { PersistentVolume } from '../../../api/core/v1/persistentvolume.ts';
import type { PersistentVolumeClaim } from '../../../api/core/v1/persistentvolumeclaim.ts';
import { Resources } from '../../../api/resources.ts';
import { newHarness, type Harness } from '../../test-util/harness.ts';
import { newPVController } from './pv-controller.ts';

const claim = (storage = '1Gi', storageClassName?: string): PersistentVolumeClaim =>
  ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...(storageClassName !== undefined ? { storageClassName } : {}) }, status: { phase: 'Pending' } }) as PersistentVolumeClaim;
const volume = (name: string, storage: string, extra: Record<string, unknown> = {}): PersistentVolume =>
  ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { capacity: { storage }, accessModes: ['ReadWriteOnce'], hostPath: { path: `/data/${name}` }, persistentVolumeReclaimPolicy: 'Retain', ...extra }, status: { phase: 'Available' } }) as PersistentVolume;

const storedClaim = (h: Harness) => h.fake.tracker.get(Resources.persistentvolumeclaims, 'default', 'data') as PersistentVolumeClaim;
const storedVolume = (h: Harness, n: string) => h.fake.tracker.get(Resources.persistentvolumes, undefined, n) as PersistentVolume;

describe('persistent volume binder', () => {
  it('binds a claim to the smallest fitting volume', async () => {
    const h = newHarness();
    h.seed(Resources.persistentvolumes, volume('small', '500Mi'), volume('big', '10Gi'), volume('fit', '2Gi'), volume('rwx', '1Gi', { accessModes: ['ReadWriteMany'] }));
    h.seed(Resources.persistentvolumeclaims, claim());
    await newPVController(h.ctx).syncClaim('default/data');
    expect(storedClaim(h).spec?.volumeName).toBe('fit');
    expect(storedClaim(h).status).toMatchObject({ phase: 'Bound', capacity: { storage: '2Gi' } });
    expect(storedVolume(h, 'fit').spec?.claimRef).toMatchObject({ namespace: 'default', name: 'data' });
    expect(storedVolume(h, 'fit').status?.phase).toBe('Bound');
  });

  it('provisions a hostPath volume when none fits', async () => {
    const h = newHarness();
    const [c] = h.seed(Resources.persistentvolumeclaims, claim('1Gi'));
    await newPVController(h.ctx).syncClaim('default/data');
    const name = `pvc-${c.metadata.uid}`;
    expect(storedClaim(h).spec?.volumeName).toBe(name);
    expect(storedVolume(h, name).spec).toMatchObject({ hostPath: { path: `/var/lib/skiff/volumes/${name}` }, capacity: { storage: '1Gi' }, persistentVolumeReclaimPolicy: 'Delete' });
  });

  it('leaves claims of unknown storage classes pending', async () => {
    const h = newHarness();
    h.seed(Resources.persistentvolumeclaims, claim('1Gi', 'fast-ssd'));
    await newPVController(h.ctx).syncClaim('default/data');
    expect(h.writes()).toEqual([]);
  });

  it.each([
    ['Delete', 'delete persistentvolumes v'],
    ['Retain', 'update persistentvolumes/status v'],
  ])('reclaims a volume whose claim is gone (%s)', async (policy, want) => {
    const h = newHarness();
    h.seed(Resources.persistentvolumes, volume('v', '1Gi', { persistentVolumeReclaimPolicy: policy, claimRef: { namespace: 'default', name: 'gone', uid: 'u1' } }));
    await newPVController(h.ctx).syncVolume('v');
    expect(h.writes()).toEqual([want]);
  });
});

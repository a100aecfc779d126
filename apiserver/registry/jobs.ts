import { generateJobSelector, type Job } from '../../api/batch/v1/job.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceStrategy } from './types.ts';

/** jobStrategy gives a new Job its generated selector and template labels (needs the server-set uid). */
export const jobStrategy: ResourceStrategy = {
  resetStatusOnCreate: true,
  prepareForCreate(_ctx, obj: KubeObject) {
    generateJobSelector(obj as Job);
  },
};

/** volumeStrategy starts PersistentVolumes and claims in phase Pending, as Kubernetes' PV strategies do. */
export const volumeStrategy: ResourceStrategy = {
  resetStatusOnCreate: true,
  prepareForCreate(_ctx, obj: KubeObject) {
    (obj as KubeObject & { status?: { phase?: string } }).status = { phase: 'Pending' };
  },
};

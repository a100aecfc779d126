import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { StorageError, type Preconditions } from './types.ts';

/**
 * checkPreconditions throws Conflict when current (resourceVersion set) does not satisfy pre,
 * with the messages Kubernetes uses so clients see familiar text.
 */
export function checkPreconditions(key: string, current: KubeObject, pre: Preconditions | undefined): void {
  if (!pre) return;
  if (pre.uid !== undefined && pre.uid !== current.metadata.uid) {
    throw new StorageError('Conflict', key, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ''}`);
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw new StorageError(
      'Conflict',
      key,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`,
    );
  }
}

/**
 * checkUpdatedVersion throws Conflict when tryUpdate returned an object carrying a
 * resourceVersion other than the current one (a PUT of a stale object).
 */
export function checkUpdatedVersion(key: string, current: KubeObject, updated: KubeObject): void {
  const rv = updated.metadata?.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) {
    throw new StorageError('Conflict', key, 'the object has been modified; please apply your changes to the latest version and try again');
  }
}

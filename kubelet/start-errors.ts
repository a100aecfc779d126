/**
 * classifyStartError maps why a container could not be started to what Kubernetes shows: the
 * container's waiting reason, a Warning event, and when to try again. Unknown errors return
 * undefined (the pod worker retries the whole sync with backoff).
 */
import { ConfigError } from './container-config.ts';
import { EnvError } from './env.ts';
import { ImagePullError } from './images.ts';
import type { Waiting } from './status.ts';
import { VolumeError } from './volumes.ts';

/** StartFailure is the outcome of classifyStartError. */
export interface StartFailure {
  waiting?: Waiting;
  event?: { reason: string; message: string };
  retryMs: number;
}

/** classifyStartError: see the file comment; pullRetryMs is the image's remaining back-off. */
export function classifyStartError(err: Error, pullRetryMs: number): StartFailure | undefined {
  if (err instanceof ImagePullError) {
    return {
      waiting: { reason: err.reason, message: err.message },
      // The image manager already told what happened; this is the container's own "Error: <reason>".
      event: { reason: 'Failed', message: `Error: ${err.reason}` },
      // Right after a failed pull, look again in a second: that sync finds the back-off running
      // and shows ImagePullBackOff (as Kubernetes does) instead of ErrImagePull until the next pull.
      retryMs: err.reason === 'ErrImagePull' ? 1000 : Math.max(1000, pullRetryMs),
    };
  }
  if (err instanceof EnvError || err instanceof ConfigError) {
    return { waiting: { reason: 'CreateContainerConfigError', message: err.message }, event: { reason: 'Failed', message: `Error: ${err.message}` }, retryMs: 10_000 };
  }
  if (err instanceof VolumeError) {
    return { waiting: { reason: 'ContainerCreating', message: err.message }, event: { reason: 'FailedMount', message: `MountVolume.SetUp failed: ${err.message}` }, retryMs: 10_000 };
  }
  // 409: the name (and so this attempt) exists already — never create a second one; re-read soon.
  if ((err as { statusCode?: number }).statusCode === 409) return { retryMs: 200 };
  return undefined;
}

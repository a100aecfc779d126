/**
 * StatusWriter writes pod status through pods/status with a merge patch (arrays such as
 * containerStatuses and conditions are replaced whole; reason/message cleared with null),
 * skipping writes identical to the last one that the server still shows.
 */
import type { Client } from '../client/types.ts';
import { Resources } from '../api/resources.ts';
import { isNotFound } from '../api/errors.ts';
import type { Pod, PodStatus } from './api-types.ts';

/** StatusWriter: see the file comment. */
export class StatusWriter {
  readonly #client: Client;
  readonly #last = new Map<string, string>();

  constructor(client: Client) {
    this.#client = client;
  }

  /** write patches the status of `pod` unless nothing changed; a vanished pod is ignored. */
  async write(pod: Pod, status: PodStatus): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    const json = JSON.stringify(status);
    if (this.#last.get(uid) === json && sameAsServer(pod.status, status)) return;
    try {
      await this.#client.resource<Pod>(Resources.pods).patch(pod.metadata.namespace, pod.metadata.name ?? '', 'merge',
        { status: { ...status, reason: status.reason ?? null, message: status.message ?? null } }, { subresource: 'status' });
      this.#last.set(uid, json);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** forget drops what was remembered of a pod. */
  forget(uid: string): void {
    this.#last.delete(uid);
  }
}

/** sameAsServer is false when the server's status lost what we wrote (e.g. a recreated object). */
function sameAsServer(server: PodStatus | undefined, mine: PodStatus): boolean {
  return server?.phase === mine.phase && (server?.containerStatuses?.length ?? 0) === (mine.containerStatuses?.length ?? 0);
}

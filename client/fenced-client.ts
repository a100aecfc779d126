/**
 * fencedClient wraps a Client so that writes (create, update, patch, delete, subresource
 * POSTs, non-GET raw requests) are refused with a local 503 StatusError unless the elector can
 * still write: it believes it leads AND its last successful renew started less than
 * renewDeadline ago by its own clock. A leader that was paused (SIGSTOP, a long GC, a stalled
 * VM) resumes with a stale renew time, so its writes are refused before they are sent.
 *
 * Honest limits: this is a check-then-send on the client. A write that passed the check and
 * is then delayed (paused between the check and the socket, or held in the network) can still
 * reach the server after the lease moved; the window is bounded by renewDeadline and kept
 * small by renewDeadline < leaseDuration (the new leader can only start after leaseDuration
 * passes on its clock). Server-side fencing tokens would be needed to close it entirely.
 */
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { StatusError, newStatus } from '../api/errors.ts';
import type { Client, ResourceClient } from './types.ts';

/** Fence is what fencedClient asks before each write (a LeaderElector satisfies it). */
export interface Fence {
  canWrite(): boolean;
  readonly identity: string;
}

/** notLeader is the error of a refused write: a 503 ServiceUnavailable Status, never retried blindly. */
export function notLeaderError(identity: string, what: string): StatusError {
  return new StatusError(newStatus(503, 'ServiceUnavailable', `write refused: ${identity} is not (or no longer surely) the leader (${what})`));
}

/** isFenced tells whether err is a write refused by fencedClient. */
export function isFenced(err: unknown): boolean {
  return err instanceof StatusError && err.status.message?.startsWith('write refused:') === true;
}

/** fencedClient returns a Client whose writes go through only while fence.canWrite(). */
export function fencedClient(client: Client, fence: Fence): Client {
  const guard = <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (!fence.canWrite()) throw notLeaderError(fence.identity, what);
      return fn(...args);
    };
  return {
    resource<T extends KubeObject>(info: ResourceInfo): ResourceClient<T> {
      const rc = client.resource<T>(info);
      return {
        ...rc,
        info: rc.info,
        get: rc.get,
        list: rc.list,
        watch: rc.watch,
        getSubresource: rc.getSubresource,
        create: guard(`create ${info.resource}`, rc.create),
        update: guard(`update ${info.resource}`, rc.update),
        updateStatus: guard(`update ${info.resource}/status`, rc.updateStatus),
        patch: guard(`patch ${info.resource}`, rc.patch),
        delete: guard(`delete ${info.resource}`, rc.delete),
        deleteCollection: guard(`deletecollection ${info.resource}`, rc.deleteCollection),
        createSubresource: guard(`create ${info.resource} subresource`, rc.createSubresource) as ResourceClient<T>['createSubresource'],
      };
    },
    request: (method, path, opts) =>
      method === 'GET' || method === 'HEAD' ? client.request(method, path, opts) : guard(`${method} ${path}`, client.request)(method, path, opts),
    stream: client.stream,
    get server() {
      return client.server;
    },
    close: () => client.close(),
  };
}

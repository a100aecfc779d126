import type { Namespace } from '../../../api/core/v1/namespace.ts';
import { isAlreadyExists, isForbidden, isNotFound } from '../../../api/errors.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, unwrapTombstone } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';

/** ServiceAccountsController is the controller plus its sync for tests. */
export interface ServiceAccountsController extends Controller {
  sync(namespace: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/** DefaultServiceAccounts are ensured in every active namespace. */
export const DefaultServiceAccounts = ['default'];

/**
 * newServiceAccountsController builds Kubernetes' serviceaccount controller: every active
 * namespace gets a `default` ServiceAccount, recreated if someone deletes it, so pods (which
 * default to it) can always be admitted.
 */
export function newServiceAccountsController(ctx: ControllerContext): ServiceAccountsController {
  const namespaces = ctx.informers.informerFor<Namespace>(Resources.namespaces);
  const accounts = ctx.informers.informerFor<KubeObject>(Resources.serviceaccounts);
  const client = ctx.client.resource<KubeObject>(Resources.serviceaccounts);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'serviceaccount' });
  namespaces.addEventHandler({ add: (n) => queue.add(keyOf(n)), update: (_o, n) => queue.add(keyOf(n)) });
  accounts.addEventHandler({ delete: (o) => queue.add(unwrapTombstone(o).metadata.namespace ?? '') });
  const sync = async (ns: string): Promise<void> => {
    const n = namespaces.lister.get(undefined, ns);
    if (!n || n.metadata.deletionTimestamp || n.status?.phase === 'Terminating') return;
    for (const name of DefaultServiceAccounts) {
      if (accounts.lister.get(ns, name)) continue;
      try {
        await client.create(ns, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
      } catch (err) {
        // Already there (cache lag), or the namespace started terminating meanwhile.
        if (isAlreadyExists(err) || isNotFound(err) || isForbidden(err)) continue;
        throw err;
      }
    }
  };
  return {
    name: 'serviceaccount',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [namespaces, accounts], workers: 1, signal, logger }),
  };
}

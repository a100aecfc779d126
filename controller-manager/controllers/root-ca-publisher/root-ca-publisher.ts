/**
 * The root CA publisher (Kubernetes' rootcacertpublisher): every active namespace holds a
 * ConfigMap `kube-root-ca.crt` whose `ca.crt` is the cluster CA, so a pod can verify the API
 * server it reaches at kubernetes.default.svc (the ServiceAccount admission plugin projects it
 * into /var/run/secrets/kubernetes.io/serviceaccount/ca.crt). Edits and deletions are undone.
 */
import type { Namespace } from '../../../api/core/v1/namespace.ts';
import { isAlreadyExists, isForbidden, isNotFound } from '../../../api/errors.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import type { RateLimitingQueue } from '../../../client/types.ts';
import type { Controller, ControllerContext } from '../../context.ts';
import { keyOf, unwrapTombstone } from '../../util/keys.ts';
import { newQueue, runQueueController } from '../../util/queue-controller.ts';

type ConfigMap = KubeObject & { data?: Record<string, string> };

/** ROOT_CA_CONFIGMAP is the name of the published ConfigMap. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** DESCRIPTION_ANNOTATION and DESCRIPTION are Kubernetes' words on what the ConfigMap is for. */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/** RootCAPublisher is the controller plus its sync for tests. */
export interface RootCAPublisher extends Controller {
  sync(namespace: string): Promise<void>;
  queue: RateLimitingQueue<string>;
}

/** newRootCAPublisher builds the controller publishing rootCA (PEM). */
export function newRootCAPublisher(ctx: ControllerContext, rootCA: string): RootCAPublisher {
  const namespaces = ctx.informers.informerFor<Namespace>(Resources.namespaces);
  const configMaps = ctx.informers.informerFor<ConfigMap>(Resources.configmaps);
  const client = ctx.client.resource<ConfigMap>(Resources.configmaps);
  const queue = newQueue<string>();
  const logger = ctx.logger.child({ controller: 'root-ca-cert-publisher' });
  const ours = (cm: ConfigMap) => cm.metadata.name === ROOT_CA_CONFIGMAP;
  namespaces.addEventHandler({ add: (n) => queue.add(keyOf(n)), update: (_o, n) => queue.add(keyOf(n)) });
  configMaps.addEventHandler({
    update: (_o, cm) => ours(cm) && queue.add(cm.metadata.namespace ?? ''),
    delete: (o) => {
      const cm = unwrapTombstone(o);
      if (ours(cm)) queue.add(cm.metadata.namespace ?? '');
    },
  });
  const data = { 'ca.crt': rootCA };

  const sync = async (ns: string): Promise<void> => {
    const n = namespaces.lister.get(undefined, ns);
    if (!n || n.metadata.deletionTimestamp || n.status?.phase === 'Terminating') return;
    const cm = configMaps.lister.get(ns, ROOT_CA_CONFIGMAP);
    try {
      if (!cm) {
        await client.create(ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace: ns, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data });
        return;
      }
      if (cm.data?.['ca.crt'] === rootCA && Object.keys(cm.data).length === 1 && cm.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return;
      const next = structuredClone(cm);
      next.data = { ...data };
      next.metadata.annotations = { ...next.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION };
      await client.update(next);
    } catch (err) {
      // Gone or terminating meanwhile (NotFound, Forbidden), or created under us (cache lag: its event requeues).
      if (isNotFound(err) || isForbidden(err) || isAlreadyExists(err)) return;
      throw err;
    }
  };
  return {
    name: 'root-ca-cert-publisher',
    sync,
    queue,
    run: (signal) => runQueueController({ queue, sync, informers: [namespaces, configMaps], workers: 1, signal, logger }),
  };
}

import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceStrategy } from './types.ts';

type NamespaceLike = KubeObject & { spec?: { finalizers?: string[] }; status?: { phase?: string } };

/**
 * namespaceStrategy: Active on create with the `kubernetes` finalizer and the
 * kubernetes.io/metadata.name label; DELETE turns it Terminating until the namespace controller
 * has emptied it and cleared spec.finalizers through /finalize.
 */
export const namespaceStrategy: ResourceStrategy = {
  resetStatusOnCreate: true,
  prepareForCreate(_ctx, obj) {
    const ns = obj as NamespaceLike;
    ns.spec = { ...(ns.spec ?? {}), finalizers: ns.spec?.finalizers ?? ['kubernetes'] };
    ns.status = { phase: 'Active' };
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name ?? '' };
  },
  prepareForDelete(obj) {
    const ns = obj as NamespaceLike;
    ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
    return ns;
  },
  blocksDeletion(obj) {
    return ((obj as NamespaceLike).spec?.finalizers?.length ?? 0) > 0;
  },
};

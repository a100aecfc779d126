import { newBadRequest, newConflict, newInvalid } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { decodeBody } from '../handlers/body.ts';
import type { SubresourceRequest } from '../handlers/env.ts';
import { objectKey } from '../registry/keys.ts';
import { nowTimestamp } from '../registry/object-meta.ts';
import { storageToStatus } from '../status-reply.ts';

type PodLike = KubeObject & { spec?: { nodeName?: string }; status?: { conditions?: { type: string; status: string; lastTransitionTime?: string; lastProbeTime?: string | null }[] } };

/** successStatus is the Status a successful create-only subresource answers with. */
export function successStatus(code: number) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
}

/**
 * bindPod is POST pods/<name>/binding: it sets spec.nodeName once (409 when already bound or
 * being deleted) and marks the PodScheduled condition True, in one etcd transaction.
 */
export async function bindPod(r: SubresourceRequest) {
  if (r.req.method !== 'POST') throw newBadRequest('binding supports only POST');
  const body = decodeBody(r.req.body as Buffer, r.req.headers['content-type']) as { metadata?: { name?: string }; target?: { kind?: string; name?: string } };
  const name = r.path.name;
  if (body?.metadata?.name && body.metadata.name !== name) throw newBadRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
  const node = body?.target?.name;
  if (!node) throw newInvalid('Binding', '', name, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  if (body.target?.kind && body.target.kind !== 'Node') throw newInvalid('Binding', '', name, [{ reason: 'FieldValueNotSupported', field: 'target.kind', message: `Unsupported value: ${JSON.stringify(body.target.kind)}: supported values: "Node"` }]);
  const key = objectKey(r.scope.info, r.path.namespace, name);
  try {
    await r.env.ctx.storage.guaranteedUpdate<PodLike>(key, (pod) => {
      if (pod.metadata.deletionTimestamp) throw newConflict(r.scope.gr, name, 'pod is being deleted, cannot be assigned to a host');
      if (pod.spec?.nodeName) throw newConflict(r.scope.gr, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      const next = structuredClone(pod);
      next.spec = { ...(next.spec ?? {}), nodeName: node };
      const status = (next.status ??= {});
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTimestamp() });
      status.conditions = conditions;
      return next;
    });
  } catch (err) {
    throw storageToStatus(err, r.scope.gr, name);
  }
  return r.reply.code(201).type('application/json').send(successStatus(201));
}

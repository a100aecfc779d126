import { newBadRequest } from '../../api/errors.ts';
import { decodeBody } from '../handlers/body.ts';
import type { SubresourceRequest } from '../handlers/env.ts';
import { deleteOptions } from '../handlers/query.ts';
import { deleteObject } from '../registry/delete.ts';
import { getObject } from '../registry/read.ts';
import { successStatus } from './binding.ts';
import { checkDisruptionBudget } from './disruption-budget.ts';

/**
 * evictPod is POST pods/<name>/eviction: a delete with the eviction's DeleteOptions, admitted only
 * when the pod's PodDisruptionBudget allows a disruption (429 TooManyRequests otherwise).
 */
export async function evictPod(r: SubresourceRequest) {
  if (r.req.method !== 'POST') throw newBadRequest('eviction supports only POST');
  const body = decodeBody(r.req.body as Buffer, r.req.headers['content-type']) as { metadata?: { name?: string }; deleteOptions?: unknown };
  if (body?.metadata?.name && body.metadata.name !== r.path.name) {
    throw newBadRequest(`name in URL does not match name in Eviction object`);
  }
  const opts = deleteOptions(r.query, body?.deleteOptions);
  const pod = await getObject(r.env.ctx, r.scope, r.path.namespace, r.path.name);
  await checkDisruptionBudget(r.env.ctx, pod, (opts.dryRun ?? []).length > 0);
  await deleteObject(r.env.ctx, r.scope, r.path.namespace, r.path.name, opts);
  return r.reply.code(201).type('application/json').send(successStatus(201));
}

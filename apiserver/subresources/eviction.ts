import { newBadRequest } from '../../api/errors.ts';
import { decodeBody } from '../handlers/body.ts';
import type { SubresourceRequest } from '../handlers/env.ts';
import { deleteOptions } from '../handlers/query.ts';
import { deleteObject } from '../registry/delete.ts';
import { successStatus } from './binding.ts';

/** evictPod is POST pods/<name>/eviction: a delete with the eviction's DeleteOptions (PodDisruptionBudgets are not modelled). */
export async function evictPod(r: SubresourceRequest) {
  if (r.req.method !== 'POST') throw newBadRequest('eviction supports only POST');
  const body = decodeBody(r.req.body as Buffer, r.req.headers['content-type']) as { metadata?: { name?: string }; deleteOptions?: unknown };
  if (body?.metadata?.name && body.metadata.name !== r.path.name) {
    throw newBadRequest(`name in URL does not match name in Eviction object`);
  }
  await deleteObject(r.env.ctx, r.scope, r.path.namespace, r.path.name, deleteOptions(r.query, body?.deleteOptions));
  return r.reply.code(201).type('application/json').send(successStatus(201));
}

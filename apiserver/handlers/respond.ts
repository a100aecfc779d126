import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KubeList, KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Scope } from '../registry/types.ts';
import { tableOptions, wantsTable, type TableConverter } from './table.ts';

/** warningHeader formats one warning as Kubernetes does: `299 - "text"`. */
export function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

/** sendObject answers with one object (as a Table when asked), attaching any warnings. */
export function sendObject(
  reply: FastifyReply,
  req: FastifyRequest,
  q: URLSearchParams,
  scope: Scope,
  code: number,
  obj: KubeObject,
  toTable: TableConverter,
  warnings: string[] = [],
): FastifyReply {
  if (warnings.length > 0) reply.header('warning', warnings.map(warningHeader));
  const body = wantsTable(req.headers.accept) ? toTable(scope, [obj], tableOptions(q)) : obj;
  return reply.code(code).type('application/json').send(body);
}

/** sendList answers with a list (as a Table when asked). */
export function sendList(reply: FastifyReply, req: FastifyRequest, q: URLSearchParams, scope: Scope, list: KubeList, toTable: TableConverter): FastifyReply {
  const body = wantsTable(req.headers.accept) ? toTable(scope, list.items, tableOptions(q), list.metadata as Record<string, unknown>) : list;
  return reply.code(200).type('application/json').send(body);
}

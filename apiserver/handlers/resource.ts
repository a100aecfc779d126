import type { FastifyReply, FastifyRequest } from 'fastify';
import { newMethodNotSupported, newStatus, StatusError } from '../../api/errors.ts';
import { createObject } from '../registry/create.ts';
import { deleteObject } from '../registry/delete.ts';
import { deleteCollection } from '../registry/delete-collection.ts';
import { patchObject } from '../registry/patch-object.ts';
import { patchTypeOf } from '../registry/patch.ts';
import { getObject, listObjects, parseLimit } from '../registry/read.ts';
import { parseSelection } from '../registry/selection.ts';
import type { Scope } from '../registry/types.ts';
import { updateObject, type UpdateTarget } from '../registry/update.ts';
import type { ResourcePath } from '../request-path.ts';
import { decodeBody } from './body.ts';
import type { RestEnv } from './env.ts';
import { deleteOptions, writeOptions } from './query.ts';
import { sendList, sendObject } from './respond.ts';
import { serveWatch } from './watch-stream.ts';
import { converterFor, patchInVersion, useVersion, watchContext } from './version-view.ts';

function notServed(path: ResourcePath): StatusError {
  return new StatusError(newStatus(404, 'NotFound', `the server could not find the requested resource (${path.resource}${path.group ? '.' + path.group : ''})`));
}

/** resolveScope finds the scope of a resource path and checks version and namespacing (404 otherwise). */
export function resolveScope(env: RestEnv, path: ResourcePath): Scope {
  const scope = env.ctx.scopeFor(path.group, path.resource);
  // Another version than the stored one is served through its converter (see version-view.ts).
  if (!scope || (scope.info.version !== path.version && !converterFor(scope, path.version))) throw notServed(path);
  if (path.namespace !== undefined && !scope.info.namespaced) throw notServed(path);
  if (scope.info.namespaced && path.name !== undefined && path.namespace === undefined) throw notServed(path);
  return scope;
}

const isWatch = (q: URLSearchParams): boolean => q.get('watch') === 'true' || q.get('watch') === '1';

/** isWatchRequest tells the in-flight limiter which requests are long-running watches. */
export function isWatchRequest(method: string, q: URLSearchParams): boolean {
  return method === 'GET' && isWatch(q);
}

/** handleResource dispatches a request for a resource path by method and subresource. */
export async function handleResource(env: RestEnv, req: FastifyRequest, reply: FastifyReply, path: ResourcePath, q: URLSearchParams): Promise<unknown> {
  const scope = resolveScope(env, path);
  const conv = scope.info.version === path.version ? undefined : converterFor(scope, path.version);
  if (conv) {
    useVersion(scope, conv, req, reply);
    if (isWatchRequest(req.method, q)) return serveWatch(watchContext(env.ctx, conv), { ...scope, info: conv.definition.info }, req, reply, path.namespace, q, env.watch, env.toTable);
  }
  if (path.name === undefined) return handleCollection(env, scope, req, reply, path, q);
  if (path.subresource === undefined || path.subresource === 'status' || path.subresource === 'finalize') {
    return handleObject(env, scope, req, reply, path as ResourcePath & { name: string }, q);
  }
  const handler = env.subresources.get(`${scope.info.resource}/${path.subresource}`);
  if (!handler || !scope.info.subresources.includes(path.subresource)) throw notServed(path);
  return handler({ env, scope, req, reply, path: path as ResourcePath & { name: string; subresource: string }, query: q });
}

async function handleCollection(env: RestEnv, scope: Scope, req: FastifyRequest, reply: FastifyReply, path: ResourcePath, q: URLSearchParams): Promise<unknown> {
  const { ctx } = env;
  switch (req.method) {
    case 'GET': {
      if (isWatch(q)) return serveWatch(ctx, scope, req, reply, path.namespace, q, env.watch, env.toTable);
      const selection = parseSelection(scope, q.get('labelSelector'), q.get('fieldSelector'));
      const list = await listObjects(ctx, scope, path.namespace, { selection, limit: parseLimit(q.get('limit')), continue: q.get('continue') ?? undefined, resourceVersion: q.get('resourceVersion') ?? undefined });
      return sendList(reply, req, q, scope, list, env.toTable);
    }
    case 'POST': {
      if (scope.info.namespaced && path.namespace === undefined) throw notServed(path);
      const opts = writeOptions(q, req.headers['user-agent']);
      const obj = await createObject(ctx, scope, path.namespace, decodeBody(req.body as Buffer, req.headers['content-type']), opts);
      return sendObject(reply, req, q, scope, 201, obj, env.toTable, opts.warnings);
    }
    case 'DELETE': {
      const body = req.body && (req.body as Buffer).length ? decodeBody(req.body as Buffer, req.headers['content-type']) : undefined;
      const selection = parseSelection(scope, q.get('labelSelector'), q.get('fieldSelector'));
      const list = await deleteCollection(ctx, scope, path.namespace, selection, deleteOptions(q, body));
      return sendList(reply, req, q, scope, list, env.toTable);
    }
    default:
      throw newMethodNotSupported(scope.gr, req.method);
  }
}

async function handleObject(env: RestEnv, scope: Scope, req: FastifyRequest, reply: FastifyReply, path: ResourcePath & { name: string }, q: URLSearchParams): Promise<unknown> {
  const { ctx } = env;
  const target: UpdateTarget = path.subresource === 'status' ? 'status' : path.subresource === 'finalize' ? 'finalize' : 'main';
  if (target === 'status' && !scope.info.subresources.includes('status')) throw notServed(path);
  if (target === 'finalize' && scope.info.resource !== 'namespaces') throw notServed(path);
  const ns = path.namespace;
  switch (req.method) {
    case 'GET':
      if (target === 'finalize') break;
      return sendObject(reply, req, q, scope, 200, await getObject(ctx, scope, ns, path.name), env.toTable);
    case 'PUT': {
      const opts = writeOptions(q, req.headers['user-agent']);
      const body = decodeBody(req.body as Buffer, req.headers['content-type']);
      const obj = await updateObject(ctx, scope, ns, path.name, () => body, opts, target);
      return sendObject(reply, req, q, scope, 200, obj, env.toTable, opts.warnings);
    }
    case 'PATCH': {
      if (target === 'finalize') break;
      const opts = writeOptions(q, req.headers['user-agent']);
      const type = patchTypeOf(req.headers['content-type']);
      const patch = decodeBody(req.body as Buffer, req.headers['content-type']);
      const force = q.get('force') === 'true';
      const conv = scope.info.version === path.version ? undefined : converterFor(scope, path.version);
      const res = conv
        ? await patchInVersion(ctx, scope, conv, env.patchers, { namespace: ns, name: path.name, target }, type, patch, opts, force)
        : await patchObject(ctx, scope, env.patchers, ns, path.name, type, patch, opts, target, force);
      return sendObject(reply, req, q, scope, res.created ? 201 : 200, res.object, env.toTable, opts.warnings);
    }
    case 'DELETE': {
      if (target !== 'main') break;
      const body = req.body && (req.body as Buffer).length ? decodeBody(req.body as Buffer, req.headers['content-type']) : undefined;
      const res = await deleteObject(ctx, scope, ns, path.name, deleteOptions(q, body));
      return sendObject(reply, req, q, scope, res.deleted ? 200 : 202, res.object, env.toTable);
    }
  }
  throw newMethodNotSupported(scope.gr, req.method);
}


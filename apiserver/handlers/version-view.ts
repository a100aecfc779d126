import type { FastifyReply, FastifyRequest } from 'fastify';
import { newBadRequest } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { KindDefinition, ResourceInfo } from '../../api/resource-info.ts';
import { hpaV1ToV2, hpaV2ToV1, horizontalPodAutoscalerV1Definition } from '../../api/autoscaling/v1/horizontalpodautoscaler.ts';
import { patchObject, type PatchResult } from '../registry/patch-object.ts';
import { applyPatchBody, type Patchers, type PatchType } from '../registry/patch.ts';
import type { ApiContext, Scope, WatchSource, WriteOptions } from '../registry/types.ts';
import { updateObject, type UpdateTarget } from '../registry/update.ts';
import { decodeBody } from './body.ts';

/**
 * VersionConverter serves a resource in a version other than the one it is stored in (like
 * Kubernetes' conversion functions): the REST layer converts request bodies with toStored and
 * every object it answers with — GET, LIST, WATCH events, write results — with fromStored.
 * Storage, validation, strategies and defaults only ever see the stored version.
 */
export interface VersionConverter {
  /** definition describes the served version (its info for discovery, its schema for OpenAPI). */
  definition: KindDefinition;
  /** toStored converts a body (or partial apply configuration) of the served version to the stored one. */
  toStored(obj: unknown): unknown;
  /** fromStored converts a stored object to the served version. */
  fromStored(obj: KubeObject): KubeObject;
}

/** versionConverters lists every extra served version: autoscaling/v1 HPAs, stored as autoscaling/v2. */
export const versionConverters: VersionConverter[] = [{ definition: horizontalPodAutoscalerV1Definition, toStored: hpaV1ToV2, fromStored: hpaV2ToV1 }];

/** servedVersionInfos are the ResourceInfos of the extra versions, listed in discovery after the stored (preferred) ones. */
export function servedVersionInfos(): ResourceInfo[] {
  return versionConverters.map((c) => c.definition.info);
}

/** converterFor returns the converter serving scope's resource in version, if that version is an extra one. */
export function converterFor(scope: Scope, version: string): VersionConverter | undefined {
  return versionConverters.find((c) => c.definition.info.group === scope.info.group && c.definition.info.resource === scope.info.resource && c.definition.info.version === version);
}

/** convertPayload converts what a handler sends: the kind's objects and lists; Status, Table and others pass through. */
function convertPayload(scope: Scope, conv: VersionConverter, payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object') return payload;
  const p = payload as { kind?: string; items?: KubeObject[] };
  if (p.kind === scope.info.kind) return conv.fromStored(payload as KubeObject);
  if (p.kind === scope.info.listKind) return { ...p, apiVersion: conv.fromStored({ metadata: {} } as KubeObject).apiVersion, items: (p.items ?? []).map((o) => conv.fromStored(o)) };
  return payload;
}

/**
 * useVersion readies a request on an extra version: answers are converted on serialization and a
 * POST/PUT body is converted to the stored version before the generic handlers decode it.
 */
export function useVersion(scope: Scope, conv: VersionConverter, req: FastifyRequest, reply: FastifyReply): void {
  reply.serializer((payload: unknown) => JSON.stringify(convertPayload(scope, conv, payload)));
  if (req.method !== 'POST' && req.method !== 'PUT') return;
  const body = decodeBody(req.body as Buffer, req.headers['content-type']);
  req.body = Buffer.from(JSON.stringify(conv.toStored(body)));
  req.headers['content-type'] = 'application/json';
}

/**
 * patchInVersion is PATCH on an extra version: json, merge and strategic patches apply to the
 * served form of the current object, which is converted back; an apply configuration is converted
 * and applied to the stored form.
 */
export async function patchInVersion(
  ctx: ApiContext,
  scope: Scope,
  conv: VersionConverter,
  patchers: Patchers,
  at: { namespace: string | undefined; name: string; target: UpdateTarget },
  type: PatchType,
  patch: unknown,
  opts: WriteOptions,
  force: boolean,
): Promise<PatchResult> {
  if (type === 'apply') {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw newBadRequest('apply patch must be an object');
    return patchObject(ctx, scope, patchers, at.namespace, at.name, type, conv.toStored(patch), opts, at.target, force);
  }
  const mutate = (cur: KubeObject) => conv.toStored(applyPatchBody(patchers, scope, type, conv.fromStored(cur), patch));
  return { object: await updateObject(ctx, scope, at.namespace, at.name, mutate, opts, at.target), created: false };
}

/**
 * watchContext is ctx seen through a converter, for WATCH on an extra version: the initial list
 * and every event carry objects of the served version (a converted copy; stored objects are shared).
 */
export function watchContext(ctx: ApiContext, conv: VersionConverter): ApiContext {
  const storage = Object.create(ctx.storage) as ApiContext['storage'];
  storage.list = (async (prefix: string, opts?: Parameters<ApiContext['storage']['list']>[1]) => {
    const page = await ctx.storage.list(prefix, opts);
    return { ...page, items: page.items.map((o) => conv.fromStored(o)) };
  }) as ApiContext['storage']['list'];
  const watchSource: WatchSource = {
    async *watch(prefix, from, signal) {
      for await (const ev of ctx.watchSource.watch(prefix, from, signal)) {
        if (ev.type === 'BOOKMARK') yield ev;
        else yield { ...ev, object: conv.fromStored(ev.object), ...(ev.prevObject ? { prevObject: conv.fromStored(ev.prevObject) } : {}) };
      }
    },
  };
  return { ...ctx, storage, watchSource };
}

/**
 * createFakeClient is the in-memory Client for other components' unit tests (like client-go's
 * fake clientset): every call is recorded as an Action, and served from an ObjectTracker with
 * resourceVersions, selectors, watch, finalizers and status/binding/eviction/scale
 * subresources. Patches: merge, json, strategic (api/patch, with merge keys); apply is
 * approximated by a merge patch (creates when missing, no field ownership). Reactors let a test inject results or errors (`prependReactor('update',
 * 'pods', () => ({ handled: true, error: newConflict(...) }))`).
 */
import jsonpatch from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import type { KubeList, KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import { apiVersionOf } from '../../api/resource-info.ts';
import { newBadRequest, newConflict, newInvalid, newNotFound } from '../../api/errors.ts';
import type { Client, ListOptions, PatchType, ResourceClient, WatchEvent, WatchOptions } from '../types.ts';
import { ObjectTracker } from './tracker.ts';
import { mergePatch } from './merge-patch.ts';
import { applyStrategicMergePatch } from '../../api/patch/strategic-merge.ts';

/** Action is one recorded call on the fake client. */
export interface Action {
  verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'watch' | 'request' | 'stream';
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  object?: unknown;
  patch?: unknown;
  patchType?: PatchType;
  options?: unknown;
}

/** ReactionResult: `handled` stops the default behaviour, with `result` or `error`. */
export interface ReactionResult {
  handled: boolean;
  result?: unknown;
  error?: unknown;
}

/** Reactor may intercept an action; return undefined or {handled:false} to pass it on. */
export type Reactor = (action: Action) => ReactionResult | undefined;

/** FakeClient is what createFakeClient returns. */
export interface FakeClient {
  client: Client;
  actions: Action[];
  tracker: ObjectTracker;
  /** prependReactor intercepts calls of a verb ('*' any) on a resource ('*' any). */
  prependReactor(verb: Action['verb'] | '*', resource: string, reactor: Reactor): void;
  /** clearActions empties the recorded actions. */
  clearActions(): void;
}

interface ReactorEntry {
  verb: string;
  resource: string;
  reactor: Reactor;
}

/** createFakeClient builds a fake Client seeded with objects (each needs kind and apiVersion); opts.tracker shares a store. */
export function createFakeClient(objects: KubeObject[] = [], opts: { tracker?: ObjectTracker } = {}): FakeClient {
  // Several fake clients may share one tracker: e.g. two processes talking to one API server.
  const tracker = opts.tracker ?? new ObjectTracker();
  for (const o of objects) tracker.add(o);
  const actions: Action[] = [];
  const reactors: ReactorEntry[] = [];

  /** run records an action, lets reactors intercept it, else performs it on the tracker. */
  async function run<R>(action: Action, perform: () => R): Promise<R> {
    actions.push(structuredClone(action));
    const intercepted = react(action);
    if (intercepted) {
      if (intercepted.error !== undefined) throw intercepted.error;
      return structuredClone(intercepted.result) as R;
    }
    return perform();
  }

  function react(action: Action): ReactionResult | undefined {
    for (const r of reactors) {
      if ((r.verb !== '*' && r.verb !== action.verb) || (r.resource !== '*' && r.resource !== action.resource)) continue;
      const res = r.reactor(action);
      if (res?.handled) return res;
    }
    return undefined;
  }

  function resource<T extends KubeObject>(info: ResourceInfo): ResourceClient<T> {
    const base = (verb: Action['verb'], namespace?: string, name?: string, extra: Partial<Action> = {}): Action => ({
      verb,
      group: info.group,
      resource: info.resource,
      namespace: info.namespaced ? namespace || undefined : undefined,
      name,
      ...extra,
    });
    const rc: ResourceClient<T> = {
      info,
      get: (ns, name) => run(base('get', ns, name), () => tracker.get(info, ns, name) as T),
      list: (ns, opts = {}) => run(base('list', ns, undefined, { options: opts }), () => listOf<T>(tracker, info, ns, opts)),
      create: (ns, obj, opts) =>
        run(base('create', ns ?? obj.metadata.namespace, obj.metadata.name, { object: obj, subresource: opts?.subresource, options: opts }), () =>
          opts?.dryRun ? structuredClone(obj) : (tracker.create(info, ns, obj) as T),
        ),
      update: (obj, opts) =>
        run(base('update', obj.metadata.namespace, obj.metadata.name, { object: obj, subresource: opts?.subresource, options: opts }), () =>
          opts?.dryRun ? structuredClone(obj) : (tracker.update(info, obj, opts?.subresource) as T),
        ),
      updateStatus: (obj, opts) =>
        run(base('update', obj.metadata.namespace, obj.metadata.name, { object: obj, subresource: 'status', options: opts }), () =>
          tracker.update(info, obj, 'status') as T,
        ),
      patch: (ns, name, type, patch, opts) =>
        run(base('patch', ns, name, { patch, patchType: type, subresource: opts?.subresource, options: opts }), () =>
          applyPatch(tracker, info, ns, name, type, patch, opts?.subresource) as T,
        ),
      delete: (ns, name, opts) =>
        run(base('delete', ns, name, { options: opts }), () => tracker.delete(info, ns, name, opts?.preconditions) as T),
      deleteCollection: (ns, opts = {}) =>
        run(base('deletecollection', ns, undefined, { options: opts }), () => {
          for (const o of tracker.list(info, { namespace: ns, ...opts }).items) tracker.delete(info, o.metadata.namespace, o.metadata.name ?? '');
        }),
      watch: (ns, opts = {}) => watchOf<T>(base('watch', ns, undefined, { options: { ...opts, signal: undefined } }), ns, opts),
      createSubresource: <B, R>(ns: string | undefined, name: string, sub: string, body: B) =>
        run(base('create', ns, name, { subresource: sub, object: body }), () => createSub(tracker, info, ns, name, sub, body) as R),
      getSubresource: <R>(ns: string | undefined, name: string, sub: string, query?: Record<string, string>) =>
        run(base('get', ns, name, { subresource: sub, options: query }), () => getSub(tracker, info, ns, name, sub) as R),
    };
    return rc;

    function watchOf<W extends KubeObject>(action: Action, ns: string | undefined, opts: WatchOptions): AsyncIterable<WatchEvent<W>> {
      actions.push(structuredClone(action));
      const intercepted = react(action);
      if (intercepted?.error !== undefined) {
        const error = intercepted.error;
        return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
      }
      if (intercepted) return intercepted.result as AsyncIterable<WatchEvent<W>>;
      return tracker.watch(info, { namespace: ns, ...opts }) as AsyncIterable<WatchEvent<W>>;
    }
  }

  const client: Client = {
    resource,
    server: 'fake://',
    request: (method, path, opts) =>
      run({ verb: 'request', group: '', resource: path, options: { method, ...opts, signal: undefined } }, () => {
        throw newNotFound({ group: '', resource: 'path' }, path);
      }),
    stream: (path, opts) =>
      run({ verb: 'stream', group: '', resource: path, options: { ...opts, signal: undefined } }, () => (async function* () {})()),
    close: async () => tracker.closeWatches(),
  };
  return {
    client,
    actions,
    tracker,
    prependReactor: (verb, res, reactor) => reactors.unshift({ verb, resource: res, reactor }),
    clearActions: () => void actions.splice(0),
  };
}

/** listOf serves a list, honouring limit/continue so paged lists can be tested. */
function listOf<T extends KubeObject>(tracker: ObjectTracker, info: ResourceInfo, ns: string | undefined, opts: ListOptions): KubeList<T> {
  const { items, resourceVersion } = tracker.list(info, { namespace: ns, ...opts });
  const start = opts.continue ? Number(opts.continue) : 0;
  const end = opts.limit ? start + opts.limit : items.length;
  const page = items.slice(start, end) as T[];
  const more = end < items.length;
  return {
    apiVersion: apiVersionOf(info),
    kind: info.listKind,
    metadata: { resourceVersion, ...(more ? { continue: String(end), remainingItemCount: items.length - end } : {}) },
    items: page,
  };
}

/** stripDirectives drops strategic-merge-patch directives ($patch, $setElementOrder…). */
function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('$')).map(([k, x]) => [k, stripDirectives(x)]));
}

function applyPatch(tracker: ObjectTracker, info: ResourceInfo, ns: string | undefined, name: string, type: PatchType, patch: unknown, sub?: string): KubeObject {
  const body = typeof patch === 'string' && type === 'apply' ? parseYaml(patch) : typeof patch === 'string' ? JSON.parse(patch) : patch;
  let current: KubeObject;
  try {
    current = tracker.get(info, ns, name);
  } catch (err) {
    // Server-side apply creates the object when it does not exist.
    if (type !== 'apply') throw err;
    return tracker.create(info, ns, { ...(body as KubeObject), metadata: { ...(body as KubeObject).metadata, name } });
  }
  let next: KubeObject;
  if (type === 'json') {
    try {
      next = jsonpatch.applyPatch(current, body as jsonpatch.Operation[], true, false).newDocument;
    } catch (err) {
      throw newInvalid(info.kind, info.group, name, [{ message: (err as Error).message.split('\n')[0] }]);
    }
  } else if (type === 'strategic') {
    next = applyStrategicMergePatch(info.kind, current, body) as KubeObject;
  } else {
    // Server-side apply is approximated by a merge patch (no field ownership in the fake).
    next = mergePatch(current, stripDirectives(body)) as KubeObject;
  }
  if (!next?.metadata) throw newBadRequest('patch removed metadata');
  next.metadata.name = name;
  return tracker.update(info, next, sub);
}

function createSub(tracker: ObjectTracker, info: ResourceInfo, ns: string | undefined, name: string, sub: string, body: unknown): unknown {
  if (info.resource === 'pods' && sub === 'binding') {
    const pod = tracker.get(info, ns, name) as KubeObject & { spec?: { nodeName?: string } };
    const target = (body as { target?: { name?: string } }).target?.name;
    if (!target) throw newBadRequest('binding target name is required');
    if (pod.spec?.nodeName) throw newConflict({ group: '', resource: 'pods' }, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    pod.spec = { ...pod.spec, nodeName: target };
    tracker.update(info, pod);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  }
  if (info.resource === 'pods' && sub === 'eviction') {
    tracker.delete(info, ns, name);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  }
  return structuredClone(body);
}

function getSub(tracker: ObjectTracker, info: ResourceInfo, ns: string | undefined, name: string, sub: string): unknown {
  const obj = tracker.get(info, ns, name) as KubeObject & { spec?: { replicas?: number }; status?: { replicas?: number } };
  if (sub === 'scale') {
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name, namespace: obj.metadata.namespace, resourceVersion: obj.metadata.resourceVersion },
      spec: { replicas: obj.spec?.replicas ?? 0 },
      status: { replicas: obj.status?.replicas ?? 0 },
    };
  }
  return obj;
}

import { createHash } from 'node:crypto';
import type { KindDefinition, ResourceInfo } from '../../api/resource-info.ts';

/** schemaName is the OpenAPI component name Kubernetes uses, e.g. io.k8s.api.apps.v1.Deployment. */
export function schemaName(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): string {
  const g = info.group === '' ? 'core' : info.group.replace(/\.k8s\.io$/, '').replace(/\.(.*)$/, '');
  return `io.k8s.api.${g}.${info.version}.${info.kind}`;
}

/** gvPath is the key of a group version in the /openapi/v3 index: `api/v1` or `apis/<g>/<v>`. */
export function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const q = (name: string, description: string, type = 'string') => ({ name, in: 'query', description, schema: { type }, uniqueItems: true });
const NAME = { name: 'name', in: 'path', required: true, description: 'name of the object', schema: { type: 'string' } };
const NAMESPACE = { name: 'namespace', in: 'path', required: true, description: 'object name and auth scope', schema: { type: 'string' } };
const WRITE_PARAMS = [
  q('dryRun', 'When present, indicates that modifications should not be persisted.'),
  q('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  q('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields: Ignore, Warn or Strict.'),
];
const LIST_PARAMS = [
  q('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK".', 'boolean'),
  q('continue', 'The continue option should be set when retrieving more results from the server.'),
  q('fieldSelector', 'A selector to restrict the list of returned objects by their fields.'),
  q('labelSelector', 'A selector to restrict the list of returned objects by their labels.'),
  q('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
  q('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  q('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
  q('watch', 'Watch for changes to the described resources.', 'boolean'),
];

function op(info: ResourceInfo, action: string, id: string, params: unknown[], body?: Record<string, unknown>, ref?: string) {
  const content = { 'application/json': { schema: { $ref: ref } } };
  return {
    operationId: id,
    parameters: params,
    ...(body ? { requestBody: { required: true, content: body } } : {}),
    responses: { '200': { description: 'OK', content }, '201': { description: 'Created', content }, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: info.group, version: info.version, kind: info.kind },
  };
}

function pathsFor(info: ResourceInfo): Record<string, unknown> {
  const prefix = `/${gvPath(info.group, info.version)}`;
  const base = info.namespaced ? `${prefix}/namespaces/{namespace}/${info.resource}` : `${prefix}/${info.resource}`;
  const ns = info.namespaced ? [NAMESPACE] : [];
  const ref = `#/components/schemas/${schemaName(info)}`;
  const json = { 'application/json': { schema: { $ref: ref } }, 'application/yaml': { schema: { $ref: ref } } };
  // No strategic-merge-patch here on purpose: kubectl then computes client-side apply patches
  // from its compiled-in types instead of from schema patch directives we do not publish.
  const patchBody = {
    'application/json-patch+json': { schema: { type: 'object' } },
    'application/merge-patch+json': { schema: { type: 'object' } },
    'application/apply-patch+yaml': { schema: { type: 'object' } },
  };
  const k = info.kind;
  const paths: Record<string, unknown> = {
    [base]: {
      get: op(info, 'list', `list${k}`, [...ns, ...LIST_PARAMS], undefined, ref),
      post: op(info, 'post', `create${k}`, [...ns, ...WRITE_PARAMS], json, ref),
      delete: op(info, 'deletecollection', `deleteCollection${k}`, [...ns, ...LIST_PARAMS], undefined, ref),
    },
    [`${base}/{name}`]: {
      get: op(info, 'get', `read${k}`, [NAME, ...ns], undefined, ref),
      put: op(info, 'put', `replace${k}`, [NAME, ...ns, ...WRITE_PARAMS], json, ref),
      patch: op(info, 'patch', `patch${k}`, [NAME, ...ns, ...WRITE_PARAMS, q('force', 'Force is going to "force" Apply requests.', 'boolean')], patchBody, ref),
      delete: op(info, 'delete', `delete${k}`, [NAME, ...ns, q('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'), q('propagationPolicy', 'Whether and how garbage collection will be performed.')], undefined, ref),
    },
  };
  if (info.namespaced) paths[`${prefix}/${info.resource}`] = { get: op(info, 'list', `list${k}ForAllNamespaces`, LIST_PARAMS, undefined, ref) };
  return paths;
}

/** componentName turns a schema $id such as `skiff/core/v1/Volume` or `urn:skiff:core:v1:Volume` into `io.k8s.api.core.v1.Volume`. */
export function componentName(id: string): string {
  const parts = id.replace(/^urn:/, '').split(/[/:]/).filter(Boolean);
  return parts[0] === 'skiff' ? `io.k8s.api.${parts.slice(1).join('.')}` : parts.join('.');
}

/**
 * hoistIds walks a JSON schema, moving every sub-schema with an `$id` into components (once) and
 * leaving a `$ref` in its place; `$ref`s to ids are rewritten to component references.
 */
export function hoistIds(node: unknown, components: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((n) => hoistIds(n, components));
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === 'string' && !obj.$ref.startsWith('#')) return { $ref: `#/components/schemas/${componentName(obj.$ref)}` };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (k !== '$id') out[k] = hoistIds(v, components);
  if (typeof obj.$id === 'string') {
    const name = componentName(obj.$id);
    components[name] ??= out;
    return { $ref: `#/components/schemas/${name}` };
  }
  return out;
}

/** OpenApiDocument is one per-group-version OpenAPI v3 document with its content hash. */
export interface OpenApiDocument {
  json: string;
  hash: string;
}

/** buildGroupVersionDocument generates the OpenAPI v3 document of one group version from the kinds' TypeBox schemas. */
export function buildGroupVersionDocument(defs: KindDefinition[]): OpenApiDocument {
  const schemas: Record<string, unknown> = {};
  let paths: Record<string, unknown> = {};
  for (const def of defs) {
    const { info } = def;
    const { $id: _ignored, ...top } = JSON.parse(JSON.stringify(def.schema)) as Record<string, unknown>;
    const schema = hoistIds(top, schemas) as Record<string, unknown>;
    schemas[schemaName(info)] = { ...schema, 'x-kubernetes-group-version-kind': [{ group: info.group, version: info.version, kind: info.kind }] };
    paths = { ...paths, ...pathsFor(info) };
  }
  const doc = { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0-skiff' }, paths, components: { schemas } };
  const json = JSON.stringify(doc);
  return { json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() };
}

import { newBadRequest, newInvalid, StatusError, newStatus } from '../../api/errors.ts';
import { apiVersionOf } from '../../api/resource-info.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { validateMetaName } from './object-meta.ts';
import type { ApiContext, Scope, WriteOptions } from './types.ts';

/**
 * admitBody checks that a decoded request body is an object of the scope's kind and namespace,
 * checks it against the kind's schema (type errors → 400; unknown fields per fieldValidation:
 * Strict → 400, Warn → Warning headers, Ignore → dropped) and returns the cleaned object. With
 * owned (the caller hands body over, as create does) the cleaned object may share body's fields.
 */
export function admitBody(ctx: ApiContext, scope: Scope, body: unknown, namespace: string | undefined, opts: WriteOptions, owned = false): KubeObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw newBadRequest(`the body of the request must be a ${scope.info.kind} object`);
  }
  const obj = body as KubeObject;
  const apiVersion = apiVersionOf(scope.info);
  if (obj.kind !== undefined && obj.kind !== scope.info.kind) {
    throw newBadRequest(`the kind of the object (${String(obj.kind)}) does not match the resource (${scope.info.kind})`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    throw newBadRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`);
  }
  if (obj.metadata === undefined) obj.metadata = {};
  if (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) {
    throw newBadRequest('metadata must be an object');
  }
  const checked = ctx.checkSchema(scope.def, { ...obj, apiVersion, kind: scope.info.kind }, owned);
  if (checked.typeErrors.length > 0) {
    const msg = checked.typeErrors.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
    throw new StatusError(newStatus(400, 'BadRequest', `${scope.info.kind} in version "${scope.info.version}" cannot be handled as a ${scope.info.kind}: ${msg}`, { causes: checked.typeErrors }));
  }
  if (checked.unknownFields.length > 0) {
    if (opts.fieldValidation === 'Strict') {
      const list = checked.unknownFields.map((f) => `unknown field "${f}"`);
      throw new StatusError(
        newStatus(400, 'BadRequest', `strict decoding error: ${list.join(', ')}`, {
          causes: checked.unknownFields.map((f) => ({ reason: 'FieldValueInvalid', field: f, message: `unknown field "${f}"` })),
        }),
      );
    }
    if (opts.fieldValidation === 'Warn') opts.warnings.push(...checked.unknownFields.map((f) => `unknown field "${f}"`));
  }
  const out = checked.object;
  const m = out.metadata;
  if (scope.info.namespaced) {
    if (m.namespace && namespace && m.namespace !== namespace) {
      throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (namespace) m.namespace = namespace;
  } else if (m.namespace) {
    delete m.namespace;
  }
  return out;
}

/** validateOrThrow runs the kind's validation and the strategy's, throwing a 422 with every cause. */
export function validateOrThrow(scope: Scope, obj: KubeObject, old?: KubeObject): void {
  const causes = old && scope.def.validateUpdate ? scope.def.validateUpdate(obj, old) : scope.def.validate(obj);
  causes.push(...(scope.strategy.validate?.(obj) ?? []));
  // Safety net: whatever the kind checks, a stored name must be a safe key segment.
  if (!causes.some((c) => c.field === 'metadata.name')) causes.push(...validateMetaName(obj));
  if (causes.length > 0) throw newInvalid(scope.info.kind, scope.info.group, obj.metadata.name ?? '', causes);
}

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import type { StatusCause } from './meta/v1/status.ts';
import type { KindDefinition } from './resource-info.ts';

/**
 * schema-validator.ts checks decoded request bodies against a kind's JSON Schema the way
 * Kubernetes' decoder does: wrong types are errors (400 BadRequest), unknown fields are
 * reported per fieldValidation (Strict: error; Warn: warning; Ignore: dropped silently).
 * Missing required fields are left to the kind's validate() so they become 422 Invalid
 * with Kubernetes' messages, as in Kubernetes.
 */

/** FieldValidationMode is the `fieldValidation` query parameter. */
export type FieldValidationMode = 'Strict' | 'Warn' | 'Ignore';

/** SchemaCheckResult is what checkSchema found. */
export interface SchemaCheckResult<T = unknown> {
  /** Wrong types, bad formats (e.g. non-base64 Secret data): answer 400 BadRequest. */
  typeErrors: StatusCause[];
  /** Paths of unknown fields, e.g. 'spec.containers[0].imagePullPolcy'. */
  unknownFields: string[];
  /** The object, with unknown fields removed unless mode is Strict. */
  object: T;
}

// ajv-formats is CommonJS; under Node's ESM loader its default export is the function itself.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false, validateFormats: true, inlineRefs: false }));
const compiled = new WeakMap<TSchema, ValidateFunction>();
const registered = new Set<string>();

type JsonSchema = Record<string, unknown>;

/**
 * externalize copies a schema, replacing every nested schema that carries an `$id` (PodSpec,
 * Container, Probe…) with a `$ref` and registering it with ajv once. Without this ajv
 * would generate code for the pod spec inside every workload, and for the probe schema
 * three times per container: seconds of compile time per kind instead of milliseconds.
 */
function externalize(node: unknown, isRoot = true): unknown {
  if (Array.isArray(node)) return node.map((n) => externalize(n, false));
  if (node === null || typeof node !== 'object') return node;
  const schema = node as JsonSchema;
  const id = typeof schema.$id === 'string' ? schema.$id : undefined;
  if (id && !isRoot) {
    if (!registered.has(id)) {
      registered.add(id);
      ajv.addSchema(externalize(schema, true) as JsonSchema, id);
    }
    return { $ref: id };
  }
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v as JsonSchema).map(([pk, pv]) => [pk, externalize(pv, false)]));
    } else if (k === 'items' || k === 'anyOf' || k === 'allOf' || k === 'oneOf' || (k === 'additionalProperties' && typeof v === 'object')) {
      out[k] = externalize(v, false);
    } else out[k] = v;
  }
  return out;
}

/** compileSchema returns the cached ajv validator of a schema. */
export function compileSchema(schema: TSchema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    const root = externalize(schema) as JsonSchema;
    // A root with its own $id is registered under it; compile by reference to reuse it.
    fn = typeof root.$id === 'string' ? (registerRoot(root), ajv.getSchema(root.$id)!) : ajv.compile(root);
    compiled.set(schema, fn);
  }
  return fn;
}

function registerRoot(root: JsonSchema): void {
  const id = root.$id as string;
  if (!registered.has(id)) {
    registered.add(id);
    ajv.addSchema(root, id);
  }
}

/** pointerToPath turns '/spec/containers/0/name' into 'spec.containers[0].name'. */
export function pointerToPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${p}]`;
  }
  return out;
}

function typeCause(e: ErrorObject, branches: ErrorObject[]): StatusCause {
  const field = pointerToPath(e.instancePath);
  // For a union (IntOrString, nullable time) say what each alternative wanted.
  const what = e.keyword === 'anyOf'
    ? [...new Set(branches.filter((b) => b.instancePath === e.instancePath).map((b) => b.message ?? ''))].join(' or ') || 'has the wrong type'
    : (e.message ?? 'has the wrong type');
  return { reason: 'FieldValueTypeInvalid', field, message: `Invalid value: ${what}` };
}

// Errors inside an anyOf branch (IntOrString, nullable times) are summed up by the anyOf error.
function isBranchNoise(e: ErrorObject): boolean {
  return /\/anyOf\/\d+\//.test(e.schemaPath);
}

function removeAt(root: unknown, pointer: string, key: string): void {
  let node: unknown = root;
  for (const p of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (node && typeof node === 'object') delete (node as Record<string, unknown>)[key];
}

/** CheckSchemaOptions tune checkSchema. */
export interface CheckSchemaOptions {
  /**
   * inPlace checks and cleans obj itself instead of a copy: for a caller that owns a freshly
   * decoded body (the API server's create path), where the deep copy is pure cost.
   */
  inPlace?: boolean;
}

/**
 * checkSchema validates obj against def.schema. A missing metadata is treated as empty so
 * the kind's own validation reports `metadata.name: Required value`. obj is left untouched
 * (the result is a copy) unless opts.inPlace.
 */
export function checkSchema<T = unknown>(def: Pick<KindDefinition, 'schema'>, obj: unknown, mode: FieldValidationMode, opts: CheckSchemaOptions = {}): SchemaCheckResult<T> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { typeErrors: [{ reason: 'FieldValueTypeInvalid', field: '', message: 'Invalid value: the object must be a JSON object' }], unknownFields: [], object: obj as T };
  }
  const object = (opts.inPlace ? obj : structuredClone(obj)) as Record<string, unknown>;
  object.metadata ??= {};
  const validate = compileSchema(def.schema);
  validate(object);
  const typeErrors: StatusCause[] = [];
  const unknownFields: string[] = [];
  const unknownAt: [string, string][] = [];
  const errors = validate.errors ?? [];
  const branches = errors.filter(isBranchNoise);
  for (const e of errors) {
    if (e.keyword === 'required' || isBranchNoise(e)) continue;
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      unknownFields.push(pointerToPath(e.instancePath, key));
      unknownAt.push([e.instancePath, key]);
    } else typeErrors.push(typeCause(e, branches));
  }
  if (mode !== 'Strict') for (const [pointer, key] of unknownAt) removeAt(object, pointer, key);
  return { typeErrors, unknownFields, object: object as T };
}

/** strictDecodingMessage is Kubernetes' 400 message for unknown fields under fieldValidation=Strict. */
export function strictDecodingMessage(unknownFields: string[]): string {
  return `strict decoding error: ${unknownFields.map((f) => `unknown field "${f}"`).join(', ')}`;
}

/** unknownFieldWarning is the text of one Warning header under fieldValidation=Warn. */
export function unknownFieldWarning(field: string): string {
  return `unknown field "${field}"`;
}

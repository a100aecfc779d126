import type { StatusCause } from '../meta/v1/status.ts';
import type { ObjectMeta } from '../meta/v1/object-meta.ts';
import { forbidden, immutable, invalid, required } from './causes.ts';
import { isDNS1123Label, isDNS1123Subdomain, isValidPathSegmentName, type NameValidator } from './names.ts';
import { validateAnnotations, validateLabels, isQualifiedName } from './labels.ts';

/** ValidateObjectMetaOptions says how a kind's names are checked. */
export interface ValidateObjectMetaOptions {
  namespaced: boolean;
  /** nameIsDNSLabel: names are DNS-1123 labels (Namespace) instead of subdomains. */
  nameIsDNSLabel?: boolean;
  /** nameValidator overrides the name check entirely (e.g. DNS-1035 for Services). */
  nameValidator?: NameValidator;
}

/**
 * validateObjectMeta checks metadata as Kubernetes' ValidateObjectMeta does: a name (or
 * generateName) that is a valid, path-safe name; a namespace exactly when namespaced; labels,
 * annotations, ownerReferences and finalizers.
 */
export function validateObjectMeta(meta: ObjectMeta | undefined, opts: ValidateObjectMetaOptions, path = 'metadata'): StatusCause[] {
  const m = meta ?? {};
  const check = opts.nameValidator ?? (opts.nameIsDNSLabel ? isDNS1123Label : isDNS1123Subdomain);
  const causes: StatusCause[] = [];
  if (m.generateName) {
    // generateName gets a random suffix, so a trailing '-' is fine: mask it as Kubernetes does.
    const g = m.generateName;
    const masked = g.length > 1 && g.endsWith('-') ? g.slice(0, -1) + 'a' : g;
    for (const msg of check(masked)) causes.push(invalid(`${path}.generateName`, g, msg));
  }
  if (!m.name) {
    if (!m.generateName) causes.push(required(`${path}.name`, 'name or generateName is required'));
  } else {
    // Path-safety first: these names would escape their etcd key or URL segment.
    const unsafe = isValidPathSegmentName(m.name);
    for (const msg of unsafe.length ? unsafe : check(m.name)) causes.push(invalid(`${path}.name`, m.name, msg));
  }
  causes.push(...validateNamespaceField(m.namespace, opts.namespaced, path));
  causes.push(...validateLabels(`${path}.labels`, m.labels));
  causes.push(...validateAnnotations(`${path}.annotations`, m.annotations));
  causes.push(...validateOwnerReferences(`${path}.ownerReferences`, m.ownerReferences));
  (m.finalizers ?? []).forEach((f, i) => {
    for (const msg of isQualifiedName(f)) causes.push(invalid(`${path}.finalizers[${i}]`, f, msg));
  });
  if (m.generation !== undefined && m.generation < 0) causes.push(invalid(`${path}.generation`, m.generation, 'must be greater than or equal to 0'));
  return causes;
}

function validateNamespaceField(ns: string | undefined, namespaced: boolean, path: string): StatusCause[] {
  if (!namespaced) return ns ? [forbidden(`${path}.namespace`, 'not allowed on this type')] : [];
  if (!ns) return [required(`${path}.namespace`)];
  const unsafe = isValidPathSegmentName(ns);
  return (unsafe.length ? unsafe : isDNS1123Label(ns)).map((msg) => invalid(`${path}.namespace`, ns, msg));
}

function validateOwnerReferences(field: string, refs: ObjectMeta['ownerReferences']): StatusCause[] {
  const causes: StatusCause[] = [];
  let controllers = 0;
  (refs ?? []).forEach((r, i) => {
    const p = `${field}[${i}]`;
    if (!r.apiVersion) causes.push(invalid(`${p}.apiVersion`, r.apiVersion, 'version must not be empty'));
    if (!r.kind) causes.push(invalid(`${p}.kind`, r.kind, 'kind must not be empty'));
    if (!r.name) causes.push(invalid(`${p}.name`, r.name, 'name must not be empty'));
    if (!r.uid) causes.push(invalid(`${p}.uid`, r.uid, 'uid must not be empty'));
    if (r.controller) controllers++;
  });
  if (controllers > 1) causes.push(invalid(field, refs, 'Only one reference can have Controller set to true'));
  return causes;
}

/**
 * validateObjectMetaUpdate checks what an update may not change in metadata: name, namespace,
 * uid, creationTimestamp and generateName stay as they were.
 */
export function validateObjectMetaUpdate(meta: ObjectMeta | undefined, old: ObjectMeta | undefined, path = 'metadata'): StatusCause[] {
  const n = meta ?? {};
  const o = old ?? {};
  return [
    ...immutable(`${path}.name`, n.name, o.name),
    ...immutable(`${path}.namespace`, n.namespace ?? '', o.namespace ?? ''),
    ...(n.uid !== undefined ? immutable(`${path}.uid`, n.uid, o.uid) : []),
    ...(n.creationTimestamp ? immutable(`${path}.creationTimestamp`, n.creationTimestamp, o.creationTimestamp) : []),
  ];
}

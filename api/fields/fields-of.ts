import type { KubeObject } from '../meta/v1/object-meta.ts';
import type { Fields } from './selector.ts';

type Json = Record<string, unknown>;

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[part];
  }
  return cur;
}

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  return String(v);
}

/** pick reads each path of obj into a Fields map, missing values as ''. */
function pick(obj: unknown, paths: string[]): Fields {
  return Object.fromEntries(paths.map((p) => [p, str(get(obj, p))]));
}

/**
 * kindFieldPaths lists, per kind, the extra field-selector fields Kubernetes' registry strategies
 * expose (pod: spec.nodeName, status.phase…; event: involvedObject.*…). Values are read from the
 * object at the same path, so the list doubles as the set of supported field labels.
 */
export const kindFieldPaths: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Secret: ['type'],
  Node: ['spec.unschedulable'],
  Namespace: ['status.phase'],
  ReplicationController: ['status.replicas'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
  Service: ['spec.clusterIP', 'spec.type'],
};

/** kindFields returns the kind-specific selectable fields of obj (see kindFieldPaths). */
export function kindFields(kind: string, obj: unknown): Fields {
  const paths = kindFieldPaths[kind] ?? [];
  const out = pick(obj, paths);
  if (kind === 'Pod') out['spec.hostNetwork'] = get(obj, 'spec.hostNetwork') === true ? 'true' : 'false';
  if (kind === 'Node') out['spec.unschedulable'] = get(obj, 'spec.unschedulable') === true ? 'true' : 'false';
  if (kind === 'Event') out['source'] = str(get(obj, 'reportingComponent')) || str(get(obj, 'source.component'));
  return out;
}

/**
 * fieldsOf returns every selectable field of obj: metadata.name, metadata.namespace (namespaced
 * objects only, as Kubernetes' DefaultClusterScopedAttr omits it) and the given extras — usually
 * `kindFields(kind, obj)` or a KindDefinition's selectableFields(obj).
 */
export function fieldsOf(obj: KubeObject, extra: Fields = {}): Fields {
  const out: Fields = { 'metadata.name': obj.metadata.name ?? '' };
  if (obj.metadata.namespace !== undefined) out['metadata.namespace'] = obj.metadata.namespace;
  return { ...out, ...extra };
}

/** supportedFields lists the field labels a kind can filter on (for checkSupportedFields). */
export function supportedFields(kind: string, namespaced: boolean): string[] {
  return ['metadata.name', ...(namespaced ? ['metadata.namespace'] : []), ...(kindFieldPaths[kind] ?? [])];
}

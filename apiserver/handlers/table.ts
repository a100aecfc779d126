import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Scope } from '../registry/types.ts';

/** TableOptions are the query options of a Table response. */
export interface TableOptions {
  includeObject: 'None' | 'Metadata' | 'Object';
  noHeaders?: boolean;
}

/** TableConverter turns objects of a resource into a meta.k8s.io/v1 Table. */
export type TableConverter = (scope: Scope, objects: KubeObject[], opts: TableOptions, listMeta?: Record<string, unknown>) => unknown;

/** wantsTable tells whether an Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io');
  });
}

/** tableOptions reads includeObject from the query (default Metadata, as Kubernetes). */
export function tableOptions(q: URLSearchParams): TableOptions {
  const v = q.get('includeObject');
  const includeObject = v === 'None' || v === 'Object' ? v : 'Metadata';
  return { includeObject };
}

/** rowObject is what a Table row carries of its object under includeObject. */
export function rowObject(obj: KubeObject, include: TableOptions['includeObject']): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** defaultTable is Kubernetes' default table convertor: NAME and CREATED AT. */
export const defaultTable: TableConverter = (_scope, objects, opts, listMeta) => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: listMeta ?? {},
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
    { name: 'Created At', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
  ],
  rows: objects.map((o) => ({ cells: [o.metadata.name, o.metadata.creationTimestamp], object: rowObject(o, opts.includeObject) })),
});

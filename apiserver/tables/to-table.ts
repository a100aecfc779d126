import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import {
  configMapPrinter,
  endpointsPrinter,
  limitRangePrinter,
  namespacePrinter,
  nodePrinter,
  podTemplatePrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core-printers.ts';
import { eventPrinter, persistentVolumeClaimPrinter, persistentVolumePrinter } from './event-storage-printers.ts';
import { translateTimestampSince } from '../../api/meta/v1/human-duration.ts';
import { csrPrinter, roleBindingPrinter, rolePrinter } from './auth-printers.ts';
import { endpointSlicePrinter, hpaPrinter, ingressPrinter, leasePrinter, pdbPrinter } from './network-printers.ts';
import { podPrinter } from './pod-printer.ts';
import { ageCol, nameCol, type Json, type Printer, type Table, type TableRow } from './table-types.ts';
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workload-printers.ts';

/** printers maps a resource (plural, as in api/resources.ts) to its kubectl columns. */
const printers: Record<string, Printer> = {
  pods: podPrinter,
  podtemplates: podTemplatePrinter,
  nodes: nodePrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  namespaces: namespacePrinter,
  events: eventPrinter,
  serviceaccounts: serviceAccountPrinter,
  persistentvolumes: persistentVolumePrinter,
  persistentvolumeclaims: persistentVolumeClaimPrinter,
  resourcequotas: resourceQuotaPrinter,
  limitranges: limitRangePrinter,
  replicationcontrollers: replicationControllerPrinter,
  deployments: deploymentPrinter,
  replicasets: replicaSetPrinter,
  daemonsets: daemonSetPrinter,
  statefulsets: statefulSetPrinter,
  controllerrevisions: controllerRevisionPrinter,
  jobs: jobPrinter,
  cronjobs: cronJobPrinter,
  leases: leasePrinter,
  ingresses: ingressPrinter,
  endpointslices: endpointSlicePrinter,
  horizontalpodautoscalers: hpaPrinter,
  poddisruptionbudgets: pdbPrinter,
  certificatesigningrequests: csrPrinter,
  roles: rolePrinter,
  clusterroles: rolePrinter,
  rolebindings: roleBindingPrinter,
  clusterrolebindings: roleBindingPrinter,
};

/** defaultPrinter is NAME AGE, for any resource without its own columns. */
const defaultPrinter: Printer = {
  columns: [nameCol, ageCol],
  cells: (o, now) => [o.metadata?.name ?? '', translateTimestampSince(o.metadata?.creationTimestamp, now)],
};

/** ToTableOptions: what a row carries of its object, the clock, and the list metadata to copy. */
export interface ToTableOptions {
  includeObject?: 'None' | 'Metadata' | 'Object';
  now?: Date;
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

/** printerFor returns the printer of a resource (the NAME/AGE default when it has none). */
export function printerFor(resource: string): Printer {
  return printers[resource] ?? defaultPrinter;
}

function rowObject(obj: KubeObject, include: ToTableOptions['includeObject']): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/**
 * toTable converts objects of a resource into the meta.k8s.io/v1 Table that
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` asks for, with exactly the columns
 * kube-apiserver serves (priority-1 columns are the ones kubectl shows only with -o wide; as in
 * Kubernetes every row carries all cells). Rows carry PartialObjectMetadata unless includeObject
 * says None or Object.
 */
export function toTable(resource: string, objects: KubeObject[], opts: ToTableOptions = {}): Table {
  const printer = printerFor(resource);
  const now = opts.now ?? new Date();
  const include = opts.includeObject ?? 'Metadata';
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj as unknown as Json, now) };
    const conditions = printer.conditions?.(obj as unknown as Json);
    if (conditions) row.conditions = conditions;
    const object = rowObject(obj, include);
    if (object !== undefined) row.object = object;
    return row;
  });
  const lm = opts.listMeta ?? {};
  const metadata: Table['metadata'] = {};
  if (lm.resourceVersion !== undefined) metadata.resourceVersion = lm.resourceVersion;
  if (lm.continue) metadata.continue = lm.continue;
  if (lm.remainingItemCount !== undefined) metadata.remainingItemCount = lm.remainingItemCount;
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: printer.columns, rows };
}

/**
 * tableConverter adapts toTable to the REST layer's converter shape
 * `(scope, objects, {includeObject}, listMeta)`, so wiring is `toTable: tableConverter`.
 */
export function tableConverter(
  scope: { info: { resource: string } },
  objects: KubeObject[],
  opts: { includeObject: 'None' | 'Metadata' | 'Object' },
  listMeta?: Record<string, unknown>,
): Table {
  return toTable(scope.info.resource, objects, { includeObject: opts.includeObject, listMeta: listMeta as ToTableOptions['listMeta'] });
}

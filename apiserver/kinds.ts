import { applyStrategicMergePatch } from '../api/patch/strategic-merge.ts';
import type { BuildOptions } from './app.ts';
import type { TableConverter } from './handlers/table.ts';
import { toTable } from './tables/index.ts';
import type { Patchers } from './registry/patch.ts';
import { serverSideApply } from './registry/server-side-apply.ts';

/** kindPatchers: strategic merge from api/patch, server-side apply built on it. */
export const kindPatchers: Patchers = {
  strategic: (kind, original, patch) => applyStrategicMergePatch(kind, original, patch),
  apply: (kind, live, config, manager) => serverSideApply(kind, live, config, manager, config.apiVersion ?? 'v1'),
};

/** kindTables converts to kubectl's columns with apiserver/tables. */
export const kindTables: TableConverter = (scope, objects, opts, listMeta) => toTable(scope.info.resource, objects, { includeObject: opts.includeObject, listMeta });

/**
 * kindPlugins wires the object model into the REST layer: kind definitions (schemas, defaults,
 * validation), the schema checker, strategic merge / server-side apply and table printers. Each
 * comes from api/ or apiserver/tables/; until one exists the REST layer falls back to generic
 * behaviour.
 */
export function kindPlugins(): Pick<BuildOptions, 'definitions' | 'checkSchema' | 'patchers' | 'toTable'> {
  return { patchers: kindPatchers, toTable: kindTables };
}

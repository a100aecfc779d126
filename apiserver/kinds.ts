import { applyPatcher, strategicPatcher } from '../api/patch/patchers.ts';
import { definitionForResource } from '../api/registry.ts';
import { checkSchema } from '../api/schema-validator.ts';
import type { BuildOptions } from './app.ts';
import type { TableConverter } from './handlers/table.ts';
import type { Patchers } from './registry/patch.ts';
import type { SchemaChecker } from './registry/schema-check.ts';
import { toTable } from './tables/index.ts';

/** kindPatchers: strategic merge and server-side apply (field ownership, conflicts, force) from api/patch. */
export const kindPatchers: Patchers = { strategic: strategicPatcher, apply: applyPatcher };

/** kindTables converts to kubectl's columns with apiserver/tables. */
export const kindTables: TableConverter = (scope, objects, opts, listMeta) => toTable(scope.info.resource, objects, { includeObject: opts.includeObject, listMeta });

/**
 * loadKindPlugins wires the object model into the REST layer: kind definitions (schemas,
 * defaults, validation) from api/registry.ts (kinds without one are served generically), the
 * schema checker from api/schema-validator.ts, strategic merge / server-side apply, and
 * kubectl's table columns.
 */
export async function loadKindPlugins(): Promise<Pick<BuildOptions, 'definitions' | 'checkSchema' | 'patchers' | 'toTable'>> {
  return {
    patchers: kindPatchers,
    toTable: kindTables,
    definitions: (info) => definitionForResource(info.group, info.resource),
    // Unknown fields are always reported; admitBody applies the request's fieldValidation mode.
    checkSchema: (def, obj, owned) => checkSchema(def, obj, 'Warn', { inPlace: owned }) as ReturnType<SchemaChecker>,
  };
}

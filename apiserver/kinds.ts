import { applyStrategicMergePatch } from '../api/patch/strategic-merge.ts';
import type { KindDefinition } from '../api/resource-info.ts';
import type { BuildOptions } from './app.ts';
import type { TableConverter } from './handlers/table.ts';
import type { Patchers } from './registry/patch.ts';
import type { SchemaChecker } from './registry/schema-check.ts';
import { serverSideApply } from './registry/server-side-apply.ts';
import { toTable } from './tables/index.ts';

/** kindPatchers: strategic merge from api/patch, server-side apply built on it. */
export const kindPatchers: Patchers = {
  strategic: (kind, original, patch) => applyStrategicMergePatch(kind, original, patch),
  apply: (kind, live, config, manager) => serverSideApply(kind, live, config, manager, config.apiVersion ?? 'v1'),
};

/** kindTables converts to kubectl's columns with apiserver/tables. */
export const kindTables: TableConverter = (scope, objects, opts, listMeta) => toTable(scope.info.resource, objects, { includeObject: opts.includeObject, listMeta });

type RegistryModule = { definitionForResource?: (group: string, resource: string) => KindDefinition | undefined };
type ValidatorModule = { checkSchema?: (def: KindDefinition, obj: unknown, mode?: string) => ReturnType<SchemaChecker> };

// The object model's registry and schema validator are written concurrently by the api helper;
// they are loaded by name so the server works (generically) until they exist.
async function optionalImport<T>(path: string): Promise<T | undefined> {
  try {
    return (await import(path)) as T;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(path.split('/').pop()!)) return undefined;
    throw err;
  }
}

/**
 * loadKindPlugins wires the object model into the REST layer: kind definitions (schemas,
 * defaults, validation) from api/registry.ts, the schema checker from api/schema-validator.ts,
 * strategic merge / server-side apply, and kubectl's table columns. Missing pieces fall back to
 * generic behaviour.
 */
export async function loadKindPlugins(): Promise<Pick<BuildOptions, 'definitions' | 'checkSchema' | 'patchers' | 'toTable'>> {
  const registry = await optionalImport<RegistryModule>('../api/registry.ts');
  const validator = await optionalImport<ValidatorModule>('../api/schema-validator.ts');
  const lookup = registry?.definitionForResource;
  const check = validator?.checkSchema;
  return {
    patchers: kindPatchers,
    toTable: kindTables,
    ...(lookup ? { definitions: (info) => lookup(info.group, info.resource) } : {}),
    ...(check ? { checkSchema: (def, obj) => check(def, obj) } : {}),
  };
}

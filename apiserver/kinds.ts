import type { BuildOptions } from './app.ts';

/**
 * kindPlugins wires the object model into the REST layer: kind definitions (schemas, defaults,
 * validation), the schema checker, strategic merge / server-side apply and table printers. Each
 * comes from api/ or apiserver/tables/; until one exists the REST layer falls back to generic
 * behaviour.
 */
export function kindPlugins(): Pick<BuildOptions, 'definitions' | 'checkSchema' | 'patchers' | 'toTable'> {
  return {};
}

import type { KubeObject } from '../meta/v1/object-meta.ts';
import { serverSideApply } from './server-side-apply.ts';
import { applyStrategicMergePatch } from './strategic-merge.ts';

/**
 * strategicPatcher and applyPatcher have the shapes the API server's pluggable Patchers take:
 * `strategic(kind, original, patch)` and `apply(kind, live, config, manager, force)`.
 */
export const strategicPatcher = (kind: string, original: KubeObject, patch: unknown): unknown => applyStrategicMergePatch(kind, original, patch);

/** applyPatcher runs server-side apply and returns the merged object with its managedFields. */
export const applyPatcher = (kind: string, live: KubeObject | undefined, config: KubeObject, manager: string, force: boolean): KubeObject =>
  serverSideApply({ kind, live, applied: config, manager, force }).object;

/** Patches: JSON merge patch, JSON patch, strategic merge patch (apply, two- and three-way diff). */
export { applyJsonPatch } from './json-patch.ts';
export { applyMergePatch, createMergePatch } from './merge-patch.ts';
export { applyStrategicMergePatch } from './strategic-merge.ts';
export { createThreeWayMergePatch, createTwoWayMergePatch } from './strategic-diff.ts';
export { isBuiltinKind } from './patch-meta.ts';
export { serverSideApply, updateManagedFieldsForUpdate, type ApplyOptions, type ApplyResult, type UpdateOptions } from './server-side-apply.ts';
export { fieldSetOf, fromFieldsV1, pathToString, toFieldsV1 } from './field-set.ts';
export { applyPatcher, strategicPatcher } from './patchers.ts';

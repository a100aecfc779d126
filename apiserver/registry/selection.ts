import { matches, isEverything, type Selector } from '../../api/labels/selector.ts';
import { parseSelector } from '../../api/labels/parse.ts';
import { checkSupportedFields, fieldMatches, fieldsOf, kindFields, parseFieldSelector, supportedFields, type FieldSelector } from '../../api/fields/index.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Scope } from './types.ts';

/** Selection is a parsed pair of label and field selectors. */
export interface Selection {
  labels: Selector;
  fields: FieldSelector;
}

/** objectFields returns the field-selector values of an object: name, namespace and the kind's own. */
export function objectFields(scope: Scope, obj: KubeObject): Record<string, string> {
  const own = scope.def.selectableFields?.(obj) ?? kindFields(scope.info.kind, obj);
  return fieldsOf(obj, own);
}

/** parseSelection parses the labelSelector and fieldSelector query parameters (400 when malformed or unsupported). */
export function parseSelection(scope: Scope, labelSelector: string | null, fieldSelector: string | null): Selection {
  const labels = parseSelector(labelSelector ?? '');
  const fields = parseFieldSelector(fieldSelector ?? '');
  checkSupportedFields(fields, supportedFields(scope.info.kind, scope.info.namespaced));
  return { labels, fields };
}

/** everythingSelection selects every object. */
export function everythingSelection(): Selection {
  return { labels: { requirements: [] }, fields: { requirements: [] } };
}

/** selectionIsEverything tells whether a selection matches every object. */
export function selectionIsEverything(sel: Selection): boolean {
  return isEverything(sel.labels) && sel.fields.requirements.length === 0;
}

/** selectionMatches tells whether obj satisfies both selectors. */
export function selectionMatches(scope: Scope, sel: Selection, obj: KubeObject): boolean {
  if (!matches(sel.labels, obj.metadata?.labels)) return false;
  return sel.fields.requirements.length === 0 || fieldMatches(sel.fields, objectFields(scope, obj));
}

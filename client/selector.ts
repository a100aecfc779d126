/**
 * Label and field selector matching for the client side (listers, the fake client). Labels use
 * api/labels; field selectors read any dotted path of the object (the fake client serves them
 * for every field, the real server only for each kind's selectable fields).
 */
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { matches as labelsMatch, parseSelector as parseLabelSelector } from '../api/labels/index.ts';

/** Matcher tells whether a map of labels (or field values) satisfies a selector. */
export type Matcher = (values: Record<string, string | undefined>) => boolean;

interface Requirement {
  key: string;
  op: '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

/** splitTerms splits a selector on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) terms.push(cur.trim());
  return terms.filter((t) => t.length > 0);
}

function parseTerm(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) return { key: set[1], op: set[2] as 'in' | 'notin', values: set[3].split(',').map((v) => v.trim()).filter(Boolean) };
  const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (eq) return { key: eq[1], op: eq[2] === '!=' ? '!=' : '=', values: [eq[3].trim()] };
  if (term.startsWith('!')) return { key: term.slice(1).trim(), op: '!', values: [] };
  return { key: term, op: 'exists', values: [] };
}

function matches(r: Requirement, values: Record<string, string | undefined>): boolean {
  const v = values[r.key];
  switch (r.op) {
    case '=':
      return v !== undefined && v === r.values[0];
    case '!=':
      return v !== r.values[0];
    case 'in':
      return v !== undefined && r.values.includes(v);
    case 'notin':
      return v === undefined || !r.values.includes(v);
    case 'exists':
      return v !== undefined;
    case '!':
      return v === undefined;
  }
}

/** parseSelector compiles a label (or field) selector string; an empty selector matches all. */
export function parseSelector(selector: string | undefined): Matcher {
  if (!selector || !selector.trim()) return () => true;
  const reqs = splitTerms(selector).map(parseTerm);
  return (values) => reqs.every((r) => matches(r, values));
}

/** selectorKeys lists the keys a selector mentions (field selectors resolve only these). */
export function selectorKeys(selector: string | undefined): string[] {
  if (!selector) return [];
  return splitTerms(selector).map((t) => parseTerm(t).key);
}

/** fieldValue reads a dotted field path such as spec.nodeName from an object, as a string. */
export function fieldValue(obj: unknown, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return undefined;
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/**
 * labelMatcher compiles a label selector with api/labels (full Kubernetes syntax, including
 * set-based requirements); a malformed selector throws a 400 StatusError.
 */
export function labelMatcher(selector: string | undefined): (labels: Record<string, string> | undefined) => boolean {
  if (!selector || !selector.trim()) return () => true;
  const sel = parseLabelSelector(selector);
  return (labels) => labelsMatch(sel, labels);
}

/**
 * objectMatches checks an object against label and field selectors. Missing fields read as ''
 * (the API server treats an unset spec.nodeName as ""), so `spec.nodeName=` selects unbound pods.
 */
export function objectMatches(obj: KubeObject, labelSelector?: string, fieldSelector?: string): boolean {
  if (!labelMatcher(labelSelector)(obj.metadata.labels)) return false;
  if (!fieldSelector) return true;
  const fields: Record<string, string> = {};
  for (const key of selectorKeys(fieldSelector)) fields[key] = fieldValue(obj, key) ?? '';
  return parseSelector(fieldSelector)(fields);
}

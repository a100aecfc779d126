import { newBadRequest } from '../errors.ts';

/** FieldRequirement is one `field=value` or `field!=value` term of a field selector. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  value: string;
}

/** FieldSelector is a parsed field selector: all terms must hold. No terms selects everything. */
export interface FieldSelector {
  requirements: FieldRequirement[];
}

/** Fields is the flat map of selectable field values of one object, e.g. {'spec.nodeName': 'n1'}. */
export type Fields = Record<string, string>;

/** splitTerms splits on commas that are not escaped with a backslash. */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '\\') i++;
    else if (input[i] === ',') {
      terms.push(input.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(input.slice(start));
  return terms;
}

/** unescape resolves `\\`, `\,` and `\=`; any other escape is an error, as in fields.UnescapeValue. */
function unescape(value: string, whole: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const nx = value[i + 1];
    if (nx !== '\\' && nx !== ',' && nx !== '=') {
      throw newBadRequest(`invalid field selector: '${whole}': invalid escape sequence`);
    }
    out += nx;
    i++;
  }
  return out;
}

/** findOperator finds the first unescaped operator in a term, preferring `!=` and `==` over `=`. */
function findOperator(term: string): { index: number; op: FieldRequirement['operator'] } | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++;
      continue;
    }
    if (term.startsWith('!=', i)) return { index: i, op: '!=' };
    if (term.startsWith('==', i)) return { index: i, op: '==' };
    if (term[i] === '=') return { index: i, op: '=' };
  }
  return undefined;
}

/**
 * parseFieldSelector parses a field selector as Kubernetes' fields.ParseSelector does:
 * comma-separated `field=value`, `field==value`, `field!=value` terms (backslash escapes `\,`
 * `\=` `\\` in values). An empty string selects everything; bad syntax throws a 400 StatusError.
 */
export function parseFieldSelector(input: string): FieldSelector {
  if (input.trim() === '') return { requirements: [] };
  const reqs: FieldRequirement[] = [];
  for (const term of splitTerms(input).sort()) {
    const found = findOperator(term);
    if (!found || found.index === 0) {
      throw newBadRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    }
    const field = term.slice(0, found.index).trim();
    const value = unescape(term.slice(found.index + found.op.length), input);
    reqs.push({ field, operator: found.op, value });
  }
  return { requirements: reqs };
}

/** fieldMatches tells whether a field selector selects an object with these field values (missing = ''). */
export function fieldMatches(selector: FieldSelector, fields: Fields): boolean {
  return selector.requirements.every((r) => {
    const v = fields[r.field] ?? '';
    return r.operator === '!=' ? v !== r.value : v === r.value;
  });
}

/** escapeFieldValue escapes `\`, `,` and `=` so a value survives parseFieldSelector. */
export function escapeFieldValue(v: string): string {
  return v.replace(/[\\,=]/g, (c) => '\\' + c);
}

/** fieldSelectorToString renders a field selector canonically (`a=b,c!=d`). */
export function fieldSelectorToString(selector: FieldSelector): string {
  return selector.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
}

/** requiredValue returns the value a selector pins a field to with `=`/`==`, if any (e.g. spec.nodeName). */
export function requiredValue(selector: FieldSelector, field: string): string | undefined {
  return selector.requirements.find((r) => r.field === field && r.operator !== '!=')?.value;
}

/**
 * checkSupportedFields throws the 400 Kubernetes answers (`field label not supported: x`) when a
 * selector names a field the resource cannot filter on.
 */
export function checkSupportedFields(selector: FieldSelector, supported: Iterable<string>): void {
  const known = new Set(supported);
  for (const r of selector.requirements) {
    if (!known.has(r.field)) throw newBadRequest(`field label not supported: ${r.field}`);
  }
}

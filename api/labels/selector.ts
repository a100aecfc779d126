import { validateLabelValue, validateQualifiedName } from './validation.ts';

/** Operator is a label selector operator, spelled as Kubernetes' selection.Operator. */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** Requirement is one clause of a label selector: a key, an operator and its values. */
export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/**
 * Selector is a parsed label selector: every requirement must hold (AND). An empty requirement
 * list selects everything; `nothing` marks labels.Nothing(), what a nil LabelSelector becomes.
 */
export interface Selector {
  requirements: Requirement[];
  nothing?: boolean;
}

/** Labels is a set of labels as found in metadata.labels. */
export type Labels = Record<string, string>;

/** SelectorError is a malformed selector or requirement; the API server answers it with a 400. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** everything returns the selector that matches every object (an empty selector string). */
export function everything(): Selector {
  return { requirements: [] };
}

/** nothing returns the selector that matches no object (a nil LabelSelector). */
export function nothing(): Selector {
  return { requirements: [], nothing: true };
}

/** isEverything tells whether s selects every object. */
export function isEverything(s: Selector): boolean {
  return !s.nothing && s.requirements.length === 0;
}

/**
 * newRequirement validates and builds a Requirement, as labels.NewRequirement does: the key must
 * be a qualified name, values valid label values, and the value count must suit the operator.
 */
export function newRequirement(key: string, operator: Operator, values: string[]): Requirement {
  const keyErrs = validateQualifiedName(key);
  if (keyErrs.length > 0) throw new SelectorError(`key: Invalid value: "${key}": ${keyErrs.join('; ')}`);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) throw new SelectorError("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) throw new SelectorError(`values: Invalid value: ${JSON.stringify(values)}: exact-match compatibility requires one single value`);
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) throw new SelectorError(`values: Invalid value: ${JSON.stringify(values)}: values set must be empty for exists and does not exist`);
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1 || !/^[-+]?\d+$/.test(values[0]!)) {
        throw new SelectorError(`values: Invalid value: ${JSON.stringify(values)}: for 'Gt', 'Lt' operators, exactly one value is required and it must be an integer`);
      }
      return { key, operator, values };
  }
  for (const [i, v] of values.entries()) {
    const errs = validateLabelValue(v);
    if (errs.length > 0) throw new SelectorError(`values[${i}][${key}]: Invalid value: "${v}": ${errs.join('; ')}`);
  }
  return { key, operator, values: [...values] };
}

/** requirementMatches tells whether one requirement holds for labels, as Requirement.Matches does. */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value!);
    case '!=':
    case 'notin':
      // A missing label satisfies a negative requirement, as in Kubernetes.
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[-+]?\d+$/.test(value!)) return false;
      const lv = BigInt(value!);
      const rv = BigInt(r.values[0]!);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

/** matches tells whether a selector selects an object with these labels (undefined = no labels). */
export function matches(selector: Selector, labels: Labels | undefined): boolean {
  if (selector.nothing) return false;
  const ls = labels ?? {};
  return selector.requirements.every((r) => requirementMatches(r, ls));
}

/** requirementToString renders one requirement in selector syntax, values sorted as Kubernetes does. */
export function requirementToString(r: Requirement): string {
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

/** selectorToString renders a selector in the canonical form Kubernetes prints ('' for everything and nothing). */
export function selectorToString(selector: Selector): string {
  if (selector.nothing) return '';
  return selector.requirements.map(requirementToString).join(',');
}

/** sortRequirements orders requirements by key (stable), as internalSelector.Add does. */
export function sortRequirements(reqs: Requirement[]): Requirement[] {
  return [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** selectorFromSet builds an equality selector from a label map (labels.SelectorFromSet). */
export function selectorFromSet(set: Labels | undefined): Selector {
  const reqs = Object.entries(set ?? {}).map(([k, v]) => newRequirement(k, '=', [v]));
  return { requirements: sortRequirements(reqs) };
}

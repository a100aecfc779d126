import type { LabelSelector } from '../meta/v1/object-meta.ts';
import { toBadRequest } from './parse.ts';
import { everything, newRequirement, nothing, SelectorError, selectorToString, sortRequirements, type Operator, type Requirement, type Selector } from './selector.ts';

const operators: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * selectorFromLabelSelector converts a structured LabelSelector (matchLabels + matchExpressions)
 * to a Selector, as metav1.LabelSelectorAsSelector does: null/undefined selects nothing, an empty
 * struct selects everything. An invalid operator, key or value count throws a 400 StatusError.
 */
export function selectorFromLabelSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return nothing();
  const matchLabels = Object.entries(ls.matchLabels ?? {});
  const exprs = ls.matchExpressions ?? [];
  if (matchLabels.length + exprs.length === 0) return everything();
  try {
    const reqs: Requirement[] = matchLabels.map(([k, v]) => newRequirement(k, '=', [v]));
    for (const expr of exprs) {
      const op = operators[expr.operator];
      if (!op) throw new SelectorError(`"${expr.operator}" is not a valid label selector operator`);
      reqs.push(newRequirement(expr.key, op, [...(expr.values ?? [])]));
    }
    return { requirements: sortRequirements(reqs) };
  } catch (err) {
    throw toBadRequest(err, JSON.stringify(ls));
  }
}

/**
 * labelSelectorToString renders a structured selector as kubectl's wide SELECTOR column does
 * (metav1.FormatLabelSelector): `<none>` for an empty or nil selector, `<error>` for a bad one.
 */
export function labelSelectorToString(ls: LabelSelector | null | undefined): string {
  let text: string;
  try {
    text = selectorToString(selectorFromLabelSelector(ls));
  } catch {
    return '<error>';
  }
  return text === '' ? '<none>' : text;
}

import type { LabelSelector } from '../../api/meta/v1/object-meta.ts';

/** LabelMatcher tests a label set against a selector. */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/**
 * selectorMatcher turns a structured LabelSelector into a matcher. Like metav1.LabelSelectorAsSelector,
 * an undefined selector matches nothing and an empty one matches everything.
 */
export function selectorMatcher(sel: LabelSelector | undefined | null): LabelMatcher {
  if (!sel) return () => false;
  const exprs = sel.matchExpressions ?? [];
  const eq = Object.entries(sel.matchLabels ?? {});
  return (labels) => {
    const l = labels ?? {};
    for (const [k, v] of eq) if (l[k] !== v) return false;
    for (const e of exprs) {
      const has = Object.hasOwn(l, e.key);
      const values = e.values ?? [];
      switch (e.operator) {
        case 'In': if (!has || !values.includes(l[e.key])) return false; break;
        case 'NotIn': if (has && values.includes(l[e.key])) return false; break;
        case 'Exists': if (!has) return false; break;
        case 'DoesNotExist': if (has) return false; break;
        default: return false;
      }
    }
    return true;
  };
}

/** mapMatcher matches a plain map selector (Service.spec.selector); an empty map matches nothing here. */
export function mapMatcher(sel: Record<string, string> | undefined): LabelMatcher {
  if (!sel || Object.keys(sel).length === 0) return () => false;
  return selectorMatcher({ matchLabels: sel });
}

/** isEmptySelector tells whether a structured selector selects everything. */
export function isEmptySelector(sel: LabelSelector | undefined): boolean {
  return !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** selectorString renders a LabelSelector in the query-string syntax (`a=b,c in (d,e)`). */
export function selectorString(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

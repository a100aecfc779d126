/**
 * Label matching for the scheduler: structured LabelSelectors compiled once (via api/labels)
 * into predicates, because affinity and spreading evaluate them per pod per node.
 */
import type { LabelSelector } from '../../api/meta/v1/object-meta.ts';
import { matches, selectorFromLabelSelector } from '../../api/labels/index.ts';

/** Labels is a label map (possibly absent). */
export type Labels = Record<string, string> | undefined;

/** Matcher tests a label set. */
export type Matcher = (labels: Labels) => boolean;

/** matchNothing is the matcher of a nil selector (Kubernetes: nil selects nothing). */
export const matchNothing: Matcher = () => false;

/**
 * compileSelector turns a metav1.LabelSelector into a matcher. A nil selector matches nothing,
 * an empty one ({}) everything; an invalid selector matches nothing, as Kubernetes treats a
 * selector it cannot parse.
 */
export function compileSelector(sel: LabelSelector | undefined | null): Matcher {
  try {
    const s = selectorFromLabelSelector(sel);
    return (labels) => matches(s, labels ?? {});
  } catch {
    return matchNothing;
  }
}

/**
 * Matching of core/v1 NodeSelectors (required node affinity, PV node affinity) against a node:
 * terms ORed; inside a term matchExpressions (labels) and matchFields (metadata.name) ANDed.
 */
import type { Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm } from '../api-types.ts';

function parseIntStrict(s: string | undefined): number | undefined {
  if (s === undefined || !/^-?\d+$/.test(s)) return undefined;
  return Number(s);
}

/** requirementMatches evaluates one requirement against a value map (labels or fields). */
export function requirementMatches(req: NodeSelectorRequirement, values: Record<string, string> | undefined): boolean {
  const v = values?.[req.key];
  const list = req.values ?? [];
  switch (req.operator) {
    case 'In': return v !== undefined && list.includes(v);
    case 'NotIn': return v === undefined || !list.includes(v);
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
    case 'Gt':
    case 'Lt': {
      const have = parseIntStrict(v);
      const want = list.length === 1 ? parseIntStrict(list[0]) : undefined;
      if (have === undefined || want === undefined) return false;
      return req.operator === 'Gt' ? have > want : have < want;
    }
    default: return false;
  }
}

/** termMatches reports whether a node satisfies one NodeSelectorTerm; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels;
  if (!exprs.every((r) => requirementMatches(r, labels))) return false;
  // metadata.name is the only field Kubernetes supports in matchFields.
  const fieldValues = { 'metadata.name': node.metadata.name ?? '' };
  return fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, fieldValues));
}

/** nodeSelectorMatches reports whether a node satisfies any term of a NodeSelector. */
export function nodeSelectorMatches(sel: NodeSelector, node: Node): boolean {
  return sel.nodeSelectorTerms.some((t) => nodeSelectorTermMatches(t, node));
}

/** podMatchesNodeSelectorAndAffinity is the NodeAffinity filter's test: nodeSelector and required affinity. */
export function podMatchesNodeSelectorAndAffinity(
  spec: { nodeSelector?: Record<string, string>; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector } } } | undefined,
  node: Node,
): boolean {
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) {
    if (node.metadata.labels?.[k] !== v) return false;
  }
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || nodeSelectorMatches(required, node);
}

/** requestsByNode sums the requests of bound, non-terminal pods per node (for over-commit checks). */
import type { Pod } from '../api-types.ts';
import { podRequests, type Resource } from '../framework/resources.ts';

/** requestsByNode maps node name → summed requests of the pods bound to it. */
export function requestsByNode(pods: Pod[]): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (!node || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const r = podRequests(p);
    const cur = out.get(node) ?? { milliCpu: 0, memory: 0, ephemeralStorage: 0 };
    out.set(node, { milliCpu: cur.milliCpu + r.milliCpu, memory: cur.memory + r.memory, ephemeralStorage: cur.ephemeralStorage + r.ephemeralStorage });
  }
  return out;
}

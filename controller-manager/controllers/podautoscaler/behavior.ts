/**
 * The HPA's scaling behavior (`spec.behavior`), applied as Kubernetes' controller applies it to the
 * replica count the metrics recommend: first the stabilization windows (scale up only to the lowest,
 * down only to the highest recommendation within each window), then the rate policies — per policy,
 * the change allowed over its period given the scale events already in it (Pods: a number, Percent:
 * of the count at the period's start), combined by selectPolicy (Max: the most permissive, Min:
 * the least, Disabled: none) — and finally min/maxReplicas. Each step names the limit it hit.
 */

/** ScalingRules are one direction's behavior (autoscaling/v2 HPAScalingRules). */
export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: string;
  policies?: Array<{ type: string; value: number; periodSeconds: number }>;
}

/** Behavior is spec.behavior; missing parts take Kubernetes' defaults. */
export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

/** Recommendation is one sync's metric-based replica count. */
export interface Recommendation {
  at: number;
  replicas: number;
}

/** ScaleEvent is one change the controller made to the target (positive up, negative down). */
export interface ScaleEvent {
  at: number;
  change: number;
}

const defaultUp: Required<ScalingRules> = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const defaultDown: Required<ScalingRules> = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

function rules(r: ScalingRules | undefined, d: Required<ScalingRules>): Required<ScalingRules> {
  return { stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? d.stabilizationWindowSeconds, selectPolicy: r?.selectPolicy || d.selectPolicy, policies: r?.policies ?? d.policies };
}

/** longestWindowMs is how long recommendations and scale events must be kept for behavior. */
export function longestWindowMs(b: Behavior | undefined): number {
  const up = rules(b?.scaleUp, defaultUp);
  const down = rules(b?.scaleDown, defaultDown);
  const periods = [...up.policies, ...down.policies].map((p) => p.periodSeconds);
  return Math.max(up.stabilizationWindowSeconds, down.stabilizationWindowSeconds, ...periods) * 1000;
}

/** stabilize returns the recommendation after the windows; recs include the latest one. */
export function stabilize(recs: Recommendation[], now: number, latest: number, current: number, b: Behavior | undefined): number {
  const upWindow = rules(b?.scaleUp, defaultUp).stabilizationWindowSeconds * 1000;
  const downWindow = rules(b?.scaleDown, defaultDown).stabilizationWindowSeconds * 1000;
  let up = latest;
  let down = latest;
  for (const r of recs) {
    if (r.at > now - upWindow) up = Math.min(up, r.replicas);
    if (r.at > now - downWindow) down = Math.max(down, r.replicas);
  }
  return Math.min(Math.max(current, up), down);
}

function changedInPeriod(events: ScaleEvent[], now: number, periodSeconds: number, sign: 1 | -1): number {
  return events.filter((e) => e.at > now - periodSeconds * 1000 && Math.sign(e.change) === sign).reduce((n, e) => n + Math.abs(e.change), 0);
}

/** scaleUpLimit is the highest count the scale-up policies allow now (never below current). */
export function scaleUpLimit(current: number, events: ScaleEvent[], now: number, b: Behavior | undefined): number {
  const r = rules(b?.scaleUp, defaultUp);
  if (r.selectPolicy === 'Disabled') return current;
  const proposals = r.policies.map((p) => {
    const start = current - changedInPeriod(events, now, p.periodSeconds, 1);
    return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
  });
  const limit = r.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
  return Math.max(limit, current);
}

/** scaleDownLimit is the lowest count the scale-down policies allow now (never above current). */
export function scaleDownLimit(current: number, events: ScaleEvent[], now: number, b: Behavior | undefined): number {
  const r = rules(b?.scaleDown, defaultDown);
  if (r.selectPolicy === 'Disabled') return current;
  const proposals = r.policies.map((p) => {
    const start = current + changedInPeriod(events, now, p.periodSeconds, -1);
    return p.type === 'Pods' ? start - p.value : Math.floor(start * (1 - p.value / 100));
  });
  // Max selects the policy allowing the biggest change, i.e. the lowest count.
  const limit = r.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
  return Math.min(limit, current);
}

/** Limited is the count to scale to and the ScalingLimited condition that explains it. */
export interface Limited {
  replicas: number;
  limited: boolean;
  reason: string;
  message: string;
}

/** limitRate applies the rate policies and min/maxReplicas to a stabilized recommendation. */
export function limitRate(desired: number, current: number, min: number, max: number, events: ScaleEvent[], now: number, b: Behavior | undefined): Limited {
  if (desired > current) {
    const rate = scaleUpLimit(current, events, now, b);
    const [ceiling, reason, message] = rate < max
      ? [rate, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
      : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    if (desired > ceiling) return { replicas: ceiling, limited: true, reason, message };
  } else if (desired < current) {
    const rate = scaleDownLimit(current, events, now, b);
    const [floor, reason, message] = rate > min
      ? [rate, 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
      : [min, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    if (desired < floor) return { replicas: floor, limited: true, reason, message };
  }
  return { replicas: desired, limited: false, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

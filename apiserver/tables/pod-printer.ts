import { translateTimestampSince } from '../../api/meta/v1/human-duration.ts';
import { ageCol, col, nameCol, wide, type Json, type Printer, type TableRowCondition } from './table-types.ts';

/** PodRowInfo is what kubectl derives from a pod for its row: READY, STATUS and RESTARTS. */
export interface PodRowInfo {
  ready: string;
  status: string;
  restarts: string;
}

const isTrue = (conds: Json[] | undefined, type: string): boolean => (conds ?? []).some((c) => c.type === type && c.status === 'True');

interface InitScan {
  reason?: string;
  restarts: number;
  lastRestart: number;
  sidecarRestarts: number;
  lastSidecarRestart: number;
  ready: number;
}

function lastTermination(c: Json): number {
  const t = c.lastState?.terminated?.finishedAt;
  return t ? Date.parse(t) : 0;
}

/** scanInit walks init container statuses as printers.go does, stopping at the first unfinished one. */
function scanInit(pod: Json, restartable: Set<string>): InitScan {
  const scan: InitScan = { restarts: 0, lastRestart: 0, sidecarRestarts: 0, lastSidecarRestart: 0, ready: 0 };
  const total = (pod.spec?.initContainers ?? []).length;
  for (const [i, c] of ((pod.status?.initContainerStatuses ?? []) as Json[]).entries()) {
    scan.restarts += c.restartCount ?? 0;
    scan.lastRestart = Math.max(scan.lastRestart, lastTermination(c));
    const sidecar = restartable.has(c.name);
    if (sidecar) {
      scan.sidecarRestarts += c.restartCount ?? 0;
      scan.lastSidecarRestart = Math.max(scan.lastSidecarRestart, lastTermination(c));
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) scan.ready++;
      continue;
    }
    if (term) scan.reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
    else if (wait?.reason && wait.reason !== 'PodInitializing') scan.reason = `Init:${wait.reason}`;
    else scan.reason = `Init:${i}/${total}`;
    break;
  }
  return scan;
}

/**
 * podRowInfo computes kubectl's READY (`1/2`), STATUS (Running, Completed, CrashLoopBackOff,
 * Init:0/1, Terminating…) and RESTARTS (`2 (5m ago)`) exactly as printers.go printPod does,
 * restartable (sidecar) init containers included.
 */
export function podRowInfo(pod: Json, now: Date): PodRowInfo {
  const status = pod.status ?? {};
  const restartable = new Set<string>(((pod.spec?.initContainers ?? []) as Json[]).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  let reason: string = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c: Json) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const total = (pod.spec?.containers ?? []).length + restartable.size;
  const init = scanInit(pod, restartable);
  let { restarts, lastRestart, ready } = init;
  if (init.reason) reason = init.reason;
  if (!init.reason || isTrue(status.conditions, 'Initialized')) {
    // Past initialization only sidecar restarts carry over, as in kubectl.
    restarts = init.sidecarRestarts;
    lastRestart = init.lastSidecarRestart;
    let hasRunning = false;
    const cs: Json[] = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = Math.max(lastRestart, lastTermination(c));
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = isTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';
  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart > 0) restartsStr = `${restarts} (${translateTimestampSince(new Date(lastRestart).toISOString(), now)} ago)`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsStr };
}

function readinessGates(pod: Json): string {
  const gates: Json[] = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const ok = gates.filter((g) => isTrue(pod.status?.conditions, g.conditionType)).length;
  return `${ok}/${gates.length}`;
}

/** podPrinter prints pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES. */
export const podPrinter: Printer = {
  columns: [
    nameCol,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageCol,
    wide(col('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.')),
    wide(col('Node', "NodeName indicates in which node this pod is scheduled.")),
    wide(col('Nominated Node', 'nominatedNodeName is set when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.')),
    wide(col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.')),
  ],
  cells(pod, now) {
    const info = podRowInfo(pod, now);
    const ip = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>';
    return [
      pod.metadata?.name ?? '',
      info.ready,
      info.status,
      info.restarts,
      translateTimestampSince(pod.metadata?.creationTimestamp, now),
      ip,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(pod): TableRowCondition[] | undefined {
    if (pod.status?.phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (pod.status?.phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

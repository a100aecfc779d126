/**
 * computePodStatus derives a pod's status from what runs (the runtime view), the probe results
 * and the waiting reasons the pod worker recorded — the kubelet's generateAPIPodStatus/getPhase.
 */
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from './api-types.ts';
import type { RuntimeContainer } from './runtime/types.ts';
import { attemptOf } from './naming.ts';

/** Waiting is a reason a container is not running (CrashLoopBackOff, ErrImagePull, …). */
export interface Waiting {
  reason: string;
  message?: string;
}

/** PodView is the runtime's picture of one pod: its sandbox and containers by name, newest first. */
export interface PodView {
  sandbox?: RuntimeContainer;
  containers: Map<string, RuntimeContainer[]>;
}

/** StatusInputs are everything status depends on besides the pod. */
export interface StatusInputs {
  view: PodView;
  hostIP: string;
  now: Date;
  waiting: (name: string) => Waiting | undefined;
  ready: (name: string, id: string) => boolean;
  started: (name: string, id: string) => boolean;
  /** failure forces a terminal phase (activeDeadlineSeconds, init failure with Never). */
  failure?: { reason: string; message: string };
}

/** containerStatus builds the status of one container from its attempts. */
export function containerStatus(c: Container, attempts: RuntimeContainer[], inp: StatusInputs, fallback: Waiting): ContainerStatus {
  const [latest, previous] = attempts;
  const waiting = inp.waiting(c.name);
  const base = { name: c.name, image: c.image ?? '', imageID: latest?.imageId ?? '', restartCount: latest ? attemptOf(latest.labels) : 0 };
  if (!latest) return { ...base, state: { waiting: waiting ?? fallback }, ready: false, started: false };
  const id = latest.id;
  const containerID = `docker://${id}`;
  if (latest.state === 'running') {
    const started = inp.started(c.name, id);
    return {
      ...base, containerID, state: { running: { startedAt: iso(latest.startedAt) } }, lastState: previous ? terminated(previous) : {},
      ready: started && inp.ready(c.name, id), started,
    };
  }
  const last = latest.state === 'exited' || (latest.state === 'created' && latest.error) ? terminated(latest) : {};
  if (waiting) return { ...base, containerID, state: { waiting }, lastState: last, ready: false, started: false };
  if (latest.state === 'created' && !latest.error) return { ...base, containerID, state: { waiting: fallback }, lastState: previous ? terminated(previous) : {}, ready: false, started: false };
  return { ...base, containerID, state: last, lastState: previous ? terminated(previous) : {}, ready: false, started: false };
}

/** terminated is the terminated state of an exited container, with Kubernetes' reasons. */
export function terminated(rc: RuntimeContainer): ContainerState {
  const exitCode = rc.exitCode ?? 0;
  const reason = rc.oomKilled ? 'OOMKilled' : rc.error ? 'StartError' : exitCode === 0 ? 'Completed' : 'Error';
  return {
    terminated: {
      exitCode, reason, startedAt: iso(rc.startedAt), finishedAt: iso(rc.finishedAt), containerID: `docker://${rc.id}`,
      ...(rc.error ? { message: rc.error } : {}),
    },
  };
}

function iso(d: Date | undefined): string | undefined {
  return d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}

/** computePodStatus: see the file comment. */
export function computePodStatus(pod: Pod, inp: StatusInputs): PodStatus {
  const spec = pod.spec!;
  const inits = spec.initContainers ?? [];
  const initStatuses = inits.map((c) => containerStatus(c, inp.view.containers.get(c.name) ?? [], inp, { reason: 'PodInitializing' }));
  const initialized = initStatuses.every((s) => s.state?.terminated?.exitCode === 0);
  const fallback = initialized ? { reason: 'ContainerCreating' } : { reason: 'PodInitializing' };
  const statuses = spec.containers.map((c) => containerStatus(c, inp.view.containers.get(c.name) ?? [], inp, fallback));
  const phase = inp.failure ? 'Failed' : initPhase(initStatuses, spec.restartPolicy ?? 'Always') ?? appPhase(statuses, spec.restartPolicy ?? 'Always');
  const containersReady = initialized && statuses.every((s) => s.ready);
  const old = pod.status ?? {};
  const conditions = [
    cond(old, 'PodScheduled', true, inp.now),
    cond(old, 'Initialized', initialized, inp.now, initialized ? undefined : 'ContainersNotInitialized'),
    cond(old, 'ContainersReady', containersReady, inp.now, containersReady ? undefined : 'ContainersNotReady'),
    cond(old, 'Ready', containersReady, inp.now, containersReady ? undefined : 'ContainersNotReady'),
  ];
  const podIP = spec.hostNetwork ? inp.hostIP : inp.view.sandbox?.state === 'running' ? inp.view.sandbox.ip : old.podIP;
  const status: PodStatus = {
    phase,
    conditions,
    hostIP: inp.hostIP,
    hostIPs: [{ ip: inp.hostIP }],
    startTime: old.startTime ?? iso(inp.now),
    containerStatuses: statuses,
    qosClass: qosClass(spec.containers),
  };
  if (podIP) Object.assign(status, { podIP, podIPs: [{ ip: podIP }] });
  if (inits.length) status.initContainerStatuses = initStatuses;
  if (inp.failure) Object.assign(status, { reason: inp.failure.reason, message: inp.failure.message });
  return status;
}

function initPhase(statuses: ContainerStatus[], restartPolicy: string): string | undefined {
  if (statuses.every((s) => s.state?.terminated?.exitCode === 0)) return undefined;
  const failed = statuses.some((s) => (s.state?.terminated?.exitCode ?? 0) !== 0);
  return failed && restartPolicy === 'Never' ? 'Failed' : 'Pending';
}

/** appPhase is the kubelet's getPhase over app container statuses. */
export function appPhase(statuses: ContainerStatus[], restartPolicy: string): string {
  let waiting = 0, running = 0, stopped = 0, succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting && s.lastState?.terminated) {
      stopped++;
      if (s.lastState.terminated.exitCode === 0) succeeded++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function cond(old: PodStatus, type: string, ok: boolean, now: Date, reason?: string): PodCondition {
  const status = ok ? 'True' : 'False';
  const prev = (old.conditions ?? []).find((c) => c.type === type);
  const lastTransitionTime = prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : iso(now)!;
  return { type, status, lastProbeTime: null, lastTransitionTime, ...(reason ? { reason } : {}) } as PodCondition;
}

/** qosClass is Guaranteed (limits = requests for cpu and memory everywhere), BestEffort (none) or Burstable. */
export function qosClass(containers: Container[]): string {
  let any = false, guaranteed = true;
  for (const c of containers) {
    const l = c.resources?.limits ?? {}, r = c.resources?.requests ?? {};
    if (Object.keys(l).length || Object.keys(r).length) any = true;
    for (const k of ['cpu', 'memory']) {
      if (l[k] === undefined || (r[k] !== undefined && String(r[k]) !== String(l[k]))) guaranteed = false;
    }
  }
  return !any ? 'BestEffort' : guaranteed ? 'Guaranteed' : 'Burstable';
}

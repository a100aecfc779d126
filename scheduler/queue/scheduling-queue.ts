/**
 * SchedulingQueue is kube-scheduler's three-part queue: activeQ (priority, then creation time),
 * backoffQ (pods waiting out 1 s doubling to 10 s after a failed attempt) and the unschedulable
 * pool, whose pods move back only when a cluster event relevant to what rejected them happens
 * (plus a periodic flush as a safety net) instead of being retried on a timer.
 */
import type { Pod } from '../api-types.ts';
import type { ClusterEvent } from '../framework/types.ts';
import { podKey } from '../framework/pod-info.ts';
import { Heap } from './heap.ts';

/** QueuedPodInfo is a pod in the queue with its scheduling history. */
export interface QueuedPodInfo {
  pod: Pod;
  key: string;
  /** initialAttemptTimestamp is when the pod first entered the queue (for e2e latency). */
  initialAttemptTimestamp: number;
  /** timestamp is when the pod last entered the queue. */
  timestamp: number;
  attempts: number;
  /** wakeOn is the set of events that may help the pod; 'any' after an error. */
  wakeOn: Set<ClusterEvent> | 'any';
  seq: number;
  /** priority and createdAt are the pod's sort keys, read once (heap comparisons are hot). */
  priority: number;
  createdAt: number;
}

/** QueueOptions tune the queue; times in milliseconds. */
export interface QueueOptions {
  now?: () => number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** maxUnschedulableMs is how long a pod may sit unschedulable before the safety flush moves it. */
  maxUnschedulableMs?: number;
}

function priorityOf(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

function createdAt(pod: Pod): number {
  const t = pod.metadata.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

/** activeLess orders by priority (high first), then creation time, then arrival. */
export function activeLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.seq < b.seq;
}

function setPod(q: QueuedPodInfo, pod: Pod): void {
  q.pod = pod;
  q.priority = priorityOf(pod);
  q.createdAt = createdAt(pod);
}

/** SchedulingQueue holds the pods waiting to be scheduled. */
export class SchedulingQueue {
  private active = new Heap<QueuedPodInfo>((q) => q.key, activeLess);
  private backoff = new Heap<QueuedPodInfo>((q) => q.key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  private unschedulable = new Map<string, QueuedPodInfo>();
  private waiters: Array<(q: QueuedPodInfo | undefined) => void> = [];
  private seq = 0;
  private closed = false;
  /** schedulingCycle counts pops; eventCycle remembers the cycle of each event's last move request. */
  private schedulingCycle = 0;
  private eventCycle = new Map<ClusterEvent | 'any', number>();
  private now: () => number;
  private initialBackoffMs: number;
  private maxBackoffMs: number;
  private maxUnschedulableMs: number;

  constructor(opts: QueueOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.initialBackoffMs = opts.initialBackoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = opts.maxUnschedulableMs ?? 60_000;
  }

  /** backoffDuration is 1 s doubling per failed attempt, capped at 10 s. */
  backoffDuration(attempts: number): number {
    const d = this.initialBackoffMs * 2 ** Math.max(attempts - 1, 0);
    return Math.min(d, this.maxBackoffMs);
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q.attempts);
  }

  private isBackingOff(q: QueuedPodInfo): boolean {
    return q.attempts > 0 && this.backoffExpiry(q) > this.now();
  }

  /** add queues a new pending pod. */
  add(pod: Pod): void {
    const key = podKey(pod);
    if (this.has(key)) return this.update(undefined, pod);
    const t = this.now();
    this.pushActive({ pod, key, initialAttemptTimestamp: t, timestamp: t, attempts: 0, wakeOn: 'any', seq: this.seq++, priority: priorityOf(pod), createdAt: createdAt(pod) });
  }

  /** has reports whether the pod is in any part of the queue. */
  has(key: string): boolean {
    return this.active.has(key) || this.backoff.has(key) || this.unschedulable.has(key);
  }

  /**
   * update refreshes a queued pod. A change that could alter the decision (spec, labels,
   * annotations) moves an unschedulable pod back; status-only changes (such as our own
   * PodScheduled condition) do not, or every failure would retrigger itself.
   */
  update(old: Pod | undefined, pod: Pod): void {
    const key = podKey(pod);
    const a = this.active.get(key) ?? this.backoff.get(key);
    if (a) {
      setPod(a, pod);
      if (this.active.has(key)) this.active.push(a);
      else this.backoff.push(a);
      return;
    }
    const u = this.unschedulable.get(key);
    if (!u) return this.add(pod);
    const changed = !old || schedulingRelevantChange(old, pod);
    setPod(u, pod);
    if (!changed) return;
    this.unschedulable.delete(key);
    if (this.isBackingOff(u)) this.backoff.push(u);
    else this.pushActive(u);
  }

  /** delete drops a pod from the queue (deleted, or bound by someone). */
  delete(pod: Pod): void {
    const key = podKey(pod);
    this.active.remove(key);
    this.backoff.remove(key);
    this.unschedulable.delete(key);
  }

  /** pop waits for the next pod to schedule; undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    const q = this.active.pop();
    if (q) return Promise.resolve(this.popped(q));
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private popped(q: QueuedPodInfo): QueuedPodInfo {
    this.schedulingCycle++;
    q.attempts++;
    return q;
  }

  /** currentCycle is the scheduling cycle number of the pod just popped. */
  currentCycle(): number {
    return this.schedulingCycle;
  }

  private pushActive(q: QueuedPodInfo): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.popped(q));
    else this.active.push(q);
  }

  /**
   * addUnschedulable returns a pod that failed its cycle. If an event that may help it arrived
   * while it was being scheduled, it goes to backoffQ instead of waiting for another.
   */
  addUnschedulable(q: QueuedPodInfo, podCycle: number, wakeOn: Set<ClusterEvent> | 'any'): void {
    if (this.has(q.key) || this.closed) return;
    q.timestamp = this.now();
    q.wakeOn = wakeOn;
    if (wakeOn === 'any' || this.movedSince(podCycle, wakeOn)) this.backoff.push(q);
    else this.unschedulable.set(q.key, q);
  }

  private movedSince(cycle: number, events: Set<ClusterEvent>): boolean {
    if ((this.eventCycle.get('any') ?? -1) >= cycle) return true;
    for (const e of events) if ((this.eventCycle.get(e) ?? -1) >= cycle) return true;
    return false;
  }

  /** moveAllToActiveOrBackoff moves unschedulable pods that `event` may help. */
  moveAllToActiveOrBackoff(event: ClusterEvent | 'any'): number {
    let moved = 0;
    for (const [key, q] of this.unschedulable) {
      if (event !== 'any' && q.wakeOn !== 'any' && !q.wakeOn.has(event)) continue;
      this.unschedulable.delete(key);
      if (this.isBackingOff(q)) this.backoff.push(q);
      else this.pushActive(q);
      moved++;
    }
    this.eventCycle.set(event, this.schedulingCycle);
    return moved;
  }

  /** flushBackoffCompleted moves pods whose backoff has expired to activeQ. */
  flushBackoffCompleted(): void {
    for (let q = this.backoff.peek(); q && !this.isBackingOff(q); q = this.backoff.peek()) {
      this.backoff.pop();
      this.pushActive(q);
    }
  }

  /** flushUnschedulableLeftover moves pods stuck unschedulable longer than the limit. */
  flushUnschedulableLeftover(): void {
    const now = this.now();
    for (const [key, q] of this.unschedulable) {
      if (now - q.timestamp < this.maxUnschedulableMs) continue;
      this.unschedulable.delete(key);
      if (this.isBackingOff(q)) this.backoff.push(q);
      else this.pushActive(q);
    }
  }

  /** pending reports the queue depths, for metrics. */
  pending(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  /** run flushes backoffQ every second and the unschedulable pool every 30 s until signal aborts. */
  run(signal: AbortSignal): void {
    const backoffTimer = setInterval(() => this.flushBackoffCompleted(), 1000);
    const leftoverTimer = setInterval(() => this.flushUnschedulableLeftover(), 30_000);
    signal.addEventListener('abort', () => {
      clearInterval(backoffTimer);
      clearInterval(leftoverTimer);
      this.close();
    }, { once: true });
  }

  /** close wakes every waiting pop with undefined. */
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}

/** schedulingRelevantChange reports whether a pod update may change where it can go. */
export function schedulingRelevantChange(old: Pod, pod: Pod): boolean {
  const view = (p: Pod) => JSON.stringify([p.spec, p.metadata.labels, p.metadata.annotations, p.metadata.deletionTimestamp]);
  return view(old) !== view(pod);
}

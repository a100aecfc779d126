/**
 * Scheduler metrics on prom-client's default registry (served at /metrics): attempts by
 * result, attempt and end-to-end scheduling latency, and pending pods per queue.
 */
import { Counter, Gauge, Histogram, register } from 'prom-client';

/** SchedulerMetrics are the scheduler's Prometheus metrics. */
export interface SchedulerMetrics {
  attempts: Counter<'result' | 'profile'>;
  attemptDuration: Histogram<'result' | 'profile'>;
  e2eDuration: Histogram<'result' | 'profile'>;
  pendingPods: Gauge<'queue'>;
}

let metrics: SchedulerMetrics | undefined;
let pendingSource: (() => { active: number; backoff: number; unschedulable: number }) | undefined;

const buckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60];

/**
 * schedulerMetrics returns the process-wide metrics, registering them once (several
 * Scheduler instances in one test process share them).
 */
export function schedulerMetrics(): SchedulerMetrics {
  if (metrics) return metrics;
  const existing = register.getSingleMetric('scheduler_schedule_attempts_total');
  if (existing) register.removeSingleMetric('scheduler_schedule_attempts_total');
  metrics = {
    attempts: new Counter({
      name: 'scheduler_schedule_attempts_total',
      help: 'Number of attempts to schedule pods, by the result: scheduled, unschedulable or error.',
      labelNames: ['result', 'profile'],
    }),
    attemptDuration: new Histogram({
      name: 'scheduler_scheduling_attempt_duration_seconds',
      help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding).',
      labelNames: ['result', 'profile'],
      buckets,
    }),
    e2eDuration: new Histogram({
      name: 'scheduler_pod_scheduling_duration_seconds',
      help: 'E2e latency for a pod being scheduled: from entering the queue to bound, across attempts.',
      labelNames: ['result', 'profile'],
      buckets,
    }),
    pendingPods: new Gauge({
      name: 'scheduler_pending_pods',
      help: 'Number of pending pods, by the queue type: active, backoff or unschedulable.',
      labelNames: ['queue'],
      collect() {
        const p = pendingSource?.();
        if (!p) return;
        this.set({ queue: 'active' }, p.active);
        this.set({ queue: 'backoff' }, p.backoff);
        this.set({ queue: 'unschedulable' }, p.unschedulable);
      },
    }),
  };
  return metrics;
}

/** setPendingSource points the pending-pods gauge at the running scheduler's queue. */
export function setPendingSource(source: typeof pendingSource): void {
  pendingSource = source;
}

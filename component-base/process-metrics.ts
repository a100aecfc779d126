import { collectDefaultMetrics, type Registry } from 'prom-client';

/**
 * collectProcessMetrics registers prom-client's process and Node.js metrics (CPU, memory,
 * handles, event-loop lag) in `register` (prom-client's global registry when omitted). The
 * event-loop lag is sampled once a second instead of prom-client's default 10 ms: that timer
 * alone woke an idle controller-manager 100 times a second (≈1% CPU), and a stall still shows as
 * the delay of the next sample.
 */
export function collectProcessMetrics(register?: Registry): void {
  collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 1000 });
}

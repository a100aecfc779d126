import { Counter, Histogram, Registry } from 'prom-client';
import { collectProcessMetrics } from '../component-base/process-metrics.ts';

/** ApiMetrics are the API server's Prometheus metrics, in a registry of their own (one per server). */
export interface ApiMetrics {
  registry: Registry;
  requests: Counter<'verb' | 'resource' | 'code'>;
  duration: Histogram<'verb' | 'resource'>;
  inflight: Counter<'kind'>;
}

/** createApiMetrics registers apiserver_request_total and apiserver_request_duration_seconds. */
export function createApiMetrics(withDefaults = false): ApiMetrics {
  const registry = new Registry();
  if (withDefaults) collectProcessMetrics(registry);
  return {
    registry,
    requests: new Counter({ name: 'apiserver_request_total', help: 'API requests by verb, resource and HTTP code.', labelNames: ['verb', 'resource', 'code'], registers: [registry] }),
    duration: new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'API request latency by verb and resource (watches: time to first byte).',
      labelNames: ['verb', 'resource'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    inflight: new Counter({ name: 'apiserver_dropped_requests_total', help: 'Requests rejected with 429 by the max-in-flight limit.', labelNames: ['kind'], registers: [registry] }),
  };
}

/** verbOf names the Kubernetes verb of a request. */
export function verbOf(method: string, hasName: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
      return watch ? 'WATCH' : hasName ? 'GET' : 'LIST';
    case 'POST':
      return 'POST';
    case 'PUT':
      return 'PUT';
    case 'PATCH':
      return 'PATCH';
    case 'DELETE':
      return hasName ? 'DELETE' : 'DELETECOLLECTION';
    default:
      return method;
  }
}

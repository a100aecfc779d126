import { Counter, Gauge } from 'prom-client';

/** proxyMetrics are the proxy's Prometheus series, labelled by service port ("ns/name:port"). */
export const proxyMetrics = {
  connections: new Counter({
    name: 'skiff_proxy_connections_total',
    help: 'Connections accepted, by service port and result (ok, no_endpoints, all_failed).',
    labelNames: ['service', 'result'],
  }),
  connectErrors: new Counter({
    name: 'skiff_proxy_endpoint_connect_errors_total',
    help: 'Failed connects to an endpoint (the next endpoint is tried).',
    labelNames: ['service'],
  }),
  bytes: new Counter({
    name: 'skiff_proxy_bytes_total',
    help: 'Bytes forwarded, by service port and direction (in = client to endpoint).',
    labelNames: ['service', 'direction'],
  }),
  active: new Gauge({ name: 'skiff_proxy_active_connections', help: 'Open proxied connections.', labelNames: ['service'] }),
};

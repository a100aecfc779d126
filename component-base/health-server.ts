import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';

/** HealthChecks answer /healthz (alive) and /readyz (ready to serve); each returns an error text or ''. */
export interface HealthChecks {
  healthz?: () => string | Promise<string>;
  readyz?: () => string | Promise<string>;
}

/**
 * startHealthServer serves /healthz, /livez, /readyz and Prometheus /metrics for a component
 * on `bindAddress:port` (port 0 picks one). Returns the bound port and a close function.
 */
export async function startHealthServer(
  bindAddress: string,
  port: number,
  checks: HealthChecks = {},
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    void answer(req.url ?? '/', checks).then(({ code, type, body }) => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, bindAddress, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function answer(url: string, checks: HealthChecks): Promise<{ code: number; type: string; body: string }> {
  const path = url.split('?')[0];
  if (path === '/metrics') return { code: 200, type: register.contentType, body: await register.metrics() };
  const check = path === '/readyz' ? checks.readyz : path === '/healthz' || path === '/livez' ? checks.healthz : undefined;
  if (!check && path !== '/readyz' && path !== '/healthz' && path !== '/livez') return { code: 404, type: 'text/plain', body: 'not found' };
  const problem = check ? await check() : '';
  return problem ? { code: 503, type: 'text/plain', body: problem } : { code: 200, type: 'text/plain', body: 'ok' };
}

/**
 * runHandler runs one probe or lifecycle action (httpGet, tcpSocket, exec, sleep) against a
 * container, the way the kubelet's prober does: HTTP 200–399 and exit code 0 succeed.
 */
import http from '../../component-base/node-http.ts';
import net from 'node:net';
import type { Container, LifecycleHandler, Probe } from '../api-types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';

/** HandlerTarget is where an action runs: the pod's IP and the container. */
export interface HandlerTarget {
  podIP: string;
  container: Container;
  containerId: string;
  runtime: ContainerRuntime;
  timeoutMs: number;
}

/** HandlerResult is success plus a message for events and status. */
export interface HandlerResult {
  ok: boolean;
  message: string;
}

/** runHandler executes `h` against `t`; never throws. */
export async function runHandler(h: Probe | LifecycleHandler, t: HandlerTarget): Promise<HandlerResult> {
  try {
    if (h.httpGet) return await httpGet(h.httpGet, t);
    if (h.tcpSocket) return await tcpSocket(resolvePort(h.tcpSocket.port, t.container), h.tcpSocket.host || t.podIP, t.timeoutMs);
    if (h.exec) return await execIn(h.exec.command ?? [], t);
    if ('sleep' in h && h.sleep) {
      await new Promise((r) => setTimeout(r, h.sleep!.seconds * 1000));
      return { ok: true, message: '' };
    }
    return { ok: false, message: 'no handler specified' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** resolvePort turns a numeric or named container port into a number. */
export function resolvePort(port: number | string, c: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const p = (c.ports ?? []).find((x) => x.name === port);
  if (!p) throw new Error(`port "${port}" not found in container ${c.name}`);
  return p.containerPort;
}

function httpGet(g: NonNullable<Probe['httpGet']>, t: HandlerTarget): Promise<HandlerResult> {
  const port = resolvePort(g.port, t.container);
  const host = g.host || t.podIP;
  const headers: Record<string, string> = { 'user-agent': 'kube-probe/1.32' };
  for (const h of g.httpHeaders ?? []) headers[h.name] = h.value;
  return new Promise((resolve) => {
    const req = http.get({ host, port, path: g.path || '/', headers, timeout: t.timeoutMs }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve({ ok: code >= 200 && code < 400, message: `HTTP probe failed with statuscode: ${code}` });
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, message: `Get "http://${host}:${port}${g.path || '/'}": context deadline exceeded` });
    });
    req.on('error', (err) => resolve({ ok: false, message: `Get "http://${host}:${port}${g.path || '/'}": ${err.message}` }));
  });
}

function tcpSocket(port: number, host: string, timeoutMs: number): Promise<HandlerResult> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (r: HandlerResult) => {
      s.destroy();
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` }), timeoutMs);
    s.on('connect', () => done({ ok: true, message: '' }));
    s.on('error', (err) => done({ ok: false, message: `dial tcp ${host}:${port}: ${err.message}` }));
  });
}

async function execIn(cmd: string[], t: HandlerTarget): Promise<HandlerResult> {
  const session = await t.runtime.exec(t.containerId, { cmd, timeoutMs: t.timeoutMs });
  let output = '';
  session.stdout.on('data', (d: Buffer) => { if (output.length < 1024) output += d.toString(); });
  session.stderr.on('data', (d: Buffer) => { if (output.length < 1024) output += d.toString(); });
  const code = await session.exitCode;
  return { ok: code === 0, message: code === 0 ? output : `command ${JSON.stringify(cmd)} exited with ${code}: ${output.trim()}` };
}

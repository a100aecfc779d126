/**
 * Where a port-forward connects: the pod's IP on the pod network — or, for a hostNetwork pod,
 * the node's loopback, which is the pod's own "localhost" (the kubelet dials localhost inside
 * the pod's network namespace, and a hostNetwork pod's namespace is the host's).
 */
import net from 'node:net';
import type { Pod } from '../api-types.ts';
import { HttpError } from './find-container.ts';

/** PortForwardTarget is a pod to forward to: the host to dial and names for error messages. */
export interface PortForwardTarget {
  host: string;
  pod: string;
  uid: string;
}

/** portForwardTarget checks the pod is here and running and says where to dial. */
export function portForwardTarget(pod: Pod | undefined, ns: string, name: string): PortForwardTarget {
  if (!pod) throw new HttpError(404, `pod "${name}" not found in namespace "${ns}" on this node`);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new HttpError(400, `cannot port-forward to a completed pod, current phase is ${phase}`);
  const hostNetwork = Boolean(pod.spec?.hostNetwork);
  const host = hostNetwork ? '127.0.0.1' : pod.status?.podIP;
  if (!host) throw new HttpError(400, `pod ${name} has no IP yet: it is not running`);
  return { host, pod: `${ns}/${name}`, uid: pod.metadata.uid ?? '' };
}

/** parsePort reads a port header or query value: 1–65535, else undefined. */
export function parsePort(s: string | undefined): number | undefined {
  if (!s || !/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/**
 * dialPod connects to host:port, resolving with the connected socket or rejecting with the
 * message the client shows (as the kubelet words it: "error forwarding port P to pod …").
 */
export function dialPod(t: PortForwardTarget, port: number, timeoutMs = 10_000): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: t.host, port });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`error forwarding port ${port} to pod ${t.pod}, uid ${t.uid}: ${why}`));
    };
    const timer = setTimeout(() => fail(`dial tcp ${t.host}:${port}: i/o timeout`), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(`dial tcp ${t.host}:${port}: connect: ${err.code === 'ECONNREFUSED' ? 'connection refused' : err.message}`);
    });
  });
}

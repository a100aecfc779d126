/**
 * Where a port-forward connects: localhost inside the pod's network namespace, as Kubernetes
 * does (netns-dial.ts) — for a hostNetwork pod that is the node's own loopback. Where the
 * namespace cannot be entered (no nsenter, not root) the pod's IP is dialed instead.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Pod } from '../api-types.ts';
import { HttpError } from './find-container.ts';
import { dialInNetns } from './netns-dial.ts';

/** PortForwardTarget is a pod to forward to: the host to dial and names for error messages. */
export interface PortForwardTarget {
  host: string;
  pod: string;
  uid: string;
  /** netnsPid is a process in the pod's network namespace (its sandbox), when known. */
  netnsPid?: number;
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
 * dialPod connects to the pod's localhost:port (or host:port when its namespace cannot be
 * entered), resolving with the connected stream or rejecting with the message the client shows
 * (as the kubelet words it: "error forwarding port P to pod …").
 */
export async function dialPod(t: PortForwardTarget, port: number, timeoutMs = 10_000): Promise<Duplex> {
  if (t.netnsPid) {
    const r = await dialInNetns(t.netnsPid, port, timeoutMs);
    if ('stream' in r) return r.stream;
    if ('error' in r) {
      const why = r.error === 'ECONNREFUSED' ? 'connect: connection refused' : r.error;
      throw new Error(`error forwarding port ${port} to pod ${t.pod}, uid ${t.uid}: failed to connect to localhost:${port} inside namespace of pod ${t.pod}: dial tcp4 127.0.0.1:${port}: ${why}`);
    }
  }
  return dialAddress(t, port, timeoutMs);
}

/** dialAddress connects to t.host:port directly. */
function dialAddress(t: PortForwardTarget, port: number, timeoutMs: number): Promise<net.Socket> {
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

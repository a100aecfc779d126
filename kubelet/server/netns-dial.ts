/**
 * Port-forward dials localhost inside the pod's network namespace, as Kubernetes does: a port a
 * container binds to 127.0.0.1 only is reachable, exactly as from a sidecar. Node cannot enter a
 * namespace itself, so each connection runs netns-dial-child.ts under nsenter.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { Duplex, type Readable, type Writable } from 'node:stream';
import type { ContainerRuntime } from '../runtime/types.ts';
import { LabelPodUid, LabelType } from '../runtime/types.ts';

const childScript = path.join(import.meta.dirname, 'netns-dial-child.ts');

/** NetnsDial is the outcome: a connected stream, the connect's error code, or no way in (no nsenter, not root). */
export type NetnsDial = { stream: Duplex } | { error: string } | { unavailable: string };

/**
 * dialInNetns connects to localhost:port in the network namespace of process pid. The stream
 * carries the connection (half-close included) and closes when the child has exited.
 */
export async function dialInNetns(pid: number, port: number, timeoutMs: number): Promise<NetnsDial> {
  const child = spawn('nsenter', ['--target', String(pid), '--net', '--', process.execPath, childScript, String(port)], { stdio: ['pipe', 'pipe', 'ignore', 'pipe'] });
  const status = await firstLine(child.stdio[3] as Readable, once(child, 'close').then(() => undefined), once(child, 'error').then(([err]) => `spawn ${(err as Error).message}`), timeoutMs);
  if (status === 'ok') {
    // Duplex.from takes a { readable, writable } pair of Node streams; @types/node only lists web streams for it.
    const pair = { readable: child.stdout as Readable, writable: child.stdin as Writable };
    const stream = Duplex.from(pair as unknown as Parameters<typeof Duplex.from>[0]);
    stream.once('close', () => child.kill());
    // 'close' on the child comes after its stdout was read to the end: nothing is cut short.
    child.once('close', () => stream.destroy());
    return { stream };
  }
  child.kill();
  if (status?.startsWith('error ')) return { error: status.slice(6) };
  return { unavailable: status ?? 'nsenter exited without a status' };
}

/** firstLine reads the child's status line, or gives what ended it first (an exit, a spawn error, the deadline). */
async function firstLine(status: Readable, exited: Promise<undefined>, failed: Promise<string>, timeoutMs: number): Promise<string | undefined> {
  let text = '';
  const line = new Promise<string>((resolve) => {
    status.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('error i/o timeout'), timeoutMs)));
  try {
    return await Promise.race([line, exited, failed, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** sandboxPid is the host PID of a pod's running sandbox: the process holding its network namespace. */
export async function sandboxPid(runtime: ContainerRuntime, podUid: string): Promise<number | undefined> {
  const sandboxes = await runtime.list({ labels: { [LabelPodUid]: podUid, [LabelType]: 'sandbox' } });
  const running = sandboxes.find((c) => c.state === 'running');
  return running ? (await runtime.inspect(running.id))?.pid : undefined;
}

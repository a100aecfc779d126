import { once } from 'node:events';
import net from 'node:net';
import { Worker } from 'node:worker_threads';

/** TestBackend is a loopback TCP server that answers every connection with its name. */
export interface TestBackend {
  name: string;
  port: number;
  close(): Promise<void>;
}

/**
 * startNameServer listens on 127.0.0.1 and, for each connection, reads until the client
 * half-closes, then writes `<name>:<bytes received>` and ends — so tests can check both
 * load spreading and half-close handling.
 */
export async function startNameServer(name: string): Promise<TestBackend> {
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    let received = 0;
    socket.on('data', (chunk) => (received += chunk.length));
    socket.on('end', () => socket.end(`${name}:${received}`));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    name,
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** freePort returns a loopback port with nothing listening on it (connects are refused). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** request connects, sends payload, half-closes, and resolves with the reply ('' on reset). */
export function request(host: string, port: number, payload = 'hello', localAddress?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, allowHalfOpen: true, localAddress });
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk));
    socket.on('connect', () => socket.end(payload));
    socket.on('close', () => resolve(reply));
    socket.on('error', () => resolve(reply));
  });
}

/** StalledBackend is a listener whose accept queue is full: new connects hang in SYN_SENT. */
export interface StalledBackend {
  port: number;
  close(): Promise<void>;
}

/**
 * startStalledBackend listens with a backlog of 1 in a worker thread that then blocks, so
 * nothing is accepted: the kernel completes two handshakes into the queue (filled here), and
 * drops the SYNs of every later connect until close().
 */
export async function startStalledBackend(): Promise<StalledBackend> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { workerData: flag, parentPort } = require('node:worker_threads');
     const server = require('node:net').createServer((s) => s.destroy());
     server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
       parentPort.postMessage(server.address().port);
       Atomics.wait(flag, 0, 0); // blocks before the loop can accept anything
     });
     parentPort.on('message', () => server.close(() => process.exit(0)));`,
    { eval: true, workerData: flag },
  );
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const fillers: net.Socket[] = [];
  const close = async (): Promise<void> => {
    // Wake the worker so it can close its server and exit.
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    fillers.forEach((s) => s.destroy());
    worker.postMessage('close');
    await once(worker, 'exit');
  };
  try {
    // Fill the accept queue: each of these completes its handshake without an accept().
    for (let i = 0; i < 2; i++) {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => {}); // reset when the test ends
      fillers.push(s);
      await once(s, 'connect');
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { port, close };
}

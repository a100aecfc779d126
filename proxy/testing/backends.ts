import net from 'node:net';

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

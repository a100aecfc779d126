/**
 * UDP stand-ins for endpoints in proxy tests: a server answering each datagram with
 * "<name>:<datagram>", and a client socket that sends and waits for the answer with a deadline.
 */
import dgram from 'node:dgram';

/** UdpTestBackend is a running UDP name server. */
export interface UdpTestBackend {
  port: number;
  close(): Promise<void>;
}

/** startUdpNameServer answers every datagram with `${name}:${payload}` from its port on 127.0.0.1. */
export async function startUdpNameServer(name: string): Promise<UdpTestBackend> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg, from) => socket.send(`${name}:${msg}`, from.port, from.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

/** UdpTestClient is one client address (one socket) talking to a service. */
export interface UdpTestClient {
  /** ask sends payload to host:port and resolves with the first answer, or '' after timeoutMs. */
  ask(host: string, port: number, payload: string, timeoutMs?: number): Promise<{ text: string; from: string }>;
  close(): Promise<void>;
}

/** udpClient opens a client socket on 127.0.0.1. */
export async function udpClient(): Promise<UdpTestClient> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    ask: (host, port, payload, timeoutMs = 5000) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => (socket.off('message', onMessage), resolve({ text: '', from: '' })), timeoutMs);
        const onMessage = (msg: Buffer, from: dgram.RemoteInfo) => {
          clearTimeout(timer);
          socket.off('message', onMessage);
          resolve({ text: msg.toString(), from: `${from.address}:${from.port}` });
        };
        socket.on('message', onMessage);
        socket.send(payload, port, host);
      }),
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

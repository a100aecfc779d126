/**
 * netns-dial-child is the process the kubelet starts inside a pod's network namespace
 * (`nsenter --target <sandbox pid> --net node netns-dial-child.ts <port>`) for one port-forward
 * connection — as Kubernetes' runtimes do (dockershim ran socat the same way). It connects to
 * localhost:<port> there, reports on fd 3 `ok` or `error <code>`, then relays stdin to the
 * socket and the socket to stdout, half-closes included, and exits when the socket closes.
 */
import { writeSync } from 'node:fs';
import net from 'node:net';

const port = Number(process.argv[2]);
const socket = net.connect({ host: '127.0.0.1', port });
let connected = false;
socket.once('connect', () => {
  connected = true;
  writeSync(3, 'ok\n');
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
});
socket.on('error', (err: NodeJS.ErrnoException) => {
  // After the connect, an error (a reset) just closes the socket, which ends this process.
  if (connected) return;
  writeSync(3, `error ${err.code ?? err.message}\n`);
  process.exit(1);
});
process.stdout.on('error', () => process.exit(0));
socket.once('close', () => process.stdout.end(() => process.exit(0)));

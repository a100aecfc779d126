/**
 * Child process of proxy-bench.ts: the backend HTTP source and, in a second child, Skiff's TCP
 * proxy in front of it — each in its own process, as on a node, so neither competes with the
 * load generator's event loop. Prints its port as one JSON line.
 * Usage: node servers.ts source | node servers.ts proxy <backendPort> [backendIp]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../component-base/logger.ts';
import { Balancer } from '../../proxy/balancer.ts';
import { TcpProxyPort } from '../../proxy/tcp-proxy-port.ts';

const chunk = Buffer.alloc(1024 * 1024, 7);

async function source(): Promise<number> {
  const server = http.createServer((req, res) => {
    const n = req.url?.startsWith('/bytes/') ? Number(req.url.slice(7)) : 32;
    res.writeHead(200, { 'content-length': n });
    let left = n;
    const pump = (): void => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function proxy(backendPort: number, backendIp = '127.0.0.1'): Promise<number> {
  const balancer = new Balancer();
  balancer.setBackends([{ ip: backendIp, port: backendPort }]);
  return new TcpProxyPort({ name: 'bench/svc:http', host: '127.0.0.1', port: 0, balancer, logger: silentLogger() }).listen();
}

const port = process.argv[2] === 'proxy' ? await proxy(Number(process.argv[3]), process.argv[4]) : await source();
console.log(JSON.stringify({ port }));

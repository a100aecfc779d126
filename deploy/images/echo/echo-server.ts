/**
 * echo-server: the HTTP test workload of the skiff/echo image.
 *
 * `node echo-server.ts` serves HTTP on $PORT (8080):
 *   /          → "<pod name>\n" ($POD_NAME, else the hostname)
 *   /json      → {podName, hostname, path, remoteAddress, remotePort, env subset}
 *   /healthz   → 200, or 500 once liveness was told to fail
 *   /readyz    → 200, or 503 once readiness was told to fail
 *   /fail/liveness, /fail/readiness, /heal → flip those switches at run time
 *   /crash?code=N → exit with code N (default 1)
 * Environment switches: FAIL_LIVENESS=1, FAIL_READINESS=1, START_DELAY_SECONDS=N (sleep before
 * listening), CRASH_AFTER_SECONDS=N with EXIT_CODE=N, IGNORE_SIGTERM=1, TERM_DELAY_SECONDS=N
 * (linger that long after SIGTERM before exiting).
 * Other modes: `echo-server.ts get URL` prints a GET's body (exit 1 on failure; busybox wget
 * segfaults on this machine); `echo-server.ts hog` allocates memory until killed (OOM tests);
 * `echo-server.ts exit N` exits with N.
 */
import http from 'node:http';
import os from 'node:os';

const env = process.env;
const podName = env.POD_NAME || os.hostname();
const state = { failLiveness: env.FAIL_LIVENESS === '1', failReadiness: env.FAIL_READINESS === '1' };

function log(msg: string): void {
  process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
}

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (code: number, body: string) => {
    res.writeHead(code, { 'content-type': 'text/plain' });
    res.end(body);
  };
  switch (url.pathname) {
    case '/':
      return send(200, `${podName}\n`);
    case '/json': {
      const info = { podName, hostname: os.hostname(), path: req.url, remoteAddress: req.socket.remoteAddress, remotePort: req.socket.remotePort };
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(info) + '\n');
    }
    case '/healthz':
      return send(state.failLiveness ? 500 : 200, state.failLiveness ? 'unhealthy\n' : 'ok\n');
    case '/readyz':
      return send(state.failReadiness ? 503 : 200, state.failReadiness ? 'not ready\n' : 'ok\n');
    case '/fail/liveness':
      state.failLiveness = true;
      return send(200, 'liveness will fail\n');
    case '/fail/readiness':
      state.failReadiness = true;
      return send(200, 'readiness will fail\n');
    case '/heal':
      state.failLiveness = false;
      state.failReadiness = false;
      return send(200, 'healed\n');
    case '/crash': {
      const code = Number(url.searchParams.get('code') ?? '1');
      send(200, `exiting ${code}\n`);
      return void setTimeout(() => process.exit(code), 10);
    }
    default:
      return send(404, 'not found\n');
  }
}

function serve(): void {
  const port = Number(env.PORT || '8080');
  const server = http.createServer((req, res) => {
    log(`${req.method} ${req.url} from ${req.socket.remoteAddress}`);
    handle(req, res);
  });
  process.on('SIGTERM', () => {
    log('SIGTERM received');
    if (env.IGNORE_SIGTERM === '1') return;
    const delay = Number(env.TERM_DELAY_SECONDS || '0') * 1000;
    setTimeout(() => process.exit(0), delay);
  });
  process.on('SIGINT', () => process.exit(0));
  if (env.CRASH_AFTER_SECONDS) {
    setTimeout(() => {
      log('crashing as told');
      process.exit(Number(env.EXIT_CODE || '1'));
    }, Number(env.CRASH_AFTER_SECONDS) * 1000);
  }
  const start = () => server.listen(port, () => log(`echo server ${podName} listening on ${port}`));
  setTimeout(start, Number(env.START_DELAY_SECONDS || '0') * 1000);
}

async function get(url: string): Promise<void> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    process.stdout.write(await res.text());
    process.exit(res.ok ? 0 : 1);
  } catch (err) {
    process.stderr.write(`get ${url}: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

function hog(): void {
  const chunks: Buffer[] = [];
  // Touch every page so the memory is really resident and the cgroup limit bites.
  setInterval(() => chunks.push(Buffer.alloc(16 * 1024 * 1024, 1)), 5);
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'get') void get(arg);
else if (mode === 'hog') hog();
else if (mode === 'exit') process.exit(Number(arg ?? '0'));
else serve();

import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let server: ReturnType<typeof createServer>;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('undici-lean', () => {
  it('sends method, path, query, headers and body through an Agent, without loading undici’s index', async () => {
    // A fresh process: what is loaded there is what a component loads.
    const script = `
      import { createRequire } from 'node:module';
      import { Agent, request } from ${JSON.stringify(join(import.meta.dirname, 'undici-lean.ts'))};
      const agent = new Agent();
      const res = await request(${JSON.stringify(url)} + '/api/v1/pods?limit=2', { dispatcher: agent, method: 'POST', headers: { authorization: 'Bearer t' }, body: 'hi' });
      const answer = await res.body.json();
      await agent.close();
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules\\/undici\\/index\\.js$/.test(f));
      console.log(JSON.stringify({ status: res.statusCode, answer, loaded }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ status: 200, answer: { method: 'POST', url: '/api/v1/pods?limit=2', body: 'hi', auth: 'Bearer t' }, loaded: [] });
  });
});

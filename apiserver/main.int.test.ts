import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEtcd, type EtcdCluster } from '../testing/etcd.ts';

let etcd: EtcdCluster;
beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

describe('apiserver/main.ts', () => {
  it('serves plain HTTP from flags, becomes ready, and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['apiserver/main.ts', `--etcd-servers=${etcd.endpoints.join(',')}`, '--bind-address=127.0.0.1', `--secure-port=${port}`], {
      cwd: new URL('..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout.on('data', (d: Buffer) => (logs += d.toString()));
    child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      let ready = false;
      while (!ready && Date.now() < deadline) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready, logs).toBe(true);
      expect(logs).toContain('plain HTTP');
      const ns = (await (await fetch(`http://127.0.0.1:${port}/api/v1/namespaces/kube-system`)).json()) as { metadata: { name: string } };
      expect(ns.metadata.name).toBe('kube-system');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('with --workers=2 serves one port from two worker processes that share etcd, and all exit on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['apiserver/main.ts', `--etcd-servers=${etcd.endpoints.join(',')}`, '--bind-address=127.0.0.1', `--secure-port=${port}`, '--workers=2'], {
      cwd: new URL('..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout.on('data', (d: Buffer) => (logs += d.toString()));
    child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 30_000;
      let ready = false;
      while (!ready && Date.now() < deadline) {
        ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready, logs).toBe(true);
      expect(logs).toContain('worker processes');
      // Fresh connections are spread over the workers; every one sees what any other wrote.
      const names = Array.from({ length: 6 }, (_, i) => `w-${i}`);
      for (const name of names) {
        const res = await fetch(`${base}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ metadata: { name }, data: {} }) });
        expect(res.status, await res.text()).toBe(201);
      }
      for (let i = 0; i < 2; i++) {
        const again = await fetch(`${base}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ metadata: { name: 'w-0' } }) });
        expect(again.status).toBe(409);
      }
      const list = (await (await fetch(`${base}/api/v1/namespaces/default/configmaps`, { headers: { connection: 'close' } })).json()) as { items: { metadata: { name: string } }[] };
      expect(list.items.map((i) => i.metadata.name)).toEqual(expect.arrayContaining(names));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

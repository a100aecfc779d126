import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdCluster } from '../testing/etcd.ts';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { Resources } from '../api/resources.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { Client, Informer } from './types.ts';
import { createClient } from './rest-client.ts';
import { createInformer } from './informer.ts';

type ConfigMap = KubeObject & { data?: Record<string, string> };

let etcd: EtcdCluster;
let primary: TestApiServer | undefined;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  etcd = await startEtcd();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await primary?.stop().catch(() => {});
  await etcd?.stop();
});

async function until(cond: () => boolean | Promise<boolean>, what: () => string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out; last seen: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** diff compares the informer's store with a fresh list: missing, extra and stale objects. */
async function diff(client: Client, inf: Informer<ConfigMap>, ns: string): Promise<string> {
  const fresh = await client.resource<ConfigMap>(Resources.configmaps).list(ns);
  const want = new Map(fresh.items.map((o) => [o.metadata.name, o]));
  const have = new Map(inf.lister.list(ns).map((o) => [o.metadata.name, o]));
  const missing = [...want.keys()].filter((k) => !have.has(k));
  const extra = [...have.keys()].filter((k) => !want.has(k));
  const stale = [...want.keys()].filter((k) => have.has(k) && JSON.stringify(have.get(k)) !== JSON.stringify(want.get(k)));
  return missing.length + extra.length + stale.length === 0 ? '' : `missing=${missing} extra=${extra} stale=${stale}`;
}

/** churn changes a namespace through another API server: deletes, updates and creates. */
async function churn(client: Client, ns: string, round: string): Promise<void> {
  const cms = client.resource<ConfigMap>(Resources.configmaps);
  const items = (await cms.list(ns)).items;
  for (const o of items.slice(0, 5)) await cms.delete(ns, o.metadata.name ?? '');
  for (const o of items.slice(5, 10)) await cms.update({ ...o, data: { round } });
  for (let i = 0; i < 5; i++) await cms.create(ns, { metadata: { name: `${round}-${i}` }, data: { round } });
}

async function seed(client: Client, ns: string): Promise<void> {
  await client.resource(Resources.namespaces).create(undefined, { metadata: { name: ns } });
  for (let i = 0; i < 20; i++) await client.resource(Resources.configmaps).create(ns, { metadata: { name: `cm-${i}` }, data: { i: String(i) } } as ConfigMap);
}

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

const step = (m: string) => process.env.DEBUG_INT && console.error(new Date().toISOString(), m);

/**
 * crash stops an API server and drops its open connections (as a process restart would); the
 * server's own graceful stop waits for open watch streams, which never end by themselves.
 */
async function crash(server: TestApiServer): Promise<void> {
  let done = false;
  const stopping = server.stop().finally(() => (done = true));
  while (!done) {
    server.server.app.server.closeAllConnections();
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopping;
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

async function runScenario(ns: string, duringOutage: (other: Client) => Promise<void>) {
  primary = await startTestApiServer({ etcd });
  const port = portOf(primary.url);
  const client = createClient({ servers: [primary.url], userAgent: 'informer-int', maxRetries: 2 });
  cleanups.push(() => client.close());
  await seed(client, ns);
  const { logger, lines } = captureLogger();
  const inf = createInformer<ConfigMap>(client, Resources.configmaps, { namespace: ns, logger, pageSize: 7, backoffInitialMs: 100, backoffMaxMs: 1000 });
  const ctl = new AbortController();
  cleanups.push(async () => ctl.abort());
  const running = inf.run(ctl.signal);
  await until(() => inf.hasSynced() && inf.lister.list(ns).length === 20, () => `synced=${inf.hasSynced()} size=${inf.lister.list(ns).length}`);

  // Take the informer's API server away, change the world through another one, bring it back.
  step('stopping primary');
  await crash(primary);
  primary = undefined;
  step('stopped primary');
  const other = await startTestApiServer({ etcd });
  const otherClient = createClient({ servers: [other.url], userAgent: 'informer-int-other' });
  step('other up');
  await churn(otherClient, ns, 'outage');
  step('churned');
  await duringOutage(otherClient);
  await otherClient.close();
  await other.stop();
  primary = await startTestApiServer({ etcd, server: { port } });
  step('restarted');

  let last = '';
  await until(async () => (last = await diff(client, inf, ns)) === '', () => last);
  // And it keeps following live changes after the restart.
  await churn(client, ns, 'after');
  await until(async () => (last = await diff(client, inf, ns)) === '', () => last);
  ctl.abort();
  await running;
  return { lines, inf };
}

describe('informer against the real API server', () => {
  it('stays exactly consistent with etcd across an API server restart', async () => {
    const { inf } = await runScenario('restart', async () => {});
    expect(inf.lister.list('restart')).toHaveLength(20);
  });

  it('stays exactly consistent across an etcd compaction (relists on 410 Gone)', async () => {
    const { lines } = await runScenario('compaction', async () => {
      const status = JSON.parse(execFileSync('etcdctl', ['--endpoints', etcd.endpoints[0], 'endpoint', 'status', '-w', 'json'], { env: { ...process.env, ETCDCTL_API: '3' } }).toString());
      const rev = status[0].Status.header.revision;
      execFileSync('etcdctl', ['--endpoints', etcd.endpoints[0], 'compact', String(rev)], { env: { ...process.env, ETCDCTL_API: '3' } });
    });
    const gone = lines.filter((l) => (l.err as { status?: { code?: number } } | undefined)?.status?.code === 410);
    expect(gone.length, JSON.stringify(lines.map((l) => [l.msg, (l.err as { message?: string })?.message]))).toBeGreaterThan(0);
  });
});

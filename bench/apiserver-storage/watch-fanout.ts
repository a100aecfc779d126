/**
 * Benchmark (not a test): watch delivery latency through the watch cache — N watchers on one
 * etcd watch, writes at a fixed rate, latency = receipt time − the writer's timestamp in the
 * object. Prints p50/p99/max; no thresholds are asserted.
 *
 *   node bench/apiserver-storage/watch-fanout.ts [--etcd-servers=URL,...] [--watchers=100] [--rate=500] [--seconds=10]
 */
import { parseArgs } from 'node:util';
import { createEtcdStorage } from '../../apiserver/storage/etcd-storage.ts';
import { createWatchCache } from '../../apiserver/storage/watch-cache.ts';
import { startEtcd } from '../../testing/etcd.ts';

const { values } = parseArgs({
  options: {
    'etcd-servers': { type: 'string' },
    watchers: { type: 'string', default: '100' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
  },
});
const watchers = Number(values.watchers);
const rate = Number(values.rate);
const total = rate * Number(values.seconds);

const etcd = values['etcd-servers'] ? undefined : await startEtcd();
const endpoints = values['etcd-servers']?.split(',') ?? etcd!.endpoints;
const storage = createEtcdStorage({ endpoints });
const prefix = `/registry/benchwatch${Date.now().toString(36)}/`;
const cache = createWatchCache(storage, prefix, { capacity: 10_000, watcherQueueCapacity: 10_000 });
const ac = new AbortController();
try {
  await cache.start();
  const from = cache.bookmarkRevision();
  const latencies: number[] = [];
  const readers = Array.from({ length: watchers }, async () => {
    let seen = 0;
    for await (const ev of cache.watch({ fromRevision: from, signal: ac.signal })) {
      if (ev.type === 'BOOKMARK') continue;
      latencies.push(performance.now() - (ev.object as unknown as { sentAt: number }).sentAt);
      if (++seen === total) return;
    }
  });
  // Open-loop writer: one create every 1000/rate ms regardless of how long earlier ones take.
  const writes: Promise<unknown>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    writes.push(storage.create(`${prefix}ns/o${i}`, { metadata: { name: `o${i}`, namespace: 'ns' }, sentAt: performance.now() } as never));
  }
  await Promise.all(writes);
  const achieved = (total / (performance.now() - start)) * 1000;
  await Promise.all(readers);
  latencies.sort((a, b) => a - b);
  const q = (p: number): string => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
  console.log(`watchers ${watchers}, target ${rate} events/s (achieved ${achieved.toFixed(0)}), ${total} events, ${latencies.length} deliveries`);
  console.log(`delivery latency ms: p50 ${q(0.5)}  p99 ${q(0.99)}  max ${latencies.at(-1)!.toFixed(1)}`);
} finally {
  ac.abort();
  await cache.stop();
  await storage.close();
  await etcd?.stop();
}

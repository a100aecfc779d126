/**
 * A worker thread holding bench watchers: it opens `watchers` watch streams and reports, per
 * event, the delay since the send time the writer stored in the object. Kept off the writer's
 * thread so a busy parser does not slow the offered write rate.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

const { url, path, watchers } = workerData as { url: string; path: string; watchers: number };
const pool = new Pool(url, { connections: watchers + 1 });
const ac = new AbortController();
const latencies: number[] = [];
let ready = 0;

const streams = Array.from({ length: watchers }, async () => {
  const res = await pool.request({ method: 'GET', path, signal: ac.signal });
  ready++;
  if (ready === watchers) parentPort!.postMessage({ ready: true });
  let buf = '';
  try {
    for await (const chunk of res.body) {
      buf += chunk.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const m = /"sent":"(\d+(?:\.\d+)?)"/.exec(line);
        if (m) latencies.push(performance.timeOrigin + performance.now() - Number(m[1]));
      }
    }
  } catch {
    // aborted at the end
  }
});

parentPort!.on('message', async (msg: { stop?: boolean }) => {
  if (!msg.stop) return;
  ac.abort();
  await Promise.allSettled(streams);
  await pool.close();
  parentPort!.postMessage({ latencies });
});
setInterval(() => parentPort!.postMessage({ count: latencies.length }), 200).unref();

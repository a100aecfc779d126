/**
 * timeline.ts: where the time of a Deployment roll-out goes. Watches the pods of one label
 * selector and prints, over all of them, when (seconds after the first pod appeared) each stage
 * was first seen: created, bound to a node, containers running, Ready — p50/p90/max and the
 * moment the last pod reached each stage.
 *
 * Usage: node bench/cluster/timeline.ts --kubeconfig=FILE --selector=app=bench --count=50
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { clientFromKubeconfig } from '../../client/from-kubeconfig.ts';
import { Resources } from '../../api/resources.ts';
import type { Pod } from '../../api/core/v1/pod.ts';

const { values } = parseArgs({ options: { kubeconfig: { type: 'string' }, selector: { type: 'string' }, count: { type: 'string', default: '50' }, namespace: { type: 'string', default: 'default' } } });
const count = Number(values.count);
const stages = ['created', 'bound', 'running', 'ready'] as const;
type Stage = (typeof stages)[number];
const seen = new Map<string, Partial<Record<Stage, number>>>();

function stageOf(p: Pod): Stage[] {
  const out: Stage[] = ['created'];
  if (p.spec?.nodeName) out.push('bound');
  if (p.status?.containerStatuses?.every((c) => c.state?.running)) out.push('running');
  if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) out.push('ready');
  return out;
}

const client = clientFromKubeconfig(values.kubeconfig, 'skiff-timeline');
const pods = client.resource<Pod>(Resources.pods);
const abort = new AbortController();
const deadline = setTimeout(() => abort.abort(), 300_000);
try {
  for await (const ev of pods.watch(values.namespace, { labelSelector: values.selector, signal: abort.signal })) {
    if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') continue;
    const p = ev.object as Pod;
    const rec = seen.get(p.metadata.name!) ?? {};
    for (const s of stageOf(p)) rec[s] ??= performance.now();
    seen.set(p.metadata.name!, rec);
    const ready = [...seen.values()].filter((r) => r.ready !== undefined).length;
    if (ready >= count) break;
  }
} catch (err) {
  if (!abort.signal.aborted) throw err;
}
clearTimeout(deadline);
const t0 = Math.min(...[...seen.values()].map((r) => r.created!));
const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
console.log(`${'stage'.padEnd(8)} ${'p50'.padStart(7)} ${'p90'.padStart(7)} ${'last'.padStart(7)}  (s after first pod created; ${seen.size} pods)`);
for (const s of stages) {
  const xs = [...seen.values()].map((r) => r[s]).filter((x) => x !== undefined).map((x) => (x - t0) / 1000).sort((a, b) => a - b);
  if (xs.length) console.log(`${s.padEnd(8)} ${pct(xs, 0.5).toFixed(2).padStart(7)} ${pct(xs, 0.9).toFixed(2).padStart(7)} ${xs.at(-1)!.toFixed(2).padStart(7)}`);
}
const lag = [...seen.values()].filter((r) => r.ready && r.bound).map((r) => (r.ready! - r.bound!) / 1000).sort((a, b) => a - b);
console.log(`bound→ready per pod: p50 ${pct(lag, 0.5).toFixed(2)} s, p90 ${pct(lag, 0.9).toFixed(2)} s, max ${lag.at(-1)!.toFixed(2)} s`);
await client.close();

/**
 * top-profile prints where a V8 CPU profile (node --cpu-prof) spent its time: the top functions
 * by self time, and totals per source file (inclusive of nothing — self time only), so a hot path
 * can be compared before and after a change without opening DevTools.
 * --busiest=N keeps only the N busiest seconds (drops start-up and the phases where the server idles).
 * --from=S --to=S keeps only those seconds (see the printed timeline).
 * Run: node bench/apiserver/top-profile.ts FILE.cpuprofile [--top=40] [--busiest=5 | --from=12 --to=19]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/apiserver/top-profile.ts FILE.cpuprofile [--top=40]');
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.split('=')[1] ?? 40);
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const busiest = Number(process.argv.find((a) => a.startsWith('--busiest='))?.split('=')[1] ?? 0);
const idleIds = new Set(prof.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
// Bucket samples per second of wall time: the busy share per second is printed as a timeline.
const second: number[] = [];
let t = 0;
const busy = new Map<number, number>();
prof.samples.forEach((id, i) => {
  t += prof.timeDeltas[i] ?? 0;
  const s = Math.floor(t / 1e6);
  second.push(s);
  if (!idleIds.has(id)) busy.set(s, (busy.get(s) ?? 0) + (prof.timeDeltas[i] ?? 0));
});
const from = Number(process.argv.find((a) => a.startsWith('--from='))?.split('=')[1] ?? NaN);
const to = Number(process.argv.find((a) => a.startsWith('--to='))?.split('=')[1] ?? NaN);
const window = Number.isNaN(from) ? undefined : new Set([...busy.keys()].filter((s) => s >= from && s < (Number.isNaN(to) ? Infinity : to)));
const keep = window ?? (busiest > 0 ? new Set([...busy].sort((a, b) => b[1] - a[1]).slice(0, busiest).map(([s]) => s)) : undefined);
console.log('busy % per second:', Array.from({ length: Math.floor(t / 1e6) + 1 }, (_, s) => Math.round(((busy.get(s) ?? 0) / 1e6) * 100)).join(' '));
const self = new Map<number, number>();
prof.samples.forEach((id, i) => {
  if (keep && !keep.has(second[i]!)) return;
  self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

const shortUrl = (u: string) => u.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, 'nm:');
const fns = new Map<string, number>();
const files = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const where = shortUrl(n.callFrame.url) || '(native)';
  const name = `${n.callFrame.functionName || '(anon)'} ${where}:${n.callFrame.lineNumber + 1}`;
  fns.set(name, (fns.get(name) ?? 0) + us);
  const pkg = where.startsWith('nm:') ? where.split('/').slice(0, where.startsWith('nm:@') ? 2 : 1).join('/') : where;
  files.set(pkg, (files.get(pkg) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
console.log('\n-- self time by function --');
for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(v), k);
console.log('\n-- self time by file / package --');
for (const [k, v] of [...files].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(pct(v), k);

/**
 * Benchmark (not a test): wall time of `skiffctl get pods` against a real API server, beside the
 * real kubectl 1.32 doing the same in the same run. Target: skiffctl ≤ 300 ms on this machine.
 * Run: node bench/skiffctl/startup.ts [runs]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { startTestApiServer } from '../../testing/apiserver.ts';
import { realKubectlPath } from '../../testing/real-kubectl.ts';

const runs = Number(process.argv[2] ?? 15);
const root = join(import.meta.dirname, '../..');

const run = promisify(execFile);

// Children run asynchronously: the API server lives in this process and must keep serving.
async function timeRuns(command: string, args: string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await run(command, args);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const api = await startTestApiServer();
try {
  const ours = await timeRuns(join(root, 'kubectl/skiffctl'), ['--kubeconfig', api.kubeconfigPath, 'get', 'pods']);
  const kubectl = realKubectlPath();
  const theirs = kubectl ? await timeRuns(kubectl, ['--kubeconfig', api.kubeconfigPath, '--cache-dir', '/tmp/skiff-bench-kc', 'get', 'pods']) : undefined;
  console.log(`skiffctl get pods: p50 ${pct(ours, 50).toFixed(0)} ms, p90 ${pct(ours, 90).toFixed(0)} ms over ${runs} runs (target ≤ 300 ms)`);
  if (theirs) {
    console.log(`kubectl  get pods: p50 ${pct(theirs, 50).toFixed(0)} ms, p90 ${pct(theirs, 90).toFixed(0)} ms`);
    console.log(`ratio skiffctl/kubectl at p50: ${(pct(ours, 50) / pct(theirs, 50)).toFixed(2)}`);
  }
} finally {
  await api.stop();
}

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { CliResult } from '../kubectl/testing/run-skiffctl.ts';

/** realKubectlPath finds the machine's kubectl 1.32 binary (environment.md), or undefined. */
export function realKubectlPath(version = '1.32'): string | undefined {
  try {
    const dispatcher = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
    const path = join(dirname(realpathSync(dispatcher)), `kubectl.${version}`);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));

/** runKubectl runs the real kubectl with a fresh cache dir and returns its output and exit code. */
export function runKubectl(binary: string, args: string[], kubeconfig: string, stdin = ''): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(binary, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 60_000 }, (error, out, err) => {
      resolve({ out, err, code: error ? ((error as { code?: number }).code ?? 1) : 0 });
    });
    child.stdin?.end(stdin);
  });
}

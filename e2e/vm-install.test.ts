/**
 * The VM install path, on two containers standing in for VMs (deploy/vm/smoke-test.sh): init,
 * a join with a wrong CA pin refused before anything is sent, a real join (2 nodes Ready),
 * doctor clean on both and spotting a deleted route, uninstall leaving nothing behind.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './fixtures/cluster.ts';
import { run } from './fixtures/docker.ts';

describe('deploy/vm/skiff-install.sh', () => {
  it.each([
    ['plain HTTP on a private network', []],
    ['init --tls: the API server serves HTTPS with the cluster CA', ['--tls']],
  ])('inits, refuses a wrong CA pin, joins, diagnoses and uninstalls (%s)', async (_what, flags) => {
    const r = await run('bash', [path.join(repoRoot, 'deploy/vm/smoke-test.sh'), ...flags], { timeoutMs: 540_000 });
    expect(r.stdout + r.stderr).toContain('smoke-test: PASS');
    expect(r.code).toBe(0);
  });
});

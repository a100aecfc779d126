/**
 * The VM install path, on two containers standing in for VMs (deploy/vm/smoke-test.sh): init
 * with security on, joins refused for a wrong CA pin and for a revoked token, a real join whose
 * kubelet gets its certificates through CSRs, pod logs from the worker through the API server,
 * anonymous 401 / node 403 / etcd without a client certificate refused / Secrets encrypted /
 * audit log, doctor clean on both and spotting a deleted route, uninstall leaving nothing behind.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './fixtures/cluster.ts';
import { run } from './fixtures/docker.ts';

describe('deploy/vm/skiff-install.sh', () => {
  it('inits a secure control plane, refuses bad joins, joins a worker by CSR, diagnoses and uninstalls', async () => {
    const r = await run('bash', [path.join(repoRoot, 'deploy/vm/smoke-test.sh')], { timeoutMs: 540_000 });
    expect(r.stdout + r.stderr).toContain('smoke-test: PASS');
    expect(r.code).toBe(0);
  });
});

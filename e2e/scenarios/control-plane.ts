/**
 * controlPlaneScenario: with two schedulers and two controller-managers, killing the active one
 * lets the other take over; killing the etcd leader loses no acknowledged write and the cluster
 * keeps accepting writes.
 */
import { beforeAll, expect, it } from 'vitest';
import { Resources } from '../../api/resources.ts';
import type { ConfigMap } from '../../api/core/v1/configmap.ts';
import type { Lease } from '../../api/coordination/v1/lease.ts';
import type { E2ECluster, Member } from '../fixtures/cluster.ts';
import { docker, run } from '../fixtures/docker.ts';
import { apply, createNamespace, waitReadyPods } from '../fixtures/kube.ts';
import { waitFor } from '../fixtures/wait.ts';
import { echoDeployment } from './services.ts';

/** activeOf finds which member holds a kube-system Lease (identities start with the hostname). */
async function activeOf(c: E2ECluster, lease: string, members: Member[]): Promise<Member> {
  return waitFor(`a holder of lease ${lease}`, async () => {
    const l = await c.client.resource<Lease>(Resources.leases).get('kube-system', lease);
    const holder = l.spec?.holderIdentity ?? '';
    const m = members.find((x) => holder.startsWith(`${x.name}_`) || holder === x.name);
    return { ok: !!m, value: m, seen: holder };
  }, { timeoutMs: 60_000 });
}

/** etcdLeader asks etcd which member leads. */
async function etcdLeader(c: E2ECluster, members = c.etcd): Promise<Member> {
  const r = await run('etcdctl', ['--endpoints', members.map((m) => `https://${m.ip}:2379`).join(','), ...c.etcdctlTls, 'endpoint', 'status', '-w', 'json'], { env: { ...process.env, ETCDCTL_API: '3' } });
  const rows = JSON.parse(r.stdout) as Array<{ Endpoint: string; Status: { header: { member_id: number }; leader: number } }>;
  const leader = rows.find((s) => s.Status.header.member_id === s.Status.leader);
  if (!leader) throw new Error(`no etcd leader in ${r.stdout}${r.stderr}`);
  return c.etcd.find((m) => leader.Endpoint === `https://${m.ip}:2379`)!;
}

/** controlPlaneScenario registers the tests; `cluster()` returns the started cluster. */
export function controlPlaneScenario(cluster: () => E2ECluster): void {
  const ns = 'e2e-control-plane';
  beforeAll(async () => {
    await createNamespace(cluster(), ns);
  });

  it('fails over to the standby scheduler and controller-manager when the active ones die', async () => {
    const c = cluster();
    const sched = await activeOf(c, 'skiff-scheduler', c.schedulers);
    const cm = await activeOf(c, 'skiff-controller-manager', c.controllerManagers);
    await docker('kill', sched.name);
    await docker('kill', cm.name);
    try {
      await waitFor('the standby scheduler to lead', async () => {
        const m = await activeOf(c, 'skiff-scheduler', c.schedulers);
        return { ok: m.name !== sched.name, seen: m.name };
      }, { timeoutMs: 90_000 });
      // A new Deployment needs both: the controller-manager makes pods, the scheduler binds them.
      await apply(c, ns, echoDeployment('after-failover', 2));
      await waitReadyPods(c, ns, 'app=after-failover', 2, { timeoutMs: 120_000 });
      expect((await activeOf(c, 'skiff-controller-manager', c.controllerManagers)).name).not.toBe(cm.name);
    } finally {
      await docker('start', sched.name, cm.name);
    }
  });

  it('keeps accepting writes when the etcd leader dies, and loses none', async () => {
    const c = cluster();
    const cms = c.client.resource<ConfigMap>(Resources.configmaps);
    const acked: string[] = [];
    let i = 0;
    const write = async (): Promise<void> => {
      const name = `w-${i++}`;
      await cms.create(ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: name } });
      acked.push(name);
    };
    for (let k = 0; k < 20; k++) await write();
    const leader = await etcdLeader(c);
    let writing = true;
    let failures = 0;
    const during = (async () => {
      while (writing) await write().catch(() => { failures++; });
    })();
    await docker('kill', leader.name);
    try {
      // Writes must be acknowledged again after the election, not just before the kill.
      const mark = acked.length;
      await waitFor('20 writes acknowledged after the leader died', async () => ({ ok: acked.length >= mark + 20, seen: `${acked.length - mark} new, ${failures} failed` }), { timeoutMs: 60_000, intervalMs: 250 });
      writing = false;
      await during;
      for (let k = 0; k < 20; k++) await write();
      const stored = new Set((await cms.list(ns)).items.map((x) => x.metadata.name));
      expect(acked.filter((n) => !stored.has(n))).toEqual([]);
      expect((await etcdLeader(c, c.etcd.filter((m) => m !== leader))).name).not.toBe(leader.name);
    } finally {
      writing = false;
      await during;
      await docker('start', leader.name);
    }
  });
}

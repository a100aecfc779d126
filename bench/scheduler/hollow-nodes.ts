/**
 * Hollow nodes for benchmarks: a Lease per node in kube-node-lease renewed every 10 s, as a
 * kubelet's heartbeat would be, so the cluster looks alive without any containers.
 */
import type { Client } from '../../client/types.ts';
import { Resources } from '../../api/resources.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { runLimited } from '../../scheduler/testutil/cluster.ts';

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string };
}

const microTime = () => new Date().toISOString().replace('Z', '000Z');

/** startHollowHeartbeats creates and keeps renewing one Lease per node until stop(). */
export async function startHollowHeartbeats(client: Client, nodes: string[], periodMs = 10_000): Promise<{ stop: () => void }> {
  const leases = client.resource<Lease>(Resources.leases);
  await runLimited(nodes, 32, (name) =>
    leases.create('kube-node-lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microTime() } }),
  );
  let i = 0;
  // Spread renewals over the period rather than 500 writes at once.
  const timer = setInterval(() => {
    const name = nodes[i++ % nodes.length];
    leases.patch('kube-node-lease', name, 'merge', { spec: { renewTime: microTime() } }).catch(() => {});
  }, Math.max(1, Math.floor(periodMs / nodes.length)));
  return { stop: () => clearInterval(timer) };
}

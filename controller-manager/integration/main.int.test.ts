import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoints } from '../controllers/endpoints/types.ts';
import type { EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import { Resources } from '../../api/resources.ts';
import { freePort } from '../../testing/etcd.ts';
import { startSimCluster, waitFor, type SimCluster } from '../test-util/sim-cluster.ts';

describe('controller-manager process (main.ts)', () => {
  let c: SimCluster;
  let proc: ChildProcess | undefined;
  let exited: Promise<number | null>;
  let port: number;
  beforeAll(async () => {
    c = await startSimCluster();
    await c.addNode('node-a');
    port = await freePort();
    proc = spawn(process.execPath, ['controller-manager/main.ts', `--kubeconfig=${c.api.kubeconfigPath}`, '--bind-address=127.0.0.1', `--port=${port}`, '--leader-elect-retry-period=500ms'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } });
    exited = new Promise((resolve) => proc!.on('exit', (code) => resolve(code)));
  });
  afterAll(async () => {
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
    await c?.stop();
  });

  it('serves /healthz and /metrics, runs the endpoints and endpointslice controllers, and exits cleanly on SIGTERM', async () => {
    await waitFor('/healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200);
    await waitFor('leading', async () => (await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).includes('skiff_controller_manager_leader 1'));
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('process_cpu');
    await c.client.resource(Resources.services).create('default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } } as never);
    await c.client.resource(Resources.pods).create('default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'i', ports: [{ name: 'http', containerPort: 8080 }] }] },
    } as never);
    const ep = await waitFor('ready endpoint', async () => {
      const e = await c.client.resource<Endpoints>(Resources.endpoints).get('default', 'web').catch(() => undefined);
      return e?.subsets?.[0]?.addresses?.length ? e : undefined;
    }, 60_000);
    expect(ep.subsets?.[0]).toMatchObject({ ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], addresses: [{ nodeName: 'node-a', targetRef: { kind: 'Pod', name: 'web-1' } }] });
    // …and mirrors them into an EndpointSlice, which kubectl ≥ 1.31 describe reads.
    const slice = await waitFor('the EndpointSlice of web', async () => {
      const list = await c.client.resource<EndpointSlice>(Resources.endpointslices).list('default', { labelSelector: 'kubernetes.io/service-name=web' });
      return list.items[0]?.endpoints?.length ? list.items[0] : undefined;
    }, 60_000);
    expect(slice).toMatchObject({ addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [{ conditions: { ready: true }, nodeName: 'node-a', targetRef: { kind: 'Pod', name: 'web-1' } }] });
    // The lease kube-system/skiff-controller-manager is held by this process.
    const lease = (await c.client.resource(Resources.leases).get('kube-system', 'skiff-controller-manager')) as { spec?: { holderIdentity?: string } };
    expect(lease.spec?.holderIdentity).toBeTruthy();
    proc!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

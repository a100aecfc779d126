/**
 * Two simulated nodes (containers running their own dockerd and the checkout's kubelet): a pod
 * on node A reaches a pod on node B by pod IP over the host-gw routes, and B sees A's pod IP as
 * the source (no NAT between pod CIDRs).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, kubeconfigFor, type TestApiServer } from '../testing/apiserver.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import type { Client } from '../client/types.ts';
import { Resources } from '../api/resources.ts';
import type { Node, Pod } from './api-types.ts';
import { waitFor } from './testing/harness.ts';
import { testPod } from './testing/pods.ts';
import { docker, killKubelet, loadImages, restartDockerd, startKubelet, startSimNode, type SimNode } from './testing/sim-node.ts';

const suffix = Math.random().toString(36).slice(2, 7);
const network = `skiff-mn-${suffix}`;
const third = 100 + Math.floor(Math.random() * 100);
const gateway = `172.29.${third}.1`;
const kcDir = mkdtempSync(path.join(os.tmpdir(), 'skiff-mn-'));
let api: TestApiServer;
let client: Client;
const nodes: SimNode[] = [];

beforeAll(async () => {
  await docker('network', 'create', '--label', 'skiff.test=kubelet', '--subnet', `172.29.${third}.0/24`, '--gateway', gateway, network);
  api = await startTestApiServer({ server: { bindAddress: gateway } });
  client = clientFromKubeconfig(api.kubeconfigPath, 'multinode-test');
  writeFileSync(path.join(kcDir, 'kubeconfig'), kubeconfigFor(api.url));
  const [a, b] = await Promise.all([startSimNode(`kn-a-${suffix}`, network, kcDir), startSimNode(`kn-b-${suffix}`, network, kcDir)]);
  nodes.push(a, b);
  await Promise.all(nodes.map((n) => loadImages(n, ['skiff/pause:latest', 'skiff/busybox:latest'])));
  await startKubelet(a, '10.244.1.0/24');
  await startKubelet(b, '10.244.2.0/24');
}, 240_000);

afterAll(async () => {
  if (process.env.KEEP_NODES) return;
  for (const n of nodes) {
    if (process.env.KEEP_LOGS) console.log(await n.exec('cat', '/var/log/kubelet.log').catch(() => ''));
    await docker('rm', '-f', '-v', n.name).catch(() => {});
  }
  await client?.close();
  await api?.stop();
  await docker('network', 'rm', network).catch(() => {});
  rmSync(kcDir, { recursive: true, force: true });
}, 120_000);

const pods = () => client.resource<Pod>(Resources.pods);

async function runningPod(name: string): Promise<Pod> {
  return waitFor(async () => {
    const p = await pods().get('default', name);
    return p.status?.phase === 'Running' && p.status.podIP ? p : undefined;
  }, `${name} running`, 90_000, 250);
}

/** askServer fetches the server's view of the caller's IP from the client pod on node A. */
async function askServer(serverIP: string): Promise<string> {
  const a = nodes[0];
  return waitFor(async () => {
    const cid = await a.exec('docker', 'ps', '-q', '--filter', 'label=io.skiff.pod.name=client', '--filter', 'label=io.skiff.type=container');
    const out = await a.exec('docker', 'exec', cid, 'sh', '-c', `printf 'GET /cgi-bin/ip HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${serverIP} 8080`);
    // busybox httpd reports REMOTE_ADDR as "[::ffff:10.244.1.2]".
    return /(\d+\.\d+\.\d+\.\d+)\]?\s*$/.exec(out.trim())?.[1];
  }, `an answer from ${serverIP}`, 30_000, 500);
}

async function serverContainers(): Promise<string[]> {
  return (await nodes[1].exec('docker', 'ps', '-aq', '--no-trunc', '--filter', 'label=io.skiff.pod.name=server')).split('\n').filter(Boolean).sort();
}

describe('two simulated nodes with the host-gw pod network', () => {
  it('registers both nodes Ready with their pod CIDRs', async () => {
    for (const n of nodes) {
      const node = await waitFor(async () => {
        const x = await client.resource<Node>(Resources.nodes).get(undefined, n.name);
        return x.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? x : undefined;
      }, `${n.name} Ready`, 90_000, 250);
      expect(node.status!.addresses).toContainEqual({ type: 'InternalIP', address: n.ip });
      // The node's own engine and image, as `kubectl get nodes -o wide` shows them.
      const osRelease = await n.exec('cat', '/etc/os-release');
      expect(node.status!.nodeInfo).toMatchObject({
        containerRuntimeVersion: `docker://${(await n.exec('docker', 'version', '--format', '{{.Server.Version}}')).trim()}`,
        osImage: /^PRETTY_NAME="?([^"\n]+)/m.exec(osRelease)?.[1] ?? 'Linux',
        bootID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
  });

  it('a pod on node A reaches a pod on node B by pod IP and B sees A\'s pod IP', async () => {
    const [a, b] = nodes;
    const cgi = 'mkdir -p /www/cgi-bin && printf "#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho \\$REMOTE_ADDR\\n" > /www/cgi-bin/ip && chmod +x /www/cgi-bin/ip && exec httpd -f -p 8080 -h /www';
    await pods().create('default', testPod('server', b.name, [{ name: 'main', image: 'skiff/busybox:latest', command: ['sh', '-c', cgi] }]));
    await pods().create('default', testPod('client', a.name, [{ name: 'main', image: 'skiff/busybox:latest', command: ['sleep', '3600'] }]));
    const server = await runningPod('server');
    const clientPod = await runningPod('client');
    expect(server.status!.podIP).toMatch(/^10\.244\.2\./);
    expect(clientPod.status!.podIP).toMatch(/^10\.244\.1\./);
    // Routes to the other node's pod CIDR appear from the Nodes informer.
    await waitFor(async () => (await a.exec('ip', 'route', 'show', '10.244.2.0/24')).includes(`via ${b.ip}`), 'route on A to B', 30_000, 250);
    expect(await askServer(server.status!.podIP!)).toBe(clientPod.status!.podIP);
  });

  it('a SIGKILLed kubelet comes back and adopts its pods: nothing restarted or duplicated', async () => {
    const b = nodes[1];
    const before = await serverContainers();
    await killKubelet(b);
    await startKubelet(b, '10.244.2.0/24');
    // The new kubelet has synced once it renewed the lease after its start.
    const restartedAt = Date.now();
    await waitFor(async () => {
      const lease = await client.resource<{ metadata: { name?: string }; spec?: { renewTime?: string } } & import('../api/meta/v1/object-meta.ts').KubeObject>(Resources.leases).get('kube-node-lease', b.name);
      return Date.parse(lease.spec?.renewTime ?? '') > restartedAt;
    }, 'lease renewed by the new kubelet', 30_000, 250);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await serverContainers()).toEqual(before);
    const server = await pods().get('default', 'server');
    expect(server.status!.containerStatuses![0].restartCount).toBe(0);
  });

  it('survives a Docker daemon restart on node B: the pod comes back and is reachable again', async () => {
    const b = nodes[1];
    await restartDockerd(b);
    const server = await waitFor(async () => {
      const p = await pods().get('default', 'server');
      const s = p.status?.containerStatuses?.[0];
      return s?.state?.running && s.restartCount >= 1 && p.status?.podIP ? p : undefined;
    }, 'server running again after the dockerd restart', 90_000, 250);
    const clientPod = await pods().get('default', 'client');
    expect(await askServer(server.status!.podIP!)).toBe(clientPod.status!.podIP);
    // Exactly one sandbox and one container run for the pod.
    const live = (await b.exec('docker', 'ps', '-q', '--filter', 'label=io.skiff.pod.name=server')).split('\n').filter(Boolean);
    expect(live.length).toBe(2);
  });
});

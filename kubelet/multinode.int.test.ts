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
import { docker, loadImages, startKubelet, startSimNode, type SimNode } from './testing/sim-node.ts';

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

describe('two simulated nodes with the host-gw pod network', () => {
  it('registers both nodes Ready with their pod CIDRs', async () => {
    for (const n of nodes) {
      const node = await waitFor(async () => {
        const x = await client.resource<Node>(Resources.nodes).get(undefined, n.name);
        return x.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? x : undefined;
      }, `${n.name} Ready`, 90_000, 250);
      expect(node.status!.addresses).toContainEqual({ type: 'InternalIP', address: n.ip });
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
    const cid = await a.exec('docker', 'ps', '-q', '--filter', 'label=io.skiff.pod.name=client', '--filter', 'label=io.skiff.type=container');
    const answer = await waitFor(async () => {
      const out = await a.exec('docker', 'exec', cid, 'sh', '-c', `printf 'GET /cgi-bin/ip HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${server.status!.podIP} 8080`);
      // busybox httpd reports REMOTE_ADDR as "[::ffff:10.244.1.2]".
      return /(\d+\.\d+\.\d+\.\d+)\]?\s*$/.exec(out.trim())?.[1];
    }, 'an answer from the pod on node B', 30_000, 500);
    expect(answer).toBe(clientPod.status!.podIP);
  });
});

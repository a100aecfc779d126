import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from '../client/fake/fake-client.ts';
import { Resources } from '../api/resources.ts';
import type { Pod } from './api-types.ts';
import { cleanupNode, startHarness, waitFor, type Harness } from './testing/harness.ts';
import { testPod } from './testing/pods.ts';

const script = path.resolve(import.meta.dirname, '../deploy/images/local-registry.sh');
let fake: FakeClient;
let h: Harness;
let addr = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  addr = `127.0.0.1:${await freePort()}`;
  execFileSync('bash', [script, 'start', addr], { stdio: 'pipe' });
  execFileSync('docker', ['tag', 'skiff/busybox:latest', `skiff-kt/pullme:v1`]);
  execFileSync('bash', [script, 'push', 'skiff-kt/pullme:v1', addr], { stdio: 'pipe' });
  // Only the registry has it now: the kubelet must really pull.
  execFileSync('docker', ['rmi', 'skiff-kt/pullme:v1', `${addr}/pullme:v1`], { stdio: 'pipe' });
  fake = createFakeClient([]);
  h = await startHarness({ client: fake.client, backoff: { initialMs: 1000, maxMs: 2000 } });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  if (h) await cleanupNode(h);
  try { execFileSync('docker', ['rmi', '-f', `${addr}/pullme:v1`], { stdio: 'pipe' }); } catch { /* not pulled */ }
  execFileSync('bash', [script, 'stop', addr], { stdio: 'pipe' });
  rmSync(`/var/lib/skiff/registry/${addr.replace(/[:.]/g, '-')}`, { recursive: true, force: true });
});

const pods = () => fake.client.resource<Pod>(Resources.pods);
const get = (name: string) => pods().get('default', name);

describe('kubelet image pulls', () => {
  it('pulls an image from a registry (imagePullPolicy Always)', async () => {
    await pods().create('default', testPod('pulled', h.nodeName, [{ name: 'main', image: `${addr}/pullme:v1`, imagePullPolicy: 'Always', command: ['sleep', '3600'] }]));
    const s = await waitFor(async () => (await get('pulled')).status?.containerStatuses?.[0].state?.running, 'pulled pod running', 60_000);
    expect(s.startedAt).toBeDefined();
  });

  it('reports ErrImagePull and then ImagePullBackOff for a missing image', async () => {
    await pods().create('default', testPod('nopull', h.nodeName, [{ name: 'main', image: `${addr}/missing:v1`, imagePullPolicy: 'IfNotPresent' }]));
    const seen = new Set<string>();
    await waitFor(async () => {
      const r = (await get('nopull')).status?.containerStatuses?.[0].state?.waiting?.reason;
      if (r) seen.add(r);
      return seen.has('ErrImagePull') && seen.has('ImagePullBackOff');
    }, 'ErrImagePull and ImagePullBackOff', 60_000, 50);
    const st = (await get('nopull')).status!;
    expect(st.phase).toBe('Pending');
    expect(st.containerStatuses![0].state!.waiting!.message).toContain('missing');
  });

  it('refuses to pull with imagePullPolicy Never', async () => {
    await pods().create('default', testPod('never', h.nodeName, [{ name: 'main', image: `${addr}/absent:v1`, imagePullPolicy: 'Never' }]));
    await waitFor(async () => (await get('never')).status?.containerStatuses?.[0].state?.waiting?.reason === 'ErrImageNeverPull', 'ErrImageNeverPull');
  });
});

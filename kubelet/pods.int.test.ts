import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from '../client/fake/fake-client.ts';
import { Resources } from '../api/resources.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { Pod } from './api-types.ts';
import { cleanupNode, startHarness, waitFor, type Harness } from './testing/harness.ts';
import { echo, sleeper, testPod } from './testing/pods.ts';
import { LabelContainerName, LabelPodUid, LabelType } from './runtime/types.ts';
import { hostIfName } from './network/sandbox-link.ts';

let fake: FakeClient;
const pvDir = mkdtempSync(path.join(os.tmpdir(), 'skiff-kubelet-pv-'));
const hostDir = mkdtempSync(path.join(os.tmpdir(), 'skiff-kubelet-host-'));
let h: Harness;

beforeAll(async () => {
  fake = createFakeClient([
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { COLOR: 'blue', 'app.conf': 'x=1' } } as KubeObject,
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec', namespace: 'default' }, data: { PASSWORD: Buffer.from('s3cret').toString('base64') } } as KubeObject,
    { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { hostPath: { path: pvDir } } } as KubeObject,
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'claim', namespace: 'default' }, spec: { volumeName: 'pv1' } } as KubeObject,
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default' }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] } } as KubeObject,
  ]);
  h = await startHarness({ client: fake.client, clusterDns: ['10.96.0.10'] });
});

afterAll(async () => {
  await h?.stop();
  if (h) await cleanupNode(h);
  rmSync(pvDir, { recursive: true, force: true });
  rmSync(hostDir, { recursive: true, force: true });
});

const pods = () => fake.client.resource<Pod>(Resources.pods);
const get = (name: string) => pods().get('default', name);

async function running(name: string): Promise<Pod> {
  return waitFor(async () => {
    const p = await get(name);
    return p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.state?.running) ? p : undefined;
  }, `${name} Running`, 60_000);
}

async function execIn(pod: Pod, container: string, cmd: string[]): Promise<{ code: number; out: string }> {
  const [c] = await h.runtime.list({ labels: { [LabelPodUid]: pod.metadata.uid!, [LabelContainerName]: container }, all: false });
  const s = await h.runtime.exec(c.id, { cmd });
  let out = '';
  s.stdout.on('data', (d: Buffer) => (out += d));
  s.stderr.on('data', (d: Buffer) => (out += d));
  const code = await s.exitCode;
  return { code, out };
}

describe('kubelet on Docker', () => {
  it('runs two containers that share localhost and an emptyDir', async () => {
    await pods().create('default', testPod('shared', h.nodeName, [
      { ...echo('web', 8080), volumeMounts: [{ name: 'data', mountPath: '/data' }] },
      { ...sleeper('side', 'echo from-side > /data/f'), volumeMounts: [{ name: 'data', mountPath: '/data' }] },
    ], { volumes: [{ name: 'data', emptyDir: {} }] }));
    const pod = await running('shared');
    expect(pod.status!.podIP).toMatch(/^10\.25\d\./);
    // The echo server may still be starting: poll over localhost from the other container.
    await waitFor(async () => (await execIn(pod, 'side', ['sh', '-c', 'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc 127.0.0.1 8080'])).out.includes('shared'), 'web over localhost');
    expect((await execIn(pod, 'web', ['cat', '/data/f'])).out.trim()).toBe('from-side');
    const res = await fetch(`http://${pod.status!.podIP}:8080/`);
    expect((await res.text()).trim()).toBe('shared');
  });

  it('sets env from values, ConfigMap and Secret keys, fieldRefs, envFrom and services', async () => {
    // Created after the kubelet started: its Services informer must pick it up from the watch.
    await fake.client.resource<KubeObject>(Resources.services).create('default', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'back-end', namespace: 'default' }, spec: { clusterIP: '10.96.7.8', ports: [{ name: 'http', port: 80 }] },
    } as KubeObject);
    await waitFor(() => h.kubelet.services.lister.get('default', 'back-end'), 'back-end in the kubelet cache');
    await pods().create('default', testPod('envs', h.nodeName, [{
      ...sleeper('main', 'env > /env.txt'),
      env: [
        { name: 'PLAIN', value: 'v' },
        { name: 'COLOR_REF', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'COLOR' } } },
        { name: 'PASS', valueFrom: { secretKeyRef: { name: 'sec', key: 'PASSWORD' } } },
        { name: 'MY_POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'EXPANDED', value: '$(PLAIN)-$(COLOR_REF)' },
        { name: 'API_URL', value: 'https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)' },
      ],
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CM_' }],
    }]));
    const pod = await running('envs');
    const env = await waitFor(async () => {
      const r = await execIn(pod, 'main', ['cat', '/env.txt']);
      return r.code === 0 ? r.out : undefined;
    }, 'env file');
    for (const line of [
      'PLAIN=v', 'COLOR_REF=blue', 'PASS=s3cret', 'MY_POD=envs', `MY_IP=${pod.status!.podIP}`, 'EXPANDED=v-blue', 'CM_COLOR=blue',
      'KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=443', 'KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1', 'API_URL=https://10.96.0.1:443',
      'BACK_END_SERVICE_HOST=10.96.7.8', 'BACK_END_SERVICE_PORT_HTTP=80', 'BACK_END_PORT=tcp://10.96.7.8:80',
    ]) {
      expect(env).toContain(line);
    }
  });

  it('reports CreateContainerConfigError for a missing ConfigMap key', async () => {
    await pods().create('default', testPod('badenv', h.nodeName, [{
      ...sleeper('main'), env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'NOPE' } } }],
    }]));
    await waitFor(async () => (await get('badenv')).status?.containerStatuses?.[0].state?.waiting?.reason === 'CreateContainerConfigError', 'CreateContainerConfigError');
  });

  it('mounts configMap and secret volumes', async () => {
    await pods().create('default', testPod('vols', h.nodeName, [{
      ...sleeper('main'), volumeMounts: [{ name: 'c', mountPath: '/etc/c' }, { name: 's', mountPath: '/etc/s', readOnly: true }],
    }], { volumes: [{ name: 'c', configMap: { name: 'cfg' } }, { name: 's', secret: { secretName: 'sec' } }] }));
    const pod = await running('vols');
    expect((await execIn(pod, 'main', ['cat', '/etc/c/app.conf', '/etc/s/PASSWORD'])).out).toBe('x=1s3cret');
  });

  it('mounts hostPath, a PVC bound to a hostPath PV, and downward API files', async () => {
    writeFileSync(path.join(hostDir, 'from-host'), 'host-data');
    await pods().create('default', testPod('more-vols', h.nodeName, [{
      ...sleeper('main', 'echo pvc-data > /pvc/written'),
      volumeMounts: [{ name: 'h', mountPath: '/host' }, { name: 'p', mountPath: '/pvc' }, { name: 'd', mountPath: '/info' }],
    }], {
      volumes: [
        { name: 'h', hostPath: { path: hostDir } },
        { name: 'p', persistentVolumeClaim: { claimName: 'claim' } },
        { name: 'd', projected: { sources: [{ downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } }] } },
      ],
    }));
    const pod = await running('more-vols');
    expect((await execIn(pod, 'main', ['cat', '/host/from-host', '/info/name'])).out).toBe('host-datamore-vols');
    await waitFor(() => { try { return readFileSync(path.join(pvDir, 'written'), 'utf8') === 'pvc-data\n'; } catch { return false; } }, 'file written through the PVC');
  });

  it('points ClusterFirst pods at the cluster DNS with the search path', async () => {
    await pods().create('default', testPod('dns', h.nodeName, [sleeper('main')]));
    const pod = await running('dns');
    const conf = (await execIn(pod, 'main', ['cat', '/etc/resolv.conf'])).out;
    expect(conf, conf).toContain('nameserver 10.96.0.10');
    expect(conf).toMatch(/search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local/);
    expect(conf).toContain('ndots:5');
    expect((await execIn(pod, 'main', ['hostname'])).out.trim()).toBe('dns');
  });

  it('wires the pod IP on eth0 with a route out, writes /etc/hosts, and the host-side veth goes with the pod', async () => {
    await pods().create('default', testPod('wired', h.nodeName, [sleeper('main')], { hostAliases: [{ ip: '192.0.2.9', hostnames: ['db.example'] }] }));
    const pod = await running('wired');
    const ip = pod.status!.podIP!;
    expect((await execIn(pod, 'main', ['ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0'])).out).toContain(`inet ${ip}/24`);
    expect((await execIn(pod, 'main', ['ip', 'route'])).out).toMatch(/^default via 10\.25\d\.\d+\.1 dev eth0/m);
    const hosts = (await execIn(pod, 'main', ['cat', '/etc/hosts'])).out;
    expect(hosts).toContain(`${ip}\twired\n`);
    expect(hosts).toContain('192.0.2.9\tdb.example\n');
    const [sandbox] = await h.runtime.list({ labels: { [LabelPodUid]: pod.metadata.uid!, [LabelType]: 'sandbox' } });
    const veth = `/sys/class/net/${hostIfName(sandbox.id)}`;
    expect(existsSync(veth)).toBe(true);
    await pods().delete('default', 'wired', { gracePeriodSeconds: 0 });
    await waitFor(() => !existsSync(veth), 'the host-side veth gone with the sandbox', 60_000);
  });

  it('runs readiness probes of each kind, passing and failing', async () => {
    const probe = (p: object) => ({ ...p, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 1 });
    await pods().create('default', testPod('probes', h.nodeName, [
      { ...echo('http-ok', 8081), readinessProbe: probe({ httpGet: { path: '/readyz', port: 8081 } }) },
      { ...echo('http-bad', 8082, { FAIL_READINESS: '1' }), readinessProbe: probe({ httpGet: { path: '/readyz', port: 'http' } }) },
      { ...echo('tcp-ok', 8083), readinessProbe: probe({ tcpSocket: { port: 8083 } }) },
      { ...sleeper('tcp-bad'), readinessProbe: probe({ tcpSocket: { port: 9001 } }) },
      { ...sleeper('exec-ok'), readinessProbe: probe({ exec: { command: ['true'] } }) },
      { ...sleeper('exec-bad'), readinessProbe: probe({ exec: { command: ['false'] } }) },
    ]));
    let last: unknown;
    const ready = await waitFor(async () => {
      const s = (await get('probes')).status?.containerStatuses ?? [];
      const m = Object.fromEntries(s.map((c) => [c.name, c.ready]));
      last = s;
      return m['http-ok'] && m['tcp-ok'] && m['exec-ok'] ? m : undefined;
    }, 'passing probes ready', 30_000).catch((err) => { throw new Error(`${err.message}: ${JSON.stringify(last)}`); });
    expect(ready).toEqual({ 'http-ok': true, 'http-bad': false, 'tcp-ok': true, 'tcp-bad': false, 'exec-ok': true, 'exec-bad': false });
    const pod = await get('probes');
    expect(pod.status!.conditions!.find((c) => c.type === 'Ready')!.status).toBe('False');
  });

  it('restarts a container whose liveness probe fails', async () => {
    await pods().create('default', testPod('live', h.nodeName, [
      { ...echo('web', 8084, { FAIL_LIVENESS: '1' }), livenessProbe: { httpGet: { path: '/healthz', port: 8084 }, periodSeconds: 1, failureThreshold: 2, timeoutSeconds: 1 } },
    ]));
    const pod = await waitFor(async () => {
      const p = await get('live');
      return (p.status?.containerStatuses?.[0].restartCount ?? 0) >= 1 ? p : undefined;
    }, 'a liveness restart', 60_000);
    expect(pod.status!.containerStatuses![0].lastState!.terminated).toBeDefined();
  });
});

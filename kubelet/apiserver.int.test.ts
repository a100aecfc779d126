/**
 * The kubelet against the real API server: registration (nodeInfo), lease, a pod's life and
 * events, service environment variables, graceful deletion, and `kubectl logs -f` /
 * `kubectl exec` / `attach` (and skiffctl's) / `kubectl port-forward` through the API server's proxy with real kubectl 1.32
 * (skipped, loudly, where absent).
 */
import { execFile, spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import type { Client } from '../client/types.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { Resources } from '../api/resources.ts';
import { createLogger } from '../component-base/logger.ts';
import type { Node, Pod } from './api-types.ts';
import type { Event } from '../api/core/v1/event.ts';
import type { Service } from '../api/core/v1/service.ts';
import { build, type KubeletApp } from './app.ts';
import { parseOsRelease } from './host-info.ts';
import { LabelContainerName, LabelPodUid } from './runtime/types.ts';
import { parseKubeletConfig } from './config.ts';
import { cleanupNode, randomSubnet, waitFor } from './testing/harness.ts';
import { echo, sleeper, testPod } from './testing/pods.ts';
import { runSkiffctl } from '../kubectl/testing/run-skiffctl.ts';

function kubectlPath(): string | undefined {
  try {
    const k = path.join(path.dirname(execFileSync('readlink', ['-f', execFileSync('bash', ['-c', 'command -v kubectl']).toString().trim()]).toString().trim()), 'kubectl.1.32');
    return existsSync(k) ? k : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const kubectl = kubectlPath();
if (!kubectl) console.warn('SKIPPING kubectl checks: kubectl.1.32 not found on this machine');
let api: TestApiServer;
let client: Client;
let stop: () => Promise<void>;
let app: KubeletApp;
const nodeName = `ka-${Math.random().toString(36).slice(2, 8)}`;
const rootDir = mkdtempSync(path.join(os.tmpdir(), 'skiff-kubelet-'));
const networkName = `skiff-${nodeName}`;
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'kubectl-cache-'));

beforeAll(async () => {
  api = await startTestApiServer();
  client = clientFromKubeconfig(api.kubeconfigPath, 'kubelet-test');
  const port = await freePort();
  const cfg = parseKubeletConfig([
    `--node-name=${nodeName}`, `--pod-cidr=${randomSubnet()}`, `--port=${port}`, '--address=127.0.0.1', '--node-ip=127.0.0.1',
    `--root-dir=${rootDir}`, `--network-name=${networkName}`, '--manage-host-network=false', '--register-with-taints=skiff.test/only=yes:NoSchedule',
  ], 'unused');
  // Before the kubelet starts, so its first Services list has it (a later one races the pod).
  await client.resource<Service>(Resources.services).create('default', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'kt-db', namespace: 'default' }, spec: { selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432 }] },
  } as Service);
  app = await build(cfg, createLogger('kubelet', process.env.LOG_LEVEL ?? 'warn'), client);
  const ac = new AbortController();
  const running = app.run(ac.signal);
  stop = async () => { ac.abort(); await running; };
}, 120_000);

afterAll(async () => {
  await stop?.();
  await cleanupNode({ nodeName, networkName, rootDir });
  await client?.resource<Service>(Resources.services).delete('default', 'kt-db').catch(() => {});
  await client?.close();
  await api?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

const pods = () => client.resource<Pod>(Resources.pods);

function run(args: string[], input?: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = execFile(kubectl!, ['--kubeconfig', api.kubeconfigPath, '--cache-dir', cacheDir, ...args], { timeout: 60_000 }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err });
    });
    if (input !== undefined) p.stdin!.end(input);
  });
}

async function createRunning(pod: Pod): Promise<Pod> {
  await pods().create('default', pod);
  return waitFor(async () => {
    const p = await pods().get('default', pod.metadata.name!);
    return p.status?.phase === 'Running' && p.status.containerStatuses?.every((c) => c.ready) ? p : undefined;
  }, `${pod.metadata.name} running`, 60_000);
}

describe('kubelet with the API server', () => {
  it('registers its Node with capacity, labels, taints, Ready, and renews its Lease', async () => {
    const node = await waitFor(async () => {
      const n = await client.resource<Node>(Resources.nodes).get(undefined, nodeName);
      return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? n : undefined;
    }, 'node Ready');
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': nodeName, 'kubernetes.io/os': 'linux' });
    expect(node.status!.capacity!.pods).toBe('110');
    expect(node.spec!.taints).toEqual([{ key: 'skiff.test/only', value: 'yes', effect: 'NoSchedule' }]);
    expect(node.status!.conditions!.map((c) => c.type).sort()).toEqual(['DiskPressure', 'MemoryPressure', 'PIDPressure', 'Ready']);
    const info = node.status!.nodeInfo!;
    expect(info.containerRuntimeVersion).toMatch(/^docker:\/\/\d+\.\d+/);
    expect(info.osImage).toBe(parseOsRelease(readFileSync('/etc/os-release', 'utf8')) ?? 'Linux');
    expect(info.bootID).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    const lease = await waitFor(() => client.resource<KubeObject & { spec?: { holderIdentity?: string } }>(Resources.leases).get('kube-node-lease', nodeName), 'node lease');
    expect(lease.spec!.holderIdentity).toBe(nodeName);
  });

  it('runs a pod and deletes it gracefully (object gone after the kubelet killed it), with the kubelet\'s events', async () => {
    const pod = await createRunning(testPod('life', nodeName, [sleeper('main')], { terminationGracePeriodSeconds: 5 }));
    expect(pod.status!.hostIP).toBe('127.0.0.1');
    const events = async () => (await client.resource<Event>(Resources.events).list('default', { fieldSelector: `involvedObject.uid=${pod.metadata.uid}` })).items;
    const reasons = async () => (await events()).filter((e) => e.source?.component === 'kubelet').map((e) => `${e.reason}: ${e.message}`);
    await waitFor(async () => (await reasons()).length >= 3, 'Pulled, Created, Started events');
    expect((await reasons()).sort()).toEqual([
      'Created: Created container: main', 'Pulled: Container image "skiff/busybox:latest" already present on machine', 'Started: Started container main',
    ]);
    await pods().delete('default', 'life');
    await waitFor(async () => pods().get('default', 'life').then(() => false, () => true), 'pod object gone', 30_000);
    await waitFor(async () => (await reasons()).includes('Killing: Stopping container main'), 'Killing event');
  });

  it('gives containers the kubernetes Service and their namespace\'s Services as env variables', async () => {
    const svc = (name: string) => client.resource<Service>(Resources.services).get('default', name);
    const [k8s, db] = [(await svc('kubernetes')).spec!.clusterIP!, (await svc('kt-db')).spec!.clusterIP!];
    const pod = await createRunning(testPod('svc-env', nodeName, [sleeper('main')]));
    const [c] = await app.runtime.list({ labels: { [LabelPodUid]: pod.metadata.uid!, [LabelContainerName]: 'main' } });
    const s = await app.runtime.exec(c.id, { cmd: ['env'] });
    let out = '';
    s.stdout.on('data', (d: Buffer) => (out += d));
    expect(await s.exitCode).toBe(0);
    for (const line of [`KUBERNETES_SERVICE_HOST=${k8s}`, 'KUBERNETES_SERVICE_PORT=443', 'KUBERNETES_SERVICE_PORT_HTTPS=443', `KT_DB_SERVICE_HOST=${db}`, 'KT_DB_SERVICE_PORT_PG=5432', `KT_DB_PORT_5432_TCP=tcp://${db}:5432`]) {
      expect(out.split('\n')).toContain(line);
    }
  });

  it.skipIf(!kubectl)('kubectl logs and logs -f stream through the API server', async () => {
    await createRunning(testPod('talker', nodeName, [{ name: 'main', image: 'skiff/busybox:latest', command: ['sh', '-c', 'i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.2; done'] }]));
    await waitFor(async () => (await run(['logs', 'talker', '--tail=2'])).out.includes('line-'), 'logs --tail');
    const child = spawn(kubectl!, ['--kubeconfig', api.kubeconfigPath, '--cache-dir', cacheDir, 'logs', '-f', 'talker']);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      const first = await waitFor(() => /line-(\d+)/.exec(out)?.[1], 'first followed line');
      await waitFor(() => [...out.matchAll(/line-(\d+)/g)].some((m) => Number(m[1]) >= Number(first) + 5), 'new lines while following', 20_000);
    } finally {
      child.kill();
    }
  });

  it.skipIf(!kubectl)('kubectl exec passes output, stdin and exit codes', async () => {
    await createRunning(testPod('shell', nodeName, [echo('web', 8080)]));
    const ok = await run(['exec', 'shell', '--', 'sh', '-c', 'echo out; echo err >&2']);
    expect(ok).toMatchObject({ code: 0, out: 'out\n' });
    expect(ok.err).toContain('err');
    expect((await run(['exec', 'shell', '--', 'false'])).code).toBe(1);
    const piped = await run(['exec', '-i', 'shell', '--', 'sh'], 'echo from-stdin; exit 3\n');
    expect(piped).toMatchObject({ code: 3, out: 'from-stdin\n' });
  });

  it('skiffctl attach -i joins the main process: stdin in, output out, ending with it', async () => {
    const reader = { name: 'reader', stdin: true, stdinOnce: true, command: ['sh', '-c', 'read line; echo got-$line'] };
    await createRunning(testPod('attached', nodeName, [reader], { restartPolicy: 'Never' }));
    const r = await runSkiffctl(['attach', '-i', 'attached'], api.kubeconfigPath, 'hello\n');
    expect(r, r.err).toMatchObject({ code: 0, out: 'got-hello\n' });
    if (kubectl) {
      await pods().delete('default', 'attached', { gracePeriodSeconds: 0 });
      await waitFor(async () => ((await pods().get('default', 'attached').catch(() => undefined)) ? undefined : true), 'attached gone', 30_000);
      await createRunning(testPod('attached', nodeName, [reader], { restartPolicy: 'Never' }));
      expect(await run(['attach', '-i', 'attached'], 'world\n')).toMatchObject({ code: 0, out: expect.stringContaining('got-world') });
    }
  });

  it('skiffctl cp copies files and directories into and out of a container, renaming as kubectl cp does', async () => {
    await createRunning(testPod('files', nodeName, [sleeper('box', 'mkdir -p /work')]));
    const local = mkdtempSync(path.join(os.tmpdir(), 'skiffctl-cp-'));
    try {
      mkdirSync(path.join(local, 'd', 'a'), { recursive: true });
      writeFileSync(path.join(local, 'd', 'a', 'b.txt'), 'bee\n');
      writeFileSync(path.join(local, 'd', 'c.txt'), 'sea\n');
      writeFileSync(path.join(local, 'x.txt'), 'ex\n');
      const cp = (...args: string[]) => runSkiffctl(['cp', ...args], api.kubeconfigPath);
      const cat = async (file: string) => (await runSkiffctl(['exec', 'files', '--', 'cat', file], api.kubeconfigPath)).out;
      expect(await cp(path.join(local, 'd'), 'default/files:/work')).toMatchObject({ code: 0 });
      expect(await cat('/work/d/a/b.txt')).toBe('bee\n');
      expect(await cp(path.join(local, 'x.txt'), 'files:/work/renamed.txt')).toMatchObject({ code: 0 });
      expect(await cat('/work/renamed.txt')).toBe('ex\n');
      expect(await cp('files:/work/d', path.join(local, 'out', 'dcopy'))).toMatchObject({ code: 0 });
      expect(readFileSync(path.join(local, 'out', 'dcopy', 'a', 'b.txt'), 'utf8')).toBe('bee\n');
      expect(readFileSync(path.join(local, 'out', 'dcopy', 'c.txt'), 'utf8')).toBe('sea\n');
      expect(await cp('files:/work/renamed.txt', path.join(local, 'out'))).toMatchObject({ code: 0 });
      expect(readFileSync(path.join(local, 'out', 'renamed.txt'), 'utf8')).toBe('ex\n');
      const missing = await cp('files:/work/nope', path.join(local, 'nope'));
      expect(missing.code).toBe(1);
      expect(missing.err).toMatch(/nope.*No such file/i);
      expect((await cp(path.join(local, 'x.txt'), path.join(local, 'y.txt'))).err).toContain('one of src or dest must be a remote file specification');
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });

  it.skipIf(!kubectl)('kubectl exec -it runs an interactive shell on a TTY', async () => {
    // `script` gives kubectl a real terminal, as a user's shell would.
    const cmd = `printf 'echo tty-$((6*7))\\nexit\\n' | script -qec "${kubectl} --kubeconfig ${api.kubeconfigPath} --cache-dir ${cacheDir} exec -it shell -- sh" /dev/null`;
    const out = await new Promise<string>((resolve) => execFile('bash', ['-c', cmd], { timeout: 60_000 }, (_e, stdout) => resolve(stdout)));
    expect(out).toContain('tty-42');
  });

  it.skipIf(!kubectl)('kubectl port-forward reaches the pod (SPDY tunnelled over WebSocket, and plain SPDY)', async () => {
    // Ready only once the server listens: a forward to a port not yet open fails the connection.
    const readiness = { readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 } };
    await createRunning(testPod('pf', nodeName, [{ ...echo('web', 8080, { POD_NAME: 'pf' }), ...readiness }]));
    const get = (port: number) => new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 15_000 }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(body));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
    });
    // kubectl 1.32 tunnels SPDY through a WebSocket by default; KUBECTL_PORT_FORWARD_WEBSOCKETS=false is its old SPDY upgrade.
    for (const env of [{}, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }]) {
      const child = spawn(kubectl!, ['--kubeconfig', api.kubeconfigPath, '--cache-dir', cacheDir, 'port-forward', 'pod/pf', ':8080'], { env: { ...process.env, ...env } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      try {
        const port = Number(await waitFor(() => /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/.exec(out)?.[1], 'kubectl port-forward listening', 30_000).catch((e: Error) => { throw new Error(`${e.message}: ${err}`); }));
        expect(await get(port)).toBe('pf\n');
        expect(await Promise.all([get(port), get(port)])).toEqual(['pf\n', 'pf\n']);
        expect(out).toContain('Handling connection for');
      } finally {
        child.kill('SIGINT');
      }
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClient } from '../client/fake/fake-client.ts';
import { FakeClock } from '../client/fake/fake-clock.ts';
import { Resources } from '../api/resources.ts';
import { silentLogger } from '../component-base/logger.ts';
import type { Pod } from './api-types.ts';
import type { Container } from '../api/core/v1/container.ts';
import { PodSyncer } from './pod-syncer.ts';
import { createFakeRuntime } from './runtime/fake-runtime.ts';
import { LabelContainerName, LabelPodIP, LabelType } from './runtime/types.ts';
import type { VolumeSource } from './volumes.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function makePod(containers: Partial<Container>[], spec: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p1', namespace: 'default', uid: 'uid-1234-5678' },
    spec: { nodeName: 'n1', restartPolicy: 'Always', terminationGracePeriodSeconds: 5, containers: containers.map((c, i) => ({ name: `c${i}`, image: 'skiff/busybox:latest', imagePullPolicy: 'IfNotPresent', ...c })), ...spec } as Pod['spec'],
  } as Pod;
}

const rootDir = mkdtempSync(path.join(os.tmpdir(), 'kubelet-unit-'));
afterAll(() => rmSync(rootDir, { recursive: true, force: true }));

const noObjects: VolumeSource = { configMap: async () => undefined, secret: async () => undefined, claimHostPath: async () => undefined };

function setup(pod: Pod) {
  const clock = new FakeClock();
  const runtime = createFakeRuntime(() => new Date(clock.now()));
  runtime.images.add('skiff/busybox:latest');
  const fake = createFakeClient([pod]);
  const requeued: string[] = [];
  const events: string[] = [];
  const recorder = { event: (_o: unknown, type: string, reason: string, message: string) => void events.push(`${type} ${reason}: ${message}`) };
  const network = fakeNetwork();
  const mk = () => new PodSyncer({
    runtime, client: fake.client, clock, log: silentLogger(), src: noObjects, hostIP: () => '192.168.0.10', recorder,
    rootDir, network, pauseImage: 'skiff/pause:latest',
    dns: { clusterDns: ['10.96.0.10'], clusterDomain: 'cluster.local' }, allowPrivileged: false, requeue: (uid) => requeued.push(uid),
  });
  const syncer = mk();
  const current = () => fake.tracker.get(Resources.pods, 'default', 'p1') as Pod;
  const sync = () => syncer.sync(current());
  const byName = (name: string) => [...runtime.containers.values()].filter((c) => c.labels[LabelContainerName] === name && c.labels[LabelType] === 'container');
  const latest = (name: string) => byName(name).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))[0];
  return { clock, runtime, fake, syncer, mk, current, sync, byName, latest, events, network };
}

/** fakeNetwork hands out 10.244.0.2, .3, … and records reservations and wirings. */
function fakeNetwork() {
  let next = 1;
  const n = {
    reserved: new Map<string, string>(),
    attached: [] as string[],
    async reserve(uid: string) {
      const ip = `10.244.0.${++next}`;
      n.reserved.set(uid, ip);
      return ip;
    },
    release(uid: string) {
      n.reserved.delete(uid);
    },
    async attach(_uid: string, sandbox: { id: string; labels: Record<string, string> }) {
      if (sandbox.labels['io.skiff.pod.ip']) n.attached.push(sandbox.id);
    },
    forget() {},
    fits: (sandbox: { labels: Record<string, string> }) => !sandbox.labels['io.skiff.pod.ip']?.startsWith('10.99.'),
  };
  return n;
}

describe('PodSyncer', () => {
  it('starts a sandbox and every container and reports Running with the pod IP', async () => {
    const t = setup(makePod([{}, {}]));
    await t.sync();
    const uid8 = t.current().metadata.uid!.slice(0, 8);
    expect(t.runtime.calls.filter((c) => c.startsWith('start'))).toEqual([
      `start skiff_POD_p1_default_${uid8}_0`, `start skiff_c0_p1_default_${uid8}_0`, `start skiff_c1_p1_default_${uid8}_0`,
    ]);
    const st = t.current().status!;
    expect(st.phase).toBe('Running');
    expect(st.podIP).toMatch(/^10\.244\.0\./);
    expect(st.hostIP).toBe('192.168.0.10');
    expect(st.containerStatuses!.map((s) => [s.name, s.ready, s.restartCount, !!s.state?.running])).toEqual([['c0', true, 0, true], ['c1', true, 0, true]]);
    expect(st.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
  });

  it('gives a new sandbox a reserved pod IP (label, hosts file), wires it, and ends the reservation', async () => {
    const t = setup(makePod([{}]));
    await t.sync();
    const sandbox = [...t.runtime.containers.values()].find((c) => c.labels[LabelType] === 'sandbox')!;
    expect(sandbox.labels[LabelPodIP]).toBe('10.244.0.2');
    expect((sandbox as unknown as { sandbox: { network: string } }).sandbox.network).toBe('none');
    expect(t.network.attached).toEqual([sandbox.id]);
    expect(t.network.reserved.size).toBe(0);
    expect(t.current().status!.podIP).toBe('10.244.0.2');
    const hosts = (t.latest('c0') as unknown as { spec: { mounts: Array<{ hostPath: string; containerPath: string }> } }).spec.mounts.find((m) => m.containerPath === '/etc/hosts')!;
    expect(readFileSync(hosts.hostPath, 'utf8')).toContain('10.244.0.2\tp1\n');
  });

  it('ends the reservation when the sandbox fails to start, and reserves anew on the next try', async () => {
    const t = setup(makePod([{}]));
    t.runtime.startErrors.set('skiff/pause:latest', 'no space left on device');
    await expect(t.sync()).rejects.toThrow(/no space left/);
    expect(t.network.reserved.size).toBe(0);
    expect(t.network.attached).toEqual([]);
  });

  it('creates a new pod\'s containers while its sandbox starts, and starts them once it is wired', async () => {
    const t = setup(makePod([{}, {}]));
    await t.sync();
    const uid8 = t.current().metadata.uid!.slice(0, 8);
    const calls = t.runtime.calls.filter((c) => /^(create|start) /.test(c));
    // Both creates come before the sandbox's start returns; each container is created once.
    expect(calls.indexOf(`create skiff_c1_p1_default_${uid8}_0`)).toBeLessThan(calls.indexOf(`start skiff_c0_p1_default_${uid8}_0`));
    expect(calls.filter((c) => c.startsWith('create')).length).toBe(3);
    expect(calls.indexOf(`start skiff_POD_p1_default_${uid8}_0`)).toBeLessThan(calls.indexOf(`start skiff_c0_p1_default_${uid8}_0`));
    expect(t.events.filter((e) => e.includes('Started container'))).toEqual(['Normal Started: Started container c0', 'Normal Started: Started container c1']);
  });

  it('removes the containers it created early when the sandbox fails to start', async () => {
    const t = setup(makePod([{}]));
    t.runtime.startErrors.set('skiff/pause:latest', 'no space left on device');
    await expect(t.sync()).rejects.toThrow(/no space left/);
    expect(t.byName('c0')).toEqual([]);
    t.runtime.startErrors.clear();
    await t.sync();
    expect(t.byName('c0').map((c) => c.state)).toEqual(['running']);
  });

  it('creates nothing early whose image must be pulled: the sync pulls and reports it', async () => {
    const t = setup(makePod([{ image: 'registry.local/app:1' }]));
    await t.sync();
    expect(t.events.filter((e) => e.includes('Pulling') || e.includes('Successfully pulled')).length).toBe(2);
    expect(t.byName('c0').map((c) => c.state)).toEqual(['running']);
  });

  it('removes a container created for an earlier sandbox but never started before making a new sandbox', async () => {
    const t = setup(makePod([{}]));
    await t.sync();
    const sandbox = [...t.runtime.containers.values()].find((c) => c.labels[LabelType] === 'sandbox')!;
    const stale = t.latest('c0');
    Object.assign(stale, { state: 'created', startedAt: undefined }); // as if the kubelet died between create and start
    t.runtime.exit(sandbox.id, 0);
    await t.sync();
    expect(t.runtime.containers.has(stale.id)).toBe(false);
    expect(t.byName('c0').map((c) => c.state)).toEqual(['running']);
  });

  it('runs the sandbox without seccomp filtering unless the pod asks for a profile; containers keep the engine default', async () => {
    const sandboxSeccomp = (t: ReturnType<typeof setup>) => ([...t.runtime.containers.values()].find((c) => c.labels[LabelType] === 'sandbox') as unknown as { sandbox: { seccomp?: string } }).sandbox.seccomp;
    const containerSeccomp = (t: ReturnType<typeof setup>) => (t.latest('c0') as unknown as { spec: { seccomp?: string } }).spec.seccomp;
    const plain = setup(makePod([{}]));
    await plain.sync();
    expect(sandboxSeccomp(plain)).toBe('unconfined');
    expect(containerSeccomp(plain)).toBeUndefined();
    const strict = setup(makePod([{ securityContext: { seccompProfile: { type: 'Unconfined' } } }], { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }));
    await strict.sync();
    expect(sandboxSeccomp(strict)).toBeUndefined();
    expect(containerSeccomp(strict)).toBe('unconfined');
  });

  it('replaces a running sandbox whose IP is outside the pod CIDR (the CIDR changed)', async () => {
    const t = setup(makePod([{}]));
    await t.sync();
    const old = [...t.runtime.containers.values()].find((c) => c.labels[LabelType] === 'sandbox')!;
    old.labels['io.skiff.pod.ip'] = '10.99.0.2';
    await t.sync();
    const running = [...t.runtime.containers.values()].filter((c) => c.labels[LabelType] === 'sandbox' && c.state === 'running');
    expect(running.map((c) => c.labels[LabelPodIP])).toEqual(['10.244.0.3']);
    expect(t.byName('c0').filter((c) => c.state === 'running').length).toBe(1);
  });

  it('reports a pod-level seccomp profile it cannot load as CreateContainerConfigError on every container', async () => {
    const t = setup(makePod([{}, {}], { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'missing.json' } } }));
    await t.sync();
    await t.sync();
    expect([...t.runtime.containers.values()]).toEqual([]);
    const st = t.current().status!;
    expect(st.phase).toBe('Pending');
    expect(st.containerStatuses!.map((c) => c.state?.waiting?.reason)).toEqual(['CreateContainerConfigError', 'CreateContainerConfigError']);
    expect(t.events.filter((e) => e.startsWith('Warning Failed: Error: cannot read seccomp profile'))).toHaveLength(1);
  });

  it('treats a container whose start failed as a failed attempt: back-off, then a new attempt', async () => {
    const t = setup(makePod([{ image: 'skiff/broken:1' }]));
    t.runtime.images.add('skiff/broken:1');
    t.runtime.startErrors.set('skiff/broken:1', 'exec: "/app": stat /app: no such file or directory');
    await t.sync();
    const first = t.latest('c0');
    Object.assign(first, { state: 'created' }); // as Docker keeps it after a failed start
    await t.sync(); // the first restart comes at once (0 s back-off), as a new attempt
    expect(t.byName('c0').map((c) => c.name).sort()).toEqual([first.name, first.name.replace(/_0$/, '_1')].sort());
    await t.sync(); // the second must wait 10 s
    expect(t.byName('c0')).toHaveLength(2);
    expect(t.current().status!.containerStatuses![0]).toMatchObject({
      state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'StartError', exitCode: 128 } }, restartCount: 1,
    });
  });

  it('puts a hostNetwork pod on the host network with no pod IP of its own', async () => {
    const t = setup(makePod([{}], { hostNetwork: true }));
    await t.sync();
    const sandbox = [...t.runtime.containers.values()].find((c) => c.labels[LabelType] === 'sandbox')!;
    expect(sandbox.labels[LabelPodIP]).toBeUndefined();
    expect((sandbox as unknown as { sandbox: { network: string } }).sandbox.network).toBe('host');
    expect(t.network.attached).toEqual([]);
  });

  it('reads the pod\'s containers once on a sync with nothing to do, again only after it changed some', async () => {
    const t = setup(makePod([{}, {}]));
    let lists = 0;
    const list = t.runtime.list.bind(t.runtime);
    t.runtime.list = (f) => (lists++, list(f));
    await t.sync();
    expect(lists).toBe(3); // before, after creating the sandbox, after starting the containers
    lists = 0;
    await t.sync();
    expect(lists).toBe(1);
    expect(t.current().status!.phase).toBe('Running');
    t.runtime.exit(t.latest('c1').id, 1);
    lists = 0;
    await t.sync();
    expect(lists).toBe(2); // the restart of c1 is read back before the status is written
    expect(t.current().status!.containerStatuses!.find((c) => c.name === 'c1')!.restartCount).toBe(1);
  });

  it('restarts a crashing container with 0 s, 10 s, 20 s back-off (CrashLoopBackOff)', async () => {
    const t = setup(makePod([{}]));
    await t.sync();
    const waits: Array<number | undefined> = [];
    for (let i = 0; i < 3; i++) {
      t.runtime.exit(t.latest('c0').id, 1);
      let r = await t.sync();
      if (r.requeueAfterMs) {
        waits.push(Math.round(r.requeueAfterMs / 1000));
        expect(t.current().status!.containerStatuses![0].state!.waiting!.reason).toBe('CrashLoopBackOff');
        expect(t.current().status!.containerStatuses![0].lastState!.terminated!.exitCode).toBe(1);
        t.clock.advance(r.requeueAfterMs);
        r = await t.sync();
      } else waits.push(0);
      expect(t.latest('c0').state).toBe('running');
    }
    expect(waits).toEqual([0, 10, 20]);
    expect(t.current().status!.containerStatuses![0].restartCount).toBe(3);
    // Only current and previous attempts are kept.
    expect(t.byName('c0').length).toBe(2);
  });

  it.each([
    ['Never', 0, 'Succeeded', 'Completed'],
    ['Never', 2, 'Failed', 'Error'],
    ['OnFailure', 0, 'Succeeded', 'Completed'],
  ])('restartPolicy %s with exit %i ends %s', async (policy, code, phase, reason) => {
    const t = setup(makePod([{}], { restartPolicy: policy }));
    await t.sync();
    t.runtime.exit(t.latest('c0').id, code);
    await t.sync();
    await t.sync();
    const st = t.current().status!;
    expect(st.phase).toBe(phase);
    expect(st.containerStatuses![0].state!.terminated!.reason).toBe(reason);
    expect(t.byName('c0').length).toBe(1);
  });

  it('reports OOMKilled', async () => {
    const t = setup(makePod([{}], { restartPolicy: 'Never' }));
    await t.sync();
    t.runtime.exit(t.latest('c0').id, 137, { oomKilled: true });
    await t.sync();
    expect(t.current().status!.containerStatuses![0].state!.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  });

  it('reports ErrImagePull, then ImagePullBackOff until the back-off ends', async () => {
    const t = setup(makePod([{ image: 'reg.local:5000/missing:v1' }]));
    t.runtime.pullErrors.set('reg.local:5000/missing:v1', 'manifest unknown');
    const first = await t.sync();
    expect(t.current().status!.containerStatuses![0].state!.waiting!.reason).toBe('ErrImagePull');
    expect(first.requeueAfterMs).toBe(1000); // soon, to show the back-off
    t.clock.advance(1000);
    const r = await t.sync();
    expect(t.current().status!.containerStatuses![0].state!.waiting!.reason).toBe('ImagePullBackOff');
    expect(r.requeueAfterMs).toBe(9000); // then when the 10 s back-off ends
    expect(t.current().status!.phase).toBe('Pending');
    t.runtime.pullErrors.clear();
    t.clock.advance(r.requeueAfterMs ?? 10_000);
    await t.sync();
    expect(t.current().status!.containerStatuses![0].state!.running).toBeDefined();
  });

  it('runs init containers one at a time before app containers', async () => {
    const pod = makePod([{}]);
    pod.spec!.initContainers = [{ name: 'i0', image: 'skiff/busybox:latest' }, { name: 'i1', image: 'skiff/busybox:latest' }];
    const t = setup(pod);
    await t.sync();
    expect(t.latest('i0')?.state).toBe('running');
    expect(t.latest('i1')).toBeUndefined();
    expect(t.current().status!.containerStatuses![0].state!.waiting!.reason).toBe('PodInitializing');
    t.runtime.exit(t.latest('i0').id, 0);
    await t.sync();
    t.runtime.exit(t.latest('i1').id, 0);
    await t.sync();
    expect(t.latest('c0').state).toBe('running');
    expect(t.current().status!.conditions!.find((c) => c.type === 'Initialized')!.status).toBe('True');
  });

  it('adopts running containers after a restart without touching them', async () => {
    const t = setup(makePod([{}, {}]));
    await t.sync();
    t.runtime.calls.length = 0;
    const fresh = t.mk();
    await fresh.sync(t.current());
    expect(t.runtime.calls).toEqual([]);
  });

  it('terminates a deleted pod with its grace period, then deletes it with grace 0', async () => {
    const t = setup(makePod([{}]));
    await t.sync();
    const pod = t.current();
    pod.metadata.deletionTimestamp = new Date(t.clock.now()).toISOString();
    pod.metadata.deletionGracePeriodSeconds = 7;
    await t.syncer.sync(pod);
    expect(t.runtime.calls).toContain(`stop skiff_c0_p1_default_${pod.metadata.uid!.slice(0, 8)}_0 7`);
    const del = t.fake.actions.find((a) => a.verb === 'delete' && a.resource === 'pods');
    expect(del?.options).toMatchObject({ gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
  });

  it('marks a pod past activeDeadlineSeconds Failed with DeadlineExceeded', async () => {
    const t = setup(makePod([{}], { activeDeadlineSeconds: 30 }));
    const r = await t.sync();
    expect(r.requeueAfterMs).toBe(30_000);
    t.clock.advance(30_000);
    await t.sync();
    expect(t.current().status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded' });
    expect(t.latest('c0').state).toBe('exited');
    expect(t.events.slice(-2)).toEqual(['Normal DeadlineExceeded: Pod was active on the node longer than the specified deadline', 'Normal Killing: Stopping container c0']);
  });

  it('recreates the sandbox and its containers when the sandbox died', async () => {
    const t = setup(makePod([{}]));
    await t.sync();
    const sandbox = [...t.runtime.containers.values()].find((c) => c.labels[LabelType] === 'sandbox')!;
    t.runtime.exit(sandbox.id, 0);
    await t.sync();
    const sandboxes = [...t.runtime.containers.values()].filter((c) => c.labels[LabelType] === 'sandbox' && c.state === 'running');
    expect(sandboxes.map((s) => s.name)).toEqual([`skiff_POD_p1_default_${t.current().metadata.uid!.slice(0, 8)}_1`]);
    expect(t.byName('c0').filter((c) => c.state === 'running').length).toBe(1);
    expect(t.events).toContain('Normal SandboxChanged: Pod sandbox changed, it will be killed and re-created.');
    expect(t.events).toContain('Normal Killing: Stopping container c0');
  });

  describe('events', () => {
    it('a fresh pod: Pulled (already present) → Created → Started per container', async () => {
      const t = setup(makePod([{ name: 'web' }]));
      await t.sync();
      expect(t.events).toEqual([
        'Normal Pulled: Container image "skiff/busybox:latest" already present on machine',
        'Normal Created: Created container: web',
        'Normal Started: Started container web',
      ]);
    });

    it('a deleted pod: Killing for each running container, nothing more on later syncs', async () => {
      const t = setup(makePod([{ name: 'web' }, { name: 'side' }]));
      await t.sync();
      t.events.length = 0;
      const pod = t.current();
      pod.metadata.deletionTimestamp = new Date(t.clock.now()).toISOString();
      await t.syncer.sync(pod);
      await t.syncer.sync(pod);
      expect(t.events.sort()).toEqual(['Normal Killing: Stopping container side', 'Normal Killing: Stopping container web']);
    });

    it('a pulled image: Pulling → Pulled with the time taken; a failing pull: Failed, Error: ErrImagePull, then BackOff and Error: ImagePullBackOff', async () => {
      const image = 'reg.local:5000/app:v1';
      const t = setup(makePod([{ name: 'web', image }]));
      t.runtime.pullErrors.set(image, 'manifest unknown');
      await t.sync();
      expect(t.events).toEqual([
        `Normal Pulling: Pulling image "${image}"`,
        `Warning Failed: Failed to pull image "${image}": manifest unknown`,
        'Warning Failed: Error: ErrImagePull',
      ]);
      t.events.length = 0;
      const r = await t.sync();
      expect(t.events).toEqual([`Normal BackOff: Back-off pulling image "${image}"`, 'Warning Failed: Error: ImagePullBackOff']);
      t.events.length = 0;
      t.runtime.pullErrors.clear();
      t.clock.advance(r.requeueAfterMs ?? 10_000);
      await t.sync();
      expect(t.events).toEqual([
        `Normal Pulling: Pulling image "${image}"`,
        `Normal Pulled: Successfully pulled image "${image}" in 0s (0s including waiting)`,
        'Normal Created: Created container: web',
        'Normal Started: Started container web',
      ]);
    });

    it('ErrImageNeverPull when the image is missing and the policy is Never', async () => {
      const t = setup(makePod([{ name: 'web', image: 'not/here:v1', imagePullPolicy: 'Never' }]));
      await t.sync();
      expect(t.events).toEqual(['Warning ErrImageNeverPull: Container image "not/here:v1" is not present with pull policy of Never', 'Warning Failed: Error: ErrImageNeverPull']);
      expect(t.runtime.calls.filter((c) => c.startsWith('pull'))).toEqual([]);
    });

    it('CrashLoopBackOff: one BackOff warning per crash, however often the pod syncs', async () => {
      const t = setup(makePod([{ name: 'web' }]));
      await t.sync();
      const uid = t.current().metadata.uid;
      const backOffs = () => t.events.filter((e) => e.includes('BackOff'));
      for (let crash = 1; crash <= 2; crash++) {
        t.runtime.exit(t.latest('web').id, 1);
        let r = await t.sync();
        // The first crash restarts at once (no back-off yet).
        if (!r.requeueAfterMs) { t.runtime.exit(t.latest('web').id, 1); r = await t.sync(); }
        await t.sync();
        await t.sync();
        expect(backOffs().length).toBe(crash);
        t.clock.advance(r.requeueAfterMs!);
        await t.sync();
        expect(t.latest('web').state).toBe('running');
      }
      expect(backOffs()[0]).toBe(`Warning BackOff: Back-off restarting failed container web in pod p1_default(${uid})`);
    });
  });
});

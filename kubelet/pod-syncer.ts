/**
 * PodSyncer drives one pod toward its spec in a single pass (the kubelet's SyncPod): sandbox,
 * init containers in order, app containers with restart policy and CrashLoopBackOff, probes,
 * hooks, termination, status. Callers (pod-workers.ts) guarantee one pass per pod at a time.
 */
import type { Clock } from '../client/clock.ts';
import type { Client, EventRecorder } from '../client/types.ts';
import type { Logger } from '../component-base/logger.ts';
import { Resources } from '../api/resources.ts';
import { isNotFound } from '../api/errors.ts';
import type { Container, Pod, PodStatus } from './api-types.ts';
import type { ContainerRuntime, Mount, RuntimeContainer } from './runtime/types.ts';
import { LabelContainerHash, LabelContainerName, LabelPodIP, LabelType } from './runtime/types.ts';
import { Backoff } from './backoff.ts';
import { ImageManager } from './images.ts';
import { classifyStartError } from './start-errors.ts';
import { buildEnv } from './env.ts';
import { prepareVolumes, cleanupPodDir, podDir, type VolumeSource } from './volumes.ts';
import { ConfigError, containerConfig } from './container-config.ts';
import { attemptOf, containerHash, containerLabels, dockerName, sandboxLabels, SandboxContainerName } from './naming.ts';
import { loadPodView, type LoadedView } from './pod-view.ts';
import { computePodStatus, type Waiting } from './status.ts';
import { StatusWriter } from './status-writer.ts';
import { ProbeManager, type RunningContainer } from './prober/manager.ts';
import { runHandler } from './prober/handler.ts';
import { killAll, killContainer } from './pod-killer.ts';
import { podDnsConfig, resolvConf, type DnsSettings } from './network/dns.ts';
import { hostsFile, podHostname } from './network/hosts-file.ts';
import { seccompOption } from './seccomp.ts';
import type { SandboxNetwork } from './network/pod-network.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** PodSyncerOptions wire a PodSyncer. */
export interface PodSyncerOptions {
  runtime: ContainerRuntime;
  client: Client;
  clock: Clock;
  log: Logger;
  recorder?: EventRecorder;
  src: VolumeSource;
  hostIP: () => string;
  rootDir: string;
  /** network gives sandboxes their pod IP and wires them into the node's pod bridge. */
  network: SandboxNetwork;
  pauseImage: string;
  dns: DnsSettings;
  allowPrivileged: boolean;
  /** requeue asks the pod workers to sync a pod again (probe result changed). */
  requeue(uid: string): void;
  backoff?: { initialMs?: number; maxMs?: number; resetAfterMs?: number };
}

/** SyncResult tells the pod worker when to come back (a backoff or deadline ends). */
export interface SyncResult {
  requeueAfterMs?: number;
}

const terminalPhases = new Set(['Succeeded', 'Failed']);

/** PodSyncer: see the file comment. */
export class PodSyncer {
  readonly #o: PodSyncerOptions;
  readonly probes: ProbeManager;
  readonly #restartBackoff: Backoff;
  readonly #images: ImageManager;
  readonly #waiting = new Map<string, Map<string, Waiting>>();
  readonly #status: StatusWriter;
  /**
   * #changes counts the containers this syncer created, started or killed: a sync reads the pod's
   * containers again only after it changed some (a quiet sync costs one list, not three). Pods
   * sync concurrently, so another pod's change also counts: one read too many, never one too few.
   */
  #changes = 0;
  /** #pauseReady is set once the pause image was found; a failed sandbox create clears it. */
  #pauseReady = false;

  constructor(o: PodSyncerOptions) {
    this.#o = o;
    this.#restartBackoff = new Backoff(o.clock, o.backoff);
    this.#status = new StatusWriter(o.client);
    this.#images = new ImageManager(o.runtime, new Backoff(o.clock, o.backoff), o.src, () => o.clock.now(), (pod, type, reason, message) => this.#event(pod, type, reason, message));
    this.probes = new ProbeManager({ runtime: o.runtime, clock: o.clock, log: o.log, onChange: (uid) => o.requeue(uid) });
  }

  /** sync runs one pass for a pod that exists in the API. */
  async sync(pod: Pod): Promise<SyncResult> {
    const uid = pod.metadata.uid ?? '';
    const log = this.#o.log.child({ pod: `${pod.metadata.namespace}/${pod.metadata.name}` });
    if (pod.metadata.deletionTimestamp) return this.#terminate(pod, log);
    let view = await loadPodView(this.#o.runtime, uid);
    if (terminalPhases.has(pod.status?.phase ?? '')) {
      await this.#stopPod(pod, view, 0, log);
      return {};
    }
    const deadline = this.#deadlineMs(pod);
    if (deadline !== undefined && deadline <= 0) {
      if (running(view).length) this.#event(pod, 'Normal', 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline');
      await this.#stopPod(pod, view, this.#grace(pod), log);
      view = await loadPodView(this.#o.runtime, uid);
      await this.#writeStatus(pod, view, { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
      return {};
    }
    const waits: number[] = deadline !== undefined ? [deadline] : [];
    const sandbox = await this.#ensureSandbox(pod, view, log);
    if (sandbox) {
      if (sandbox !== view.sandbox) view = await loadPodView(this.#o.runtime, uid);
      const before = this.#changes;
      const initDone = await this.#syncInit(pod, view, sandbox, log, waits);
      if (initDone) await this.#syncApps(pod, view, sandbox, log, waits);
      if (this.#changes !== before) view = await loadPodView(this.#o.runtime, uid);
      await this.#collect(view);
      this.probes.sync(pod, sandbox.ip ?? this.#o.hostIP(), runningMap(view));
    }
    const status = await this.#writeStatus(pod, view, this.#initFailure(pod, view));
    if (status && terminalPhases.has(status.phase ?? '')) {
      // A finished pod keeps its containers (for logs) but not its sandbox.
      if (view.sandbox?.state === 'running') await this.#o.runtime.stop(view.sandbox.id, 2);
      this.probes.removePod(uid);
    }
    return waits.length ? { requeueAfterMs: Math.max(100, Math.min(...waits)) } : {};
  }

  /** cleanup removes everything of a pod that no longer exists (or is not bound here). */
  async cleanup(uid: string, pod?: Pod): Promise<void> {
    const view = await loadPodView(this.#o.runtime, uid);
    await killAll(running(view), view.sandbox, this.#kill(pod, view, pod ? this.#grace(pod) : 2, this.#o.log));
    for (const c of view.all) await this.#o.runtime.remove(c.id);
    await cleanupPodDir(this.#o.rootDir, uid);
    this.#o.network.forget(uid);
    this.probes.removePod(uid);
    this.#restartBackoff.forgetPrefix(`${uid}/`);
    this.#waiting.delete(uid);
    this.#status.forget(uid);
  }

  async #terminate(pod: Pod, log: Logger): Promise<SyncResult> {
    const uid = pod.metadata.uid ?? '';
    let view = await loadPodView(this.#o.runtime, uid);
    const grace = pod.metadata.deletionGracePeriodSeconds ?? this.#grace(pod);
    if (running(view).length || view.sandbox?.state === 'running') log.info({ grace }, 'killing pod');
    await this.#stopPod(pod, view, grace, log);
    this.probes.removePod(uid);
    view = await loadPodView(this.#o.runtime, uid);
    await this.#writeStatus(pod, view, undefined);
    try {
      await this.#o.client.resource<Pod>(Resources.pods).delete(pod.metadata.namespace, pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return {};
  }

  async #ensureSandbox(pod: Pod, view: LoadedView, log: Logger): Promise<RuntimeContainer | undefined> {
    const uid = pod.metadata.uid ?? '';
    // A sandbox whose IP lies outside the node's pod CIDR (it changed) is replaced like a dead one.
    if (view.sandbox?.state === 'running' && this.#o.network.fits(view.sandbox)) {
      // Free for a sandbox this process wired; after a kubelet restart it finishes a wiring cut short.
      await this.#o.network.attach(uid, view.sandbox);
      return view.sandbox;
    }
    const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
    const apps = pod.spec?.containers ?? [];
    // A pod whose containers all finished for good gets no new sandbox.
    const finished = apps.every((c) => {
      const latest = view.containers.get(c.name)?.[0];
      return ended(latest) && (restartPolicy === 'Never' || (restartPolicy === 'OnFailure' && latest!.exitCode === 0));
    });
    if (finished && apps.length) return undefined;
    const attempt = view.sandbox ? attemptOf(view.sandbox.labels) + 1 : 0;
    if (view.sandbox) {
      log.info({ state: view.sandbox.state, ip: view.sandbox.ip }, 'sandbox is not running or outside the pod CIDR; recreating it with all containers');
      this.#event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      await this.#stopPod(pod, view, 2, log);
    }
    await this.#ensurePause();
    // Containers created for an earlier sandbox but never started would join a namespace that is gone.
    for (const c of view.all) if (c.state === 'created' && c.labels[LabelType] === 'container') await this.#o.runtime.remove(c.id);
    const spec = pod.spec!;
    const seccomp = await this.#sandboxSeccomp(pod);
    if (seccomp instanceof ConfigError) return undefined;
    const ip = spec.hostNetwork ? undefined : await this.#o.network.reserve(uid);
    try {
      const labels = sandboxLabels(pod, attempt, ip);
      const id = await this.#o.runtime.createSandbox({
        name: dockerName(pod, SandboxContainerName, attempt),
        image: this.#o.pauseImage,
        labels,
        hostname: podHostname(pod),
        // The kubelet wires pod sandboxes itself (kubelet/network/pod-network.ts).
        network: spec.hostNetwork ? 'host' : 'none',
        dns: podDnsConfig(pod, this.#o.dns),
        extraHosts: (spec.hostAliases ?? []).flatMap((a) => (a.hostnames ?? []).map((h) => `${h}:${a.ip}`)),
        seccomp,
      }).catch((err: unknown) => {
        this.#pauseReady = false; // the pause image may have gone
        throw err;
      });
      const created: RuntimeContainer = { id, name: '', image: this.#o.pauseImage, imageId: '', labels, state: 'created', createdAt: new Date(), ip };
      const early = view.all.length ? Promise.resolve([]) : this.#createEarly(pod, created, log);
      try {
        await this.#o.runtime.start(id);
        const sandbox = await this.#o.runtime.inspect(id);
        if (sandbox) await this.#o.network.attach(uid, sandbox);
        await early;
        return sandbox;
      } catch (err) {
        for (const c of await early) await this.#o.runtime.remove(c);
        throw err;
      }
    } finally {
      // From here on the running sandbox's label holds the IP.
      if (ip) this.#o.network.release(uid);
    }
  }

  /**
   * #sandboxSeccomp is the sandbox's seccomp option (the pod-level profile). A profile it cannot
   * use is reported on every container, as CreateContainerConfigError, and returned as the error.
   */
  async #sandboxSeccomp(pod: Pod): Promise<string | undefined | ConfigError> {
    try {
      return await seccompOption(pod.spec?.securityContext?.seccompProfile, 'Unconfined', this.#o.rootDir);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const uid = pod.metadata.uid ?? '';
      const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
      // One event per new message, not one per sync.
      if (this.#waiting.get(uid)?.get(all[0]?.name ?? '')?.message !== err.message) this.#event(pod, 'Warning', 'Failed', `Error: ${err.message}`);
      for (const c of all) this.#setWaiting(uid, c.name, { reason: 'CreateContainerConfigError', message: err.message });
      return err;
    }
  }

  /**
   * #createEarly creates a new pod's first containers (its first init container, or else every
   * app container) while the sandbox starts: creating needs only the sandbox's ID, so the creates
   * leave the pod's start-up path; the sync starts them once the sandbox is wired. It stops at the
   * first container it cannot create now (an image to pull, a config error), which the sync then
   * handles and reports as usual. Returns the IDs created.
   */
  async #createEarly(pod: Pod, sandbox: RuntimeContainer, log: Logger): Promise<string[]> {
    const init = !!pod.spec?.initContainers?.length;
    const first = init ? pod.spec!.initContainers!.slice(0, 1) : (pod.spec?.containers ?? []);
    const ids: string[] = [];
    for (const c of first) {
      try {
        if (!(await this.#images.usable(pod, c))) break;
        ids.push(await this.#create(pod, c, 0, sandbox, init, log));
      } catch (err) {
        log.debug({ err, container: c.name }, 'not created early; left to the sync');
        break;
      }
    }
    return ids;
  }

  async #ensurePause(): Promise<void> {
    if (this.#pauseReady) return;
    if (!(await this.#o.runtime.imagePresent(this.#o.pauseImage))) await this.#o.runtime.pullImage(this.#o.pauseImage);
    this.#pauseReady = true;
  }

  /** #syncInit runs init containers one by one; true once all have succeeded. */
  async #syncInit(pod: Pod, view: LoadedView, sandbox: RuntimeContainer, log: Logger, waits: number[]): Promise<boolean> {
    for (const c of pod.spec?.initContainers ?? []) {
      const latest = view.containers.get(c.name)?.[0];
      if (latest?.state === 'exited' && latest.exitCode === 0) continue;
      if (latest?.state === 'running') return false;
      if (ended(latest) && (pod.spec?.restartPolicy ?? 'Always') === 'Never') return false;
      await this.#startWithBackoff(pod, c, latest, sandbox, true, log, waits);
      return false;
    }
    return true;
  }

  async #syncApps(pod: Pod, view: LoadedView, sandbox: RuntimeContainer, log: Logger, waits: number[]): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    const policy = pod.spec?.restartPolicy ?? 'Always';
    for (const c of pod.spec?.containers ?? []) {
      let latest = view.containers.get(c.name)?.[0];
      if (latest?.state === 'running') {
        const failure = this.probes.failure(uid, c.name, latest.id);
        const changed = latest.labels[LabelContainerHash] && latest.labels[LabelContainerHash] !== containerHash(c);
        if (!failure && !changed) continue;
        log.info({ container: c.name, reason: failure ?? 'spec changed' }, 'restarting container');
        this.#event(pod, 'Normal', 'Killing', failure ? `Container ${c.name} failed ${failure.split(' ')[0].toLowerCase()} probe, will be restarted` : `Container ${c.name} definition changed, will be restarted`);
        this.#changes++;
        await killContainer(latest, this.#kill(pod, view, this.#grace(pod), log));
        latest = (await this.#o.runtime.inspect(latest.id)) ?? latest;
        if (changed) {
          await this.#start(pod, c, attemptOf(latest.labels) + 1, sandbox, false, log);
          continue;
        }
      }
      if (latest && ended(latest)) {
        const restart = policy === 'Always' || (policy === 'OnFailure' && latest.exitCode !== 0);
        if (!restart) continue;
      }
      await this.#startWithBackoff(pod, c, latest, sandbox, false, log, waits);
    }
  }

  /** #startWithBackoff starts the next attempt of a container unless its CrashLoopBackOff runs. */
  async #startWithBackoff(pod: Pod, c: Container, latest: RuntimeContainer | undefined, sandbox: RuntimeContainer, init: boolean, log: Logger, waits: number[]): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    const key = `${uid}/${c.name}`;
    if (latest && ended(latest)) {
      // An attempt that never started (its start failed) ran for 0 s: it must not reset the back-off.
      const ran = latest.startedAt && latest.finishedAt ? latest.finishedAt.getTime() - latest.startedAt.getTime() : 0;
      if (ran >= (this.#o.backoff?.resetAfterMs ?? 600_000)) this.#restartBackoff.reset(key);
      const remaining = this.#restartBackoff.remainingMs(key, (latest.finishedAt ?? latest.createdAt).getTime());
      if (remaining > 0) {
        const window = Math.round(this.#restartBackoff.currentMs(key) / 1000);
        const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${uid})`;
        const message = `back-off ${window}s restarting failed container=${c.name} pod=${podRef}`;
        // One event per crash (the next start clears the waiting state), not one per sync.
        if (this.#waiting.get(uid)?.get(c.name)?.message !== message) this.#event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef}`);
        this.#setWaiting(uid, c.name, { reason: 'CrashLoopBackOff', message });
        waits.push(remaining);
        return;
      }
      this.#restartBackoff.next(key);
    }
    const attempt = latest ? attemptOf(latest.labels) + 1 : 0;
    // A container created but never started (created early, or the kubelet died in between) is
    // started, not duplicated.
    const retry = await this.#start(pod, c, attempt, sandbox, init, log, latest?.state === 'created' && !latest.error ? latest.id : undefined);
    if (retry !== undefined) waits.push(retry);
  }

  /** #start creates (unless `createdId` names one already created) and starts one container attempt; returns a retry delay when it must wait. */
  async #start(pod: Pod, c: Container, attempt: number, sandbox: RuntimeContainer, init: boolean, log: Logger, createdId?: string): Promise<number | undefined> {
    try {
      let id = createdId;
      if (!id) {
        await this.#images.ensure(pod, c);
        id = await this.#create(pod, c, attempt, sandbox, init, log);
      }
      await this.#run(pod, c, id, sandbox);
      return undefined;
    } catch (err) {
      return this.#startFailed(pod, c, err as Error, log);
    }
  }

  /** #create creates one container attempt in the sandbox (its image present) and returns its ID. */
  async #create(pod: Pod, c: Container, attempt: number, sandbox: RuntimeContainer, init: boolean, log: Logger): Promise<string> {
    const withIP = withPodIP(pod, sandbox.ip);
    const env = await buildEnv(withIP, c, this.#o.src, this.#o.hostIP());
    const volumes = await prepareVolumes(withIP, this.#o.rootDir, this.#o.src, this.#o.hostIP(), log);
    const spec = containerConfig(pod, c, {
      name: dockerName(pod, c.name, attempt), labels: containerLabels(pod, c, attempt, init), sandboxId: sandbox.id, env, volumes, allowPrivileged: this.#o.allowPrivileged,
    });
    await this.#mountResolvConf(pod, spec.mounts);
    await this.#mountHosts(pod, sandbox, spec.mounts);
    spec.seccomp = await seccompOption(c.securityContext?.seccompProfile ?? pod.spec?.securityContext?.seccompProfile, 'RuntimeDefault', this.#o.rootDir);
    this.#waiting.get(pod.metadata.uid ?? '')?.delete(c.name);
    this.#changes++;
    const id = await this.#o.runtime.createContainer(spec);
    this.#event(pod, 'Normal', 'Created', `Created container: ${c.name}`);
    return id;
  }

  /** #run starts a created container and runs its postStart hook (a failed hook stops it). */
  async #run(pod: Pod, c: Container, id: string, sandbox: RuntimeContainer): Promise<void> {
    this.#changes++;
    try {
      await this.#o.runtime.start(id);
    } catch (err) {
      this.#event(pod, 'Warning', 'Failed', `Error: failed to start container "${c.name}": ${(err as Error).message}`);
      return;
    }
    this.#event(pod, 'Normal', 'Started', `Started container ${c.name}`);
    const postStart = c.lifecycle?.postStart;
    if (!postStart) return;
    const r = await runHandler(postStart, { podIP: sandbox.ip ?? '', container: c, containerId: id, runtime: this.#o.runtime, timeoutMs: this.#grace(pod) * 1000 });
    if (!r.ok) {
      this.#event(pod, 'Warning', 'FailedPostStartHook', `PostStartHook failed: ${r.message}`);
      await this.#o.runtime.stop(id, this.#grace(pod));
    }
  }

  /**
   * #mountResolvConf binds the pod's own resolv.conf over /etc/resolv.conf: on a user-defined
   * Docker network the engine would otherwise show its embedded resolver (127.0.0.11).
   */
  async #mountResolvConf(pod: Pod, mounts: Mount[]): Promise<void> {
    const dns = pod.spec?.hostNetwork && pod.spec.dnsPolicy !== 'ClusterFirstWithHostNet' ? undefined : podDnsConfig(pod, this.#o.dns);
    if (!dns || mounts.some((m) => m.containerPath === '/etc/resolv.conf')) return;
    const file = path.join(podDir(this.#o.rootDir, pod.metadata.uid ?? ''), 'resolv.conf');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, resolvConf(dns));
    mounts.push({ hostPath: file, containerPath: '/etc/resolv.conf', readOnly: true });
  }

  /** #mountHosts binds the kubelet-managed /etc/hosts (network/hosts-file.ts) of a pod the kubelet wired. */
  async #mountHosts(pod: Pod, sandbox: RuntimeContainer, mounts: Mount[]): Promise<void> {
    const ip = sandbox.labels[LabelPodIP];
    if (!ip || mounts.some((m) => m.containerPath === '/etc/hosts')) return;
    const file = path.join(podDir(this.#o.rootDir, pod.metadata.uid ?? ''), 'etc-hosts');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, hostsFile(pod, ip, this.#o.dns.clusterDomain));
    mounts.push({ hostPath: file, containerPath: '/etc/hosts', readOnly: false });
  }

  #startFailed(pod: Pod, c: Container, err: Error, log: Logger): number | undefined {
    const f = classifyStartError(err, this.#images.retryInMs(pod, c));
    if (!f) throw err;
    if (f.waiting) this.#setWaiting(pod.metadata.uid ?? '', c.name, f.waiting);
    if (f.event) this.#event(pod, 'Warning', f.event.reason, f.event.message);
    else log.warn({ container: c.name }, 'container attempt already exists; re-reading');
    return f.retryMs;
  }

  #setWaiting(uid: string, name: string, w: Waiting): void {
    let m = this.#waiting.get(uid);
    if (!m) this.#waiting.set(uid, (m = new Map()));
    m.set(name, w);
  }

  #initFailure(pod: Pod, view: LoadedView): { reason: string; message: string } | undefined {
    if ((pod.spec?.restartPolicy ?? 'Always') !== 'Never') return undefined;
    const failed = (pod.spec?.initContainers ?? []).find((c) => {
      const l = view.containers.get(c.name)?.[0];
      return ended(l) && l!.exitCode !== 0;
    });
    return failed ? { reason: 'Failed', message: `init container ${failed.name} failed` } : undefined;
  }

  async #writeStatus(pod: Pod, view: LoadedView, failure: { reason: string; message: string } | undefined): Promise<PodStatus | undefined> {
    const uid = pod.metadata.uid ?? '';
    const waiting = this.#waiting.get(uid);
    const status = computePodStatus(pod, {
      view, hostIP: this.#o.hostIP(), now: new Date(this.#o.clock.now()), failure,
      waiting: (name) => {
        const w = waiting?.get(name);
        const latest = view.containers.get(name)?.[0];
        // A CrashLoopBackOff ends once the next attempt runs.
        return w && !(latest?.state === 'running' && w.reason === 'CrashLoopBackOff') ? w : undefined;
      },
      ready: (name, id) => this.probes.ready(uid, name, id),
      started: (name, id) => this.probes.started(uid, name, id),
    });
    if (pod.metadata.deletionTimestamp) status.conditions = status.conditions?.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False' } : c));
    await this.#status.write(pod, status);
    return status;
  }

  /** #stopPod kills every running container (a Killing event each, as Kubernetes) and the sandbox. */
  async #stopPod(pod: Pod, view: LoadedView, graceSeconds: number, log: Logger): Promise<void> {
    const victims = running(view);
    for (const rc of victims) this.#event(pod, 'Normal', 'Killing', `Stopping container ${rc.labels[LabelContainerName]}`);
    await killAll(victims, view.sandbox, this.#kill(pod, view, graceSeconds, log));
  }

  #kill(pod: Pod | undefined, view: LoadedView, graceSeconds: number, log: Logger) {
    return { runtime: this.#o.runtime, clock: this.#o.clock, log, pod, podIP: view.sandbox?.ip ?? '', graceSeconds };
  }

  #grace(pod: Pod): number {
    return pod.spec?.terminationGracePeriodSeconds ?? 30;
  }

  #deadlineMs(pod: Pod): number | undefined {
    const d = pod.spec?.activeDeadlineSeconds;
    if (d === undefined || d === null) return undefined;
    const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : this.#o.clock.now();
    return start + d * 1000 - this.#o.clock.now();
  }

  async #collect(view: LoadedView): Promise<void> {
    for (const c of view.garbage) await this.#o.runtime.remove(c.id);
  }

  #event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.#o.recorder?.event(pod, type, reason, message);
  }
}

function running(view: LoadedView): RuntimeContainer[] {
  return view.all.filter((c) => c.state === 'running' && c.labels[LabelType] === 'container');
}

function runningMap(view: LoadedView): Map<string, RunningContainer> {
  const m = new Map<string, RunningContainer>();
  for (const [name, list] of view.containers) {
    const l = list[0];
    if (l?.state === 'running') m.set(name, { id: l.id, startedAt: l.startedAt?.getTime() ?? Date.now() });
  }
  return m;
}

function withPodIP(pod: Pod, ip: string | undefined): Pod {
  if (!ip || pod.status?.podIP === ip) return pod;
  return { ...pod, status: { ...pod.status, podIP: ip, podIPs: [{ ip }] } };
}

/**
 * ended tells whether a container attempt is over: it exited, or its start failed (Docker keeps
 * such a container "created", with the error and an exit code).
 */
function ended(c: RuntimeContainer | undefined): boolean {
  return c?.state === 'exited' || (c?.state === 'created' && !!c.error);
}

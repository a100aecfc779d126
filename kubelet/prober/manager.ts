/**
 * ProbeManager runs the liveness, readiness and startup probes of running containers (one
 * worker per container and probe kind, as the kubelet's prober manager does) and keeps their
 * results: readiness starts false, liveness starts true, and both wait for the startup probe.
 * Results change only after failureThreshold/successThreshold consecutive outcomes; every
 * change calls onChange(podUid) so the pod worker re-syncs.
 */
import type { Clock } from '../../client/clock.ts';
import type { Logger } from '../../component-base/logger.ts';
import type { Container, Pod, Probe } from '../api-types.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { runHandler } from './handler.ts';

/** ProbeKind names the three probes. */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** RunningContainer is what the manager needs of a running container. */
export interface RunningContainer {
  id: string;
  startedAt: number;
}

interface Worker {
  kind: ProbeKind;
  containerId: string;
  probe: Probe;
  result: boolean;
  streak: number;
  lastOk?: boolean;
  message: string;
  timer?: unknown;
  stopped: boolean;
}

/** ProbeManagerOptions wire the manager. */
export interface ProbeManagerOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  log: Logger;
  onChange(podUid: string): void;
}

/** ProbeManager: see the file comment. */
export class ProbeManager {
  readonly #o: ProbeManagerOptions;
  /** workers by `${uid}/${container}/${kind}`. */
  readonly #workers = new Map<string, Worker>();
  readonly #podIPs = new Map<string, string>();
  readonly #containers = new Map<string, Container>();

  constructor(o: ProbeManagerOptions) {
    this.#o = o;
  }

  /** sync makes the workers of a pod match its running containers; stale ones stop. */
  sync(pod: Pod, podIP: string, running: Map<string, RunningContainer>): void {
    const uid = pod.metadata.uid ?? '';
    this.#podIPs.set(uid, podIP);
    const wanted = new Set<string>();
    for (const c of pod.spec?.containers ?? []) {
      const rc = running.get(c.name);
      if (!rc) continue;
      this.#containers.set(`${uid}/${c.name}`, c);
      for (const [kind, probe] of [['liveness', c.livenessProbe], ['readiness', c.readinessProbe], ['startup', c.startupProbe]] as const) {
        if (!probe) continue;
        const key = `${uid}/${c.name}/${kind}`;
        wanted.add(key);
        const w = this.#workers.get(key);
        if (w && w.containerId === rc.id) continue;
        if (w) this.#stop(key);
        this.#start(key, uid, c.name, kind, probe, rc);
      }
    }
    for (const key of [...this.#workers.keys()]) if (key.startsWith(`${uid}/`) && !wanted.has(key)) this.#stop(key);
  }

  /** removePod stops every worker of a pod. */
  removePod(uid: string): void {
    for (const key of [...this.#workers.keys()]) if (key.startsWith(`${uid}/`)) this.#stop(key);
    this.#podIPs.delete(uid);
  }

  /** started tells whether the startup probe (if any) of the container has succeeded. */
  started(uid: string, name: string, containerId: string): boolean {
    const w = this.#workers.get(`${uid}/${name}/startup`);
    return !w || w.containerId !== containerId ? true : w.result;
  }

  /** ready is the readiness result of a running container (true when it has no readiness probe). */
  ready(uid: string, name: string, containerId: string): boolean {
    if (!this.started(uid, name, containerId)) return false;
    const w = this.#workers.get(`${uid}/${name}/readiness`);
    if (!w) return true;
    return w.containerId === containerId && w.result;
  }

  /** failure returns why a container must be restarted (liveness or startup failed), if so. */
  failure(uid: string, name: string, containerId: string): string | undefined {
    for (const kind of ['startup', 'liveness'] as const) {
      const w = this.#workers.get(`${uid}/${name}/${kind}`);
      if (w && w.containerId === containerId && w.lastOk === false && !w.result && (kind === 'liveness' || w.streak >= (w.probe.failureThreshold ?? 3))) {
        return `${kind === 'liveness' ? 'Liveness' : 'Startup'} probe failed: ${w.message}`;
      }
    }
    return undefined;
  }

  #start(key: string, uid: string, name: string, kind: ProbeKind, probe: Probe, rc: RunningContainer): void {
    const w: Worker = { kind, containerId: rc.id, probe, result: kind === 'liveness', streak: 0, message: '', stopped: false };
    this.#workers.set(key, w);
    const initial = Math.max(0, rc.startedAt + (probe.initialDelaySeconds ?? 0) * 1000 - this.#o.clock.now());
    w.timer = this.#o.clock.setTimeout(() => void this.#tick(key, uid, name, w), initial);
  }

  #stop(key: string): void {
    const w = this.#workers.get(key);
    if (!w) return;
    w.stopped = true;
    this.#o.clock.clearTimeout(w.timer);
    this.#workers.delete(key);
  }

  async #tick(key: string, uid: string, name: string, w: Worker): Promise<void> {
    const period = (w.probe.periodSeconds ?? 10) * 1000;
    // Liveness and readiness wait for the startup probe, as in Kubernetes.
    if (w.kind !== 'startup' && !this.started(uid, name, w.containerId)) {
      w.timer = this.#o.clock.setTimeout(() => void this.#tick(key, uid, name, w), period);
      return;
    }
    // A startup probe that succeeded stops probing.
    if (w.kind === 'startup' && w.result) return;
    const container = this.#containers.get(`${uid}/${name}`);
    const r = container
      ? await runHandler(w.probe, { podIP: this.#podIPs.get(uid) ?? '', container, containerId: w.containerId, runtime: this.#o.runtime, timeoutMs: (w.probe.timeoutSeconds ?? 1) * 1000 })
      : { ok: false, message: 'container gone' };
    if (w.stopped) return;
    this.#record(w, r.ok, r.message, uid);
    w.timer = this.#o.clock.setTimeout(() => void this.#tick(key, uid, name, w), period);
  }

  #record(w: Worker, ok: boolean, message: string, uid: string): void {
    w.streak = w.lastOk === ok ? w.streak + 1 : 1;
    w.lastOk = ok;
    w.message = message;
    const threshold = ok ? (w.probe.successThreshold ?? 1) : (w.probe.failureThreshold ?? 3);
    if (w.streak >= threshold && w.result !== ok) {
      w.result = ok;
      this.#o.log.debug({ pod: uid, kind: w.kind, ok, message }, 'probe result changed');
      this.#o.onChange(uid);
    }
  }
}

/**
 * Kubelet wires the node's parts: the pod informer (spec.nodeName = this node) feeding one
 * worker per pod, runtime events that wake a pod's worker when its containers change, a
 * housekeeping loop that removes containers of pods that are gone or not bound here, the
 * Nodes informer keeping pod-network routes in sync, and the Services informer feeding the
 * containers' service environment variables.
 */
import type { Clock } from '../client/clock.ts';
import { sleep } from '../client/clock.ts';
import type { Client, EventRecorder, Informer, SharedInformerFactory } from '../client/types.ts';
import type { Logger } from '../component-base/logger.ts';
import { Resources } from '../api/resources.ts';
import type { Service } from '../api/core/v1/service.ts';
import type { Node, Pod } from './api-types.ts';
import type { ContainerRuntime } from './runtime/types.ts';
import { LabelNode, LabelPodName, LabelPodNamespace, LabelPodUid } from './runtime/types.ts';
import { specChanged } from './pod-change.ts';
import { PodSyncer } from './pod-syncer.ts';
import { PodWorkers } from './pod-workers.ts';
import type { PodNetwork } from './network/pod-network.ts';
import type { DnsSettings } from './network/dns.ts';
import { reprojectTokens, type VolumeSource } from './volumes.ts';
import { apiObjectSource } from './object-source.ts';
import { TokenManager } from './token-manager.ts';
import { apiTokenRequester } from './token-manager-client.ts';
import { readHost } from './node-status.ts';

/** KubeletOptions wire a Kubelet. */
export interface KubeletOptions {
  client: Client;
  factory: SharedInformerFactory;
  runtime: ContainerRuntime;
  nodeName: string;
  nodeIP: string;
  rootDir: string;
  network: PodNetwork;
  pauseImage: string;
  dns: DnsSettings;
  allowPrivileged: boolean;
  clock: Clock;
  log: Logger;
  recorder?: EventRecorder;
  src?: VolumeSource;
  housekeepingMs?: number;
  resyncMs?: number;
  backoff?: { initialMs?: number; maxMs?: number; resetAfterMs?: number };
}

/** Kubelet: see the file comment. */
export class Kubelet {
  readonly #o: KubeletOptions;
  readonly syncer: PodSyncer;
  readonly workers: PodWorkers;
  readonly pods: Informer<Pod>;
  readonly nodes: Informer<Node>;
  /** services caches every Service (env variables; the Node authorizer lets nodes list them). */
  readonly services: Informer<Service>;
  /** tokens issues and refreshes the service account tokens of projected volumes. */
  readonly tokens: TokenManager;
  readonly #src: VolumeSource;
  /** uid → namespace/name of the pods this kubelet knows (also of pods found only in the runtime). */
  readonly #keys = new Map<string, { ns: string; name: string }>();
  #routesTimer?: unknown;

  constructor(o: KubeletOptions) {
    this.#o = o;
    this.tokens = new TokenManager({ request: apiTokenRequester(o.client), clock: o.clock, log: o.log.child({ component: 'token-manager' }) });
    this.services = o.factory.informerFor<Service>(Resources.services);
    const services = () => this.services.lister.list();
    const src = (this.#src = o.src ?? { ...apiObjectSource(o.client), projectToken: this.tokens.projectToken.bind(this.tokens), services });
    this.syncer = new PodSyncer({
      runtime: o.runtime, client: o.client, clock: o.clock, log: o.log, recorder: o.recorder, src,
      hostIP: () => o.nodeIP, rootDir: o.rootDir, network: o.network, pauseImage: o.pauseImage, dns: o.dns,
      allowPrivileged: o.allowPrivileged, requeue: (uid) => this.workers.enqueue(uid), backoff: o.backoff,
    });
    this.workers = new PodWorkers((uid) => this.#syncUid(uid), o.clock, o.log);
    this.pods = o.factory.informerFor<Pod>(Resources.pods, { fieldSelector: `spec.nodeName=${o.nodeName}` });
    this.nodes = o.factory.informerFor<Node>(Resources.nodes);
    this.pods.addEventHandler({
      add: (p) => this.#podChanged(p),
      // Its own status writes come back as updates: only other changes need a sync.
      update: (old, p) => { if (specChanged(old, p)) this.#podChanged(p); },
      delete: (p) => {
        const pod = ('tombstone' in p ? p.obj : p) as Pod;
        if (pod.metadata.uid) this.workers.enqueue(pod.metadata.uid);
      },
    });
    const routes = () => this.#scheduleRoutes();
    this.nodes.addEventHandler({ add: routes, update: (a, b) => { if (a.spec?.podCIDR !== b.spec?.podCIDR || JSON.stringify(a.status?.addresses) !== JSON.stringify(b.status?.addresses)) routes(); }, delete: routes });
  }

  /** run starts everything (informers are started by the caller's factory) until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    await this.#o.network.setup();
    this.#o.factory.start(signal);
    if (!(await this.#o.factory.waitForCacheSync(signal))) return this.workers.stop();
    this.#o.log.info({ node: this.#o.nodeName, pods: this.pods.lister.list().length }, 'caches synced; syncing pods');
    // Only now, with the full list of our pods known, may containers be judged orphans.
    await Promise.all([this.#events(signal), this.#housekeeping(signal)]);
    this.tokens.stop();
    await this.workers.stop();
  }

  #podChanged(p: Pod): void {
    const uid = p.metadata.uid;
    if (!uid) return;
    this.#keys.set(uid, { ns: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '' });
    this.workers.enqueue(uid);
  }

  async #syncUid(uid: string): Promise<{ requeueAfterMs?: number }> {
    const key = this.#keys.get(uid);
    const pod = key ? this.pods.lister.get(key.ns, key.name) : undefined;
    if (!pod || pod.metadata.uid !== uid || pod.spec?.nodeName !== this.#o.nodeName) {
      await this.syncer.cleanup(uid);
      this.tokens.forgetPod(uid);
      this.#keys.delete(uid);
      this.workers.forget(uid);
      return {};
    }
    const result = await this.syncer.sync(pod);
    if (!pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
      // Adopted pods (after a kubelet restart) get their token files refreshed too.
      await reprojectTokens(pod, this.#o.rootDir, this.#src).catch((err: unknown) => this.#o.log.warn({ err, pod: pod.metadata.name }, 'could not refresh service account tokens'));
    }
    return result;
  }

  /** #events wakes pod workers on container start/die/oom; reconnects (e.g. after a Docker restart). */
  async #events(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        for await (const ev of this.#o.runtime.events(signal)) {
          failures = 0;
          const uid = ev.labels[LabelPodUid];
          if (uid && ev.action !== 'other' && ev.labels[LabelNode] === this.#o.nodeName) this.#wake(uid, ev.labels);
        }
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        this.#o.log.warn({ err }, 'runtime event stream failed; reconnecting');
      }
      await sleep(this.#o.clock, Math.min(500 * 2 ** failures, 10_000), signal);
      // Whatever happened while we were not listening: look at every pod again.
      if (!signal.aborted) {
        await this.#o.network.setup().catch((err) => this.#o.log.warn({ err }, 'pod network setup failed'));
        this.#enqueueAll();
      }
    }
  }

  #wake(uid: string, labels: Record<string, string>): void {
    if (!this.#keys.has(uid) && labels[LabelPodNamespace]) this.#keys.set(uid, { ns: labels[LabelPodNamespace], name: labels[LabelPodName] ?? '' });
    this.workers.enqueue(uid);
  }

  #enqueueAll(): void {
    for (const p of this.pods.lister.list()) this.#podChanged(p);
  }

  /** #housekeeping finds containers of unknown pods and periodically resyncs every pod. */
  async #housekeeping(signal: AbortSignal): Promise<void> {
    let lastResync = this.#o.clock.now();
    while (!signal.aborted) {
      try {
        const containers = await this.#o.runtime.list({ all: true, labels: { [LabelNode]: this.#o.nodeName } });
        const known = new Set(this.pods.lister.list().map((p) => p.metadata.uid));
        for (const c of containers) {
          const uid = c.labels[LabelPodUid];
          if (uid && !known.has(uid)) this.#wake(uid, c.labels);
        }
        if (this.#o.clock.now() - lastResync >= (this.#o.resyncMs ?? 60_000)) {
          lastResync = this.#o.clock.now();
          // Re-assert the pod network first (a restarted dockerd may have reordered FORWARD, a
          // pruned bridge network is made again): the syncs that follow then re-wire the pods.
          await this.#o.network.setup();
          this.#enqueueAll();
          await this.#imageGC();
        }
      } catch (err) {
        this.#o.log.warn({ err }, 'housekeeping failed');
      }
      await sleep(this.#o.clock, this.#o.housekeepingMs ?? 10_000, signal);
    }
  }

  /**
   * #imageGC removes unused images under disk pressure (less than 15% free on the root dir's
   * filesystem, the kubelet's default high threshold), keeping images built locally for Skiff
   * (label io.skiff.image.hash: pause and friends cannot be pulled again offline).
   */
  async #imageGC(): Promise<void> {
    const h = await readHost(this.#o.rootDir);
    if (!h.diskTotal || h.diskAvailable / h.diskTotal >= 0.15) return;
    const freed = await this.#o.runtime.pruneImages('io.skiff.image.hash');
    this.#o.log.info({ freedBytes: freed }, 'disk pressure: removed unused images');
  }

  #scheduleRoutes(): void {
    if (this.#routesTimer) return;
    this.#routesTimer = this.#o.clock.setTimeout(() => {
      this.#routesTimer = undefined;
      this.#o.network.syncRoutes(this.nodes.lister.list()).catch((err) => this.#o.log.warn({ err }, 'route sync failed'));
    }, 200);
  }
}

/**
 * Scheduler ties the pieces together: informers feed the cache and queue; one loop pops a pod,
 * runs the framework synchronously against the cache, assumes the pod on the chosen node and
 * binds it in the background (so the next pod is scheduled while the binding is in flight);
 * a failure is explained on the pod and the pod waits for an event that may help.
 */
import type { Client, EventRecorder, SharedInformerFactory } from '../client/types.ts';
import type { Logger } from '../component-base/logger.ts';
import { isNotFound } from '../api/errors.ts';
import { Resources } from '../api/resources.ts';
import type { Namespace } from '../api/core/v1/namespace.ts';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from './api-types.ts';
import { SchedulerCache, type CacheOptions } from './cache/cache.ts';
import { SchedulingQueue, type QueueOptions, type QueuedPodInfo } from './queue/scheduling-queue.ts';
import { Framework, NoNodesError } from './framework/framework.ts';
import { FitError } from './framework/fit-error.ts';
import type { ClusterEvent, Handle, Plugin } from './framework/types.ts';
import { podKey } from './framework/pod-info.ts';
import { registry } from './plugins/registry.ts';
import type { SchedulerConfig } from './config.ts';
import { bindPod } from './binder.ts';
import { ReasonSchedulerError, ReasonUnschedulable, reportFailure, scheduledMessage } from './explain.ts';
import { registerNodeHandlers, registerPodHandlers, registerVolumeHandlers } from './event-handlers.ts';
import { schedulerMetrics, setPendingSource } from './metrics.ts';

/** SchedulerOptions configure a Scheduler. */
export interface SchedulerOptions {
  client: Client;
  informers: SharedInformerFactory;
  recorder: EventRecorder;
  config: SchedulerConfig;
  logger: Logger;
  queue?: QueueOptions;
  cache?: CacheOptions;
  /** maxInFlightBindings bounds concurrent binding requests (default 64). */
  maxInFlightBindings?: number;
}

/** Scheduler places pending pods on nodes. */
export class Scheduler {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  private plugins = new Map<string, Plugin>();
  private opts: SchedulerOptions;
  private log: Logger;
  private podLister;
  private inFlight = new Set<Promise<void>>();
  private metrics = schedulerMetrics();

  constructor(opts: SchedulerOptions) {
    this.opts = opts;
    this.log = opts.logger;
    this.cache = new SchedulerCache(opts.cache);
    this.queue = new SchedulingQueue(opts.queue);
    const inf = opts.informers;
    const pods = inf.informerFor<Pod>(Resources.pods);
    const nodes = inf.informerFor<Node>(Resources.nodes);
    const pvcs = inf.informerFor<PersistentVolumeClaim>(Resources.persistentvolumeclaims);
    const pvs = inf.informerFor<PersistentVolume>(Resources.persistentvolumes);
    const namespaces = inf.informerFor<Namespace>(Resources.namespaces);
    this.podLister = pods.lister;
    const handle: Handle = {
      snapshot: this.cache,
      pvcLister: pvcs.lister,
      pvLister: pvs.lister,
      namespaceLabels: (ns) => namespaces.lister.get(undefined, ns)?.metadata.labels,
    };
    this.framework = this.buildFramework(handle);
    const targets = { cache: this.cache, queue: this.queue, responsible: (p: Pod) => this.responsible(p) };
    registerPodHandlers(targets, pods);
    registerNodeHandlers(targets, nodes);
    registerVolumeHandlers(targets, pvcs, pvs);
  }

  private buildFramework(handle: Handle): Framework {
    const cfg = this.opts.config;
    const filters: Plugin[] = [];
    const scorers = [];
    for (const name of cfg.enabled) {
      const p = registry.get(name)!(handle, { scoringStrategy: cfg.scoringStrategy });
      this.plugins.set(name, p);
      if (p.filter || p.preFilter) filters.push(p);
      const weight = cfg.weights[name] ?? 0;
      if (p.score && weight > 0) scorers.push({ plugin: p, weight });
    }
    return new Framework(filters, scorers, cfg.percentageOfNodesToScore);
  }

  /**
   * responsible reports whether this scheduler should try to place the pod now: it names this
   * scheduler and carries no scheduling gates (a gated pod waits until its gates are removed).
   */
  responsible(pod: Pod): boolean {
    if ((pod.spec?.schedulingGates?.length ?? 0) > 0) return false;
    return (pod.spec?.schedulerName || 'default-scheduler') === this.opts.config.schedulerName;
  }

  /** run waits for the caches, then schedules until the signal aborts and drains bindings. */
  async run(signal: AbortSignal): Promise<void> {
    this.opts.informers.start(signal);
    if (!(await this.opts.informers.waitForCacheSync(signal))) return;
    this.log.info('caches synced; scheduling');
    setPendingSource(() => this.queue.pending());
    this.queue.run(signal);
    const cleanup = setInterval(() => {
      if (this.cache.cleanupExpiredAssumedPods() > 0) this.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
    }, 1000);
    try {
      while (!signal.aborted && (await this.scheduleOne()));
    } finally {
      clearInterval(cleanup);
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** scheduleOne schedules the next pod; false once the queue is closed. */
  async scheduleOne(): Promise<boolean> {
    const q = await this.queue.pop();
    if (!q) return false;
    const cycle = this.queue.currentCycle();
    const pod = this.podLister.get(q.pod.metadata.namespace, q.pod.metadata.name!);
    // Deleted, bound by someone else, terminating, or already assumed: nothing to do.
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp || this.cache.isAssumed(q.key)) return true;
    q.pod = pod;
    const start = performance.now();
    let nodeName: string;
    try {
      nodeName = this.framework.schedulePod(pod, this.cache).nodeName;
    } catch (err) {
      this.observeAttempt(err instanceof FitError || err instanceof NoNodesError ? 'unschedulable' : 'error', start);
      this.handleFailure(q, cycle, err);
      return true;
    }
    // A shallow copy is enough: neither the cache nor the binder mutates pods.
    const assumed: Pod = { ...pod, spec: { ...pod.spec!, nodeName } };
    this.cache.assumePod(assumed);
    while (this.inFlight.size >= (this.opts.maxInFlightBindings ?? 64)) await Promise.race(this.inFlight);
    const p = this.bindingCycle(q, cycle, assumed, nodeName, start).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return true;
  }

  /** waitForBindings resolves once every binding in flight has finished (tests, shutdown). */
  async waitForBindings(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async bindingCycle(q: QueuedPodInfo, cycle: number, assumed: Pod, nodeName: string, start: number): Promise<void> {
    try {
      await bindPod(this.opts.client, assumed, nodeName);
    } catch (err) {
      this.cache.forgetPod(assumed);
      // The forgotten pod freed room that other waiting pods may use.
      this.queue.moveAllToActiveOrBackoff('AssignedPodDelete');
      this.observeAttempt('error', start);
      if (isNotFound(err)) return;
      this.log.warn({ pod: q.key, node: nodeName, err }, 'binding failed');
      // Kubernetes' wording for a refused binding (reason SchedulerError).
      this.handleFailure(q, cycle, new Error(`binding rejected: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    this.cache.finishBinding(assumed);
    this.observeAttempt('scheduled', start);
    this.metrics.e2eDuration.observe({ result: 'scheduled', profile: this.opts.config.schedulerName }, (Date.now() - q.initialAttemptTimestamp) / 1000);
    this.opts.recorder.event(q.pod, 'Normal', 'Scheduled', scheduledMessage(q.pod, nodeName));
    this.log.debug({ pod: q.key, node: nodeName }, 'bound');
  }

  private observeAttempt(result: 'scheduled' | 'unschedulable' | 'error', start: number): void {
    const labels = { result, profile: this.opts.config.schedulerName };
    this.metrics.attempts.inc(labels);
    this.metrics.attemptDuration.observe(labels, (performance.now() - start) / 1000);
  }

  /** wakeOnFor maps a failure to the cluster events that may fix it. */
  private wakeOnFor(err: unknown): Set<ClusterEvent> | 'any' {
    if (err instanceof NoNodesError) return new Set<ClusterEvent>(['NodeAdd']);
    if (!(err instanceof FitError)) return 'any';
    const events = new Set<ClusterEvent>();
    for (const name of err.diagnosis.unschedulablePlugins) for (const e of this.plugins.get(name)?.events ?? []) events.add(e);
    return events.size > 0 ? events : 'any';
  }

  private handleFailure(q: QueuedPodInfo, cycle: number, err: unknown): void {
    const pod = this.podLister.get(q.pod.metadata.namespace, q.pod.metadata.name!);
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    q.pod = pod;
    this.queue.addUnschedulable(q, cycle, this.wakeOnFor(err));
    const fit = err instanceof FitError || err instanceof NoNodesError;
    const message = err instanceof Error ? err.message : String(err);
    if (!fit) this.log.error({ pod: podKey(pod), err }, 'error scheduling pod');
    else this.log.debug({ pod: podKey(pod), message }, 'unschedulable');
    reportFailure(this.opts.client, this.opts.recorder, pod, fit ? ReasonUnschedulable : ReasonSchedulerError, message).catch((e: unknown) => {
      if (!isNotFound(e)) this.log.warn({ pod: podKey(pod), err: e }, 'updating PodScheduled condition failed');
    });
  }
}

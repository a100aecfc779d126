/**
 * createSharedInformerFactory hands out one informer per (resource, options), so a process
 * opens one watch per resource however many controllers use it (client-go's
 * SharedInformerFactory). Informers requested after start() are started at once.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import type { Client, Informer, InformerOptions, SharedInformerFactory } from './types.ts';
import { createInformer, type InformerRunOptions } from './informer.ts';

/** createSharedInformerFactory builds a factory over client; `defaults` apply to every informer. */
export function createSharedInformerFactory(client: Client, defaults: Omit<InformerRunOptions, keyof InformerOptions> & { logger?: Logger } = {}): SharedInformerFactory {
  const informers = new Map<string, Informer<KubeObject>>();
  let runningSignal: AbortSignal | undefined;

  const start = (inf: Informer<KubeObject>, signal: AbortSignal) => {
    void inf.run(signal).catch((err) => defaults.logger?.error({ err }, 'informer stopped unexpectedly'));
  };

  return {
    informerFor<T extends KubeObject>(info: ResourceInfo, opts: InformerOptions = {}): Informer<T> {
      const key = JSON.stringify([info.group, info.version, info.resource, opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? '', opts.resyncPeriodMs ?? 0]);
      let inf = informers.get(key);
      if (!inf) {
        inf = createInformer<KubeObject>(client, info, { ...defaults, ...opts });
        informers.set(key, inf);
        if (runningSignal && !runningSignal.aborted) start(inf, runningSignal);
      }
      return inf as unknown as Informer<T>;
    },
    start(signal: AbortSignal): void {
      if (runningSignal && !runningSignal.aborted) return;
      runningSignal = signal;
      for (const inf of informers.values()) start(inf, signal);
    },
    async waitForCacheSync(signal: AbortSignal): Promise<boolean> {
      while (!signal.aborted) {
        if ([...informers.values()].every((i) => i.hasSynced())) return true;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 20);
          signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
        });
      }
      return false;
    },
  };
}

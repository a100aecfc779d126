/**
 * killContainers stops running containers of a pod the Kubernetes way: preStop hook first
 * (bounded by the grace period), then SIGTERM, then SIGKILL when the remaining grace runs out.
 * Containers stop in parallel; the sandbox last.
 */
import type { Clock } from '../client/clock.ts';
import type { Logger } from '../component-base/logger.ts';
import type { Pod } from './api-types.ts';
import { runHandler } from './prober/handler.ts';
import type { ContainerRuntime, RuntimeContainer } from './runtime/types.ts';
import { LabelContainerName } from './runtime/types.ts';

/** KillInputs describe one kill. */
export interface KillInputs {
  runtime: ContainerRuntime;
  clock: Clock;
  log: Logger;
  pod?: Pod;
  podIP: string;
  graceSeconds: number;
}

/** killContainer stops one container, running its preStop hook when the pod spec has one. */
export async function killContainer(rc: RuntimeContainer, k: KillInputs): Promise<void> {
  const start = k.clock.now();
  const name = rc.labels[LabelContainerName];
  const spec = k.pod?.spec?.containers.find((c) => c.name === name);
  const preStop = spec?.lifecycle?.preStop;
  if (preStop && spec && k.graceSeconds > 0) {
    const r = await runHandler(preStop, { podIP: k.podIP, container: spec, containerId: rc.id, runtime: k.runtime, timeoutMs: k.graceSeconds * 1000 });
    if (!r.ok) k.log.warn({ container: name, message: r.message }, 'preStop hook failed');
  }
  const used = Math.floor((k.clock.now() - start) / 1000);
  // Kubernetes grants at least 2 s after a preStop that ate the whole grace period.
  const remaining = preStop ? Math.max(2, k.graceSeconds - used) : k.graceSeconds;
  await k.runtime.stop(rc.id, remaining);
}

/** killAll stops every running container of the view and then its sandbox. */
export async function killAll(running: RuntimeContainer[], sandbox: RuntimeContainer | undefined, k: KillInputs): Promise<void> {
  await Promise.all(running.map((rc) => killContainer(rc, k)));
  if (sandbox?.state === 'running') await k.runtime.stop(sandbox.id, 2);
}

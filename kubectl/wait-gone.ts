import { isNotFound } from '../api/errors.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import type { CliContext } from './cli-context.ts';
import { UsageError } from './resource-resolver.ts';

/**
 * waitUntilGone watches one object (fieldSelector metadata.name=…, like kubectl) until it is
 * deleted, so `delete` returns only when finalizers and graceful termination are done.
 */
export async function waitUntilGone(ctx: CliContext, info: ResourceInfo, namespace: string | undefined, name: string, timeoutMs?: number): Promise<void> {
  const rc = ctx.client.resource<KubeObject>(info);
  const signal = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
  while (!signal?.aborted) {
    let rv: string | undefined;
    try {
      const live = await rc.list(namespace, { fieldSelector: `metadata.name=${name}` });
      if (live.items.length === 0) return;
      rv = live.metadata.resourceVersion;
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    try {
      for await (const ev of rc.watch(namespace, { fieldSelector: `metadata.name=${name}`, resourceVersion: rv, timeoutSeconds: 30, signal })) {
        if (ev.type === 'DELETED') return;
      }
    } catch (err) {
      if (signal?.aborted) break;
      if (!isGoneLike(err)) throw err;
    }
  }
  throw new UsageError(`timed out waiting for the condition on ${info.resource}/${name}`);
}

function isGoneLike(err: unknown): boolean {
  return (err as { status?: { code?: number } })?.status?.code === 410;
}

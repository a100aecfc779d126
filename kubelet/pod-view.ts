/**
 * loadPodView reads what the runtime has for one pod: the newest sandbox and, per container
 * name, the newest two attempts (current and previous, for lastState and `logs --previous`),
 * inspected for exact exit codes and times. Older exited attempts are garbage, returned apart.
 */
import type { ContainerRuntime, RuntimeContainer } from './runtime/types.ts';
import { LabelContainerName, LabelPodUid, LabelType } from './runtime/types.ts';
import { attemptOf } from './naming.ts';
import type { PodView } from './status.ts';

/** LoadedView is a PodView plus the containers that may be removed. */
export interface LoadedView extends PodView {
  garbage: RuntimeContainer[];
  /** all is every container of the pod, newest first. */
  all: RuntimeContainer[];
}

/** loadPodView: see the file comment. */
export async function loadPodView(runtime: ContainerRuntime, uid: string): Promise<LoadedView> {
  const all = (await runtime.list({ labels: { [LabelPodUid]: uid }, all: true }))
    .sort((a, b) => attemptOf(b.labels) - attemptOf(a.labels) || b.createdAt.getTime() - a.createdAt.getTime());
  const garbage: RuntimeContainer[] = [];
  const sandboxes = all.filter((c) => c.labels[LabelType] === 'sandbox');
  for (const s of sandboxes.slice(1)) if (s.state !== 'running') garbage.push(s);
  const byName = new Map<string, RuntimeContainer[]>();
  for (const c of all.filter((x) => x.labels[LabelType] === 'container')) {
    const name = c.labels[LabelContainerName];
    const list = byName.get(name) ?? [];
    list.push(c);
    byName.set(name, list);
  }
  for (const list of byName.values()) for (const c of list.slice(2)) if (c.state !== 'running') garbage.push(c);
  // The inspects go out together: a pod start reads its view twice, each a round trip saved.
  const newest = async ([name, list]: [string, RuntimeContainer[]]) => {
    const full = await Promise.all(list.slice(0, 2).map((c) => runtime.inspect(c.id)));
    return [name, full.filter((c) => c !== undefined)] as const;
  };
  const [sandbox, kept] = await Promise.all([sandboxes[0] && runtime.inspect(sandboxes[0].id), Promise.all([...byName].map(newest))]);
  const containers = new Map<string, RuntimeContainer[]>(kept);
  return { sandbox, containers, garbage, all };
}

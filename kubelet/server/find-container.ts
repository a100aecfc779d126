import type { Pod } from '../api-types.ts';
import type { ContainerRuntime, RuntimeContainer } from '../runtime/types.ts';
import { LabelContainerName, LabelPodUid, LabelType } from '../runtime/types.ts';
import { attemptOf } from '../naming.ts';

/** HttpError carries a status code and message for the kubelet API. */
export class HttpError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * findContainer returns the newest attempt (or with `previous` the one before) of a pod's
 * container; the container name may be omitted for single-container pods.
 */
export async function findContainer(runtime: ContainerRuntime, pod: Pod | undefined, ns: string, podName: string, container: string | undefined, previous: boolean): Promise<RuntimeContainer> {
  if (!pod) throw new HttpError(404, `pod "${podName}" not found in namespace "${ns}" on this node`);
  const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.name);
  const name = container || (names.length === 1 ? names[0] : '');
  if (!name) throw new HttpError(400, `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`);
  if (!names.includes(name)) throw new HttpError(400, `container ${name} is not valid for pod ${podName}`);
  const attempts = (await runtime.list({ all: true, labels: { [LabelPodUid]: pod.metadata.uid ?? '', [LabelContainerName]: name, [LabelType]: 'container' } }))
    .sort((a, b) => attemptOf(b.labels) - attemptOf(a.labels));
  const found = attempts[previous ? 1 : 0];
  if (!found) {
    throw new HttpError(previous ? 400 : 400, previous ? `previous terminated container "${name}" in pod "${podName}" not found` : `container "${name}" in pod "${podName}" is waiting to start: ContainerCreating`);
  }
  return found;
}

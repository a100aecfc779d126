import { newServiceUnavailable } from '../../api/errors.ts';
import type { SubresourceRequest } from '../handlers/env.ts';

/**
 * kubeletProxy is the seam for pods/log, pods/exec, pods/attach and pods/portforward: the kubelet
 * helper replaces it with a proxy to the pod's kubelet. Until then it answers a clear 503.
 */
export async function kubeletProxy(r: SubresourceRequest): Promise<void> {
  throw newServiceUnavailable(`kubelet connection not implemented yet (pods/${r.path.subresource} of ${r.path.namespace}/${r.path.name})`);
}

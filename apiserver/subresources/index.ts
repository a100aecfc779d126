import type { SubresourceHandler } from '../handlers/env.ts';
import { newKubeletProxy, type KubeletClientTls } from '../kubelet-proxy/index.ts';
import { bindPod } from './binding.ts';
import { csrApproval } from './csr-approval.ts';
import { evictPod } from './eviction.ts';
import { scaleHandler } from './scale.ts';

/**
 * defaultSubresources maps `<resource>/<subresource>` to its handler (status and finalize are
 * generic); kubeletClient is how pods/log|exec|attach reach kubelets (plain HTTP when absent).
 */
export function defaultSubresources(opts: { kubeletClient?: KubeletClientTls } = {}): Map<string, SubresourceHandler> {
  const kubeletProxy = newKubeletProxy(opts.kubeletClient);
  return new Map<string, SubresourceHandler>([
    ['pods/binding', bindPod],
    ['pods/eviction', evictPod],
    ['pods/log', kubeletProxy],
    ['pods/exec', kubeletProxy],
    ['pods/attach', kubeletProxy],
    ['pods/portforward', kubeletProxy],
    ['deployments/scale', scaleHandler],
    ['replicasets/scale', scaleHandler],
    ['statefulsets/scale', scaleHandler],
    ['replicationcontrollers/scale', scaleHandler],
    ['certificatesigningrequests/approval', csrApproval],
  ]);
}

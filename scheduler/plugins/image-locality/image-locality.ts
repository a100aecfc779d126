/**
 * ImageLocality favours nodes that already hold the pod's images (node.status.images), scaled
 * by how widespread each image is so one node does not attract every pod of a common image.
 */
import type { Handle, Plugin } from '../../framework/types.ts';
import { MaxNodeScore } from '../../framework/types.ts';
import { normalizeImageName } from '../../framework/node-info.ts';

const mb = 1024 * 1024;
/** minThreshold and maxContainerThreshold bound the summed image score, as in Kubernetes. */
const minThreshold = 23 * mb;
const maxContainerThreshold = 1000 * mb;
const stateKey = 'ImageLocality/spread';

/** imageScore maps a summed (spread-scaled) image size to 0..100 for a pod with n containers. */
export function imageScore(sum: number, containers: number): number {
  const maxThreshold = maxContainerThreshold * containers;
  const clamped = Math.min(Math.max(sum, minThreshold), maxThreshold);
  return Math.floor((MaxNodeScore * (clamped - minThreshold)) / (maxThreshold - minThreshold));
}

/** newImageLocality builds the ImageLocality plugin. */
export function newImageLocality(handle: Handle): Plugin {
  return {
    name: 'ImageLocality',
    events: ['NodeAdd', 'NodeUpdate'],
    preScore(state, pod) {
      const images = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => normalizeImageName(c.image ?? ''));
      const total = Math.max(handle.snapshot.nodeInfos().length, 1);
      const spread = new Map<string, number>();
      for (const img of images) spread.set(img, handle.snapshot.numNodesWithImage(img) / total);
      state.set(stateKey, { images, spread });
      return true;
    },
    score(state, _pod, ni) {
      const s = state.get(stateKey) as { images: string[]; spread: Map<string, number> };
      let sum = 0;
      for (const img of s.images) {
        const size = ni.imageSizes.get(img);
        if (size !== undefined) sum += size * (s.spread.get(img) ?? 0);
      }
      return imageScore(sum, s.images.length);
    },
  };
}

/**
 * VolumeBinding keeps pods with bound PersistentVolumeClaims on nodes their volumes can reach:
 * a bound PV's spec.nodeAffinity (local and hostPath PVs) must match the node. Skiff does not
 * bind claims itself (no dynamic provisioning, no WaitForFirstConsumer), so an unbound claim
 * keeps the pod pending with Kubernetes' "unbound immediate" message.
 */
import type { NodeSelector } from '../../api-types.ts';
import type { Handle, Plugin } from '../../framework/types.ts';
import { unresolvable } from '../../framework/types.ts';
import { nodeSelectorMatches } from '../../framework/node-selector.ts';

/** ErrReasonNodeConflict is Kubernetes' message for a PV whose node affinity excludes the node. */
export const ErrReasonNodeConflict = 'node(s) had volume node affinity conflict';
/** ErrReasonPVNotExist is Kubernetes' message for a claim bound to a missing PV. */
export const ErrReasonPVNotExist = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
/** ErrReasonUnboundImmediate is Kubernetes' message for a pod whose claims are not bound. */
export const ErrReasonUnboundImmediate = 'pod has unbound immediate PersistentVolumeClaims';

const stateKey = 'VolumeBinding/selectors';

interface VolumeState {
  selectors: NodeSelector[];
  missingPV: boolean;
}

/** newVolumeBinding builds the VolumeBinding plugin. */
export function newVolumeBinding(handle: Handle): Plugin {
  return {
    name: 'VolumeBinding',
    events: ['NodeAdd', 'NodeUpdate', 'PvAdd', 'PvUpdate', 'PvcAdd', 'PvcUpdate'],
    preFilter(state, pod) {
      const claims = (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
      const vs: VolumeState = { selectors: [], missingPV: false };
      state.set(stateKey, vs);
      for (const name of claims) {
        const pvc = handle.pvcLister?.get(pod.metadata.namespace ?? 'default', name);
        if (!pvc) return { status: unresolvable(`persistentvolumeclaim "${name}" not found`) };
        if (pvc.metadata.deletionTimestamp) return { status: unresolvable(`persistentvolumeclaim "${name}" is being deleted`) };
        const volumeName = pvc.spec?.volumeName;
        if (!volumeName) return { status: unresolvable(ErrReasonUnboundImmediate) };
        const pv = handle.pvLister?.get(undefined, volumeName);
        if (!pv) {
          vs.missingPV = true;
          continue;
        }
        const required = pv.spec?.nodeAffinity?.required;
        if (required) vs.selectors.push(required);
      }
      return undefined;
    },
    filter(state, _pod, nodeInfo) {
      const vs = state.get(stateKey) as VolumeState | undefined;
      if (!vs || !nodeInfo.node) return undefined;
      if (vs.missingPV) return unresolvable(ErrReasonPVNotExist);
      for (const sel of vs.selectors) if (!nodeSelectorMatches(sel, nodeInfo.node)) return unresolvable(ErrReasonNodeConflict);
      return undefined;
    },
  };
}

/**
 * apiObjectSource reads the ConfigMaps, Secrets and claims pods refer to straight from the API
 * server (only when a container is created or a volume refreshed, so the load stays small).
 */
import type { Client } from '../client/types.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { Resources } from '../api/resources.ts';
import { isNotFound } from '../api/errors.ts';
import type { VolumeSource } from './volumes.ts';

type DataObject = KubeObject & { data?: Record<string, string>; binaryData?: Record<string, string> };
type Claim = KubeObject & { spec?: { volumeName?: string }; status?: { phase?: string } };
type Volume = KubeObject & { spec?: { hostPath?: { path: string }; local?: { path: string } } };

async function getOrUndefined<T extends KubeObject>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** apiObjectSource: see the file comment. */
export function apiObjectSource(client: Client): VolumeSource {
  return {
    async configMap(ns, name) {
      const cm = await getOrUndefined(client.resource<DataObject>(Resources.configmaps).get(ns, name));
      if (!cm) return undefined;
      const bin = Object.fromEntries(Object.entries(cm.binaryData ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
      return { ...cm.data, ...bin };
    },
    async secret(ns, name) {
      const s = await getOrUndefined(client.resource<DataObject>(Resources.secrets).get(ns, name));
      if (!s) return undefined;
      return Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    },
    async claimHostPath(ns, claimName) {
      const pvc = await getOrUndefined(client.resource<Claim>(Resources.persistentvolumeclaims).get(ns, claimName));
      const pvName = pvc?.spec?.volumeName;
      if (!pvName) return undefined;
      const pv = await getOrUndefined(client.resource<Volume>(Resources.persistentvolumes).get(undefined, pvName));
      return pv?.spec?.hostPath?.path ?? pv?.spec?.local?.path;
    },
  };
}

/**
 * Pod volumes on the node: every volume is a directory under
 * <root-dir>/pods/<uid>/volumes/<name> (or a host path) bound into the containers that mount it.
 * emptyDir (medium Memory) and secret volumes are tmpfs mounts, so secrets never touch disk.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../component-base/logger.ts';
import type { Container, Pod } from './api-types.ts';
import type { Mount } from './runtime/types.ts';
import type { ObjectSource } from './env.ts';
import { fieldValue } from './env.ts';
import { resourceFieldValue } from './resources.ts';
import type { TokenProjection } from './token-manager.ts';

const run = promisify(execFile);

/** VolumeSource extends ObjectSource with PVC resolution (claim → bound PV's host path) and service account tokens. */
export interface VolumeSource extends ObjectSource {
  claimHostPath(namespace: string, claimName: string): Promise<string | undefined>;
  /**
   * projectToken writes the pod's service account token for a projected serviceAccountToken
   * source with write, now and on every refresh (TokenManager.projectToken); fileId names the file.
   */
  projectToken?(pod: Pod, projection: TokenProjection, fileId: string, write: (token: string) => Promise<void>): Promise<void>;
}

/** VolumeError is a volume that cannot be set up yet (missing ConfigMap, unbound claim). */
export class VolumeError extends Error {}

/** podDir is the pod's directory on the node. */
export function podDir(rootDir: string, uid: string): string {
  return path.join(rootDir, 'pods', uid);
}

/** prepareVolumes creates or refreshes every volume of a pod; returns volume name → host path. */
export async function prepareVolumes(pod: Pod, rootDir: string, src: VolumeSource, hostIP: string, log: Logger): Promise<Map<string, string>> {
  const ns = pod.metadata.namespace ?? 'default';
  const out = new Map<string, string>();
  for (const v of pod.spec?.volumes ?? []) {
    const dir = path.join(podDir(rootDir, pod.metadata.uid ?? ''), 'volumes', v.name);
    if (v.hostPath) {
      if (v.hostPath.type === 'DirectoryOrCreate' || !v.hostPath.type) await mkdir(v.hostPath.path, { recursive: true }).catch(() => {});
      out.set(v.name, v.hostPath.path);
    } else if (v.emptyDir) {
      await ensureDir(dir, v.emptyDir.medium === 'Memory', log, v.emptyDir.sizeLimit);
      out.set(v.name, dir);
    } else if (v.configMap || v.secret) {
      const isSecret = !!v.secret;
      const name = v.configMap?.name ?? v.secret?.secretName ?? '';
      const data = isSecret ? await src.secret(ns, name) : await src.configMap(ns, name);
      const optional = (v.configMap ?? v.secret)?.optional;
      if (!data && !optional) throw new VolumeError(`${isSecret ? 'secret' : 'configmap'} "${name}" not found`);
      await ensureDir(dir, isSecret, log);
      await writeItems(dir, data ?? {}, (v.configMap ?? v.secret)?.items, (v.configMap ?? v.secret)?.defaultMode);
      out.set(v.name, dir);
    } else if (v.downwardAPI || v.projected) {
      // Tokens and secrets stay off disk, as in a secret volume.
      await ensureDir(dir, !!v.projected?.sources?.some((s) => s.secret || s.serviceAccountToken), log);
      await writeProjected(pod, v, dir, src, hostIP);
      out.set(v.name, dir);
    } else if (v.persistentVolumeClaim) {
      const p = await src.claimHostPath(ns, v.persistentVolumeClaim.claimName);
      if (!p) throw new VolumeError(`persistentvolumeclaim "${v.persistentVolumeClaim.claimName}" is not bound to a hostPath/local volume`);
      await mkdir(p, { recursive: true }).catch(() => {});
      out.set(v.name, p);
    } else {
      // Unsupported sources (nfs, csi, …) get an empty directory rather than failing the pod.
      log.warn({ volume: v.name }, 'unsupported volume source; using an empty directory');
      await ensureDir(dir, false, log);
      out.set(v.name, dir);
    }
  }
  return out;
}

/**
 * reprojectTokens hands the service account token files of a pod whose volumes are already set
 * up back to the token manager (a no-op for files it keeps). After a kubelet restart the running
 * containers are adopted, not restarted, so their volumes are never prepared again: without
 * this their tokens would expire unrefreshed.
 */
export async function reprojectTokens(pod: Pod, rootDir: string, src: VolumeSource): Promise<void> {
  if (!src.projectToken) return;
  for (const v of pod.spec?.volumes ?? []) {
    const dir = path.join(podDir(rootDir, pod.metadata.uid ?? ''), 'volumes', v.name);
    const sources = (v.projected?.sources ?? []).filter((s) => s.serviceAccountToken);
    if (sources.length === 0 || !(await stat(dir).catch(() => undefined))) continue;
    const mode = v.projected?.defaultMode ?? 0o644;
    for (const s of sources) {
      const target = targetIn(dir, s.serviceAccountToken!.path);
      await src.projectToken(pod, s.serviceAccountToken!, target, (token) => replaceFile(target, token, mode));
    }
  }
}

async function ensureDir(dir: string, tmpfs: boolean, log: Logger, sizeLimit?: string | number): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (!tmpfs || (await isMountPoint(dir))) return;
  const opts = sizeLimit ? `size=${sizeLimit},mode=0777` : 'mode=0777';
  try {
    await run('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir]);
  } catch (err) {
    log.warn({ err, dir }, 'tmpfs mount failed; using a plain directory');
  }
}

async function isMountPoint(dir: string): Promise<boolean> {
  const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
  return mounts.split('\n').some((l) => l.split(' ')[1] === dir);
}

type KeyPath = { key: string; path: string; mode?: number };

async function writeItems(dir: string, data: Record<string, string>, items: KeyPath[] | undefined, mode = 0o644): Promise<void> {
  const files = items?.length ? items.filter((i) => i.key in data).map((i) => [i.path, data[i.key], i.mode ?? mode] as const) : Object.entries(data).map(([k, v]) => [k, v, mode] as const);
  for (const [rel, content, m] of files) await writeFileAt(dir, rel, content, m);
}

/** targetIn resolves rel inside the volume dir; a key like "../x" must not escape the volume. */
function targetIn(dir: string, rel: string): string {
  const target = path.join(dir, rel);
  if (!target.startsWith(dir + path.sep)) throw new VolumeError(`invalid path ${rel}`);
  return target;
}

async function writeFileAt(dir: string, rel: string, content: string, mode: number): Promise<void> {
  const target = targetIn(dir, rel);
  await mkdir(path.dirname(target), { recursive: true });
  const current = await readFile(target, 'utf8').catch(() => undefined);
  if (current !== content) await writeFile(target, content);
  await chmod(target, mode);
}

type PodVolume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];

async function writeProjected(pod: Pod, v: PodVolume, dir: string, src: VolumeSource, hostIP: string): Promise<void> {
  const ns = pod.metadata.namespace ?? 'default';
  const mode = v.projected?.defaultMode ?? v.downwardAPI?.defaultMode ?? 0o644;
  const sources = v.projected?.sources ?? [{ downwardAPI: v.downwardAPI }];
  for (const s of sources) {
    if (s.downwardAPI) {
      for (const item of s.downwardAPI.items ?? []) {
        const value = item.fieldRef ? fieldValue(pod, item.fieldRef.fieldPath, hostIP)
          : item.resourceFieldRef ? resourceFieldValue(containerNamed(pod, item.resourceFieldRef.containerName), item.resourceFieldRef.resource, item.resourceFieldRef.divisor)
          : '';
        await writeFileAt(dir, item.path, value, item.mode ?? mode);
      }
    } else if (s.configMap || s.secret) {
      const name = s.configMap?.name ?? s.secret?.name ?? '';
      const data = s.configMap ? await src.configMap(ns, name) : await src.secret(ns, name);
      if (!data && !(s.configMap ?? s.secret)?.optional) throw new VolumeError(`${s.configMap ? 'configmap' : 'secret'} "${name}" not found`);
      await writeItems(dir, data ?? {}, (s.configMap ?? s.secret)?.items, mode);
    } else if (s.serviceAccountToken) {
      if (!src.projectToken) throw new VolumeError('this kubelet has no service account token source');
      const target = targetIn(dir, s.serviceAccountToken.path);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await src.projectToken(pod, s.serviceAccountToken, target, (token) => replaceFile(target, token, mode));
      } catch (err) {
        throw new VolumeError(`failed to fetch token: ${(err as Error).message}`);
      }
    }
  }
}

/**
 * replaceFile swaps content in with a rename, so a container never reads a half-written token.
 * It creates no directory: once the pod's volume is removed, a late refresh fails with ENOENT.
 */
async function replaceFile(target: string, content: string, mode: number): Promise<void> {
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, content, { mode });
  await chmod(tmp, mode);
  await rename(tmp, target).catch(async (err: unknown) => {
    await rm(tmp, { force: true });
    throw err;
  });
}

function containerNamed(pod: Pod, name: string | undefined): Container {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return all.find((c) => c.name === name) ?? all[0];
}

/** containerMounts maps a container's volumeMounts to host binds (subPath included). */
export function containerMounts(c: Container, volumes: Map<string, string>): Mount[] {
  return (c.volumeMounts ?? []).flatMap((m) => {
    const host = volumes.get(m.name);
    if (!host) return [];
    const sub = m.subPath ? path.join(host, m.subPath) : host;
    if (m.subPath && !sub.startsWith(host)) return [];
    return [{ hostPath: sub, containerPath: m.mountPath, readOnly: m.readOnly ?? false }];
  });
}

/** cleanupPodDir unmounts tmpfs volumes and removes the pod's directory. */
export async function cleanupPodDir(rootDir: string, uid: string): Promise<void> {
  const dir = podDir(rootDir, uid);
  const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
  for (const line of mounts.split('\n')) {
    const mp = line.split(' ')[1];
    if (mp && mp.startsWith(dir + path.sep)) await run('umount', ['-l', mp]).catch(() => {});
  }
  await rm(dir, { recursive: true, force: true });
}

/** containerConfig turns a pod's container into the runtime's ContainerSpec. */
import type { Container, Pod } from './api-types.ts';
import type { ContainerSpec } from './runtime/types.ts';
import { envMap, expand } from './env.ts';
import { dockerLimits } from './resources.ts';
import { containerMounts } from './volumes.ts';

/** ConfigError is a spec the node refuses (e.g. privileged without --allow-privileged). */
export class ConfigError extends Error {}

/** ContainerConfigInputs are what containerConfig needs besides the container. */
export interface ContainerConfigInputs {
  name: string;
  labels: Record<string, string>;
  sandboxId: string;
  env: string[];
  volumes: Map<string, string>;
  allowPrivileged: boolean;
}

/** containerConfig: see the file comment. */
export function containerConfig(pod: Pod, c: Container, inp: ContainerConfigInputs): ContainerSpec {
  const vars = envMap(inp.env);
  const sc = c.securityContext ?? {};
  const psc = pod.spec?.securityContext ?? {};
  if (sc.privileged && !inp.allowPrivileged) throw new ConfigError('privileged containers are not allowed on this node (--allow-privileged=false)');
  const uid = sc.runAsUser ?? psc.runAsUser;
  const gid = sc.runAsGroup ?? psc.runAsGroup;
  return {
    name: inp.name,
    image: c.image ?? '',
    labels: inp.labels,
    sandboxId: inp.sandboxId,
    entrypoint: c.command?.map((s) => expand(s, vars)),
    // Kubernetes: args without command replace only CMD; command without args drops the image CMD.
    cmd: c.args ? c.args.map((s) => expand(s, vars)) : c.command ? [] : undefined,
    env: inp.env,
    workingDir: c.workingDir,
    tty: c.tty ?? false,
    stdin: c.stdin ?? false,
    stdinOnce: c.stdinOnce ?? false,
    mounts: containerMounts(c, inp.volumes),
    ...dockerLimits(c),
    user: uid !== undefined ? (gid !== undefined ? `${uid}:${gid}` : String(uid)) : undefined,
    readOnlyRootfs: sc.readOnlyRootFilesystem ?? false,
    capAdd: sc.capabilities?.add,
    capDrop: sc.capabilities?.drop,
    privileged: sc.privileged ?? false,
    hostNetwork: pod.spec?.hostNetwork ?? false,
  };
}

/**
 * pod-security.ts: the Pod Security Standards checks (baseline and restricted), each violation
 * with the field that causes it, as the PodSecurity admission plugin reports them.
 */

/** PodSecurityLevel is the value of pod-security.kubernetes.io/enforce. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Violation is one broken rule: the check's name, what is wrong, and the field path. */
export interface Violation {
  check: string;
  field: string;
  message: string;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);

function containers(spec: Any): { c: Any; path: string }[] {
  const out: { c: Any; path: string }[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) (spec[list] ?? []).forEach((c: Any, i: number) => out.push({ c, path: `spec.${list}[${i}]` }));
  return out;
}

function baseline(spec: Any): Violation[] {
  const v: Violation[] = [];
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[f] === true) v.push({ check: 'host namespaces', field: `spec.${f}`, message: `${f}=true` });
  (spec.volumes ?? []).forEach((vol: Any, i: number) => {
    if (vol.hostPath) v.push({ check: 'hostPath volumes', field: `spec.volumes[${i}].hostPath`, message: `volume "${vol.name}" uses hostPath` });
  });
  for (const [i, s] of (spec.securityContext?.sysctls ?? []).entries()) {
    if (!SAFE_SYSCTLS.has(s.name)) v.push({ check: 'forbidden sysctls', field: `spec.securityContext.sysctls[${i}].name`, message: `sysctl ${s.name}` });
  }
  if (spec.securityContext?.seccompProfile?.type === 'Unconfined') v.push({ check: 'seccompProfile', field: 'spec.securityContext.seccompProfile.type', message: 'seccompProfile.type=Unconfined' });
  for (const { c, path } of containers(spec)) {
    const sc = c.securityContext ?? {};
    if (sc.privileged === true) v.push({ check: 'privileged', field: `${path}.securityContext.privileged`, message: `container "${c.name}" must not set securityContext.privileged=true` });
    for (const [j, cap] of (sc.capabilities?.add ?? []).entries()) {
      if (!BASELINE_CAPS.has(cap)) v.push({ check: 'capabilities', field: `${path}.securityContext.capabilities.add[${j}]`, message: `container "${c.name}" must not include "${cap}" in securityContext.capabilities.add` });
    }
    (c.ports ?? []).forEach((p: Any, j: number) => {
      if (p.hostPort) v.push({ check: 'hostPort', field: `${path}.ports[${j}].hostPort`, message: `container "${c.name}" uses hostPort ${p.hostPort}` });
    });
    if (sc.procMount && sc.procMount !== 'Default') v.push({ check: 'procMount', field: `${path}.securityContext.procMount`, message: `container "${c.name}" must not set procMount=${sc.procMount}` });
    if (sc.seccompProfile?.type === 'Unconfined') v.push({ check: 'seccompProfile', field: `${path}.securityContext.seccompProfile.type`, message: `container "${c.name}" must not set seccompProfile.type=Unconfined` });
  }
  return v;
}

function restricted(spec: Any): Violation[] {
  const v: Violation[] = [];
  (spec.volumes ?? []).forEach((vol: Any, i: number) => {
    const type = Object.keys(vol).find((k) => k !== 'name');
    if (type && !RESTRICTED_VOLUMES.has(type) && type !== 'hostPath') v.push({ check: 'restricted volume types', field: `spec.volumes[${i}].${type}`, message: `volume "${vol.name}" uses restricted volume type "${type}"` });
  });
  const podSc = spec.securityContext ?? {};
  for (const { c, path } of containers(spec)) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) v.push({ check: 'allowPrivilegeEscalation', field: `${path}.securityContext.allowPrivilegeEscalation`, message: `container "${c.name}" must set securityContext.allowPrivilegeEscalation=false` });
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) v.push({ check: 'unrestricted capabilities', field: `${path}.securityContext.capabilities.drop`, message: `container "${c.name}" must set securityContext.capabilities.drop=["ALL"]` });
    for (const [j, cap] of (sc.capabilities?.add ?? []).entries()) {
      if (cap !== 'NET_BIND_SERVICE' && BASELINE_CAPS.has(cap)) v.push({ check: 'unrestricted capabilities', field: `${path}.securityContext.capabilities.add[${j}]`, message: `container "${c.name}" may only add NET_BIND_SERVICE` });
    }
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) v.push({ check: 'runAsNonRoot', field: `${path}.securityContext.runAsNonRoot`, message: `container "${c.name}" must set securityContext.runAsNonRoot=true` });
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) v.push({ check: 'runAsUser', field: `${path}.securityContext.runAsUser`, message: `container "${c.name}" must not set runAsUser=0` });
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') v.push({ check: 'seccompProfile', field: `${path}.securityContext.seccompProfile.type`, message: `container "${c.name}" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` });
  }
  return v;
}

/** checkPodSecurity returns every violation of the level by a pod spec (restricted includes baseline). */
export function checkPodSecurity(level: PodSecurityLevel, spec: Any | undefined): Violation[] {
  if (level === 'privileged' || !spec) return [];
  const v = baseline(spec);
  return level === 'restricted' ? [...v, ...restricted(spec)] : v;
}

/** parseLevel reads a namespace's enforce label; an unknown or missing value means the default. */
export function parseLevel(value: string | undefined, fallback: PodSecurityLevel): PodSecurityLevel {
  return value === 'privileged' || value === 'baseline' || value === 'restricted' ? value : fallback;
}

/** ENFORCE_LABEL is the namespace label that picks the level. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

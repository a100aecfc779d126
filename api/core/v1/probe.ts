import { Type, type Static } from '@sinclair/typebox';
import { IntOrString } from '../../meta/v1/object-meta.ts';
import { Arr, Int, Obj, Opt, Str, StrArr } from './schema-kit.ts';

/** ExecActionSchema runs a command inside the container. */
export const ExecActionSchema = Obj({ command: Opt(StrArr()) });
export type ExecAction = Static<typeof ExecActionSchema>;

/** HTTPHeaderSchema is one custom header of an HTTP probe. */
export const HTTPHeaderSchema = Obj({ name: Str(), value: Str() });

/** HTTPGetActionSchema probes with an HTTP GET; port may be a number or a container port name. */
export const HTTPGetActionSchema = Obj({
  path: Opt(Str()),
  port: IntOrString,
  host: Opt(Str()),
  scheme: Opt(Str()),
  httpHeaders: Opt(Arr(HTTPHeaderSchema)),
});
export type HTTPGetAction = Static<typeof HTTPGetActionSchema>;

/** TCPSocketActionSchema probes by opening a TCP connection. */
export const TCPSocketActionSchema = Obj({ port: IntOrString, host: Opt(Str()) });
export type TCPSocketAction = Static<typeof TCPSocketActionSchema>;

/** GRPCActionSchema probes with the gRPC health checking protocol. */
export const GRPCActionSchema = Obj({ port: Int(), service: Opt(Str()) });
export type GRPCAction = Static<typeof GRPCActionSchema>;

/** SleepActionSchema pauses a lifecycle hook for some seconds. */
export const SleepActionSchema = Obj({ seconds: Int() });

/** ProbeSchema is a liveness/readiness/startup probe: one handler plus timing thresholds. */
export const ProbeSchema = Obj({
  exec: Opt(ExecActionSchema),
  httpGet: Opt(HTTPGetActionSchema),
  tcpSocket: Opt(TCPSocketActionSchema),
  grpc: Opt(GRPCActionSchema),
  initialDelaySeconds: Opt(Int()),
  timeoutSeconds: Opt(Int()),
  periodSeconds: Opt(Int()),
  successThreshold: Opt(Int()),
  failureThreshold: Opt(Int()),
  terminationGracePeriodSeconds: Opt(Int()),
}, 'urn:skiff:core:v1:Probe');
export type Probe = Static<typeof ProbeSchema>;

/** LifecycleHandlerSchema is a postStart/preStop action. */
export const LifecycleHandlerSchema = Obj({
  exec: Opt(ExecActionSchema),
  httpGet: Opt(HTTPGetActionSchema),
  tcpSocket: Opt(TCPSocketActionSchema),
  sleep: Opt(SleepActionSchema),
}, 'urn:skiff:core:v1:LifecycleHandler');
export type LifecycleHandler = Static<typeof LifecycleHandlerSchema>;

/** LifecycleSchema holds a container's postStart and preStop hooks. */
export const LifecycleSchema = Obj({
  postStart: Opt(LifecycleHandlerSchema),
  preStop: Opt(LifecycleHandlerSchema),
  stopSignal: Opt(Str()),
});
export type Lifecycle = Static<typeof LifecycleSchema>;

/** applyProbeDefaults fills Kubernetes' probe defaults (timeout 1, period 10, success 1, failure 3). */
export function applyProbeDefaults(p: Probe | undefined): void {
  if (!p) return;
  // These are plain ints in Kubernetes' Go types: 0 means unset and is defaulted.
  p.timeoutSeconds ||= 1;
  p.periodSeconds ||= 10;
  p.successThreshold ||= 1;
  p.failureThreshold ||= 3;
  if (p.httpGet) applyHTTPGetDefaults(p.httpGet);
}

/** applyHandlerDefaults fills defaults of a lifecycle hook (HTTP path '/' and scheme HTTP). */
export function applyHandlerDefaults(h: LifecycleHandler | undefined): void {
  if (h?.httpGet) applyHTTPGetDefaults(h.httpGet);
}

function applyHTTPGetDefaults(g: HTTPGetAction): void {
  g.path ||= '/';
  g.scheme ||= 'HTTP';
}

/** SecurityContext-related schemas used by containers and pods. */
export const SELinuxOptionsSchema = Obj({ user: Opt(Str()), role: Opt(Str()), type: Opt(Str()), level: Opt(Str()) });
/** WindowsSecurityContextOptionsSchema carries Windows-only options (accepted, unused). */
export const WindowsSecurityContextOptionsSchema = Obj({
  gmsaCredentialSpecName: Opt(Str()),
  gmsaCredentialSpec: Opt(Str()),
  runAsUserName: Opt(Str()),
  hostProcess: Opt(Type.Boolean()),
});
/** SeccompProfileSchema selects a seccomp profile. */
export const SeccompProfileSchema = Obj({ type: Str(), localhostProfile: Opt(Str()) });
/** AppArmorProfileSchema selects an AppArmor profile. */
export const AppArmorProfileSchema = Obj({ type: Str(), localhostProfile: Opt(Str()) });
/** CapabilitiesSchema adds or drops Linux capabilities. */
export const CapabilitiesSchema = Obj({ add: Opt(StrArr()), drop: Opt(StrArr()) });

/** SecurityContextSchema is a container's security settings. */
export const SecurityContextSchema = Obj({
  capabilities: Opt(CapabilitiesSchema),
  privileged: Opt(Type.Boolean()),
  seLinuxOptions: Opt(SELinuxOptionsSchema),
  windowsOptions: Opt(WindowsSecurityContextOptionsSchema),
  runAsUser: Opt(Int()),
  runAsGroup: Opt(Int()),
  runAsNonRoot: Opt(Type.Boolean()),
  readOnlyRootFilesystem: Opt(Type.Boolean()),
  allowPrivilegeEscalation: Opt(Type.Boolean()),
  procMount: Opt(Str()),
  seccompProfile: Opt(SeccompProfileSchema),
  appArmorProfile: Opt(AppArmorProfileSchema),
}, 'urn:skiff:core:v1:SecurityContext');
export type SecurityContext = Static<typeof SecurityContextSchema>;

/** PodSecurityContextSchema is the pod-level security settings. */
export const PodSecurityContextSchema = Obj({
  seLinuxOptions: Opt(SELinuxOptionsSchema),
  windowsOptions: Opt(WindowsSecurityContextOptionsSchema),
  runAsUser: Opt(Int()),
  runAsGroup: Opt(Int()),
  runAsNonRoot: Opt(Type.Boolean()),
  supplementalGroups: Opt(Arr(Int())),
  supplementalGroupsPolicy: Opt(Str()),
  fsGroup: Opt(Int()),
  fsGroupChangePolicy: Opt(Str()),
  sysctls: Opt(Arr(Obj({ name: Str(), value: Str() }))),
  seccompProfile: Opt(SeccompProfileSchema),
  appArmorProfile: Opt(AppArmorProfileSchema),
  seLinuxChangePolicy: Opt(Str()),
});
export type PodSecurityContext = Static<typeof PodSecurityContextSchema>;

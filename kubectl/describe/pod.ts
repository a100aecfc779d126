import type { Container, ContainerState, ContainerStatus, Pod, Volume } from '../../api/core/v1/pod.ts';
import { describeTime, DescribeWriter } from './describe-writer.ts';
import { writeEvents, type EventLike } from './events.ts';
import { controlledBy, writeMeta } from './meta.ts';

/** describePod renders `describe pod` in kubectl's layout. */
export function describePod(pod: Pod, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  const s = pod.status ?? {};
  w.line(0, 'Name:', pod.metadata.name);
  w.line(0, 'Namespace:', pod.metadata.namespace);
  w.line(0, 'Priority:', pod.spec.priority ?? 0);
  w.line(0, 'Service Account:', pod.spec.serviceAccountName ?? 'default');
  w.line(0, 'Node:', pod.spec.nodeName ? `${pod.spec.nodeName}/${s.hostIP ?? ''}` : '<none>');
  w.line(0, 'Start Time:', s.startTime ? describeTime(s.startTime) : '<unset>');
  writeMeta(w, pod, { name: false, namespace: false });
  if (pod.metadata.deletionTimestamp) {
    w.line(0, 'Status:', `Terminating (lasts ${ageOf(pod.metadata.deletionTimestamp, now)})`);
    w.line(0, 'Termination Grace Period:', `${pod.metadata.deletionGracePeriodSeconds ?? 30}s`);
  } else w.line(0, 'Status:', s.phase ?? 'Pending');
  if (s.reason) w.line(0, 'Reason:', s.reason);
  if (s.message) w.line(0, 'Message:', s.message);
  w.line(0, 'IP:', s.podIP ?? '');
  w.line(0, 'IPs:', s.podIPs?.length ? undefined : '<none>');
  for (const ip of s.podIPs ?? []) w.line(1, 'IP:', ip.ip);
  const owner = controlledBy(pod);
  if (owner) w.line(0, 'Controlled By:', owner);
  if (pod.spec.initContainers?.length) {
    w.line(0, 'Init Containers:');
    for (const c of pod.spec.initContainers) writeContainer(w, c, s.initContainerStatuses?.find((x) => x.name === c.name));
  }
  w.line(0, 'Containers:');
  for (const c of pod.spec.containers) writeContainer(w, c, s.containerStatuses?.find((x) => x.name === c.name));
  writeConditions(w, s.conditions ?? []);
  writeVolumes(w, pod.spec.volumes ?? []);
  w.line(0, 'QoS Class:', s.qosClass ?? qosClass(pod));
  w.map(0, 'Node-Selectors:', pod.spec.nodeSelector);
  writeTolerations(w, pod.spec.tolerations ?? []);
  writeEvents(w, events, now);
  return w.text();
}

function ageOf(ts: string, now: number): string {
  return `${Math.max(0, Math.round((now - Date.parse(ts)) / 1000))}s`;
}

function writeContainer(w: DescribeWriter, c: Container, st: ContainerStatus | undefined): void {
  w.line(1, `${c.name}:`);
  w.line(2, 'Container ID:', st?.containerID ?? '');
  w.line(2, 'Image:', c.image ?? '');
  w.line(2, 'Image ID:', st?.imageID ?? '');
  const ports = c.ports ?? [];
  if (ports.length <= 1) {
    w.line(2, 'Port:', ports[0] ? `${ports[0].containerPort}/${ports[0].protocol ?? 'TCP'}` : '<none>');
    w.line(2, 'Host Port:', ports[0] ? `${ports[0].hostPort ?? 0}/${ports[0].protocol ?? 'TCP'}` : '<none>');
  } else {
    w.line(2, 'Ports:', ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', '));
    w.line(2, 'Host Ports:', ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', '));
  }
  if (c.command?.length) writeList(w, 'Command:', c.command);
  if (c.args?.length) writeList(w, 'Args:', c.args);
  writeState(w, 'State:', st?.state);
  if (st?.lastState && Object.keys(st.lastState).length > 0) writeState(w, 'Last State:', st.lastState);
  w.line(2, 'Ready:', st?.ready ? 'True' : 'False');
  w.line(2, 'Restart Count:', st?.restartCount ?? 0);
  const limits = c.resources?.limits;
  const requests = c.resources?.requests;
  if (limits && Object.keys(limits).length) writeResources(w, 'Limits:', limits);
  if (requests && Object.keys(requests).length) writeResources(w, 'Requests:', requests);
  if (c.livenessProbe) w.line(2, 'Liveness:', probeText(c.livenessProbe));
  if (c.readinessProbe) w.line(2, 'Readiness:', probeText(c.readinessProbe));
  if (c.startupProbe) w.line(2, 'Startup:', probeText(c.startupProbe));
  writeEnv(w, c);
  const mounts = c.volumeMounts ?? [];
  w.line(2, 'Mounts:', mounts.length ? undefined : '<none>');
  for (const m of mounts) w.line(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})`);
}

function writeResources(w: DescribeWriter, key: string, values: Record<string, string | number>): void {
  w.line(2, key);
  for (const [k, v] of Object.entries(values)) w.line(3, `${k}:`, String(v));
}

function writeList(w: DescribeWriter, key: string, items: string[]): void {
  w.line(2, key);
  for (const item of items) w.line(3, item);
}

function writeState(w: DescribeWriter, key: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.line(2, key, 'Running');
    w.line(3, 'Started:', describeTime(state.running.startedAt));
  } else if (state?.waiting) {
    w.line(2, key, 'Waiting');
    w.line(3, 'Reason:', state.waiting.reason ?? '');
    if (state.waiting.message) w.line(3, 'Message:', state.waiting.message);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.line(2, key, 'Terminated');
    w.line(3, 'Reason:', t.reason ?? '');
    if (t.message) w.line(3, 'Message:', t.message);
    w.line(3, 'Exit Code:', t.exitCode);
    if (t.signal) w.line(3, 'Signal:', t.signal);
    w.line(3, 'Started:', describeTime(t.startedAt));
    w.line(3, 'Finished:', describeTime(t.finishedAt));
  } else w.line(2, key, 'Waiting');
}

function probeText(p: NonNullable<Container['livenessProbe']>): string {
  const action = p.httpGet
    ? `http-get ${p.httpGet.scheme === 'HTTPS' ? 'https' : 'http'}://${p.httpGet.host ?? ''}:${p.httpGet.port}${p.httpGet.path ?? '/'}`
    : p.tcpSocket ? `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port}`
    : p.exec ? `exec [${(p.exec.command ?? []).join(' ')}]` : 'unknown';
  return `${action} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
}

function writeEnv(w: DescribeWriter, c: Container): void {
  const env = c.env ?? [];
  const from = c.envFrom ?? [];
  if (from.length) {
    w.line(2, 'Environment Variables from:');
    for (const f of from) {
      const src = f.configMapRef ? `${f.configMapRef.name}  ConfigMap` : `${f.secretRef?.name}  Secret`;
      w.line(3, `${src}  Optional: ${Boolean(f.configMapRef?.optional ?? f.secretRef?.optional)}`);
    }
  }
  w.line(2, 'Environment:', env.length ? undefined : '<none>');
  for (const e of env) {
    const v = e.valueFrom;
    const text = e.value !== undefined ? e.value
      : v?.configMapKeyRef ? `<set to the key '${v.configMapKeyRef.key}' of config map '${v.configMapKeyRef.name}'>  Optional: ${Boolean(v.configMapKeyRef.optional)}`
      : v?.secretKeyRef ? `<set to the key '${v.secretKeyRef.key}' in secret '${v.secretKeyRef.name}'>  Optional: ${Boolean(v.secretKeyRef.optional)}`
      : v?.fieldRef ? ` (${v.fieldRef.apiVersion ?? 'v1'}:${v.fieldRef.fieldPath})`
      : v?.resourceFieldRef ? `${v.resourceFieldRef.resource}` : '';
    w.line(3, `${e.name}:`, text);
  }
}

function writeConditions(w: DescribeWriter, conditions: Array<{ type: string; status: string }>): void {
  if (conditions.length === 0) return;
  w.line(0, 'Conditions:');
  w.raw(1, ['Type', 'Status']);
  for (const c of conditions) w.raw(1, [c.type, `${c.status} `]);
}

function writeVolumes(w: DescribeWriter, volumes: Volume[]): void {
  w.line(0, 'Volumes:', volumes.length ? undefined : '<none>');
  for (const v of volumes) {
    w.line(1, `${v.name}:`);
    if (v.emptyDir) {
      w.line(2, 'Type:', 'EmptyDir (a temporary directory that shares a pod\'s lifetime)');
      w.line(2, 'Medium:', v.emptyDir.medium ?? '');
      w.line(2, 'SizeLimit:', v.emptyDir.sizeLimit ? String(v.emptyDir.sizeLimit) : '<unset>');
    } else if (v.hostPath) {
      w.line(2, 'Type:', `HostPath (bare host directory volume)`);
      w.line(2, 'Path:', v.hostPath.path);
      w.line(2, 'HostPathType:', v.hostPath.type ?? '');
    } else if (v.configMap) {
      w.line(2, 'Type:', 'ConfigMap (a volume populated by a ConfigMap)');
      w.line(2, 'Name:', v.configMap.name ?? '');
      w.line(2, 'Optional:', Boolean(v.configMap.optional));
    } else if (v.secret) {
      w.line(2, 'Type:', 'Secret (a volume populated by a Secret)');
      w.line(2, 'SecretName:', v.secret.secretName ?? '');
      w.line(2, 'Optional:', Boolean(v.secret.optional));
    } else if (v.persistentVolumeClaim) {
      w.line(2, 'Type:', 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
      w.line(2, 'ClaimName:', v.persistentVolumeClaim.claimName);
      w.line(2, 'ReadOnly:', Boolean(v.persistentVolumeClaim.readOnly));
    } else if (v.projected) {
      w.line(2, 'Type:', 'Projected (a volume that contains injected data from multiple sources)');
    } else if (v.downwardAPI) {
      w.line(2, 'Type:', 'DownwardAPI (a volume populated by information about the pod)');
    }
  }
}

function writeTolerations(w: DescribeWriter, tolerations: NonNullable<Pod['spec']['tolerations']>): void {
  if (tolerations.length === 0) {
    w.line(0, 'Tolerations:', '<none>');
    return;
  }
  tolerations.forEach((t, i) => {
    const key = t.key ?? '';
    const text = `${key}${t.value ? '=' + t.value : ''}${t.effect ? ':' + t.effect : ''}${t.operator === 'Exists' ? ' op=Exists' : ''}${t.tolerationSeconds !== undefined ? ` for ${t.tolerationSeconds}s` : ''}`;
    if (i === 0) w.line(0, 'Tolerations:', text);
    else w.raw(0, ['', text]);
  });
}

/** qosClass computes Guaranteed / Burstable / BestEffort from requests and limits. */
export function qosClass(pod: Pod): string {
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  const any = containers.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const l = c.resources?.limits ?? {};
    const r = c.resources?.requests ?? l;
    return l.cpu !== undefined && l.memory !== undefined && String(r.cpu) === String(l.cpu) && String(r.memory) === String(l.memory);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

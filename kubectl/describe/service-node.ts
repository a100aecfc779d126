import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Node } from '../../api/core/v1/node.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { describeTime, DescribeWriter } from './describe-writer.ts';
import { writeEvents, type EventLike } from './events.ts';
import { writeMeta } from './meta.ts';

/** describeService renders `describe service`, with the ready endpoints per port. */
export function describeService(svc: Service, eps: Endpoints | undefined, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  const spec = svc.spec ?? {};
  writeMeta(w, svc);
  w.line(0, 'Selector:', Object.entries(spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>');
  w.line(0, 'Type:', spec.type ?? 'ClusterIP');
  w.line(0, 'IP Family Policy:', spec.ipFamilyPolicy ?? 'SingleStack');
  w.line(0, 'IP Families:', (spec.ipFamilies ?? ['IPv4']).join(','));
  if (spec.type === 'ExternalName') w.line(0, 'External Name:', spec.externalName ?? '');
  else {
    w.line(0, 'IP:', spec.clusterIP ?? '');
    w.line(0, 'IPs:', (spec.clusterIPs ?? [spec.clusterIP ?? '']).join(','));
  }
  if (spec.externalIPs?.length) w.line(0, 'External IPs:', spec.externalIPs.join(','));
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) w.line(0, 'LoadBalancer Ingress:', ingress.map((i) => i.ip ?? i.hostname).join(', '));
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    w.line(0, 'Port:', `${name}  ${p.port}/${p.protocol ?? 'TCP'}`);
    w.line(0, 'TargetPort:', `${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`);
    if (p.nodePort) w.line(0, 'NodePort:', `${name}  ${p.nodePort}/${p.protocol ?? 'TCP'}`);
    w.line(0, 'Endpoints:', endpointsFor(eps, p.name ?? ''));
  }
  w.line(0, 'Session Affinity:', spec.sessionAffinity ?? 'None');
  if (spec.externalTrafficPolicy) w.line(0, 'External Traffic Policy:', spec.externalTrafficPolicy);
  w.line(0, 'Internal Traffic Policy:', spec.internalTrafficPolicy ?? 'Cluster');
  writeEvents(w, events, now);
  return w.text();
}

function endpointsFor(eps: Endpoints | undefined, portName: string): string {
  const list = (eps?.subsets ?? []).flatMap((s) => {
    const port = (s.ports ?? []).find((p) => (p.name ?? '') === portName) ?? (s.ports?.length === 1 ? s.ports[0] : undefined);
    return port ? (s.addresses ?? []).map((a) => `${a.ip}:${port.port}`) : [];
  });
  if (list.length === 0) return '<none>';
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

/** describeNode renders `describe node`: conditions, addresses, capacity, pods and allocated resources. */
export function describeNode(node: Node, pods: Array<{ namespace: string; name: string; cpu: string; memory: string; age: string }>, events: EventLike[], now = Date.now()): string {
  const w = new DescribeWriter();
  const s = node.status ?? {};
  w.line(0, 'Name:', node.metadata.name);
  w.line(0, 'Roles:', roles(node));
  writeMeta(w, node, { name: false, namespace: false });
  w.line(0, 'CreationTimestamp:', describeTime(node.metadata.creationTimestamp));
  const taints = node.spec?.taints ?? [];
  if (taints.length === 0) w.line(0, 'Taints:', '<none>');
  taints.forEach((t, i) => (i === 0 ? w.line(0, 'Taints:', taintText(t)) : w.raw(0, ['', taintText(t)])));
  w.line(0, 'Unschedulable:', Boolean(node.spec?.unschedulable));
  w.line(0, 'Conditions:');
  w.raw(1, ['Type', 'Status', 'LastHeartbeatTime', 'LastTransitionTime', 'Reason', 'Message']);
  w.raw(1, ['----', '------', '-----------------', '------------------', '------', '-------']);
  for (const c of s.conditions ?? []) {
    w.raw(1, [c.type, c.status, describeTime(c.lastHeartbeatTime), describeTime(c.lastTransitionTime), c.reason ?? '', c.message ?? '']);
  }
  w.line(0, 'Addresses:');
  for (const a of s.addresses ?? []) w.line(1, `${a.type}:`, a.address);
  for (const [title, values] of [['Capacity:', s.capacity], ['Allocatable:', s.allocatable]] as const) {
    w.line(0, title);
    for (const [k, v] of Object.entries(values ?? {})) w.line(1, `${k}:`, String(v));
  }
  const info = s.nodeInfo;
  w.line(0, 'System Info:');
  if (info) {
    for (const [label, value] of [['Machine ID', info.machineID], ['Kernel Version', info.kernelVersion], ['OS Image', info.osImage], ['Operating System', info.operatingSystem], ['Architecture', info.architecture], ['Container Runtime Version', info.containerRuntimeVersion], ['Kubelet Version', info.kubeletVersion]] as const) {
      w.line(1, `${label}:`, value ?? '');
    }
  }
  w.line(0, 'PodCIDR:', node.spec?.podCIDR ?? '');
  w.line(0, 'PodCIDRs:', (node.spec?.podCIDRs ?? []).join(','));
  w.line(0, `Non-terminated Pods:`, `(${pods.length} in total)`);
  w.raw(1, ['Namespace', 'Name', 'CPU Requests', 'Memory Requests', 'Age']);
  w.raw(1, ['---------', '----', '------------', '---------------', '---']);
  for (const p of pods) w.raw(1, [p.namespace, p.name, p.cpu, p.memory, p.age]);
  writeEvents(w, events, now);
  return w.text();
}

function roles(node: Node): string {
  const r = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return r.length ? r.join(',') : '<none>';
}

function taintText(t: { key: string; value?: string; effect: string }): string {
  return `${t.key}${t.value ? '=' + t.value : ''}:${t.effect}`;
}

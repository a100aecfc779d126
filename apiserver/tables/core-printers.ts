import { formatLabels, loadBalancerIngress, orNone, quantityString } from './format.ts';
import { translateTimestampSince } from '../../api/meta/v1/human-duration.ts';
import { ageCol, col, nameCol, wide, type Json, type Printer } from './table-types.ts';

const age = (o: Json, now: Date): string => translateTimestampSince(o.metadata?.creationTimestamp, now);

/** nodeRoles lists roles from node-role.kubernetes.io/<role> and kubernetes.io/role labels, sorted. */
function nodeRoles(node: Json): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries<string>(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return orNone([...roles].sort().join(','));
}

function nodeStatus(node: Json): string {
  const ready = ((node.status?.conditions ?? []) as Json[]).find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

const nodeAddress = (node: Json, type: string): string => ((node.status?.addresses ?? []) as Json[]).find((a) => a.type === type)?.address ?? '<none>';

/** nodePrinter: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. */
export const nodePrinter: Printer = {
  columns: [
    nameCol,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    ageCol,
    col('Version', 'Kubelet Version reported by the node.'),
    wide(col('Internal-IP', 'List of addresses reachable to the node.')),
    wide(col('External-IP', 'List of addresses reachable to the node.')),
    wide(col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).')),
    wide(col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).")),
    wide(col('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).')),
  ],
  cells(n, now) {
    const info = n.status?.nodeInfo ?? {};
    return [
      n.metadata?.name ?? '',
      nodeStatus(n),
      nodeRoles(n),
      age(n, now),
      info.kubeletVersion ?? '',
      nodeAddress(n, 'InternalIP'),
      nodeAddress(n, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

function serviceExternalIP(svc: Json): string {
  const ext: string[] = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length > 0 ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(svc.status?.loadBalancer, true);
      if (ext.length > 0) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** servicePorts prints `80/TCP,443:30443/TCP` as kubectl's makePortString. */
export function servicePorts(ports: Json[] | undefined): string {
  const s = (ports ?? []).map((p) => (p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
  return orNone(s);
}

/** servicePrinter: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR. */
export const servicePrinter: Printer = {
  columns: [
    nameCol,
    col('Type', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'The list of ports that are exposed by this service.'),
    ageCol,
    wide(col('Selector', 'Route service traffic to pods with label keys and values matching this selector.')),
  ],
  cells(s, now) {
    const clusterIP = s.spec?.clusterIPs?.[0] || s.spec?.clusterIP || '<none>';
    return [s.metadata?.name ?? '', s.spec?.type ?? 'ClusterIP', clusterIP, serviceExternalIP(s), servicePorts(s.spec?.ports), age(s, now), formatLabels(s.spec?.selector)];
  },
};

/** formatEndpoints prints up to three ip:port pairs and `+ N more...`, as kubectl does. */
export function formatEndpoints(ep: Json): string {
  const subsets: Json[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs: Json[] = ss.addresses ?? [];
    const ports: Json[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const p of ports) {
      for (const a of addrs) {
        if (list.length === max) more = true;
        if (!more) list.push(a.ip.includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`);
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** endpointsPrinter: NAME ENDPOINTS AGE. */
export const endpointsPrinter: Printer = {
  columns: [nameCol, col('Endpoints', 'Endpoints of the service.'), ageCol],
  cells: (e, now) => [e.metadata?.name ?? '', formatEndpoints(e), age(e, now)],
};

/** configMapPrinter: NAME DATA AGE. */
export const configMapPrinter: Printer = {
  columns: [nameCol, col('Data', 'Data contains the configuration data.', { type: 'integer' }), ageCol],
  cells: (c, now) => [c.metadata?.name ?? '', Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length, age(c, now)],
};

/** secretPrinter: NAME TYPE DATA AGE. */
export const secretPrinter: Printer = {
  columns: [nameCol, col('Type', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'Data contains the secret data.', { type: 'integer' }), ageCol],
  cells: (s, now) => [s.metadata?.name ?? '', s.type ?? 'Opaque', Object.keys(s.data ?? {}).length, age(s, now)],
};

/** namespacePrinter: NAME STATUS AGE. */
export const namespacePrinter: Printer = {
  columns: [nameCol, col('Status', 'The status of the namespace'), ageCol],
  cells: (n, now) => [n.metadata?.name ?? '', n.status?.phase ?? '', age(n, now)],
};

/** serviceAccountPrinter: NAME SECRETS AGE. */
export const serviceAccountPrinter: Printer = {
  columns: [nameCol, col('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.', { type: 'integer' }), ageCol],
  cells: (s, now) => [s.metadata?.name ?? '', (s.secrets ?? []).length, age(s, now)],
};

/** resourceQuotaPrinter: NAME AGE REQUEST LIMIT with `resource: used/hard` pairs. */
export const resourceQuotaPrinter: Printer = {
  columns: [
    nameCol,
    ageCol,
    col('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  cells(q, now) {
    // Rows list spec.hard's resources with status.used/status.hard, zero when the controller has not filled them.
    const used: Record<string, string> = q.status?.used ?? {};
    const hard: Record<string, string> = q.status?.hard ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const r of Object.keys(q.spec?.hard ?? {}).sort()) {
      (r.startsWith('limits.') ? limits : requests).push(`${r}: ${quantityString(used[r])}/${quantityString(hard[r])}`);
    }
    return [q.metadata?.name ?? '', age(q, now), requests.join(', '), limits.join(', ')];
  },
};

/** limitRangePrinter: NAME CREATED AT. */
export const limitRangePrinter: Printer = {
  columns: [nameCol, col('Created At', 'CreationTimestamp is a timestamp representing the server time when this object was created.', { type: 'date' })],
  cells: (l) => [l.metadata?.name ?? '', l.metadata?.creationTimestamp ?? null],
};

/** podTemplatePrinter: NAME CONTAINERS IMAGES POD LABELS. */
export const podTemplatePrinter: Printer = {
  columns: [
    nameCol,
    col('Containers', 'Names of each container in the template.'),
    col('Images', 'Images referenced by each container in the template.'),
    col('Pod Labels', 'The labels for the pod template.'),
  ],
  cells: (t) => {
    const cs: Json[] = t.template?.spec?.containers ?? [];
    return [t.metadata?.name ?? '', cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(','), formatLabels(t.template?.metadata?.labels)];
  },
};

/**
 * Node registration data and status from real host readings: capacity (cpu, memory, pods,
 * ephemeral-storage), addresses, labels, nodeInfo, and the Ready / MemoryPressure /
 * DiskPressure / PIDPressure conditions with the kubelet's default eviction thresholds
 * (memory.available < 100Mi, nodefs.available < 10%, pids > 90% of pid_max).
 */
import { readdir, readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import type { Node, NodeStatus } from './api-types.ts';
import { readHostInfo, type HostInfo } from './host-info.ts';

/** KubeletVersion is reported as nodeInfo.kubeletVersion (the Kubernetes level Skiff follows). */
export const KubeletVersion = 'v1.32.0-skiff';

/** HostReadings are one sample of the host's resources. */
export interface HostReadings {
  cpus: number;
  memoryTotal: number;
  memoryAvailable: number;
  diskTotal: number;
  diskAvailable: number;
  pids: number;
  pidMax: number;
  /** info is the host identity (read once per process: it changes only with a reboot). */
  info?: HostInfo;
}

let hostInfo: Promise<HostInfo> | undefined;

/** readHost samples the host; rootDir is the filesystem whose space counts (the kubelet's root). */
export async function readHost(rootDir: string): Promise<HostReadings> {
  const meminfo = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const avail = /MemAvailable:\s+(\d+) kB/.exec(meminfo);
  const fs = await statfs(rootDir).catch(() => undefined);
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((d) => /^\d+$/.test(d)).length;
  const pidMax = Number((await readFile('/proc/sys/kernel/pid_max', 'utf8').catch(() => '4194304')).trim());
  return {
    cpus: os.availableParallelism(),
    memoryTotal: os.totalmem(),
    memoryAvailable: avail ? Number(avail[1]) * 1024 : os.freemem(),
    diskTotal: fs ? fs.blocks * fs.bsize : 0,
    diskAvailable: fs ? fs.bavail * fs.bsize : 0,
    pids,
    pidMax,
    info: await (hostInfo ??= readHostInfo()),
  };
}

/** NodeIdentity is what the kubelet is told about itself. */
export interface NodeIdentity {
  nodeName: string;
  nodeIP: string;
  port: number;
  maxPods: number;
  labels: Record<string, string>;
  taints: NonNullable<NonNullable<Node['spec']>['taints']>;
  podCIDR?: string;
  runtimeVersion: string;
}

/** nodeIPGuess picks the first non-internal IPv4 address of the host. */
export function nodeIPGuess(): string {
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** newNode is the Node object the kubelet registers. */
export function newNode(id: NodeIdentity, status: NodeStatus): Node {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.nodeName,
      labels: {
        'kubernetes.io/hostname': id.nodeName, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': arch,
        'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': arch, ...id.labels,
      },
    },
    spec: { ...(id.podCIDR ? { podCIDR: id.podCIDR, podCIDRs: [id.podCIDR] } : {}), ...(id.taints.length ? { taints: id.taints } : {}) },
    status,
  } as Node;
}

type Cond = NonNullable<NodeStatus['conditions']>[number];

/** nodeStatus computes the status from readings; `old` keeps lastTransitionTime of unchanged conditions. */
export function nodeStatus(id: NodeIdentity, h: HostReadings, runtimeError: string | undefined, old: NodeStatus | undefined, now: Date): NodeStatus {
  const ts = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const c = (type: string, bad: boolean, okReason: string, badReason: string, okMsg: string, badMsg: string, inverted = false): Cond => {
    const status = inverted ? (bad ? 'False' : 'True') : bad ? 'True' : 'False';
    const prev = old?.conditions?.find((x) => x.type === type);
    return {
      type, status, reason: bad ? badReason : okReason, message: bad ? badMsg : okMsg, lastHeartbeatTime: ts,
      lastTransitionTime: prev?.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : ts,
    } as Cond;
  };
  const memPressure = h.memoryAvailable < 100 * 2 ** 20;
  const diskPressure = h.diskTotal > 0 && h.diskAvailable / h.diskTotal < 0.1;
  const pidPressure = h.pids > 0.9 * h.pidMax;
  const resources = {
    cpu: String(h.cpus), memory: `${Math.floor(h.memoryTotal / 1024)}Ki`, pods: String(id.maxPods),
    'ephemeral-storage': `${Math.floor(h.diskTotal / 1024)}Ki`,
  };
  return {
    capacity: resources,
    allocatable: resources,
    conditions: [
      c('MemoryPressure', memPressure, 'KubeletHasSufficientMemory', 'KubeletHasInsufficientMemory', 'kubelet has sufficient memory available', 'kubelet has insufficient memory available'),
      c('DiskPressure', diskPressure, 'KubeletHasNoDiskPressure', 'KubeletHasDiskPressure', 'kubelet has no disk pressure', 'kubelet has disk pressure'),
      c('PIDPressure', pidPressure, 'KubeletHasSufficientPID', 'KubeletHasInsufficientPID', 'kubelet has sufficient PID available', 'kubelet has insufficient PID available'),
      c('Ready', !!runtimeError, 'KubeletReady', 'KubeletNotReady', 'kubelet is posting ready status', `container runtime is down: ${runtimeError}`, true),
    ],
    addresses: [{ type: 'InternalIP', address: id.nodeIP }, { type: 'Hostname', address: id.nodeName }],
    daemonEndpoints: { kubeletEndpoint: { Port: id.port } },
    nodeInfo: {
      machineID: h.info?.machineID ?? '', systemUUID: h.info?.systemUUID ?? '', bootID: h.info?.bootID ?? '',
      kernelVersion: os.release(), osImage: h.info?.osImage || 'Linux',
      containerRuntimeVersion: id.runtimeVersion, kubeletVersion: KubeletVersion, kubeProxyVersion: KubeletVersion,
      operatingSystem: 'linux', architecture: process.arch === 'x64' ? 'amd64' : process.arch,
    },
  };
}

/** statusChanged ignores heartbeat times: true when something a reader cares about changed. */
export function statusChanged(a: NodeStatus | undefined, b: NodeStatus): boolean {
  const strip = (s: NodeStatus | undefined) => JSON.stringify({ ...s, conditions: s?.conditions?.map((c) => [c.type, c.status, c.reason]) });
  return strip(a) !== strip(b);
}

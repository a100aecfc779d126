import { newInternalError, newInvalid } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Owner } from '../allocators/key-allocator.ts';
import type { ApiContext, ResourceStrategy } from './types.ts';

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
  nodePort?: number;
}

type ServiceLike = KubeObject & {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    ipFamilies?: string[];
    ipFamilyPolicy?: string;
    ports?: ServicePort[];
  };
};

const usesNodePorts = (s: ServiceLike) => s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer';
const usesClusterIP = (s: ServiceLike) => s.spec?.type !== 'ExternalName';
const hasIP = (s: ServiceLike) => !!s.spec?.clusterIP && s.spec.clusterIP !== 'None';
const ownerOf = (s: ServiceLike): Owner => ({ resource: 'services', namespace: s.metadata.namespace, name: s.metadata.name ?? '' });

function invalid(svc: ServiceLike, field: string, value: unknown, detail: string) {
  return newInvalid('Service', '', svc.metadata.name ?? '', [{ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` }]);
}

/** allocateClusterIP claims the requested clusterIP or a free one; returns what it claimed. */
async function allocateClusterIP(ctx: ApiContext, svc: ServiceLike): Promise<string[]> {
  const spec = svc.spec!;
  const a = ctx.allocators;
  if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
    return [];
  }
  const wanted = spec.clusterIP || spec.clusterIPs?.[0];
  let ip: string | undefined;
  if (wanted) {
    if (!a.ipInRange(wanted)) throw invalid(svc, 'spec.clusterIPs[0]', wanted, `provided IP is not in the valid range. The range of valid IPs is ${a.ipRange.cidr}`);
    if (!(await a.clusterIPs.allocate(wanted, ownerOf(svc)))) throw invalid(svc, 'spec.clusterIPs[0]', wanted, 'provided IP is already allocated');
    ip = wanted;
  } else {
    ip = await a.clusterIPs.allocateNext(ownerOf(svc));
    if (!ip) throw newInternalError(`failed to allocate a serviceIP: range is full (${a.ipRange.cidr})`);
  }
  spec.clusterIP = ip;
  spec.clusterIPs = [ip];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  return [ip];
}

/** allocateNodePorts claims requested or free node ports for ports lacking one (skipping `keep`). */
async function allocateNodePorts(ctx: ApiContext, svc: ServiceLike, keep: Set<number>): Promise<number[]> {
  const a = ctx.allocators;
  const claimed: number[] = [];
  try {
    for (const [i, p] of (svc.spec?.ports ?? []).entries()) {
      if (p.nodePort && keep.has(p.nodePort)) continue;
      if (p.nodePort) {
        if (!a.portInRange(p.nodePort)) throw invalid(svc, `spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${a.portRange.text}`);
        if (!(await a.nodePorts.allocate(String(p.nodePort), ownerOf(svc)))) throw invalid(svc, `spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated');
      } else {
        const v = await a.nodePorts.allocateNext(ownerOf(svc));
        if (!v) throw newInternalError(`failed to allocate a nodePort: range is full (${a.portRange.text})`);
        p.nodePort = Number(v);
      }
      claimed.push(p.nodePort);
    }
  } catch (err) {
    await Promise.all(claimed.map((n) => a.nodePorts.release(String(n))));
    throw err;
  }
  return claimed;
}

function undoFor(ctx: ApiContext, ips: string[], ports: number[]): () => Promise<void> {
  return async () => {
    await Promise.all([...ips.map((ip) => ctx.allocators.clusterIPs.release(ip)), ...ports.map((p) => ctx.allocators.nodePorts.release(String(p)))]);
  };
}

function nodePortsOf(svc: ServiceLike): Set<number> {
  return new Set((svc.spec?.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n));
}

/**
 * serviceStrategy allocates clusterIPs (none for ExternalName, `None` for headless) and
 * nodePorts (NodePort/LoadBalancer) cluster-wide through etcd, keeps them across updates that
 * omit them, and releases them when the Service no longer needs them or is deleted.
 */
export const serviceStrategy: ResourceStrategy = {
  resetStatusOnCreate: true,
  prepareForCreate(_ctx, obj) {
    const svc = obj as ServiceLike;
    if (!usesNodePorts(svc)) for (const p of svc.spec?.ports ?? []) delete p.nodePort;
  },
  async beforeCreate(ctx, obj, dryRun) {
    const svc = obj as ServiceLike;
    if (dryRun || !svc.spec) return;
    const ips = usesClusterIP(svc) ? await allocateClusterIP(ctx, svc) : [];
    try {
      const ports = usesNodePorts(svc) ? await allocateNodePorts(ctx, svc, new Set()) : [];
      return undoFor(ctx, ips, ports);
    } catch (err) {
      await undoFor(ctx, ips, [])();
      throw err;
    }
  },
  prepareForUpdate(obj, old) {
    const svc = obj as ServiceLike;
    const prev = old as ServiceLike;
    if (!svc.spec || !prev.spec) return;
    // Like Kubernetes' patchAllocatedValues: an update that omits allocated values keeps them.
    if (usesClusterIP(svc) && !svc.spec.clusterIP && prev.spec.clusterIP) {
      svc.spec.clusterIP = prev.spec.clusterIP;
      svc.spec.clusterIPs = prev.spec.clusterIPs;
    }
    if (usesNodePorts(svc) && usesNodePorts(prev)) {
      for (const p of svc.spec.ports ?? []) {
        if (p.nodePort) continue;
        const match = prev.spec.ports?.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
        if (match?.nodePort) p.nodePort = match.nodePort;
      }
    }
    if (!usesNodePorts(svc)) for (const p of svc.spec.ports ?? []) delete p.nodePort;
  },
  async beforeUpdate(ctx, obj, old, dryRun) {
    const svc = obj as ServiceLike;
    const prev = old as ServiceLike;
    if (dryRun || !svc.spec) return;
    const ips = usesClusterIP(svc) && !hasIP(prev) && svc.spec.clusterIP !== 'None' ? await allocateClusterIP(ctx, svc) : [];
    const ports = usesNodePorts(svc) ? await allocateNodePorts(ctx, svc, nodePortsOf(prev)) : [];
    return undoFor(ctx, ips, ports);
  },
  async afterUpdate(ctx, obj, old) {
    const svc = obj as ServiceLike;
    const prev = old as ServiceLike;
    const keep = nodePortsOf(svc);
    const ports = [...nodePortsOf(prev)].filter((p) => !keep.has(p));
    const ips = hasIP(prev) && prev.spec?.clusterIP !== svc.spec?.clusterIP ? [prev.spec!.clusterIP!] : [];
    await undoFor(ctx, ips, ports)();
  },
  async afterDelete(ctx, obj) {
    const svc = obj as ServiceLike;
    await undoFor(ctx, hasIP(svc) ? [svc.spec!.clusterIP!] : [], [...nodePortsOf(svc)])();
  },
};

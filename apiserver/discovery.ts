import type { ResourceInfo } from '../api/resource-info.ts';
import { newStatus, StatusError } from '../api/errors.ts';
import type { DiscoveryPath } from './request-path.ts';
import { servedVersionInfos } from './handlers/version-view.ts';

/** versionInfo is what /version answers; kubectl and client-go parse gitVersion. */
export const versionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-skiff',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

const MAIN_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface SubresourceShape {
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
}

const SUBRESOURCES: Record<string, SubresourceShape> = {
  status: { kind: '', verbs: ['get', 'patch', 'update'] },
  scale: { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
  binding: { kind: 'Binding', verbs: ['create'] },
  eviction: { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
  log: { kind: '', verbs: ['get'] },
  exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
  attach: { kind: 'PodAttachOptions', verbs: ['create', 'get'] },
  portforward: { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
  finalize: { kind: '', verbs: ['update'] },
  proxy: { kind: '', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  token: { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] },
  ephemeralcontainers: { kind: '', verbs: ['get', 'patch', 'update'] },
};

function groupVersions(resources: ResourceInfo[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of resources) {
    if (!r.group) continue;
    const versions = out.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    out.set(r.group, versions);
  }
  return out;
}

function apiGroup(name: string, versions: string[]) {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

/** apiResourceList is the APIResourceList of one group version, subresources listed as `pods/status`. */
export function apiResourceList(resources: ResourceInfo[], group: string, version: string) {
  const list = [];
  for (const r of resources.filter((x) => x.group === group && x.version === version)) {
    list.push({
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: MAIN_VERBS,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    });
    for (const sub of r.subresources) {
      const shape = SUBRESOURCES[sub] ?? { kind: '', verbs: ['get'] };
      list.push({
        name: `${r.resource}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: shape.kind || r.kind,
        ...(shape.group ? { group: shape.group, version: shape.version } : {}),
        verbs: shape.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: list };
}

/**
 * discoveryDocument answers /api, /apis, /apis/<g> and the per-group-version resource lists;
 * served groups that are not stored kinds (the metrics API) are listed in /apis via extraGroups.
 */
export function discoveryDocument(stored: ResourceInfo[], path: DiscoveryPath, extraGroups: object[] = []): unknown {
  // Extra served versions come after the stored ones, so the stored version stays preferred.
  const extra = servedVersionInfos().filter((i) => stored.some((r) => r.group === i.group && r.resource === i.resource));
  const resources = [...stored, ...extra];
  const groups = groupVersions(resources);
  switch (path.discovery) {
    case 'api':
      return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
    case 'apis':
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...[...groups].map(([g, v]) => apiGroup(g, v)), ...extraGroups] };
    case 'group': {
      const versions = groups.get(path.group);
      if (!versions) throw notFound(`/apis/${path.group}`);
      return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(path.group, versions) };
    }
    case 'groupVersion': {
      const known = path.group ? groups.get(path.group)?.includes(path.version!) : path.version === 'v1';
      if (!known) throw notFound(path.group ? `/apis/${path.group}/${path.version}` : `/api/${path.version}`);
      return apiResourceList(resources, path.group, path.version!);
    }
  }
}

function notFound(p: string): StatusError {
  return new StatusError(newStatus(404, 'NotFound', `the server could not find the requested resource (path ${p})`));
}

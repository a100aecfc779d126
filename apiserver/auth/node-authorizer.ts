import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { Attributes } from './attributes.ts';
import { ALLOW, NO_OPINION, type Authorizer, type Decision } from './authorizer.ts';
import { podReferences, type PodRefs } from './pod-references.ts';
import { nodeNameOf } from './user.ts';

type PodLike = KubeObject & { spec?: { nodeName?: string; volumes?: unknown[] } };

/** NodeGraph answers the Node authorizer's questions about pods (backed by storage). */
export interface NodeGraph {
  getPod(namespace: string, name: string): Promise<PodLike | undefined>;
  /** podsOnNode lists the pods bound to node in one namespace. */
  podsOnNode(node: string, namespace: string): Promise<PodLike[]>;
  /** pvcVolumeName returns the PV a claim is bound to. */
  pvcVolumeName?(namespace: string, name: string): Promise<string | undefined>;
}

const READ = new Set(['get', 'list', 'watch']);
const WRITE = new Set(['create', 'update', 'patch']);
const deny = (why: string): Decision => ({ decision: 'noopinion', reason: `node authorizer: ${why}` });

/** selectsNode tells whether a field selector pins spec.nodeName to node. */
function selectsNode(selector: string, node: string): boolean {
  return selector.split(',').some((t) => t.trim() === `spec.nodeName=${node}` || t.trim() === `spec.nodeName==${node}`);
}

/** selectedName returns the name a `metadata.name=X` field selector pins (single-object watches). */
function selectedName(selector: string): string | undefined {
  const m = /(?:^|,)metadata\.name==?([^,]+)/.exec(selector);
  return m?.[1];
}

async function referencedByNode(graph: NodeGraph, node: string, ns: string, kind: keyof PodRefs, name: string): Promise<boolean> {
  const pods = await graph.podsOnNode(node, ns);
  return pods.some((p) => podReferences(p)[kind].has(name));
}

async function podDecision(graph: NodeGraph, node: string, a: Attributes): Promise<Decision> {
  if ((a.verb === 'list' || a.verb === 'watch') && !a.subresource) return selectsNode(a.fieldSelector, node) ? ALLOW : deny(`node ${node} may only list pods with fieldSelector spec.nodeName=${node}`);
  const podVerbs = a.subresource === 'status' ? ['get', 'update', 'patch'] : a.subresource === '' ? ['get', 'delete'] : [];
  if (!podVerbs.includes(a.verb) || !a.name) return deny(`node ${node} may not ${a.verb} pods${a.subresource ? '/' + a.subresource : ''}`);
  const pod = await graph.getPod(a.namespace, a.name);
  if (!pod) return { ...deny(`pod ${a.namespace}/${a.name} not found`), notFound: true };
  return pod.spec?.nodeName === node ? ALLOW : deny(`no relationship found between node '${node}' and this pod`);
}

async function referencedObjectDecision(graph: NodeGraph, node: string, a: Attributes, kind: keyof PodRefs): Promise<Decision> {
  const name = a.name || (a.verb === 'list' || a.verb === 'watch' ? selectedName(a.fieldSelector) : undefined);
  if (!READ.has(a.verb) || !name) return deny(`node ${node} may only get ${a.resource} its pods reference`);
  const ok = await referencedByNode(graph, node, a.namespace, kind, name);
  return ok ? ALLOW : deny(`no relationship found between node '${node}' and this object`);
}

async function persistentVolumeDecision(graph: NodeGraph, node: string, a: Attributes): Promise<Decision> {
  if (a.verb !== 'get' || !graph.pvcVolumeName) return deny(`node ${node} may only get persistentvolumes of its pods`);
  // A PV is cluster-scoped: look through every namespace's bound pods' claims.
  const pods = await graph.podsOnNode(node, '');
  for (const p of pods) {
    for (const claim of podReferences(p).persistentvolumeclaims) {
      if ((await graph.pvcVolumeName(p.metadata.namespace ?? '', claim)) === a.name) return ALLOW;
    }
  }
  return deny(`no relationship found between node '${node}' and this object`);
}

async function resourceDecision(graph: NodeGraph, node: string, a: Attributes): Promise<Decision> {
  const key = `${a.apiGroup}/${a.resource}`;
  switch (key) {
    case '/nodes':
      if (READ.has(a.verb) && (a.subresource === '' || a.subresource === 'status')) return ALLOW;
      // create carries no name in the URL: NodeRestriction checks the body's name.
      if (a.verb === 'create' && a.subresource === '') return ALLOW;
      return (WRITE.has(a.verb) || a.verb === 'delete') && a.name === node && (a.subresource === '' || a.subresource === 'status') ? ALLOW : deny(`node ${node} may only modify its own Node object`);
    case '/pods':
      return podDecision(graph, node, a);
    case '/secrets':
    case '/configmaps':
    case '/persistentvolumeclaims':
      return referencedObjectDecision(graph, node, a, a.resource as keyof PodRefs);
    case '/persistentvolumes':
      return persistentVolumeDecision(graph, node, a);
    case '/serviceaccounts':
      if (a.subresource !== 'token' || a.verb !== 'create') return deny(`node ${node} may only request tokens for its pods' service accounts`);
      return (await referencedByNode(graph, node, a.namespace, 'serviceaccounts', a.name)) ? ALLOW : deny(`no relationship found between node '${node}' and this service account`);
    case 'coordination.k8s.io/leases':
      if (a.namespace === 'kube-node-lease' && a.verb === 'create') return ALLOW; // the body's name is checked by NodeRestriction
      return a.namespace === 'kube-node-lease' && a.name === node && (READ.has(a.verb) || WRITE.has(a.verb) || a.verb === 'delete') ? ALLOW : deny(`node ${node} may only use its own Lease`);
    case '/events':
    case 'events.k8s.io/events':
      return WRITE.has(a.verb) ? ALLOW : deny(`node ${node} may only write events`);
    case '/services':
    case '/endpoints':
    case 'discovery.k8s.io/endpointslices':
    case 'networking.k8s.io/ingresses': // the node proxy is also the ingress controller
      return READ.has(a.verb) && a.subresource === '' ? ALLOW : deny(`node ${node} may only read ${a.resource}`);
    case 'certificates.k8s.io/certificatesigningrequests':
      return (a.verb === 'create' || READ.has(a.verb)) && a.subresource === '' ? ALLOW : deny(`node ${node} may only create and read CSRs`);
    default:
      return NO_OPINION;
  }
}

/**
 * nodeAuthorizer is --authorization-mode=Node (Kubernetes' Node authorizer, plus the part of
 * NodeRestriction that is about names): a kubelet `system:node:<name>` in `system:nodes` may
 * read pods bound to it (lists only with fieldSelector spec.nodeName=<name>) and only the
 * Secrets, ConfigMaps, PVCs/PVs and service-account tokens those pods use; it may write only
 * its own Node, its Lease in kube-node-lease, its pods' status (and delete its pods) and events;
 * it may read nodes, services, endpoints and ingresses (its proxy routes them). Anything else gets no opinion, so RBAC decides —
 * and RBAC binds nothing to system:nodes, so the union denies it.
 */
export function nodeAuthorizer(graph: NodeGraph): Authorizer {
  return async (user, a) => {
    const node = nodeNameOf(user);
    if (!node) return NO_OPINION;
    if (!a.resourceRequest) return NO_OPINION;
    return resourceDecision(graph, node, a);
  };
}

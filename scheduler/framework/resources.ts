/**
 * Resource arithmetic the scheduler needs: a pod's effective requests (Kubernetes'
 * resource.PodRequests, init containers counted as max(init, sum(app))), the non-zero requests
 * used for scoring, and a node's allocatable.
 */
import { quantityIntValue, quantityMilliValue } from '../../api/quantity.ts';
import type { Container, Node, Pod } from '../api-types.ts';

/** Resource is an amount of the resources the scheduler accounts (cpu in millicores, bytes). */
export interface Resource {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
}

/** Allocatable is a node's allocatable resources plus its pod count limit. */
export interface Allocatable extends Resource {
  pods: number;
}

/** DefaultMilliCpuRequest is what scoring assumes for a container that requests no cpu (100m). */
export const DefaultMilliCpuRequest = 100;
/** DefaultMemoryRequest is what scoring assumes for a container that requests no memory (200Mi). */
export const DefaultMemoryRequest = 200 * 1024 * 1024;

type ResourceList = Record<string, string | number> | undefined;

/** zeroResource returns an empty Resource. */
export function zeroResource(): Resource {
  return { milliCpu: 0, memory: 0, ephemeralStorage: 0 };
}

// Pods repeat a handful of request strings ("100m", "128Mi"): parse each once.
const parsed = new Map<string, number>();

function amount(list: ResourceList, name: string, milli: boolean): number {
  const q = list?.[name];
  if (q === undefined || q === null) return 0;
  const key = `${milli ? 'm' : ''}${q}`;
  let v = parsed.get(key);
  if (v === undefined) {
    // Malformed quantities never pass API validation; treat them as nothing rather than crash a cycle.
    try {
      v = milli ? quantityMilliValue(q) : quantityIntValue(q);
    } catch {
      v = 0;
    }
    if (parsed.size < 10_000) parsed.set(key, v);
  }
  return v;
}

function containerRequests(c: Container): Resource {
  // Requests default to limits at admission; reading limits too keeps un-defaulted objects right.
  const requests = c.resources?.requests as ResourceList;
  const limits = c.resources?.limits as ResourceList;
  const pick = (name: string, milli: boolean) =>
    requests?.[name] !== undefined ? amount(requests, name, milli) : amount(limits, name, milli);
  return { milliCpu: pick('cpu', true), memory: pick('memory', false), ephemeralStorage: pick('ephemeral-storage', false) };
}

function add(a: Resource, b: Resource): Resource {
  return { milliCpu: a.milliCpu + b.milliCpu, memory: a.memory + b.memory, ephemeralStorage: a.ephemeralStorage + b.ephemeralStorage };
}

function max(a: Resource, b: Resource): Resource {
  return {
    milliCpu: Math.max(a.milliCpu, b.milliCpu),
    memory: Math.max(a.memory, b.memory),
    ephemeralStorage: Math.max(a.ephemeralStorage, b.ephemeralStorage),
  };
}

/**
 * podRequests computes what a pod occupies on a node: the larger of the sum of its app
 * containers (plus sidecars, i.e. restartable init containers) and the largest init container
 * (plus the sidecars started before it), plus the pod overhead.
 */
export function podRequests(pod: Pod): Resource {
  const spec = pod.spec;
  let reqs = zeroResource();
  for (const c of spec?.containers ?? []) reqs = add(reqs, containerRequests(c));
  let sidecars = zeroResource();
  let initMax = zeroResource();
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c);
    if ((c as { restartPolicy?: string }).restartPolicy === 'Always') {
      reqs = add(reqs, r);
      sidecars = add(sidecars, r);
      initMax = max(initMax, sidecars);
    } else {
      initMax = max(initMax, add(r, sidecars));
    }
  }
  reqs = max(reqs, initMax);
  const overhead = (spec as { overhead?: ResourceList } | undefined)?.overhead;
  if (overhead) reqs = add(reqs, { milliCpu: amount(overhead, 'cpu', true), memory: amount(overhead, 'memory', false), ephemeralStorage: 0 });
  return reqs;
}

/**
 * podNonZeroRequests is podRequests for scoring: app containers that request no cpu or memory
 * count as 100m / 200Mi, so best-effort pods still spread (Kubernetes' GetNonzeroRequests).
 */
export function podNonZeroRequests(pod: Pod): { milliCpu: number; memory: number } {
  let milliCpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = containerRequests(c);
    milliCpu += r.milliCpu || DefaultMilliCpuRequest;
    memory += r.memory || DefaultMemoryRequest;
  }
  const full = podRequests(pod);
  // Init containers can dominate; never score a pod below what it really requests.
  return { milliCpu: Math.max(milliCpu, full.milliCpu), memory: Math.max(memory, full.memory) };
}

/** nodeAllocatable reads status.allocatable (capacity when absent) of a node. */
export function nodeAllocatable(node: Node): Allocatable {
  const list = (node.status?.allocatable ?? node.status?.capacity) as ResourceList;
  return {
    milliCpu: amount(list, 'cpu', true),
    memory: amount(list, 'memory', false),
    ephemeralStorage: amount(list, 'ephemeral-storage', false),
    pods: amount(list, 'pods', false),
  };
}

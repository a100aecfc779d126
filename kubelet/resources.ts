/**
 * Resource quantities as the kubelet needs them: CPU in millicores and bytes, Docker limits
 * from a container's resources, and resourceFieldRef values.
 */
import { quantityValue as parse } from '../api/quantity.ts';
import type { Container } from './api-types.ts';

/** quantityValue parses a quantity ("100m", "64Mi") to a number; undefined reads 0. */
export function quantityValue(q: string | number | undefined): number {
  return q === undefined ? 0 : parse(q);
}


/** DockerLimits are the engine settings derived from a container's resources. */
export interface DockerLimits {
  nanoCpus?: number;
  cpuShares?: number;
  memoryBytes?: number;
}

/** dockerLimits maps limits.cpu → NanoCpus, limits.memory → Memory, requests.cpu → CpuShares. */
export function dockerLimits(c: Container): DockerLimits {
  const limits = c.resources?.limits ?? {};
  const requests = c.resources?.requests ?? {};
  const out: DockerLimits = {};
  if (limits.cpu !== undefined) out.nanoCpus = Math.round(quantityValue(limits.cpu) * 1e9);
  if (limits.memory !== undefined) out.memoryBytes = Math.round(quantityValue(limits.memory));
  const reqCpu = requests.cpu ?? limits.cpu;
  // Kubernetes' milliCPUToShares: 1 CPU = 1024 shares, never below 2.
  if (reqCpu !== undefined) out.cpuShares = Math.max(2, Math.round(quantityValue(reqCpu) * 1024));
  return out;
}

/** resourceFieldValue renders a resourceFieldRef (limits.cpu, requests.memory, …) with its divisor. */
export function resourceFieldValue(c: Container, resource: string, divisor?: string | number): string {
  const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
  const raw = c.resources?.[kind]?.[name] ?? (kind === 'requests' ? undefined : c.resources?.requests?.[name]);
  const d = quantityValue(divisor ?? (name === 'cpu' ? '1' : '1')) || 1;
  if (raw === undefined) return '0';
  // The downward API rounds up (a 250m CPU limit with divisor 1 reads "1").
  return String(Math.ceil(quantityValue(raw) / d));
}

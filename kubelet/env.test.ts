import { describe, expect, it } from 'vitest';
import type { Pod } from './api-types.ts';
import { buildEnv, EnvError, expand, fieldValue } from './env.ts';
import { dockerLimits, resourceFieldValue } from './resources.ts';
import { podDnsConfig } from './network/dns.ts';
import { parseTaints } from './config.ts';

const pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { b: '2', a: '1' } },
  spec: { nodeName: 'n1', containers: [{ name: 'c', resources: { limits: { cpu: '250m', memory: '64Mi' } } }] },
  status: { podIP: '10.244.1.5' },
} as unknown as Pod;

const src = {
  configMap: async (_ns: string, name: string) => (name === 'cm' ? { K: 'v', OTHER: 'o' } : undefined),
  secret: async (_ns: string, name: string) => (name === 's' ? { PW: 'x' } : undefined),
};

describe('env', () => {
  it.each([
    ['$(A)-$(B)', 'a-$(B)'],
    ['$$(A)', '$(A)'],
    ['plain', 'plain'],
  ])('expand %s → %s', (input, out) => {
    expect(expand(input, new Map([['A', 'a']]))).toBe(out);
  });

  it.each([
    ['metadata.name', 'p'], ['metadata.namespace', 'ns'], ['metadata.uid', 'u1'], ['spec.nodeName', 'n1'],
    ['status.podIP', '10.244.1.5'], ['status.hostIP', '192.0.2.1'], ["metadata.labels['a']", '1'], ['metadata.labels', 'a="1"\nb="2"'],
  ])('fieldRef %s', (path, value) => {
    expect(fieldValue(pod, path, '192.0.2.1')).toBe(value);
  });

  it('builds envFrom, then env in order with refs', async () => {
    const c = {
      name: 'c',
      envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'P_' }],
      env: [
        { name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'K' } } },
        { name: 'Y', valueFrom: { secretKeyRef: { name: 's', key: 'PW' } } },
        { name: 'Z', value: '$(X)$(Y)' },
        { name: 'MISSING_OK', valueFrom: { configMapKeyRef: { name: 'nope', key: 'K', optional: true } } },
      ],
    };
    expect(await buildEnv(pod, c as never, src, '')).toEqual(['P_K=v', 'P_OTHER=o', 'X=v', 'Y=x', 'Z=vx']);
  });

  it('fails on a missing required key', async () => {
    const c = { name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'NOPE' } } }] };
    await expect(buildEnv(pod, c as never, src, '')).rejects.toBeInstanceOf(EnvError);
  });
});

describe('resources', () => {
  it('maps limits and requests to Docker settings', () => {
    expect(dockerLimits({ name: 'c', resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } } } as never))
      .toEqual({ nanoCpus: 500_000_000, memoryBytes: 128 * 2 ** 20, cpuShares: 256 });
  });

  it.each([
    ['limits.cpu', undefined, '1'], ['limits.cpu', '1m', '250'], ['limits.memory', '1Mi', '64'], ['requests.memory', undefined, '0'],
  ])('resourceFieldRef %s / %s = %s', (res, divisor, out) => {
    expect(resourceFieldValue(pod.spec!.containers[0], res, divisor)).toBe(out);
  });
});

describe('dns', () => {
  it.each([
    ['ClusterFirst', false, { servers: ['10.96.0.10'], searches: ['ns.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] }],
    ['ClusterFirst', true, undefined],
    ['Default', false, undefined],
    ['None', false, { servers: [], searches: [], options: [] }],
  ])('%s hostNetwork=%s', (policy, hostNetwork, want) => {
    const p = { ...pod, spec: { ...pod.spec!, dnsPolicy: policy, hostNetwork } } as Pod;
    expect(podDnsConfig(p, { clusterDns: ['10.96.0.10'], clusterDomain: 'cluster.local' })).toEqual(want);
  });
});

describe('taints flag', () => {
  it('parses key=value:Effect and key:Effect', () => {
    expect(parseTaints('a=b:NoSchedule,c:NoExecute')).toEqual([{ key: 'a', value: 'b', effect: 'NoSchedule' }, { key: 'c', effect: 'NoExecute' }]);
    expect(() => parseTaints('bad')).toThrow(/invalid taint/);
  });
});

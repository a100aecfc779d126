import { describe, expect, it } from 'vitest';
import type { Pod } from './api-types.ts';
import type { Service } from '../api/core/v1/service.ts';
import { buildEnv, EnvError, expand, fieldValue } from './env.ts';
import { envName, serviceEnv } from './service-env.ts';
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

const svc = (namespace: string, name: string, clusterIP: string | undefined, ports: Array<{ port: number; name?: string; protocol?: string }>): Service =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { clusterIP, ports } }) as Service;

const kubernetes = svc('default', 'kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }]);
const kubernetesVars = {
  KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KUBERNETES_SERVICE_PORT_HTTPS: '443',
  KUBERNETES_PORT: 'tcp://10.96.0.1:443', KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443', KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
  KUBERNETES_PORT_443_TCP_PORT: '443', KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
};
const redis = svc('ns', 'redis-main', '10.96.3.4', [{ port: 6379 }, { name: 'metrics', port: 9121, protocol: 'UDP' }]);
const redisVars = {
  REDIS_MAIN_SERVICE_HOST: '10.96.3.4', REDIS_MAIN_SERVICE_PORT: '6379', REDIS_MAIN_SERVICE_PORT_METRICS: '9121',
  REDIS_MAIN_PORT: 'tcp://10.96.3.4:6379',
  REDIS_MAIN_PORT_6379_TCP: 'tcp://10.96.3.4:6379', REDIS_MAIN_PORT_6379_TCP_PROTO: 'tcp', REDIS_MAIN_PORT_6379_TCP_PORT: '6379', REDIS_MAIN_PORT_6379_TCP_ADDR: '10.96.3.4',
  REDIS_MAIN_PORT_9121_UDP: 'udp://10.96.3.4:9121', REDIS_MAIN_PORT_9121_UDP_PROTO: 'udp', REDIS_MAIN_PORT_9121_UDP_PORT: '9121', REDIS_MAIN_PORT_9121_UDP_ADDR: '10.96.3.4',
};

describe('service env', () => {
  it.each<[string, Service[], string, boolean, Record<string, string>]>([
    ['kubernetes only, in default', [kubernetes], 'default', true, kubernetesVars],
    ['kubernetes of default in any namespace', [kubernetes], 'ns', true, kubernetesVars],
    ['kubernetes even with enableServiceLinks=false', [kubernetes, redis], 'ns', false, kubernetesVars],
    ['own namespace services with links on', [kubernetes, redis], 'ns', true, { ...kubernetesVars, ...redisVars }],
    ['no services of other namespaces', [redis], 'other', true, {}],
    ['no headless or ExternalName services', [svc('ns', 'headless', 'None', [{ port: 80 }]), svc('ns', 'ext', undefined, [{ port: 80 }])], 'ns', true, {}],
    ['a same-named service in the pod namespace shadows default/kubernetes', [kubernetes, svc('ns', 'kubernetes', '10.96.9.9', [{ port: 8443 }])], 'ns', true, {
      KUBERNETES_SERVICE_HOST: '10.96.9.9', KUBERNETES_SERVICE_PORT: '8443', KUBERNETES_PORT: 'tcp://10.96.9.9:8443',
      KUBERNETES_PORT_8443_TCP: 'tcp://10.96.9.9:8443', KUBERNETES_PORT_8443_TCP_PROTO: 'tcp', KUBERNETES_PORT_8443_TCP_PORT: '8443', KUBERNETES_PORT_8443_TCP_ADDR: '10.96.9.9',
    }],
    ['IPv6 ClusterIPs in brackets', [svc('ns', 'v6', 'fd00::10', [{ port: 80 }])], 'ns', true, {
      V6_SERVICE_HOST: 'fd00::10', V6_SERVICE_PORT: '80', V6_PORT: 'tcp://[fd00::10]:80',
      V6_PORT_80_TCP: 'tcp://[fd00::10]:80', V6_PORT_80_TCP_PROTO: 'tcp', V6_PORT_80_TCP_PORT: '80', V6_PORT_80_TCP_ADDR: 'fd00::10',
    }],
  ])('%s', (_what, services, ns, links, want) => {
    expect(Object.fromEntries(serviceEnv(services, ns, links))).toEqual(want);
  });

  it.each([['web', 'WEB'], ['my-svc-2', 'MY_SVC_2'], ['http-alt', 'HTTP_ALT']])('envName %s → %s', (name, want) => {
    expect(envName(name)).toBe(want);
  });

  it('adds service vars after the container env, which wins, and $(VAR) sees them', async () => {
    const p = { ...pod, spec: { ...pod.spec!, enableServiceLinks: true } } as Pod;
    const c = {
      name: 'c',
      envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'REDIS_MAIN_' }],
      env: [
        { name: 'API', value: 'https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)' },
        { name: 'REDIS_MAIN_SERVICE_HOST', value: 'mine' },
        { name: 'LATER', value: '$(REDIS_MAIN_SERVICE_HOST)/$(REDIS_MAIN_K)' },
      ],
    };
    const env = await buildEnv(p, c as never, { ...src, services: () => [kubernetes, redis] }, '');
    expect(env.slice(0, 5)).toEqual(['REDIS_MAIN_K=v', 'REDIS_MAIN_OTHER=o', 'API=https://10.96.0.1:443', 'REDIS_MAIN_SERVICE_HOST=mine', 'LATER=mine/v']);
    expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1');
    expect(env).toContain('REDIS_MAIN_SERVICE_PORT_METRICS=9121');
    expect(env.filter((e) => e.startsWith('REDIS_MAIN_SERVICE_HOST='))).toEqual(['REDIS_MAIN_SERVICE_HOST=mine']);
    expect(env.length).toBe(5 + Object.keys(kubernetesVars).length + Object.keys(redisVars).length - 1);
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

import { describe, expect, it } from 'vitest';
import { serviceDefinition, type Service } from './service.ts';

function svc(mutate: (s: Service) => void = () => {}): Service {
  const s: Service = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
  mutate(s);
  serviceDefinition.applyDefaults(s);
  return s;
}

describe('service defaults', () => {
  it('fills type, affinity, protocol and targetPort', () => {
    expect(svc().spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
  });

  it('defaults NodePort traffic policy and ClientIP timeout', () => {
    const s = svc((x) => {
      x.spec!.type = 'NodePort';
      x.spec!.sessionAffinity = 'ClientIP';
    });
    expect(s.spec).toMatchObject({ externalTrafficPolicy: 'Cluster', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } });
  });

  it('keeps a named targetPort', () => {
    expect(svc((x) => (x.spec!.ports![0].targetPort = 'http')).spec!.ports![0].targetPort).toBe('http');
  });
});

describe('service validation', () => {
  it('accepts a defaulted service', () => {
    expect(serviceDefinition.validate(svc())).toEqual([]);
  });

  const cases: [string, (s: Service) => void, string][] = [
    ['name must start with a letter', (s) => (s.metadata.name = '1web'), 'metadata.name'],
    ['name traversal', (s) => (s.metadata.name = 'a/b'), 'metadata.name'],
    ['no ports', (s) => (s.spec!.ports = []), 'spec.ports'],
    ['port 0', (s) => (s.spec!.ports![0].port = 0), 'spec.ports[0].port'],
    ['port 65536', (s) => (s.spec!.ports![0].port = 65536), 'spec.ports[0].port'],
    ['unnamed second port', (s) => s.spec!.ports!.push({ port: 81 }), 'spec.ports[1].name'],
    ['duplicate port names', (s) => (s.spec!.ports = [{ name: 'a', port: 80 }, { name: 'a', port: 81 }]), 'spec.ports[1].name'],
    ['duplicate port+protocol', (s) => (s.spec!.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 80 }]), 'spec.ports[1]'],
    ['bad type', (s) => (s.spec!.type = 'Magic'), 'spec.type'],
    ['nodePort on ClusterIP', (s) => (s.spec!.ports![0].nodePort = 30080), 'spec.ports[0].nodePort'],
    ['bad clusterIP', (s) => (s.spec!.clusterIP = '10.0.0.300'), 'spec.clusterIP'],
    ['bad targetPort name', (s) => (s.spec!.ports![0].targetPort = 'Not_A_Name'), 'spec.ports[0].targetPort'],
    ['bad targetPort number', (s) => (s.spec!.ports![0].targetPort = 70000), 'spec.ports[0].targetPort'],
    ['bad sessionAffinity', (s) => (s.spec!.sessionAffinity = 'Sticky'), 'spec.sessionAffinity'],
    ['ExternalName without name', (s) => (s.spec!.type = 'ExternalName'), 'spec.externalName'],
    ['bad selector', (s) => (s.spec!.selector = { 'a b': 'c' }), 'spec.selector'],
    ['bad externalIP', (s) => (s.spec!.externalIPs = ['nope']), 'spec.externalIPs[0]'],
  ];

  it.each(cases)('%s', (_n, mutate, field) => {
    const s = svc();
    mutate(s);
    expect(serviceDefinition.validate(s).map((c) => c.field)).toContain(field);
  });

  it('lets a headless service have no ports', () => {
    expect(serviceDefinition.validate(svc((s) => {
      s.spec!.clusterIP = 'None';
      s.spec!.ports = [];
    }))).toEqual([]);
  });
});

describe('service update', () => {
  const old = svc((s) => (s.spec!.clusterIP = '10.96.0.10'));
  it.each([
    ['clusterIP change', (s: Service) => (s.spec!.clusterIP = '10.96.0.11'), ['spec.clusterIP']],
    ['clusterIP removal', (s: Service) => delete s.spec!.clusterIP, ['spec.clusterIP']],
    ['port change allowed', (s: Service) => (s.spec!.ports![0].port = 8080), []],
    ['switch to ExternalName releases it', (s: Service) => {
      s.spec = { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' };
    }, []],
  ])('%s', (_n, mutate, want) => {
    const next = structuredClone(old);
    mutate(next);
    next.spec!.clusterIPs = next.spec!.clusterIP ? [next.spec!.clusterIP] : undefined;
    expect(serviceDefinition.validateUpdate!(next, old).map((c) => c.field)).toEqual(want);
  });
});

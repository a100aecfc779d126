import { describe, expect, it } from 'vitest';
import { ingressDefinition as def, type Ingress } from './ingress.ts';

function ingress(mutate: (i: Ingress) => void = () => {}): Ingress {
  const i: Ingress = {
    metadata: { name: 'web', namespace: 'default' },
    spec: { rules: [{ host: 'example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  };
  mutate(i);
  return i;
}

describe('ingress validation', () => {
  it('accepts a simple ingress and a wildcard host', () => {
    expect(def.validate(ingress())).toEqual([]);
    expect(def.validate(ingress((i) => (i.spec!.rules![0].host = '*.example.com')))).toEqual([]);
  });

  const path = 'spec.rules[0].http.paths[0]';
  const cases: [string, (i: Ingress) => void, string][] = [
    ['no rules or default backend', (i) => (i.spec = {}), 'spec'],
    ['missing pathType', (i) => (i.spec!.rules![0].http!.paths[0].pathType = ''), `${path}.pathType`],
    ['bad pathType', (i) => (i.spec!.rules![0].http!.paths[0].pathType = 'Regex'), `${path}.pathType`],
    ['relative path', (i) => (i.spec!.rules![0].http!.paths[0].path = 'api'), `${path}.path`],
    ['port name and number', (i) => (i.spec!.rules![0].http!.paths[0].backend.service!.port = { name: 'http', number: 80 }), `${path}.backend.service.port`],
    ['port 0', (i) => (i.spec!.rules![0].http!.paths[0].backend.service!.port = { number: 0 }), `${path}.backend.service.port.number`],
    ['two backends', (i) => (i.spec!.rules![0].http!.paths[0].backend.resource = { kind: 'Bucket', name: 'b' }), `${path}.backend`],
    ['bad host', (i) => (i.spec!.rules![0].host = 'Example..com'), 'spec.rules[0].host'],
    ['double wildcard', (i) => (i.spec!.rules![0].host = '*.*.example.com'), 'spec.rules[0].host'],
  ];

  it.each(cases)('%s', (_n, mutate, field) => {
    expect(def.validate(ingress(mutate)).map((c) => c.field)).toContain(field);
  });
});

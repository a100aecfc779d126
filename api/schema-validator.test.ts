import { describe, expect, it } from 'vitest';
import { checkSchema, pointerToPath, strictDecodingMessage } from './schema-validator.ts';
import { podDefinition } from './core/v1/pod.ts';
import { secretDefinition } from './core/v1/secret.ts';
import { deploymentDefinition } from './apps/v1/deployment.ts';
import { serviceDefinition } from './core/v1/service.ts';

const basePod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', creationTimestamp: null },
  spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }] }] },
});

describe('pointerToPath', () => {
  it.each([
    ['/spec/containers/0/image', undefined, 'spec.containers[0].image'],
    ['/spec', 'foo', 'spec.foo'],
    ['', 'foo', 'foo'],
    ['/data/a.txt', undefined, 'data[a.txt]'],
    ['/metadata/labels/a~1b', undefined, 'metadata.labels[a/b]'],
  ])('%s + %s → %s', (ptr, extra, want) => {
    expect(pointerToPath(ptr, extra)).toBe(want);
  });
});

describe('checkSchema unknown fields', () => {
  const withUnknown = () => {
    const p = basePod() as Record<string, any>;
    p.spec.containers[0].imagePullPolcy = 'Always';
    p.spec.foo = 1;
    p.bar = true;
    return p;
  };

  it('reports every unknown field with its path', () => {
    const r = checkSchema(podDefinition, withUnknown(), 'Strict');
    expect(r.unknownFields.sort()).toEqual(['bar', 'spec.containers[0].imagePullPolcy', 'spec.foo']);
    expect(r.typeErrors).toEqual([]);
  });

  it.each([
    ['Strict', true],
    ['Warn', false],
    ['Ignore', false],
  ] as const)('under %s keeps unknown fields in the object: %s', (mode, kept) => {
    const r = checkSchema<any>(podDefinition, withUnknown(), mode);
    expect('imagePullPolcy' in r.object.spec.containers[0]).toBe(kept);
    expect('foo' in r.object.spec).toBe(kept);
    expect(r.object.spec.containers[0].image).toBe('x');
  });

  it('does not mutate its input', () => {
    const input = withUnknown();
    checkSchema(podDefinition, input, 'Ignore');
    expect(input.spec.foo).toBe(1);
  });

  it('accepts known optional fields of embedded templates', () => {
    const d = {
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x', livenessProbe: { httpGet: { port: 'http' } } }] } }, strategy: { rollingUpdate: { maxSurge: '50%' } } },
    };
    expect(checkSchema(deploymentDefinition, d, 'Strict')).toMatchObject({ typeErrors: [], unknownFields: [] });
  });

  it('formats the strict decoding message like Kubernetes', () => {
    expect(strictDecodingMessage(['spec.foo'])).toBe('strict decoding error: unknown field "spec.foo"');
  });
});

describe('checkSchema type errors', () => {
  const cases: [string, (p: any) => void, string][] = [
    ['string port', (p) => (p.spec.containers[0].ports[0].containerPort = 'eighty'), 'spec.containers[0].ports[0].containerPort'],
    ['float port', (p) => (p.spec.containers[0].ports[0].containerPort = 80.5), 'spec.containers[0].ports[0].containerPort'],
    ['containers not a list', (p) => (p.spec.containers = { name: 'c' }), 'spec.containers'],
    ['label value number', (p) => (p.metadata.labels = { a: 1 }), 'metadata.labels.a'],
    ['boolean IntOrString', (p) => (p.spec.containers[0].livenessProbe = { tcpSocket: { port: true } }), 'spec.containers[0].livenessProbe.tcpSocket.port'],
    ['bad timestamp', (p) => (p.status = { startTime: 'yesterday' }), 'status.startTime'],
    ['spec a string', (p) => (p.spec = 'x'), 'spec'],
  ];

  it.each(cases)('%s', (_n, mutate, field) => {
    const p = basePod();
    mutate(p);
    const r = checkSchema(podDefinition, p, 'Strict');
    expect(r.typeErrors.map((c) => c.field)).toEqual([field]);
    expect(r.typeErrors[0].reason).toBe('FieldValueTypeInvalid');
  });

  it('explains a union mismatch by its alternatives', () => {
    const p: any = basePod();
    p.spec.containers[0].livenessProbe = { tcpSocket: { port: true } };
    expect(checkSchema(podDefinition, p, 'Strict').typeErrors[0].message).toBe('Invalid value: must be integer or must be string');
  });

  it('leaves missing required fields to validate() (422, not 400)', () => {
    const r = checkSchema(podDefinition, { metadata: { name: 'p' }, spec: { containers: [{}] } }, 'Strict');
    expect(r.typeErrors).toEqual([]);
  });

  it('fills a missing metadata so validation can report the name', () => {
    const r = checkSchema<any>(serviceDefinition, { spec: {} }, 'Strict');
    expect(r.object.metadata).toEqual({});
  });

  it('rejects Secret data that is not base64', () => {
    expect(checkSchema(secretDefinition, { metadata: { name: 's' }, data: { a: 'not base64!' } }, 'Strict').typeErrors.map((c) => c.field)).toEqual(['data.a']);
    expect(checkSchema(secretDefinition, { metadata: { name: 's' }, data: { a: 'aGVsbG8=' } }, 'Strict').typeErrors).toEqual([]);
  });

  it.each([null, [], 'pod', 3])('rejects a body that is not an object: %j', (body) => {
    expect(checkSchema(podDefinition, body, 'Strict').typeErrors).toHaveLength(1);
  });
});

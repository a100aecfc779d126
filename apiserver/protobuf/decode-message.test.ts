import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode-message.ts';
import { MESSAGES } from './kinds.ts';
import { encodeMessage, entry, intOrString, time, type PbField } from './test-encoder.ts';
import { ProtoDecodeError, ProtoReader } from './wire-reader.ts';

function decode(message: string, fields: PbField[] | Uint8Array): Record<string, unknown> {
  const bytes = fields instanceof Uint8Array ? fields : encodeMessage(fields);
  return decodeMessage(MESSAGES, message, new ProtoReader(bytes));
}

describe('decodeMessage special encodings', () => {
  const cases: { name: string; message: string; fields: PbField[]; want: Record<string, unknown> }[] = [
    {
      name: 'Time keeps whole seconds in RFC 3339 UTC (Go drops the nanos)',
      message: 'ObjectMeta',
      fields: [[1, 'x'], [8, time('2024-03-01T12:34:56Z', 789_000_000)]],
      want: { name: 'x', creationTimestamp: '2024-03-01T12:34:56Z' },
    },
    {
      name: 'an empty Time message is the zero time, i.e. unset',
      message: 'ObjectMeta',
      fields: [[1, 'x'], [8, []]],
      want: { name: 'x' },
    },
    {
      name: 'MicroTime keeps microseconds',
      message: 'LeaseSpec',
      fields: [[1, 'holder'], [4, time('2024-03-01T12:34:56Z', 123_456_789)]],
      want: { holderIdentity: 'holder', renewTime: '2024-03-01T12:34:56.123456Z' },
    },
    {
      name: 'Quantity is its string; map<string, Quantity> entries',
      message: 'ResourceRequirements',
      fields: [entry(1, 'cpu', [[1, '500m']]), entry(1, 'memory', [[1, '128Mi']]), entry(2, 'cpu', [[1, '250m']])],
      want: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
    },
    {
      name: 'IntOrString int and string',
      message: 'RollingUpdateDeployment',
      fields: [[1, intOrString(2)], [2, intOrString('25%')]],
      want: { maxUnavailable: 2, maxSurge: '25%' },
    },
    {
      name: 'a pointer IntOrString keeps an explicit 0',
      message: 'RollingUpdateDeployment',
      fields: [[1, intOrString(0)]],
      want: { maxUnavailable: 0 },
    },
    {
      name: 'a non-pointer IntOrString 0 is unset (servicePort.targetPort defaults to port)',
      message: 'ServicePort',
      fields: [[3, 80], [4, intOrString(0)]],
      want: { port: 80 },
    },
    {
      name: 'map<string, bytes> becomes base64 strings (Secret.data)',
      message: 'Secret',
      fields: [entry(2, 'pw', new TextEncoder().encode('hunter2')), entry(2, 'bin', Uint8Array.from([0, 255])), [3, 'Opaque']],
      want: { data: { pw: 'aHVudGVyMg==', bin: 'AP8=' }, type: 'Opaque' },
    },
    {
      name: 'int64 beyond 2^32 and a negative int32 (10-byte varint)',
      message: 'PodSpec',
      fields: [[4, 5_000_000_000n], [25, -5]],
      want: { terminationGracePeriodSeconds: 5_000_000_000, priority: -5 },
    },
    {
      name: 'non-pointer zero values are unset; pointer zero values are kept',
      message: 'PodSpec',
      fields: [[3, ''], [11, false], [4, 0], [21, false], [16, '']],
      want: { terminationGracePeriodSeconds: 0, automountServiceAccountToken: false },
    },
    {
      name: 'repeated int64, unpacked and packed',
      message: 'PodSecurityContext',
      fields: [[4, 1], [4, 2], [4, Uint8Array.from([3, 4])]],
      want: { supplementalGroups: [1, 2, 3, 4] },
    },
    {
      name: 'inlined structs merge into the parent (Volume.volumeSource, Probe.handler)',
      message: 'Probe',
      fields: [[1, [[2, [[1, '/healthz'], [2, intOrString('http')]]]]], [4, 7]],
      want: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 7 },
    },
    {
      name: 'unknown field numbers of every wire type are skipped',
      message: 'ConfigMap',
      fields: [[99, 'future'], [98, 42], [97, [[1, 'x']]], entry(2, 'a', 'b')],
      want: { data: { a: 'b' } },
    },
    {
      name: 'a map key "__proto__" is plain data',
      message: 'ConfigMap',
      fields: [entry(2, '__proto__', 'x')],
      want: { data: JSON.parse('{"__proto__":"x"}') },
    },
    {
      name: 'repeated strings keep empty elements (the core API group "")',
      message: 'PolicyRule',
      fields: [[1, 'get'], [2, ''], [2, 'apps'], [3, 'pods']],
      want: { verbs: ['get'], apiGroups: ['', 'apps'], resources: ['pods'] },
    },
    {
      name: 'map<string, ExtraValue> becomes lists of strings; bytes become base64 (CSR)',
      message: 'CertificateSigningRequestSpec',
      fields: [[1, Uint8Array.from([1, 2, 3])], [8, 600], entry(6, 'scopes', [[1, 'a'], [1, 'b']]), [6, [[1, 'none']]]],
      want: { request: 'AQID', expirationSeconds: 600, extra: { scopes: ['a', 'b'], none: [] } },
    },
    {
      name: 'a map entry without a value gets the zero value',
      message: 'ConfigMap',
      fields: [[2, [[1, 'empty']]]],
      want: { data: { empty: '' } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = decode(c.message, c.fields);
      expect(got).toEqual(c.want);
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    });
  }

  it('keeps "__proto__" as an own key without changing the map prototype', () => {
    const got = decode('ConfigMap', [entry(2, '__proto__', 'x')]) as { data: Record<string, unknown> };
    expect(Object.getPrototypeOf(got.data)).toBe(Object.prototype);
    expect(Object.keys(got.data)).toEqual(['__proto__']);
  });
});

describe('decodeMessage malformed input', () => {
  const cases: { name: string; message: string; bytes: Uint8Array; error: RegExp }[] = [
    { name: 'string field sent as varint', message: 'ObjectMeta', bytes: encodeMessage([[1, 5]]), error: /wrong wire type 0 for a string/ },
    { name: 'int field sent as bytes', message: 'DeploymentSpec', bytes: encodeMessage([[1, 'x']]), error: /wrong wire type 2 for a int32/ },
    { name: 'length past the end', message: 'ObjectMeta', bytes: Uint8Array.from([0x0a, 0x05, 0x61]), error: /past the end/ },
    { name: 'truncated varint', message: 'DeploymentSpec', bytes: Uint8Array.from([0x08, 0x80]), error: /truncated varint/ },
    { name: 'unknown field with the group wire type', message: 'ObjectMeta', bytes: Uint8Array.from([0x9b, 0x06]), error: /unsupported wire type 3/ },
    { name: 'field number 0', message: 'ObjectMeta', bytes: Uint8Array.from([0x02, 0x00]), error: /invalid field number 0/ },
    { name: 'IntOrString type 7', message: 'ServicePort', bytes: encodeMessage([[4, [[1, 7]]]]), error: /IntOrString.type 7/ },
    { name: 'Time seconds beyond year 9999', message: 'ObjectMeta', bytes: encodeMessage([[8, [[1, 1n << 50n]]]]), error: /seconds out of range/ },
    { name: 'FieldsV1 that is not JSON', message: 'ManagedFieldsEntry', bytes: encodeMessage([[7, [[1, '{nope']]]]), error: /JSON document/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(() => decodeMessage(MESSAGES, c.message, new ProtoReader(c.bytes))).toThrow(ProtoDecodeError);
      expect(() => decodeMessage(MESSAGES, c.message, new ProtoReader(c.bytes))).toThrow(c.error);
    });
  }
});

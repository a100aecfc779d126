import { describe, expect, it } from 'vitest';
import { MESSAGES, messageForKind } from './kinds.ts';
import { buildTable, parseField } from './schema.ts';
import { ProtoReader } from './wire-reader.ts';
import { varint } from './test-encoder.ts';

describe('parseField', () => {
  const cases: [string, number, object][] = [
    ['name=1', 1, { json: 'name', type: 'string', repeated: false, map: false, pointer: false, inline: false }],
    ['replicas=1:i32*', 1, { type: 'int32', pointer: true }],
    ['generation=7:i64', 7, { type: 'int64', pointer: false }],
    ['command=3:[]', 3, { type: 'string', repeated: true }],
    ['groups=4:[i64]', 4, { type: 'int64', repeated: true }],
    ['ports=6:[ContainerPort]', 6, { type: 'ContainerPort', repeated: true }],
    ['labels=11:{}', 11, { type: 'string', map: true }],
    ['data=2:{bytes}', 2, { type: 'bytes', map: true }],
    ['_=2:^VolumeSource', 2, { type: 'VolumeSource', inline: true }],
    ['maxSurge=2:IntOrString*', 2, { type: 'IntOrString', pointer: true }],
  ];
  for (const [token, num, want] of cases) {
    it(token, () => {
      const [n, def] = parseField(token);
      expect(n).toBe(num);
      expect(def).toMatchObject(want);
    });
  }

  it('rejects malformed specs', () => {
    expect(() => parseField('name')).toThrow(/bad protobuf field spec/);
    expect(() => parseField('name=x')).toThrow(/bad protobuf field spec/);
  });
});

describe('buildTable', () => {
  it('rejects references to undefined messages and duplicate field numbers', () => {
    expect(() => buildTable({ A: 'x=1:Missing' })).toThrow(/unknown type Missing/);
    expect(() => buildTable({ A: 'x=1 y=1' })).toThrow(/duplicate protobuf field number 1/);
    expect(() => buildTable({ A: 'x=1' }, { A: 'y=2' })).toThrow(/defined twice/);
  });

  it('loads the real table with a message for every top-level kind', () => {
    for (const kind of ['Namespace', 'ConfigMap', 'Secret', 'Pod', 'Service', 'Deployment', 'Job', 'CronJob', 'Eviction', 'DeleteOptions', 'Lease', 'Ingress']) {
      expect(MESSAGES.has(messageForKind('v1', kind)!), kind).toBe(true);
    }
    expect(messageForKind('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscaler');
    expect(messageForKind('autoscaling/v1', 'HorizontalPodAutoscaler')).toBe('HorizontalPodAutoscalerV1');
    expect(messageForKind('example.com/v1', 'Widget')).toBeUndefined();
    expect(messageForKind('rbac.authorization.k8s.io/v1', 'RoleBinding')).toBe('RoleBinding');
  });
});

describe('ProtoReader', () => {
  it('reads multi-byte and 64-bit varints', () => {
    for (const v of [0n, 1n, 127n, 128n, 300n, 2n ** 35n, 2n ** 64n - 1n]) {
      expect(new ProtoReader(Uint8Array.from(varint(v))).varint()).toBe(v);
    }
  });

  it('rejects an 11-byte varint', () => {
    expect(() => new ProtoReader(Uint8Array.from([...Array(10).fill(0xff), 0x01])).varint()).toThrow(/longer than 10 bytes/);
  });

  it('skips fixed32 and fixed64 values and reports truncation', () => {
    const r = new ProtoReader(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    r.skip(1);
    expect(r.pos).toBe(8);
    expect(() => r.skip(5)).toThrow(/truncated field/);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './decode.ts';

// A tiny encoder for the test: length-delimited fields and varints only.
const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
};
const bytes = (no: number, payload: number[] | string): number[] => {
  const b = typeof payload === 'string' ? [...Buffer.from(payload)] : payload;
  return [...varint((no << 3) | 2), ...varint(b.length), ...b];
};
const num = (no: number, v: number): number[] => [...varint(no << 3), ...varint(v)];
const entry = (no: number, k: string, v: number[] | string) => bytes(no, [...bytes(1, k), ...bytes(2, v)]);

function envelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...bytes(1, [...bytes(1, apiVersion), ...bytes(2, kind)]), ...bytes(2, raw)]);
}

describe('decodeKubernetesProtobuf', () => {
  it('decodes a ConfigMap with metadata, labels and data', () => {
    const meta = [...bytes(1, 'c1'), ...bytes(3, 'default'), ...entry(11, 'app', 'x')];
    const raw = [...bytes(1, meta), ...entry(2, 'a', 'b'), ...entry(2, 'c', '')];
    expect(decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', raw))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c1', namespace: 'default', labels: { app: 'x' } },
      data: { a: 'b', c: '' },
    });
  });

  it('decodes a Deployment with replicas, selector and containers', () => {
    const container = [...bytes(1, 'web'), ...bytes(2, 'nginx:1'), ...bytes(6, num(3, 80))];
    const template = [...bytes(1, entry(11, 'app', 'web')), ...bytes(2, bytes(2, container))];
    const spec = [...num(1, 3), ...bytes(2, entry(1, 'app', 'web')), ...bytes(3, template)];
    const obj = decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', [...bytes(1, bytes(1, 'web')), ...bytes(2, spec)])) as { spec: Record<string, unknown> };
    expect(obj.spec).toEqual({
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }] }] } },
    });
  });

  it.each([
    ['no magic prefix', Buffer.from('{}'), 400],
    ['truncated', Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f]), 400],
    ['unknown kind', envelope('v1', 'Widget', []), 415],
  ])('answers %s with a %i Status', (_n, body, code) => {
    expect(() => decodeKubernetesProtobuf(body)).toThrow(expect.objectContaining({ status: expect.objectContaining({ code }) }));
  });
});

import { describe, expect, it } from 'vitest';
import { configMapDefinition, type ConfigMap } from './configmap.ts';
import { secretDefinition, type Secret } from './secret.ts';

const meta = { name: 'c', namespace: 'default' };

describe('secret defaults', () => {
  it('defaults the type to Opaque and folds stringData into base64 data', () => {
    const s: Secret = { metadata: meta, data: { a: Buffer.from('old').toString('base64'), b: 'Yg==' }, stringData: { a: 'new' } };
    secretDefinition.applyDefaults(s);
    expect(s.type).toBe('Opaque');
    expect(s.stringData).toBeUndefined();
    expect(Buffer.from(s.data!.a, 'base64').toString()).toBe('new');
    expect(s.data!.b).toBe('Yg==');
  });
});

describe('secret and configmap validation', () => {
  const cases: [string, () => string[], string[]][] = [
    ['configmap valid', () => fieldsCM({ data: { 'app.properties': 'x' } }), []],
    ['configmap key traversal', () => fieldsCM({ data: { '../x': 'y' } }), ['data[../x]', 'data[../x]']],
    ['configmap key with slash', () => fieldsCM({ data: { 'a/b': 'y' } }), ['data[a/b]']],
    ['configmap key in data and binaryData', () => fieldsCM({ data: { k: 'a' }, binaryData: { k: 'YQ==' } }), ['binaryData[k]']],
    ['configmap over 1 MiB', () => fieldsCM({ data: { k: 'x'.repeat(1024 * 1024 + 1) } }), ['']],
    ['tls secret without key', () => fieldsSecret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==' } }), ['data[tls.key]']],
    ['dockerconfigjson not JSON', () => fieldsSecret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('{').toString('base64') } }), ['data[.dockerconfigjson]']],
    ['secret key traversal', () => fieldsSecret({ data: { '..': 'YQ==' } }), ['data[..]']],
  ];

  it.each(cases)('%s', (_n, run, want) => {
    expect(run()).toEqual(want);
  });

  function fieldsCM(extra: Partial<ConfigMap>): string[] {
    return configMapDefinition.validate({ metadata: meta, ...extra }).map((c) => c.field ?? '');
  }
  function fieldsSecret(extra: Partial<Secret>): string[] {
    const s: Secret = { metadata: meta, ...extra };
    secretDefinition.applyDefaults(s);
    return secretDefinition.validate(s).map((c) => c.field ?? '');
  }
});

describe('immutable data', () => {
  const old: ConfigMap = { metadata: meta, data: { a: '1' }, immutable: true };
  it.each([
    ['data change', { ...old, data: { a: '2' } }, ['data']],
    ['unset immutable', { ...old, immutable: false }, ['immutable']],
    ['labels still change', { ...old, metadata: { ...meta, labels: { x: 'y' } } }, []],
  ] as [string, ConfigMap, string[]][])('configmap %s', (_n, next, want) => {
    expect(configMapDefinition.validateUpdate!(next, old).map((c) => c.field)).toEqual(want);
  });

  it('lets a mutable configmap change', () => {
    expect(configMapDefinition.validateUpdate!({ metadata: meta, data: { a: '2' } }, { metadata: meta, data: { a: '1' } })).toEqual([]);
  });

  it('freezes immutable secrets and always the type', () => {
    const s: Secret = { metadata: meta, type: 'Opaque', data: { a: 'YQ==' }, immutable: true };
    expect(secretDefinition.validateUpdate!({ ...s, data: { a: 'Yg==' } }, s).map((c) => c.field)).toEqual(['data']);
    expect(secretDefinition.validateUpdate!({ ...s, type: 'example.com/custom' }, s).map((c) => c.field)).toEqual(['type']);
  });

  it('offers type as a selectable field', () => {
    expect(secretDefinition.selectableFields!({ metadata: meta, type: 'Opaque' })).toEqual({ type: 'Opaque' });
  });
});

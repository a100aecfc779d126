import { describe, expect, it } from 'vitest';
import { deleteAt, fieldSetOf, fieldsV1Of, fromFieldsV1, pathToString, splitPath, toFieldsV1, valueAt } from './field-set.ts';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', uid: 'u', labels: { app: 'web' }, finalizers: ['a/b'] },
  spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], args: ['x'] }], tolerations: [{ key: 'k' }] },
  status: { phase: 'Running' },
};

describe('field sets', () => {
  it('lists fields in FieldsV1 form, skipping server-owned ones and status', () => {
    const f = toFieldsV1(fieldSetOf('Pod', pod));
    expect(f).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"a/b"': {} }, 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"web"}': { '.': {}, 'f:args': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80}': { '.': {}, 'f:containerPort': {} } } },
        },
        'f:tolerations': {},
      },
    });
  });

  it('tracks status only for the status subresource', () => {
    expect(toFieldsV1(fieldSetOf('Pod', pod, 'status'))).toMatchObject({ 'f:status': { 'f:phase': {} } });
    expect(toFieldsV1(fieldSetOf('Pod', pod, 'status'))['f:spec']).toBeUndefined();
  });

  it('builds the same FieldsV1, keys in the same order, in one walk (fieldsV1Of)', () => {
    // Fields inserted out of order, so the one-walk builder must sort every level as toFieldsV1 does.
    const unsorted = { kind: 'Pod', spec: { tolerations: [{ key: 'k' }], containers: [{ ports: [{ containerPort: 80 }], name: 'web', env: [{ value: 'v', name: 'B' }, { name: 'A' }] }] }, metadata: { labels: { z: '1', a: '2' }, annotations: {} } };
    for (const [obj, sub] of [[pod, undefined], [pod, 'status'], [unsorted, undefined]] as const) {
      expect(JSON.stringify(fieldsV1Of('Pod', obj, sub))).toBe(JSON.stringify(toFieldsV1(fieldSetOf('Pod', obj, sub))));
    }
    expect(Object.keys(fieldsV1Of('Pod', unsorted)['f:metadata'] as object)).toEqual(['f:annotations', 'f:labels']);
  });

  it('round-trips through FieldsV1', () => {
    const set = fieldSetOf('Pod', pod);
    expect(fromFieldsV1(toFieldsV1(set))).toEqual(set);
  });

  const paths: Array<[string[], unknown, string]> = [
    [['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'], 'nginx', '.spec.containers[name="web"].image'],
    [['f:metadata', 'f:finalizers', 'v:"a/b"'], 'a/b', '.metadata.finalizers[="a/b"]'],
    [['f:spec', 'f:containers', 'k:{"name":"nope"}', 'f:image'], undefined, '.spec.containers[name="nope"].image'],
  ];
  it.each(paths)('valueAt/pathToString %j', (path, value, text) => {
    expect(valueAt(pod, path)).toEqual(value);
    expect(pathToString(path)).toBe(text);
  });

  it('deletes fields, list items and set members', () => {
    const o = structuredClone(pod) as any;
    deleteAt(o, ['f:metadata', 'f:labels', 'f:app']);
    deleteAt(o, ['f:metadata', 'f:finalizers', 'v:"a/b"']);
    deleteAt(o, splitPath(['f:spec', 'f:containers', 'k:{"name":"web"}', '.'].join('\u0000')));
    expect(o.metadata.labels).toEqual({});
    expect(o.metadata.finalizers).toEqual([]);
    expect(o.spec.containers).toEqual([]);
  });
});

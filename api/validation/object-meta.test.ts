import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../meta/v1/object-meta.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const ns = { namespaced: true };

describe('validateObjectMeta', () => {
  const cases: [string, ObjectMeta, { namespaced: boolean; nameIsDNSLabel?: boolean }, string[]][] = [
    ['valid', { name: 'web-1', namespace: 'default' }, ns, []],
    ['missing name', { namespace: 'default' }, ns, ['metadata.name']],
    ['generateName instead of name', { generateName: 'web-', namespace: 'default' }, ns, []],
    ['bad generateName', { generateName: 'Web-', namespace: 'default' }, ns, ['metadata.generateName']],
    ['path traversal ..', { name: '..', namespace: 'default' }, ns, ['metadata.name']],
    ['path traversal .', { name: '.', namespace: 'default' }, ns, ['metadata.name']],
    ['slash in name', { name: 'a/b', namespace: 'default' }, ns, ['metadata.name']],
    ['percent in name', { name: 'a%2fb', namespace: 'default' }, ns, ['metadata.name']],
    ['uppercase', { name: 'Web', namespace: 'default' }, ns, ['metadata.name']],
    ['dots fine in subdomain', { name: 'a.b', namespace: 'default' }, ns, []],
    ['dots not in a label', { name: 'a.b' }, { namespaced: false, nameIsDNSLabel: true }, ['metadata.name']],
    ['namespace required', { name: 'a' }, ns, ['metadata.namespace']],
    ['namespace traversal', { name: 'a', namespace: '..' }, ns, ['metadata.namespace']],
    ['namespace on cluster-scoped', { name: 'a', namespace: 'x' }, { namespaced: false }, ['metadata.namespace']],
    ['bad label', { name: 'a', namespace: 'd', labels: { 'a b': 'x' } }, ns, ['metadata.labels']],
    ['bad annotation key', { name: 'a', namespace: 'd', annotations: { '/x': 'y' } }, ns, ['metadata.annotations']],
    ['bad finalizer', { name: 'a', namespace: 'd', finalizers: ['a/b/c'] }, ns, ['metadata.finalizers[0]']],
    [
      'two controllers',
      {
        name: 'a',
        namespace: 'd',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'X', name: 'x', uid: '1', controller: true },
          { apiVersion: 'v1', kind: 'Y', name: 'y', uid: '2', controller: true },
        ],
      },
      ns,
      ['metadata.ownerReferences'],
    ],
    ['owner without uid', { name: 'a', namespace: 'd', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: '' }] }, ns, ['metadata.ownerReferences[0].uid']],
  ];

  it.each(cases)('%s', (_name, meta, opts, fields) => {
    expect(validateObjectMeta(meta, opts).map((c) => c.field)).toEqual(fields);
  });

  it('says name or generateName is required', () => {
    expect(validateObjectMeta({ namespace: 'x' }, ns)[0]).toEqual({
      reason: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  });
});

describe('validateObjectMetaUpdate', () => {
  it.each([
    ['rename', { name: 'b', namespace: 'd' }, ['metadata.name']],
    ['move namespace', { name: 'a', namespace: 'e' }, ['metadata.namespace']],
    ['new uid', { name: 'a', namespace: 'd', uid: '2' }, ['metadata.uid']],
    ['labels may change', { name: 'a', namespace: 'd', labels: { x: 'y' } }, []],
  ])('%s', (_n, meta, fields) => {
    expect(validateObjectMetaUpdate(meta, { name: 'a', namespace: 'd', uid: '1' }).map((c) => c.field)).toEqual(fields);
  });
});

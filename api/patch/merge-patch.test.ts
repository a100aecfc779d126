import { describe, expect, it } from 'vitest';
import { isBadRequest, isInvalid } from '../errors.ts';
import { applyJsonPatch } from './json-patch.ts';
import { applyMergePatch, createMergePatch } from './merge-patch.ts';

describe('applyMergePatch (RFC 7386 examples)', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('%j + %j = %j', (target, patch, want) => {
    const before = structuredClone(target);
    expect(applyMergePatch(target, patch)).toEqual(want);
    expect(target).toEqual(before);
  });
});

describe('createMergePatch', () => {
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 1 }, { a: 1 }, {}],
    [{ a: 1 }, { a: 2 }, { a: 2 }],
    [{ a: 1, b: 2 }, { a: 1 }, { b: null }],
    [{ m: { x: 1, y: 2 } }, { m: { x: 1, y: 3, z: 4 } }, { m: { y: 3, z: 4 } }],
    [{ l: [1, 2] }, { l: [1, 2, 3] }, { l: [1, 2, 3] }],
    [{ m: { x: 1 } }, { m: 'flat' }, { m: 'flat' }],
  ];
  it.each(cases)('%j → %j = %j, and applying it round-trips', (orig, mod, want) => {
    const patch = createMergePatch(orig, mod);
    expect(patch).toEqual(want);
    expect(applyMergePatch(orig, patch)).toEqual(mod);
  });
});

describe('applyJsonPatch', () => {
  const doc = { metadata: { name: 'x', labels: { a: '1' } }, spec: { list: [1, 2] } };
  const ok: Array<[unknown[], unknown]> = [
    [[{ op: 'replace', path: '/metadata/labels/a', value: '2' }], { ...doc, metadata: { name: 'x', labels: { a: '2' } } }],
    [[{ op: 'add', path: '/spec/list/-', value: 3 }], { ...doc, spec: { list: [1, 2, 3] } }],
    [[{ op: 'remove', path: '/spec/list/0' }], { ...doc, spec: { list: [2] } }],
    [[{ op: 'test', path: '/metadata/name', value: 'x' }, { op: 'add', path: '/metadata/labels/b', value: 'c' }], { ...doc, metadata: { name: 'x', labels: { a: '1', b: 'c' } } }],
    [[{ op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/z' }], { ...doc, metadata: { name: 'x', labels: { z: '1' } } }],
  ];
  it.each(ok)('applies %j', (ops, want) => {
    const before = structuredClone(doc);
    expect(applyJsonPatch(doc, ops)).toEqual(want);
    expect(doc).toEqual(before);
  });

  const bad: Array<[string, unknown, 'BadRequest' | 'Invalid']> = [
    ['not an array', { op: 'add' }, 'BadRequest'],
    ['unknown op', [{ op: 'frob', path: '/a' }], 'BadRequest'],
    ['missing value', [{ op: 'add', path: '/a' }], 'BadRequest'],
    ['failed test', [{ op: 'test', path: '/metadata/name', value: 'y' }], 'Invalid'],
    ['remove missing path', [{ op: 'remove', path: '/spec/nope' }], 'Invalid'],
    ['add under missing parent', [{ op: 'add', path: '/nope/deeper', value: 1 }], 'Invalid'],
    ['index out of bounds', [{ op: 'add', path: '/spec/list/9', value: 1 }], 'Invalid'],
  ];
  it.each(bad)('%s → %s', (_name, ops, reason) => {
    let caught: unknown;
    try {
      applyJsonPatch(doc, ops);
    } catch (err) {
      caught = err;
    }
    expect(reason === 'BadRequest' ? isBadRequest(caught) : isInvalid(caught)).toBe(true);
  });
});

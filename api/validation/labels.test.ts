import { describe, expect, it } from 'vitest';
import { isQualifiedName, isValidLabelValue, selectorMatches, validateAnnotations, validateLabelSelector, validateLabels } from './labels.ts';

describe('isQualifiedName', () => {
  it.each([
    ['app', true],
    ['example.com/tier', true],
    ['app.kubernetes.io/name', true],
    ['a/b/c', false],
    ['/name', false],
    ['Example.com/x', false],
    ['example.com/', false],
    ['-bad', false],
    ['a'.repeat(64), false],
    ['a'.repeat(63), true],
  ])('%s → valid %s', (key, valid) => {
    expect(isQualifiedName(key).length === 0).toBe(valid);
  });
});

describe('isValidLabelValue', () => {
  it.each([
    ['', true],
    ['v1.2_3-x', true],
    ['-x', false],
    ['a b', false],
    ['a'.repeat(64), false],
  ])('%j → valid %s', (v, valid) => {
    expect(isValidLabelValue(v).length === 0).toBe(valid);
  });
});

describe('validateLabels / validateAnnotations', () => {
  it('reports every bad key and value at the map path', () => {
    const causes = validateLabels('metadata.labels', { 'bad key': 'ok', good: 'bad value' });
    expect(causes.map((c) => c.field)).toEqual(['metadata.labels', 'metadata.labels']);
    expect(causes.every((c) => c.reason === 'FieldValueInvalid')).toBe(true);
  });

  it('caps the total annotation size at 256 KiB', () => {
    expect(validateAnnotations('metadata.annotations', { a: 'x'.repeat(256 * 1024) })).toHaveLength(1);
    expect(validateAnnotations('metadata.annotations', { a: 'x'.repeat(1000) })).toEqual([]);
  });
});

describe('label selectors', () => {
  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, 'selector.matchExpressions[0].values'],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'selector.matchExpressions[0].values'],
    [{ matchExpressions: [{ key: 'a', operator: 'Near' }] }, 'selector.matchExpressions[0].operator'],
    [{ matchLabels: { 'a/b/c': 'x' } }, 'selector.matchLabels'],
  ])('rejects %j at %s', (sel, field) => {
    expect(validateLabelSelector('selector', sel).map((c) => c.field)).toContain(field);
  });

  it.each([
    [{ matchLabels: { app: 'web' } }, { app: 'web', x: 'y' }, true],
    [{ matchLabels: { app: 'web' } }, { app: 'db' }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, { tier: 'b' }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a'] }] }, { tier: 'a' }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, {}, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, {}, true],
  ])('%j matches %j: %s', (sel, labels, want) => {
    expect(selectorMatches(sel, labels)).toBe(want);
  });
});

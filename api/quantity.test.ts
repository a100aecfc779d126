import { describe, expect, it } from 'vitest';
import {
  addQuantity,
  canonicalQuantity,
  compareQuantity,
  formatQuantity,
  isValidQuantity,
  newMilliQuantity,
  newQuantity,
  parseQuantity,
  quantityIntValue,
  quantityMilliValue,
  quantityValue,
  QuantityError,
  subQuantity,
} from './quantity.ts';

describe('parseQuantity / quantityValue', () => {
  const cases: Array<[string | number, number, string]> = [
    ['100m', 0.1, '100m'],
    ['0.5', 0.5, '500m'],
    ['.5', 0.5, '500m'],
    ['2', 2, '2'],
    ['2.', 2, '2'],
    [2, 2, '2'],
    [0.25, 0.25, '250m'],
    ['1500m', 1.5, '1500m'],
    ['1000', 1000, '1k'],
    ['1500', 1500, '1500'],
    ['128Mi', 128 * 1024 * 1024, '128Mi'],
    ['1.5Gi', 1.5 * 1024 ** 3, '1536Mi'],
    ['1024Ki', 1024 * 1024, '1Mi'],
    ['512', 512, '512'],
    ['0.5Ki', 512, '512'],
    ['1G', 1e9, '1G'],
    ['1k', 1000, '1k'],
    ['1e3', 1000, '1e3'],
    ['1E3', 1000, '1e3'],
    ['1.5e3', 1500, '1500'],
    ['1e-3', 0.001, '1e-3'],
    ['129e6', 129e6, '129e6'],
    ['128974848', 128974848, '128974848'],
    ['-1', -1, '-1'],
    ['+1', 1, '1'],
    ['0', 0, '0'],
    ['0Mi', 0, '0'],
    ['1n', 1e-9, '1n'],
    ['1u', 1e-6, '1u'],
    ['1E', 1e18, '1E'],
    ['1Ei', 1024 ** 6, '1Ei'],
  ];
  it.each(cases)('%j = %d, canonical %j', (input, value, canonical) => {
    expect(Math.abs(quantityValue(input) - value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value)));
    expect(canonicalQuantity(input)).toBe(canonical);
  });

  it.each(['', 'abc', '1.2.3', '1Mb', '1 Mi', 'Mi', '1e', '--1', '1ki'])('rejects %j', (input) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
    expect(isValidQuantity(input)).toBe(false);
  });

  it('rounds sub-nano values up, as Kubernetes does', () => {
    expect(canonicalQuantity('0.0000000001')).toBe('1n');
  });
});

describe('arithmetic', () => {
  it('adds exactly and keeps the first format', () => {
    expect(formatQuantity(addQuantity('100m', '200m', '0.7'))).toBe('1');
    expect(formatQuantity(addQuantity('0.1', '0.2'))).toBe('300m');
    expect(formatQuantity(addQuantity('128Mi', '128Mi'))).toBe('256Mi');
    expect(formatQuantity(addQuantity('0', '1Gi'))).toBe('1Gi');
    expect(formatQuantity(subQuantity('1Gi', '512Mi'))).toBe('512Mi');
  });

  const cmp: Array<[string, string, number]> = [
    ['1', '1000m', 0],
    ['1Gi', '1G', 1],
    ['100m', '0.2', -1],
    ['1Ki', '1024', 0],
  ];
  it.each(cmp)('compare(%j, %j) = %d', (a, b, want) => {
    expect(compareQuantity(a, b)).toBe(want);
  });

  it('gives milli and integer values rounded up', () => {
    expect(quantityMilliValue('250m')).toBe(250);
    expect(quantityMilliValue('1.5')).toBe(1500);
    expect(quantityMilliValue('1n')).toBe(1);
    expect(quantityIntValue('1.2')).toBe(2);
    expect(quantityIntValue('128Mi')).toBe(134217728);
  });

  it('builds quantities from numbers', () => {
    expect(formatQuantity(newMilliQuantity(500))).toBe('500m');
    expect(formatQuantity(newQuantity(134217728, 'BinarySI'))).toBe('128Mi');
    expect(formatQuantity(newQuantity(4))).toBe('4');
  });
});

import { describe, expect, it } from 'vitest';
import { quantityValue, validateIntOrPercent, validatePortNumber, validateProtocol, validateQuantity } from './values.ts';

describe('ports and protocols', () => {
  it.each([
    [80, true],
    [65535, true],
    [65536, false],
    [-1, false],
    [1.5, false],
  ])('port %s valid %s', (port, valid) => {
    expect(validatePortNumber('p', port).length === 0).toBe(valid);
  });

  it('requires a port unless told otherwise', () => {
    expect(validatePortNumber('p', undefined)[0].reason).toBe('FieldValueRequired');
    expect(validatePortNumber('p', undefined, false)).toEqual([]);
  });

  it.each([
    ['TCP', true],
    ['SCTP', true],
    ['tcp', false],
    ['HTTP', false],
  ])('protocol %s valid %s', (proto, valid) => {
    expect(validateProtocol('p', proto).length === 0).toBe(valid);
  });
});

describe('int or percent', () => {
  it.each([
    [1, true],
    ['25%', true],
    ['100%', true],
    ['101%', false],
    ['25', false],
    ['x%', false],
    [-1, false],
  ])('%j valid %s', (v, valid) => {
    expect(validateIntOrPercent('f', v).length === 0).toBe(valid);
  });
});

describe('quantities', () => {
  it.each([
    ['100m', 0.1],
    ['1Gi', 2 ** 30],
    ['128Mi', 128 * 2 ** 20],
    ['1k', 1000],
    ['1e3', 1000],
    ['2', 2],
    [0.5, 0.5],
    ['1.5', 1.5],
  ])('%j = %d', (q, n) => {
    expect(quantityValue(q)).toBeCloseTo(n);
  });

  it.each(['abc', '1Gb', '', '1 Gi', '--1'])('%j is malformed', (q) => {
    expect(quantityValue(q)).toBeUndefined();
    expect(validateQuantity('q', q)).toHaveLength(1);
  });

  it('rejects negative quantities unless allowed', () => {
    expect(validateQuantity('q', '-1')).toHaveLength(1);
    expect(validateQuantity('q', '-1', true)).toEqual([]);
  });
});

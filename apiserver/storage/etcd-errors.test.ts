import { describe, expect, it } from 'vitest';
import { newBadRequest } from '../../api/errors.ts';
import { neverSent, toStorageError } from './etcd-errors.ts';
import { StorageError } from './types.ts';

describe('etcd error mapping', () => {
  it.each([
    [new Error('etcdserver: mvcc: required revision has been compacted'), 'Gone'],
    [new Error('14 UNAVAILABLE: Connection dropped'), 'Unavailable'],
    [new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), 'Unavailable'],
    [new Error('Execution prevented because the circuit breaker is open'), 'Unavailable'],
  ])('%s → %s', (err, code) => {
    const mapped = toStorageError('/k', err);
    expect(mapped).toBeInstanceOf(StorageError);
    expect((mapped as StorageError).code).toBe(code);
  });

  it('passes StorageErrors and Status errors through unchanged', () => {
    const a = new StorageError('Conflict', '/k');
    const b = newBadRequest('bad');
    expect(toStorageError('/k', a)).toBe(a);
    expect(toStorageError('/k', b)).toBe(b);
  });

  it.each([
    ['14 UNAVAILABLE: No connection established', true],
    ['connect ECONNREFUSED 127.0.0.1:2379', true],
    ['Execution prevented because the circuit breaker is open', true],
    ['14 UNAVAILABLE: Name resolution failed for target dns:skiff-e2e-etcd3:2379', true],
    ['connect EHOSTUNREACH 10.0.0.3:2379', true],
    ['14 UNAVAILABLE: Connection dropped', false],
    ['4 DEADLINE_EXCEEDED: Deadline exceeded', false],
  ])('neverSent(%s) = %s', (msg, want) => {
    expect(neverSent(new Error(msg))).toBe(want);
  });
});

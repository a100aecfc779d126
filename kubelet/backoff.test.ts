import { describe, expect, it } from 'vitest';
import { FakeClock } from '../client/fake/fake-clock.ts';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  it('doubles 10 s → 5 min and caps there', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock);
    const windows = Array.from({ length: 8 }, () => b.next('k') / 1000);
    expect(windows).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('measures the remaining wait from the failure time', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock);
    expect(b.remainingMs('k', clock.now())).toBe(0);
    b.next('k');
    const failedAt = clock.now();
    clock.advance(4000);
    expect(b.remainingMs('k', failedAt)).toBe(6000);
    clock.advance(6000);
    expect(b.remainingMs('k', failedAt)).toBe(0);
  });

  it('starts over after 10 minutes without failures', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock);
    b.next('k');
    b.next('k');
    clock.advance(600_001);
    expect(b.remainingMs('k', clock.now())).toBe(0);
    expect(b.next('k')).toBe(10_000);
  });

  it('forgets every key of a pod', () => {
    const b = new Backoff(new FakeClock());
    b.next('uid1/a');
    b.next('uid1/b');
    b.next('uid2/a');
    b.forgetPrefix('uid1/');
    expect([b.currentMs('uid1/a'), b.currentMs('uid1/b'), b.currentMs('uid2/a')]).toEqual([0, 0, 10_000]);
  });
});

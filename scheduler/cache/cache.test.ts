import { describe, expect, it } from 'vitest';
import { SchedulerCache } from './cache.ts';
import { makeNode, makePod } from '../testutil/builders.ts';

function setup() {
  const clock = { t: 0 };
  const cache = new SchedulerCache({ assumedTtlMs: 30_000, now: () => clock.t });
  cache.addNode(makeNode('n', { cpu: '2' }));
  return { cache, clock };
}
const cpuOf = (c: SchedulerCache) => c.get('n')!.requested.milliCpu;

describe('SchedulerCache assumed pods', () => {
  it('counts an assumed pod at once and keeps it when the informer confirms it', () => {
    const { cache, clock } = setup();
    cache.assumePod(makePod('a', { cpu: '1', nodeName: 'n' }));
    expect(cpuOf(cache)).toBe(1000);
    expect(cache.isAssumed('default/a')).toBe(true);
    cache.finishBinding(makePod('a', { nodeName: 'n' }));
    cache.addPod(makePod('a', { cpu: '1', nodeName: 'n' }));
    expect(cache.isAssumed('default/a')).toBe(false);
    clock.t += 60_000;
    expect(cache.cleanupExpiredAssumedPods()).toBe(0);
    expect(cpuOf(cache)).toBe(1000);
  });

  it('forgets an assumed pod whose binding failed', () => {
    const { cache } = setup();
    cache.assumePod(makePod('a', { cpu: '1', nodeName: 'n' }));
    cache.forgetPod(makePod('a', { nodeName: 'n' }));
    expect(cpuOf(cache)).toBe(0);
    expect(cache.podCount()).toBe(0);
  });

  it('expires an unconfirmed assumed pod after the TTL, never before binding finished', () => {
    const { cache, clock } = setup();
    cache.assumePod(makePod('a', { cpu: '1', nodeName: 'n' }));
    clock.t += 100_000;
    expect(cache.cleanupExpiredAssumedPods()).toBe(0); // binding still in flight
    cache.finishBinding(makePod('a', { nodeName: 'n' }));
    clock.t += 29_000;
    expect(cache.cleanupExpiredAssumedPods()).toBe(0);
    clock.t += 2_000;
    expect(cache.cleanupExpiredAssumedPods()).toBe(1);
    expect(cpuOf(cache)).toBe(0);
  });

  it('refuses to assume a pod twice', () => {
    const { cache } = setup();
    cache.assumePod(makePod('a', { nodeName: 'n' }));
    expect(() => cache.assumePod(makePod('a', { nodeName: 'n' }))).toThrow(/already/);
  });
});

describe('SchedulerCache nodes and pods', () => {
  it('accounts pods that arrive before their node, and keeps pods of a removed node until they go', () => {
    const cache = new SchedulerCache();
    cache.addPod(makePod('early', { cpu: '1', nodeName: 'later' }));
    expect(cache.get('later')).toBeUndefined();
    cache.addNode(makeNode('later'));
    expect(cache.get('later')!.requested.milliCpu).toBe(1000);
    cache.removeNode('later');
    expect(cache.nodeInfos()).toEqual([]);
    cache.removePod(makePod('early', { nodeName: 'later' }));
    expect(cache.podCount()).toBe(0);
  });

  it('moves a pod between nodes on update', () => {
    const cache = new SchedulerCache();
    cache.addNode(makeNode('a'));
    cache.addNode(makeNode('b'));
    cache.addPod(makePod('p', { cpu: '1', nodeName: 'a' }));
    cache.updatePod(makePod('p', { cpu: '1', nodeName: 'b' }));
    expect(cache.get('a')!.requested.milliCpu).toBe(0);
    expect(cache.get('b')!.requested.milliCpu).toBe(1000);
  });
});

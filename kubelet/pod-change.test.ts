import { describe, expect, it } from 'vitest';
import type { Pod } from './api-types.ts';
import { specChanged } from './pod-change.ts';

const pod: Pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', uid: 'u1', resourceVersion: '10', labels: { app: 'a' } },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] },
  status: { phase: 'Pending' },
} as Pod;

describe('specChanged', () => {
  it.each<[string, (p: Pod) => void, boolean]>([
    ['only status and resourceVersion (the kubelet\'s own write)', (p) => { p.status = { phase: 'Running' }; p.metadata.resourceVersion = '11'; }, false],
    ['only managedFields', (p) => { p.metadata.managedFields = [{ manager: 'kubelet' }] as never; }, false],
    ['a container image', (p) => { p.spec!.containers[0].image = 'j'; }, true],
    ['deletion', (p) => { p.metadata.deletionTimestamp = '2026-01-01T00:00:00Z'; p.metadata.deletionGracePeriodSeconds = 30; }, true],
    ['a label', (p) => { p.metadata.labels = { app: 'b' }; }, true],
    ['an annotation', (p) => { p.metadata.annotations = { x: 'y' }; }, true],
  ])('%s → %s', (_what, change, want) => {
    const cur = structuredClone(pod);
    change(cur);
    expect(specChanged(pod, cur)).toBe(want);
  });
});

import { describe, expect, it } from 'vitest';
import { rolloutState } from './status-message.ts';

const deploy = (status: object, spec: object = { replicas: 3 }, generation = 2) => ({ metadata: { name: 'web', generation }, spec, status: { observedGeneration: 2, ...status } });

describe('rollout status messages (kubectl wording)', () => {
  it.each([
    [deploy({}, { replicas: 3 }, 3), 'Waiting for deployment spec update to be observed...', false],
    [deploy({ updatedReplicas: 1, replicas: 4 }), 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', false],
    [deploy({ updatedReplicas: 3, replicas: 4 }), 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...', false],
    [deploy({ updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...', false],
    [deploy({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 'deployment "web" successfully rolled out', true],
  ])('deployment %#', (obj, message, done) => {
    expect(rolloutState('Deployment', obj)).toEqual({ message, done });
  });

  it('fails on an exceeded progress deadline', () => {
    const state = rolloutState('Deployment', deploy({ conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] }));
    expect(state.error).toBe('deployment "web" exceeded its progress deadline');
  });

  it('follows daemon sets and stateful sets', () => {
    const ds = { metadata: { name: 'agent', generation: 1 }, status: { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 1 } };
    expect(rolloutState('DaemonSet', ds).message).toBe('Waiting for daemon set "agent" rollout to finish: 1 of 3 updated pods are available...');
    const sts = { metadata: { name: 'db', generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 2, currentRevision: 'db-1', updateRevision: 'db-1', currentReplicas: 2 } };
    expect(rolloutState('StatefulSet', sts)).toEqual({ message: 'statefulset rolling update complete 2 pods at revision db-1...', done: true });
  });
});

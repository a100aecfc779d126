import { describe, expect, it } from 'vitest';
import { podRowInfo } from './pod-printer.ts';

const now = new Date('2024-05-01T12:00:00Z');
const running = (name: string, ready = true, restartCount = 0, extra: Record<string, unknown> = {}) => ({ name, ready, restartCount, state: { running: { startedAt: '2024-05-01T11:00:00Z' } }, ...extra });

function pod(status: Record<string, unknown>, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) {
  return { metadata: { name: 'p', creationTimestamp: '2024-05-01T11:00:00Z', ...meta }, spec: { containers: [{ name: 'a' }], ...spec }, status };
}

describe('podRowInfo (kubectl READY / STATUS / RESTARTS)', () => {
  const cases: Array<[string, ReturnType<typeof pod>, { ready: string; status: string; restarts: string }]> = [
    ['pending, unscheduled', pod({ phase: 'Pending' }), { ready: '0/1', status: 'Pending', restarts: '0' }],
    ['container creating', pod({ phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }), { ready: '0/1', status: 'ContainerCreating', restarts: '0' }],
    ['running', pod({ phase: 'Running', containerStatuses: [running('a')] }), { ready: '1/1', status: 'Running', restarts: '0' }],
    [
      'running, one of two ready',
      pod({ phase: 'Running', containerStatuses: [running('a'), running('b', false)] }, { containers: [{ name: 'a' }, { name: 'b' }] }),
      { ready: '1/2', status: 'Running', restarts: '0' },
    ],
    [
      'crash loop with restarts and last restart time',
      pod({
        phase: 'Running',
        containerStatuses: [{ name: 'a', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2024-05-01T11:55:00Z' } } }],
      }),
      { ready: '0/1', status: 'CrashLoopBackOff', restarts: '2 (5m ago)' },
    ],
    ['image pull backoff', pod({ phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] }), { ready: '0/1', status: 'ImagePullBackOff', restarts: '0' }],
    ['completed', pod({ phase: 'Succeeded', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }), { ready: '0/1', status: 'Completed', restarts: '0' }],
    ['error', pod({ phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }), { ready: '0/1', status: 'Error', restarts: '0' }],
    ['exit code without reason', pod({ phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] }), { ready: '0/1', status: 'ExitCode:3', restarts: '0' }],
    ['signal without reason', pod({ phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] }), { ready: '0/1', status: 'Signal:9', restarts: '0' }],
    ['terminating', pod({ phase: 'Running', containerStatuses: [running('a')] }, {}, { deletionTimestamp: '2024-05-01T11:59:00Z' }), { ready: '1/1', status: 'Terminating', restarts: '0' }],
    ['node lost', pod({ phase: 'Running', reason: 'NodeLost', containerStatuses: [running('a')] }, {}, { deletionTimestamp: '2024-05-01T11:59:00Z' }), { ready: '1/1', status: 'Unknown', restarts: '0' }],
    ['evicted', pod({ phase: 'Failed', reason: 'Evicted' }), { ready: '0/1', status: 'Evicted', restarts: '0' }],
    [
      'init 0/2',
      pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 0, state: { running: {} } }, { name: 'i2', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] }, { initContainers: [{ name: 'i1' }, { name: 'i2' }] }),
      { ready: '0/1', status: 'Init:0/2', restarts: '0' },
    ],
    [
      'init 1/2',
      pod(
        { phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, { name: 'i2', ready: false, restartCount: 0, state: { running: {} } }] },
        { initContainers: [{ name: 'i1' }, { name: 'i2' }] },
      ),
      { ready: '0/1', status: 'Init:1/2', restarts: '0' },
    ],
    [
      'init crash loop',
      pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { initContainers: [{ name: 'i1' }] }),
      { ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '3' },
    ],
    [
      'init error',
      pod({ phase: 'Failed', initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } }] }, { initContainers: [{ name: 'i1' }] }),
      { ready: '0/1', status: 'Init:Error', restarts: '0' },
    ],
    [
      'sidecar counts in READY',
      pod(
        { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: [{ name: 's', ready: true, started: true, restartCount: 1, state: { running: {} } }], containerStatuses: [running('a')] },
        { initContainers: [{ name: 's', restartPolicy: 'Always' }] },
      ),
      { ready: '2/2', status: 'Running', restarts: '1' },
    ],
    [
      'completed container beside a running one',
      pod(
        { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [running('a'), { name: 'b', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
        { containers: [{ name: 'a' }, { name: 'b' }] },
      ),
      { ready: '1/2', status: 'NotReady', restarts: '0' },
    ],
    ['scheduling gated', pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), { ready: '0/1', status: 'SchedulingGated', restarts: '0' }],
  ];
  it.each(cases)('%s', (_name, p, want) => {
    expect(podRowInfo(p, now)).toEqual(want);
  });
});

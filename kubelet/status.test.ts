import { describe, expect, it } from 'vitest';
import type { ContainerStatus } from './api-types.ts';
import { appPhase, qosClass, terminated } from './status.ts';

const running: ContainerStatus = { name: 'a', image: '', imageID: '', restartCount: 0, ready: true, state: { running: {} } };
const exited = (code: number): ContainerStatus => ({ name: 'a', image: '', imageID: '', restartCount: 0, ready: false, state: { terminated: { exitCode: code } } });
const waitingAfter = (code: number): ContainerStatus => ({ ...exited(code), state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: code } } });
const creating: ContainerStatus = { name: 'a', image: '', imageID: '', restartCount: 0, ready: false, state: { waiting: { reason: 'ContainerCreating' } } };

describe('appPhase', () => {
  it.each([
    ['any container not yet started', [running, creating], 'Always', 'Pending'],
    ['one running', [running, exited(0)], 'Never', 'Running'],
    ['all succeeded, Never', [exited(0), exited(0)], 'Never', 'Succeeded'],
    ['a failure, Never', [exited(0), exited(1)], 'Never', 'Failed'],
    ['all succeeded, OnFailure', [exited(0)], 'OnFailure', 'Succeeded'],
    ['failed, OnFailure restarts', [exited(1)], 'OnFailure', 'Running'],
    ['exited, Always restarts', [exited(0)], 'Always', 'Running'],
    ['crash-looping counts as stopped', [waitingAfter(2)], 'Always', 'Running'],
  ])('%s', (_name, statuses, policy, phase) => {
    expect(appPhase(statuses as ContainerStatus[], policy as string)).toBe(phase);
  });
});

describe('terminated', () => {
  it.each([
    [{ exitCode: 0 }, 'Completed'],
    [{ exitCode: 1 }, 'Error'],
    [{ exitCode: 137, oomKilled: true }, 'OOMKilled'],
    [{ exitCode: 128, error: 'exec: "nope": not found' }, 'StartError'],
  ])('%j → %s', (state, reason) => {
    const rc = { id: 'abc', name: 'x', image: 'i', imageId: 'sha', labels: {}, state: 'exited' as const, createdAt: new Date(), ...state };
    expect(terminated(rc).terminated!.reason).toBe(reason);
    expect(terminated(rc).terminated!.containerID).toBe('docker://abc');
  });
});

describe('qosClass', () => {
  it.each([
    [[{ name: 'a' }], 'BestEffort'],
    [[{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }], 'Guaranteed'],
    [[{ name: 'a', resources: { requests: { cpu: '100m' } } }], 'Burstable'],
    [[{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } } }], 'Burstable'],
  ])('%j → %s', (containers, qos) => {
    expect(qosClass(containers as never)).toBe(qos);
  });
});

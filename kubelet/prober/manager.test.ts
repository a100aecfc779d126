import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../client/fake/fake-clock.ts';
import { silentLogger } from '../../component-base/logger.ts';
import type { Pod, Probe } from '../api-types.ts';
import { createFakeRuntime } from '../runtime/fake-runtime.ts';
import { ProbeManager } from './manager.ts';

const flush = () => new Promise((r) => setImmediate(r));

function setup(probes: { readinessProbe?: Probe; livenessProbe?: Probe; startupProbe?: Probe }) {
  const clock = new FakeClock();
  const runtime = createFakeRuntime();
  const changes: string[] = [];
  const m = new ProbeManager({ runtime, clock, log: silentLogger(), onChange: (uid) => changes.push(uid) });
  const pod = { metadata: { uid: 'u' }, spec: { containers: [{ name: 'c', ...probes }] } } as unknown as Pod;
  m.sync(pod, '10.0.0.1', new Map([['c', { id: 'id1', startedAt: clock.now() }]]));
  const step = async (ms: number) => {
    clock.advance(ms);
    await flush();
  };
  return { clock, runtime, m, changes, step };
}

const exec = (cmd: string, extra: Partial<Probe> = {}): Probe => ({ exec: { command: [cmd] }, periodSeconds: 1, failureThreshold: 2, successThreshold: 1, ...extra });

describe('ProbeManager', () => {
  it('readiness starts false, turns true after initialDelay and a success', async () => {
    const t = setup({ readinessProbe: exec('ok', { initialDelaySeconds: 5 }) });
    expect(t.m.ready('u', 'c', 'id1')).toBe(false);
    await t.step(4000);
    expect(t.m.ready('u', 'c', 'id1')).toBe(false);
    await t.step(1000);
    expect(t.m.ready('u', 'c', 'id1')).toBe(true);
    expect(t.changes).toEqual(['u']);
  });

  it('liveness fails only after failureThreshold consecutive failures', async () => {
    const t = setup({ livenessProbe: exec('bad') });
    t.runtime.execResults.set('bad', { code: 1 });
    await t.step(0);
    expect(t.m.failure('u', 'c', 'id1')).toBeUndefined();
    await t.step(1000);
    expect(t.m.failure('u', 'c', 'id1')).toMatch(/^Liveness probe failed/);
  });

  it('startup gates liveness and readiness until it succeeds', async () => {
    const t = setup({ startupProbe: exec('start', { failureThreshold: 10 }), readinessProbe: exec('ok') });
    t.runtime.execResults.set('start', { code: 1 });
    await t.step(0);
    await t.step(1000);
    expect(t.m.started('u', 'c', 'id1')).toBe(false);
    expect(t.m.ready('u', 'c', 'id1')).toBe(false);
    t.runtime.execResults.set('start', { code: 0 });
    await t.step(1000);
    expect(t.m.started('u', 'c', 'id1')).toBe(true);
    await t.step(1000);
    expect(t.m.ready('u', 'c', 'id1')).toBe(true);
  });

  it('a container without a readiness probe is ready; results belong to one container ID', async () => {
    const t = setup({});
    expect(t.m.ready('u', 'c', 'id1')).toBe(true);
    const r = setup({ readinessProbe: exec('ok') });
    await r.step(0);
    expect(r.m.ready('u', 'c', 'id1')).toBe(true);
    expect(r.m.ready('u', 'c', 'other-id')).toBe(false);
  });
});

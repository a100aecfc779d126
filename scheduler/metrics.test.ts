import { describe, expect, it } from 'vitest';
import { register } from 'prom-client';
import { makeNode, makePod } from './testutil/builders.ts';
import { schedulerHarness } from './testutil/scheduler-harness.ts';
import { setPendingSource } from './metrics.ts';

describe('scheduler metrics', () => {
  it('counts attempts by result and reports queue depth', async () => {
    const h = schedulerHarness([makeNode('n1', { cpu: '1' })]);
    setPendingSource(() => h.sched.queue.pending());
    h.addPod(makePod('fits', { cpu: '1' }));
    h.addPod(makePod('waits', { cpu: '1' }));
    await h.runAll();
    const text = await register.metrics();
    expect(text).toMatch(/scheduler_schedule_attempts_total\{result="scheduled",profile="default-scheduler"\} [1-9]/);
    expect(text).toMatch(/scheduler_schedule_attempts_total\{result="unschedulable",profile="default-scheduler"\} [1-9]/);
    expect(text).toContain('scheduler_pending_pods{queue="unschedulable"} 1');
    expect(text).toMatch(/scheduler_pod_scheduling_duration_seconds_count\{result="scheduled",profile="default-scheduler"\} [1-9]/);
  });
});

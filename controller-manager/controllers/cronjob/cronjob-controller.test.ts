import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import { newHarness, type Harness } from '../../test-util/harness.ts';
import type { Job } from '../job/types.ts';
import { newCronJobController } from './cronjob-controller.ts';
import { missedRuns, parseSchedule } from './schedule.ts';
import type { CronJob } from './types.ts';

const T = (s: string) => Date.parse(s);

function cronJob(spec: Partial<NonNullable<CronJob['spec']>> = {}, status?: CronJob['status']): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { metadata: { labels: { app: 'tick' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }], restartPolicy: 'Never' } } as never } }, ...spec },
    ...(status ? { status } : {}),
  };
}

function activeJob(cj: KubeObject, name: string, finished?: 'Complete' | 'Failed', start = '2026-01-01T00:05:00Z'): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: cj.metadata.uid ?? '', controller: true }] },
    spec: { template: { spec: { containers: [] } } } as never,
    status: { startTime: start, ...(finished ? { conditions: [{ type: finished, status: 'True' }], completionTime: start } : {}) },
  };
}

function setup(cj: CronJob, now: string, jobs: (cj: KubeObject) => Job[] = () => []): Harness {
  const h = newHarness();
  h.clock.set(T(now));
  const [stored] = h.seed(Resources.cronjobs, cj);
  h.seed(Resources.jobs, ...jobs(stored));
  return h;
}
const status = (h: Harness) => (h.fake.tracker.get(Resources.cronjobs, 'default', 'tick') as CronJob).status;
const createdJobs = (h: Harness) => h.actionsOf('create', 'jobs').map((a) => (a.object as Job).metadata.name);

describe('schedule', () => {
  it.each([
    ['*/5 * * * *', undefined, '2026-01-01T00:03:00Z', '2026-01-01T00:05:00Z'],
    ['@hourly', undefined, '2026-01-01T00:03:00Z', '2026-01-01T01:00:00Z'],
    ['@daily', 'Europe/Berlin', '2026-01-01T00:03:00Z', '2026-01-01T23:00:00Z'],
    ['CRON_TZ=America/New_York 0 9 * * *', undefined, '2026-01-01T00:00:00Z', '2026-01-01T14:00:00Z'],
  ])('%s (tz %s) after %s is %s', (expr, tz, from, want) => {
    expect(new Date(parseSchedule(expr, tz).next(T(from))).toISOString().replace('.000', '')).toBe(want);
  });
  it('rejects bad schedules', () => expect(() => parseSchedule('* * *')).toThrow());
  it('counts missed runs', () => {
    const s = parseSchedule('* * * * *');
    expect(missedRuns(s, T('2026-01-01T00:00:00Z'), T('2026-01-01T00:03:30Z'))).toEqual({ mostRecent: T('2026-01-01T00:03:00Z'), count: 3 });
    expect(missedRuns(s, T('2026-01-01T00:00:00Z'), T('2026-01-02T00:00:00Z')).count).toBe(101);
  });
});

describe('CronJob controller', () => {
  it('does nothing before the first schedule time', async () => {
    const h = setup(cronJob(), '2026-01-01T00:04:59Z');
    await newCronJobController(h.ctx).sync('default/tick');
    expect(createdJobs(h)).toEqual([]);
  });

  it('creates <name>-<minutes since epoch> at the schedule time and records it', async () => {
    const h = setup(cronJob(), '2026-01-01T00:05:10Z');
    await newCronJobController(h.ctx).sync('default/tick');
    const minutes = T('2026-01-01T00:05:00Z') / 60_000;
    expect(createdJobs(h)).toEqual([`tick-${minutes}`]);
    const job = h.actionsOf('create', 'jobs')[0].object as Job;
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true });
    expect(job.metadata.labels).toEqual({ app: 'tick' });
    expect(status(h)).toMatchObject({ lastScheduleTime: '2026-01-01T00:05:00Z', active: [expect.objectContaining({ name: `tick-${minutes}` })] });
    expect(h.events.map((e) => e.message)).toEqual([`Created job tick-${minutes}`]);
  });

  it('Forbid skips while a job runs; Replace deletes it; Allow runs both', async () => {
    for (const [policy, deletes, creates] of [['Forbid', 0, 0], ['Replace', 1, 1], ['Allow', 0, 1]] as const) {
      const h = setup(cronJob({ concurrencyPolicy: policy }, { lastScheduleTime: '2026-01-01T00:05:00Z' }), '2026-01-01T00:10:01Z', (cj) => [activeJob(cj, 'tick-old')]);
      await newCronJobController(h.ctx).sync('default/tick');
      expect([policy, h.actionsOf('delete', 'jobs').length, createdJobs(h).length]).toEqual([policy, deletes, creates]);
    }
  });

  it('misses a run whose startingDeadlineSeconds passed', async () => {
    const h = setup(cronJob({ schedule: '0 * * * *', startingDeadlineSeconds: 60 }), '2026-01-01T01:02:00Z');
    await newCronJobController(h.ctx).sync('default/tick');
    expect(createdJobs(h)).toEqual([]);
  });

  it('warns about more than 100 missed start times and runs the latest', async () => {
    const h = setup(cronJob({ schedule: '* * * * *' }), '2026-01-02T00:00:30Z');
    await newCronJobController(h.ctx).sync('default/tick');
    expect(h.events[0]).toMatchObject({ type: 'Warning', reason: 'TooManyMissedTimes' });
    expect(createdJobs(h)).toEqual([`tick-${T('2026-01-02T00:00:00Z') / 60_000}`]);
  });

  it('does not run when suspended', async () => {
    const h = setup(cronJob({ suspend: true }), '2026-01-01T00:05:10Z');
    await newCronJobController(h.ctx).sync('default/tick');
    expect(createdJobs(h)).toEqual([]);
  });

  it('trims finished jobs to the history limits, oldest first', async () => {
    const h = setup(cronJob({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 }, { lastScheduleTime: '2026-01-01T00:05:00Z' }), '2026-01-01T00:06:00Z', (cj) => [
      activeJob(cj, 'ok-1', 'Complete', '2026-01-01T00:01:00Z'),
      activeJob(cj, 'ok-2', 'Complete', '2026-01-01T00:02:00Z'),
      activeJob(cj, 'bad', 'Failed', '2026-01-01T00:03:00Z'),
    ]);
    await newCronJobController(h.ctx).sync('default/tick');
    expect(h.actionsOf('delete', 'jobs').map((a) => a.name).sort()).toEqual(['bad', 'ok-1']);
  });
});

import { describe, expect, it } from 'vitest';
import { cronJobDefinition, validateSchedule, validateTimeZone, type CronJob } from './cronjob.ts';

function cronJob(mutate: (c: CronJob) => void = () => {}): CronJob {
  const c: CronJob = {
    metadata: { name: 'hello', namespace: 'default' },
    spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox:1' }], restartPolicy: 'OnFailure' } } } } },
  };
  mutate(c);
  cronJobDefinition.applyDefaults(c);
  return c;
}

describe('cronjob', () => {
  it('defaults concurrencyPolicy Allow, history limits 3/1, not suspended', () => {
    expect(cronJob().spec).toMatchObject({ concurrencyPolicy: 'Allow', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, suspend: false });
  });

  it('accepts a defaulted cronjob', () => {
    expect(cronJobDefinition.validate(cronJob())).toEqual([]);
  });

  it.each([
    ['*/5 * * * *', true],
    ['0 0 * * 1-5', true],
    ['@hourly', true],
    ['@daily', true],
    ['61 * * * *', false],
    ['* * * *', false],
    ['0 0 * * * *', false],
    ['TZ=UTC 0 * * * *', false],
    ['', false],
  ])('schedule %j valid %s', (s, valid) => {
    expect(validateSchedule(s, 'spec.schedule').length === 0).toBe(valid);
  });

  it.each([
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
  ])('timeZone %j valid %s', (tz, valid) => {
    expect(validateTimeZone(tz, 'spec.timeZone').length === 0).toBe(valid);
  });

  const cases: [string, (c: CronJob) => void, string][] = [
    ['name over 52', (c) => (c.metadata.name = 'a'.repeat(53)), 'metadata.name'],
    ['bad concurrencyPolicy', (c) => (c.spec.concurrencyPolicy = 'Sometimes'), 'spec.concurrencyPolicy'],
    ['negative history', (c) => (c.spec.successfulJobsHistoryLimit = -1), 'spec.successfulJobsHistoryLimit'],
    ['job template restartPolicy', (c) => (c.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always'), 'spec.jobTemplate.spec.template.spec.restartPolicy'],
    ['job template container', (c) => (c.spec.jobTemplate.spec.template.spec.containers[0].image = ''), 'spec.jobTemplate.spec.template.spec.containers[0].image'],
  ];

  it.each(cases)('%s', (_n, mutate, field) => {
    const c = cronJob();
    mutate(c);
    expect(cronJobDefinition.validate(c).map((x) => x.field)).toContain(field);
  });
});

import { describe, expect, it } from 'vitest';
import { generateJobSelector, jobDefinition, type Job } from './job.ts';

function job(mutate: (j: Job) => void = () => {}): Job {
  const j: Job = {
    metadata: { name: 'pi', namespace: 'default', uid: 'uid-1' },
    spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5' }], restartPolicy: 'Never' } } },
  };
  mutate(j);
  jobDefinition.applyDefaults(j);
  generateJobSelector(j);
  return j;
}

describe('job defaults', () => {
  it('fills completions/parallelism 1, backoffLimit 6, NonIndexed, not suspended', () => {
    expect(job().spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
  });

  it('leaves completions unset for a work queue (parallelism only)', () => {
    const j = job((x) => (x.spec.parallelism = 3));
    expect(j.spec.completions).toBeUndefined();
    expect(j.spec.parallelism).toBe(3);
  });

  it('does not generate a selector while defaulting (the uid is not final yet)', () => {
    const j: Job = { metadata: { name: 'x', namespace: 'd', uid: 'client-sent' }, spec: { template: { spec: { containers: [] } } } };
    jobDefinition.applyDefaults(j);
    expect(j.spec.selector).toBeUndefined();
  });

  it('generates the selector and template labels from the uid', () => {
    const j = job();
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-1' } });
    expect(j.spec.template.metadata?.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi', 'controller-uid': 'uid-1' });
  });

  it('keeps a manual selector', () => {
    const j = job((x) => {
      x.spec.manualSelector = true;
      x.spec.selector = { matchLabels: { a: 'b' } };
      x.spec.template.metadata = { labels: { a: 'b' } };
    });
    expect(j.spec.selector).toEqual({ matchLabels: { a: 'b' } });
    expect(jobDefinition.validate(j)).toEqual([]);
  });
});

describe('job validation', () => {
  it('accepts a defaulted job', () => {
    expect(jobDefinition.validate(job())).toEqual([]);
  });

  const cases: [string, (j: Job) => void, string][] = [
    ['restartPolicy Always', (j) => (j.spec.template.spec.restartPolicy = 'Always'), 'spec.template.spec.restartPolicy'],
    ['negative parallelism', (j) => (j.spec.parallelism = -1), 'spec.parallelism'],
    ['negative completions', (j) => (j.spec.completions = -1), 'spec.completions'],
    ['negative backoffLimit', (j) => (j.spec.backoffLimit = -1), 'spec.backoffLimit'],
    ['zero activeDeadlineSeconds', (j) => (j.spec.activeDeadlineSeconds = 0), 'spec.activeDeadlineSeconds'],
    ['negative ttl', (j) => (j.spec.ttlSecondsAfterFinished = -1), 'spec.ttlSecondsAfterFinished'],
    ['bad completionMode', (j) => (j.spec.completionMode = 'Sorted'), 'spec.completionMode'],
    ['Indexed without completions', (j) => {
      j.spec.completionMode = 'Indexed';
      delete j.spec.completions;
    }, 'spec.completions'],
    ['selector mismatch', (j) => (j.spec.selector = { matchLabels: { other: 'x' } }), 'spec.template.metadata.labels'],
  ];

  it.each(cases)('%s', (_n, mutate, field) => {
    const j = job();
    mutate(j);
    expect(jobDefinition.validate(j).map((c) => c.field)).toContain(field);
  });
});

describe('job updates', () => {
  it.each([
    ['suspend toggle allowed', (j: Job) => (j.spec.suspend = true), []],
    ['parallelism change allowed', (j: Job) => (j.spec.parallelism = 4), []],
    ['template change forbidden', (j: Job) => (j.spec.template.spec.containers[0].image = 'perl:6'), ['spec.template']],
    ['selector change forbidden', (j: Job) => (j.spec.selector = { matchLabels: { ...j.spec.selector!.matchLabels, x: 'y' } }), ['spec.template.metadata.labels', 'spec.selector']],
    ['completions change forbidden', (j: Job) => (j.spec.completions = 3), ['spec.completions']],
  ])('%s', (_n, mutate, want) => {
    const old = job();
    const next = structuredClone(old);
    mutate(next);
    expect(jobDefinition.validateUpdate!(next, old).map((c) => c.field)).toEqual(want);
  });

  it('lets the template of a suspended, never-started job change', () => {
    const old = job((j) => (j.spec.suspend = true));
    const next = structuredClone(old);
    next.spec.template.spec.containers[0].image = 'perl:6';
    expect(jobDefinition.validateUpdate!(next, old)).toEqual([]);
  });

  it('offers status.successful as a selectable field', () => {
    const j = job((x) => (x.status = { succeeded: 2 }));
    expect(jobDefinition.selectableFields!(j)).toEqual({ 'status.successful': '2' });
  });
});

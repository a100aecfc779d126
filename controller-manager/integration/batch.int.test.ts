import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/core/v1/pod.ts';
import { Resources } from '../../api/resources.ts';
import { fakeClock } from '../context.ts';
import type { CronJob } from '../controllers/cronjob/types.ts';
import type { Job } from '../controllers/job/types.ts';
import { startSimCluster, waitFor, type SimCluster } from '../test-util/sim-cluster.ts';

const jobSpec = (exit: 'fail' | 'succeed', extra: Record<string, unknown> = {}) => ({
  backoffLimit: 1,
  ...extra,
  template: { metadata: { labels: { 'sim/exit': exit } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } },
});

describe('job and cronjob controllers against the real API server', () => {
  let c: SimCluster;
  let mgr: { stop(): Promise<void> };
  const clock = fakeClock(Date.now());
  beforeAll(async () => {
    c = await startSimCluster();
    await c.addNode('node-a');
    mgr = c.startManager({ controllers: ['job', 'cronjob'], clock });
  });
  afterAll(async () => {
    await mgr?.stop();
    await c?.stop();
  });
  const jobs = () => c.client.resource<Job>(Resources.jobs);

  it('a job of succeeding pods completes', async () => {
    await jobs().create('default', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'ok', namespace: 'default' }, spec: jobSpec('succeed', { completions: 3, parallelism: 2 }) as never });
    const j = await waitFor('Complete', async () => {
      const j = await jobs().get('default', 'ok');
      return j.status?.conditions?.some((x) => x.type === 'Complete' && x.status === 'True') ? j : undefined;
    }, 60_000, async () => (await jobs().get('default', 'ok')).status);
    expect(j.status).toMatchObject({ succeeded: 3, active: 0 });
    const pods = (await c.client.resource<Pod>(Resources.pods).list('default', { labelSelector: 'job-name=ok' })).items;
    expect(pods).toHaveLength(3);
  });

  it('a job with failing pods stops at backoffLimit', async () => {
    await jobs().create('default', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'bad', namespace: 'default' }, spec: jobSpec('fail') as never });
    // The 10 s backoff runs on the injected clock: step it once the first pod failed.
    await waitFor('first failure', async () => (await jobs().get('default', 'bad')).status?.failed === 1);
    // The simulated kubelet stamps real times; jump the controller's clock past the first 10 s backoff.
    clock.set(Date.now() + 11_000);
    // Any event about the job's pods makes the controller look again (now past the backoff).
    const [first] = (await c.client.resource<Pod>(Resources.pods).list('default', { labelSelector: 'job-name=bad' })).items;
    await c.client.resource<Pod>(Resources.pods).patch('default', first.metadata.name ?? '', 'merge', { metadata: { annotations: { poke: '1' } } });
    const j = await waitFor('Failed BackoffLimitExceeded', async () => {
      const j = await jobs().get('default', 'bad');
      return j.status?.conditions?.some((x) => x.type === 'Failed' && x.reason === 'BackoffLimitExceeded') ? j : undefined;
    }, 60_000, async () => (await jobs().get('default', 'bad')).status);
    expect(j.status?.failed).toBe(2);
    const pods = (await c.client.resource<Pod>(Resources.pods).list('default', { labelSelector: 'job-name=bad' })).items;
    expect(pods).toHaveLength(2);
  });

  it('a cronjob fires on schedule with a fake clock', async () => {
    const cronJobs = c.client.resource<CronJob>(Resources.cronjobs);
    // Earlier tests moved the fake clock ahead; bring it back to the real time the server stamps.
    clock.set(Date.now());
    await cronJobs.create('default', {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick', namespace: 'default' },
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: jobSpec('succeed') as never } },
    });
    // The next 5-minute boundary after both the real creation time and the fake clock.
    const next = Math.ceil((Math.max(clock.now(), Date.now()) + 2000) / 300_000) * 300_000;
    await new Promise((r) => setTimeout(r, 500));
    expect((await jobs().list('default')).items.filter((j) => j.metadata.name?.startsWith('tick-'))).toEqual([]);
    clock.set(next + 1000);
    await cronJobs.patch('default', 'tick', 'merge', { metadata: { annotations: { poke: '1' } } });
    const name = `tick-${next / 60_000}`;
    await waitFor(`job ${name}`, async () => (await jobs().list('default')).items.some((j) => j.metadata.name === name));
    const cj = await waitFor('lastScheduleTime', async () => {
      const cj = await cronJobs.get('default', 'tick');
      return cj.status?.lastScheduleTime ? cj : undefined;
    });
    expect(Date.parse(cj.status!.lastScheduleTime!)).toBe(next);
  });
});

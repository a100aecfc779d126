import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../api/core/v1/pod.ts';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import { podFixture } from '../../test-util/fixtures.ts';
import { newHarness, type Harness } from '../../test-util/harness.ts';
import { newTTLAfterFinishedController } from '../ttlafterfinished/ttl-after-finished-controller.ts';
import { backoffDelay } from './job-pods.ts';
import { compress, newJobController } from './job-controller.ts';
import type { Job } from './types.ts';

const NOW = '2026-01-01T00:00:00Z';

function job(spec: Partial<NonNullable<Job['spec']>> = {}, status?: Job['status']): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default' },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'img' }] } } as never,
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

const finished = (name: string, owner: KubeObject, phase: 'Succeeded' | 'Failed', at = NOW): Pod => {
  const p = podFixture(name, { owner: { ...owner, kind: 'Job', apiVersion: 'batch/v1' }, phase, node: 'n' });
  p.status!.conditions![0].lastTransitionTime = at;
  return p;
};

function setup(j: Job, pods: (j: KubeObject) => Pod[]): Harness {
  const h = newHarness();
  h.clock.set(Date.parse(NOW));
  const [stored] = h.seed(Resources.jobs, j);
  h.seed(Resources.pods, ...pods(stored));
  return h;
}

const stored = (h: Harness) => h.fake.tracker.get(Resources.jobs, 'default', 'pi') as Job;
const created = (h: Harness) => h.actionsOf('create', 'pods').map((a) => a.object as Pod);

describe('Job controller', () => {
  it('creates parallelism pods labelled for the job', async () => {
    const h = setup(job({ parallelism: 3, completions: 5 }), () => []);
    await newJobController(h.ctx).sync('default/pi');
    const pods = created(h);
    expect(pods).toHaveLength(3);
    expect(pods[0].metadata.labels).toMatchObject({ 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': stored(h).metadata.uid, 'batch.kubernetes.io/controller-uid': stored(h).metadata.uid });
    expect(pods[0].metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Job', controller: true });
    expect(stored(h).status).toMatchObject({ active: 3, startTime: NOW });
  });

  it('only creates the completions still needed', async () => {
    const h = setup(job({ parallelism: 3, completions: 4 }), (j) => [finished('a', j, 'Succeeded'), finished('b', j, 'Succeeded')]);
    await newJobController(h.ctx).sync('default/pi');
    expect(created(h)).toHaveLength(2);
    expect(stored(h).status).toMatchObject({ succeeded: 2, active: 2 });
  });

  it('completes with Complete condition and completionTime', async () => {
    const h = setup(job(), (j) => [finished('a', j, 'Succeeded')]);
    await newJobController(h.ctx).sync('default/pi');
    expect(created(h)).toHaveLength(0);
    const s = stored(h).status!;
    expect(s).toMatchObject({ succeeded: 1, active: 0, completionTime: NOW });
    expect(s.conditions?.[0]).toMatchObject({ type: 'Complete', status: 'True' });
    expect(h.events.map((e) => e.reason)).toEqual(['Completed']);
  });

  it('waits out the backoff after a failure, then recreates', async () => {
    const h = setup(job(), (j) => [finished('a', j, 'Failed', NOW), finished('b', j, 'Failed', NOW)]);
    const c = newJobController(h.ctx);
    await c.sync('default/pi');
    expect(created(h)).toHaveLength(0);
    const refresh = () => h.informers.informer<Job>(Resources.jobs).add(stored(h));
    refresh();
    h.clock.step(backoffDelay(2) - 1000);
    await c.sync('default/pi');
    expect(created(h)).toHaveLength(0);
    refresh();
    h.clock.step(1000);
    await c.sync('default/pi');
    expect(created(h)).toHaveLength(1);
  });

  it('fails with BackoffLimitExceeded after backoffLimit+1 failed pods (restartPolicy Never)', async () => {
    const h = setup(job({ backoffLimit: 1 }), (j) => [finished('a', j, 'Failed'), finished('b', j, 'Failed')]);
    await newJobController(h.ctx).sync('default/pi');
    const s = stored(h).status!;
    expect(s.failed).toBe(2);
    expect(s.conditions?.find((c) => c.type === 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(created(h)).toHaveLength(0);
  });

  it('counts container restarts toward the backoff limit under OnFailure', async () => {
    const j = job({ backoffLimit: 2 });
    (j.spec!.template!.spec as { restartPolicy: string }).restartPolicy = 'OnFailure';
    const h = setup(j, (o) => [podFixture('a', { owner: { ...o, kind: 'Job', apiVersion: 'batch/v1' }, phase: 'Running', node: 'n', restarts: 2 })]);
    await newJobController(h.ctx).sync('default/pi');
    expect(stored(h).status?.conditions?.[0]).toMatchObject({ type: 'Failed', reason: 'BackoffLimitExceeded' });
    expect(h.writes()).toContain('delete pods default/a');
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds and deletes active pods', async () => {
    const h = setup(job({ activeDeadlineSeconds: 30 }, { startTime: '2025-12-31T23:59:00Z' }), (j) => [podFixture('a', { owner: { ...j, kind: 'Job', apiVersion: 'batch/v1' }, phase: 'Running', node: 'n' })]);
    await newJobController(h.ctx).sync('default/pi');
    expect(stored(h).status?.conditions?.[0]).toMatchObject({ type: 'Failed', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(h.writes()).toContain('delete pods default/a');
  });

  it('Indexed mode creates one pod per missing index', async () => {
    const h = setup(job({ completionMode: 'Indexed', completions: 3, parallelism: 3 }), (j) => {
      const p = finished('x', j, 'Succeeded');
      p.metadata.annotations = { 'batch.kubernetes.io/job-completion-index': '1' };
      return [p];
    });
    await newJobController(h.ctx).sync('default/pi');
    expect(created(h).map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '2']);
    expect(created(h)[0].metadata.generateName).toMatch(/^pi-[02]-$/);
    expect(stored(h).status?.completedIndexes).toBe('1');
  });

  it.each([[[1, 2, 3, 5, 7, 8], '1-3,5,7-8'], [[], ''], [[0], '0']])('compress %j', (idx, want) => expect(compress(idx)).toBe(want));
  it.each([[1, 10_000], [2, 20_000], [3, 40_000], [10, 360_000]])('backoff after %s failures is %s ms', (n, ms) => expect(backoffDelay(n)).toBe(ms));
});

describe('TTL after finished', () => {
  it('deletes a finished job once its TTL passed', async () => {
    const done = job({ ttlSecondsAfterFinished: 60 }, { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: NOW }] });
    const h = setup(done, () => []);
    const c = newTTLAfterFinishedController(h.ctx);
    await c.sync('default/pi');
    expect(h.writes()).toEqual([]);
    h.clock.step(60_000);
    await c.sync('default/pi');
    expect(h.writes()).toEqual(['delete jobs default/pi']);
  });
});

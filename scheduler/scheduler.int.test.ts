/**
 * The scheduler against the real API server and etcd: three Node objects (no kubelets) with
 * different capacities, taints and labels; rules respected, no over-commit under a burst,
 * capacity freed by a delete is reused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../testing/apiserver.ts';
import { clientFromKubeconfig } from '../client/from-kubeconfig.ts';
import { createSharedInformerFactory } from '../client/shared-informer-factory.ts';
import { createEventRecorder } from '../client/event-recorder.ts';
import type { Client } from '../client/types.ts';
import type { KubeObject } from '../api/meta/v1/object-meta.ts';
import { Resources } from '../api/resources.ts';
import { silentLogger } from '../component-base/logger.ts';
import type { Pod } from './api-types.ts';
import { Scheduler } from './scheduler.ts';
import { defaultConfig } from './config.ts';
import { makeNode, makePod } from './testutil/builders.ts';
import { createReadyNode, podScheduledFalse, runLimited, waitFor } from './testutil/cluster.ts';
import { requestsByNode } from './testutil/accounting.ts';
import { quantityIntValue } from '../api/quantity.ts';

const cpTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const nodes = [
  makeNode('cp', { cpu: '4', memory: '8Gi', taints: [cpTaint], labels: { 'node-role.kubernetes.io/control-plane': '' } }),
  makeNode('big', { cpu: '8', memory: '16Gi', labels: { disk: 'ssd', 'topology.kubernetes.io/zone': 'a' } }),
  makeNode('small', { cpu: '2', memory: '4Gi', labels: { disk: 'hdd', 'topology.kubernetes.io/zone': 'b' } }),
];

let api: TestApiServer;
let client: Client;
const stop = new AbortController();
let running: Promise<void>;

async function listPods(ns: string): Promise<Pod[]> {
  return (await client.resource<Pod>(Resources.pods).list(ns)).items;
}

beforeAll(async () => {
  api = await startTestApiServer();
  client = clientFromKubeconfig(api.kubeconfigPath, 'scheduler-int-test');
  for (const n of nodes) await createReadyNode(client, n);
  for (const ns of ['mixed', 'burst']) {
    await client.resource(Resources.namespaces).create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }
  // A local PV on `small`, and a claim already bound to it.
  await client.resource(Resources.persistentvolumes).create(undefined, {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'local-small' },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      local: { path: '/mnt/disks/a' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['small'] }] }] } },
    },
  } as KubeObject);
  await client.resource(Resources.persistentvolumeclaims).create('mixed', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'mixed' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'local-small' },
  } as KubeObject);
  const informers = createSharedInformerFactory(client);
  const sched = new Scheduler({
    client,
    informers,
    recorder: createEventRecorder(client, 'default-scheduler'),
    config: defaultConfig(),
    logger: silentLogger(),
  });
  running = sched.run(stop.signal);
});

afterAll(async () => {
  stop.abort();
  await running?.catch(() => {});
  await client?.close();
  await api?.stop();
});

/** fresh strips what the server assigns (the builders' fake uid). */
const fresh = (p: Pod): Pod => ({ ...p, metadata: { ...p.metadata, uid: undefined } });
const affinity = (a: object) => ({ spec: { affinity: a } as never });

describe('scheduler against the real API server', () => {
  it('places a mixed batch exactly where the rules say', async () => {
    const pods = client.resource<Pod>(Resources.pods);
    const batch: Array<[Pod, string | string[] | null]> = [
      [makePod('ssd', { namespace: 'mixed', nodeSelector: { disk: 'ssd' } }), 'big'],
      [makePod('hdd', { namespace: 'mixed', ...affinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] }] } } }) }), 'small'],
      [makePod('control', { namespace: 'mixed', nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, tolerations: [{ key: cpTaint.key, operator: 'Exists', effect: 'NoSchedule' }] }), 'cp'],
      [makePod('huge-cpu', { namespace: 'mixed', cpu: '6' }), 'big'],
      [makePod('daemon', { namespace: 'mixed', ...affinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['small'] }] }] } } }) }), 'small'],
      [makePod('web-1', { namespace: 'mixed', labels: { app: 'web' }, ...affinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } }) }), ['big', 'small']],
      [makePod('web-2', { namespace: 'mixed', labels: { app: 'web' }, ...affinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } }) }), ['big', 'small']],
      [makePod('with-local-volume', { namespace: 'mixed', spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } as never }), 'small'],
      [makePod('volume-conflict', { namespace: 'mixed', nodeSelector: { disk: 'ssd' }, spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } as never }), null],
      [makePod('too-much-memory', { namespace: 'mixed', memory: '32Gi' }), null],
    ];
    for (const [p] of batch) await pods.create('mixed', fresh(p));
    const settled = await waitFor('every mixed pod bound or explained', async () => {
      const all = await listPods('mixed');
      return all.length === batch.length && all.every((p) => p.spec?.nodeName || podScheduledFalse(p)) ? all : undefined;
    });
    const byName = new Map(settled.map((p) => [p.metadata.name!, p]));
    for (const [p, want] of batch) {
      const got = byName.get(p.metadata.name!)!.spec?.nodeName ?? null;
      if (Array.isArray(want)) expect(want, p.metadata.name).toContain(got);
      else expect(got, p.metadata.name).toBe(want);
    }
    expect(byName.get('web-1')!.spec!.nodeName).not.toBe(byName.get('web-2')!.spec!.nodeName);
    expect(podScheduledFalse(byName.get('volume-conflict')!)?.message).toBe(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had volume node affinity conflict.",
    );
    const cond = podScheduledFalse(byName.get('too-much-memory')!);
    const want = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory.';
    expect(cond).toMatchObject({ reason: 'Unschedulable', message: want });
    const events = await waitFor('FailedScheduling event', async () => {
      const list = (await client.resource<{ metadata: { name?: string }; reason?: string; message?: string; type?: string; involvedObject?: { name?: string } }>(Resources.events).list('mixed')).items;
      const failed = list.filter((e) => e.reason === 'FailedScheduling' && e.involvedObject?.name === 'too-much-memory');
      const scheduled = list.filter((e) => e.reason === 'Scheduled' && e.involvedObject?.name === 'ssd');
      return failed.length && scheduled.length ? { failed, scheduled } : undefined;
    });
    expect(events.failed[0]).toMatchObject({ type: 'Warning', message: want });
    expect(events.scheduled[0]).toMatchObject({ type: 'Normal', message: 'Successfully assigned mixed/ssd to big' });
  });

  it('a burst of 200 pods never over-commits a node, and fills the free room', async () => {
    const pods = client.resource<Pod>(Resources.pods);
    const names = [...Array(200).keys()].map((i) => `b-${i}`);
    await runLimited(names, 20, (name) => pods.create('burst', fresh(makePod(name, { namespace: 'burst', cpu: '100m', memory: '128Mi' }))));
    const burst = await waitFor('every burst pod bound or explained', async () => {
      const all = await listPods('burst');
      return all.length === 200 && all.every((p) => p.spec?.nodeName || podScheduledFalse(p)) ? all : undefined;
    }, 60_000);
    const everything = [...burst, ...(await listPods('mixed'))];
    for (const [node, used] of requestsByNode(everything)) {
      const n = nodes.find((x) => x.metadata.name === node)!;
      expect(used.milliCpu, node).toBeLessThanOrEqual(Number(n.status!.allocatable!.cpu) * 1000);
      expect(used.memory, node).toBeLessThanOrEqual(quantityIntValue(n.status!.allocatable!.memory!));
    }
    // Not under-committing either: big and small are full to the last 100m of cpu.
    const bound = burst.filter((p) => p.spec?.nodeName);
    const freeCpu = (node: string) => Number(nodes.find((x) => x.metadata.name === node)!.status!.allocatable!.cpu) * 1000 - (requestsByNode(everything).get(node)?.milliCpu ?? 0);
    expect(freeCpu('big')).toBeLessThan(100);
    expect(freeCpu('small')).toBeLessThan(100);
    expect(bound.length).toBeGreaterThan(0);
    expect(bound.length).toBeLessThan(200);
  });

  it('a deleted pod frees capacity and a pending pod is placed', async () => {
    // Watch (not list) so a busy API server does not slow the observation down.
    const watcher = createSharedInformerFactory(client);
    const informer = watcher.informerFor<Pod>(Resources.pods, { namespace: 'burst' });
    const stopWatch = new AbortController();
    watcher.start(stopWatch.signal);
    try {
      await watcher.waitForCacheSync(stopWatch.signal);
      const before = informer.lister.list('burst');
      const victim = before.find((p) => p.spec?.nodeName === 'small')!;
      const waiting = new Set(before.filter((p) => !p.spec?.nodeName).map((p) => p.metadata.name!));
      await client.resource<Pod>(Resources.pods).delete('burst', victim.metadata.name!, { gracePeriodSeconds: 0 });
      const newcomer = await waitFor('a pending pod placed on small', async () => {
        const placed = informer.lister.list('burst').filter((p) => waiting.has(p.metadata.name!) && p.spec?.nodeName);
        return placed.length > 0 ? placed : undefined;
      }, 10_000, 10);
      expect(newcomer.map((p) => p.spec!.nodeName)).toEqual(['small']);
    } finally {
      stopWatch.abort();
    }
  });
});

/**
 * workloadsScenario: a Job runs to completion, a CronJob fires, a DaemonSet lands on every node
 * including one added mid-test, a StatefulSet keeps its pod names and volumes across a deletion.
 */
import { beforeAll, expect, it } from 'vitest';
import { Resources } from '../../api/resources.ts';
import type { Job } from '../../api/batch/v1/job.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { E2ECluster } from '../fixtures/cluster.ts';
import { skiffctl } from '../fixtures/cli.ts';
import { apply, createNamespace, isReady, listPods, summary, waitReadyPods } from '../fixtures/kube.ts';
import { waitFor } from '../fixtures/wait.ts';

const job = `apiVersion: batch/v1
kind: Job
metadata: {name: count}
spec:
  completions: 3
  parallelism: 2
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: count, image: skiff/busybox:latest, imagePullPolicy: Never, command: [sh, -c, 'echo counted']}
`;

const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "* * * * *"
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - {name: tick, image: skiff/busybox:latest, imagePullPolicy: Never, command: [sh, -c, 'date']}
`;

const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - {name: agent, image: skiff/busybox:latest, imagePullPolicy: Never, command: [sh, -c, 'while true; do sleep 5; done']}
`;

// Skiff has no volume provisioner: like a cluster with local storage, the admin creates hostPath
// PVs and pre-binds the claims the StatefulSet will use (data-db-<ordinal>), and the set stays on
// the node that holds the data. A recreated db-0 must mount the same claim and see the same id.
const storage = (node: string) => [0, 1].map((i) => `apiVersion: v1
kind: PersistentVolume
metadata: {name: e2e-db-${i}}
spec:
  capacity: {storage: 10Mi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath: {path: /var/lib/skiff-e2e-volumes/db-${i}, type: DirectoryOrCreate}
  claimRef: {namespace: e2e-workloads, name: data-db-${i}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-db-${i}, labels: {app: db}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Mi}}
  volumeName: e2e-db-${i}
  storageClassName: ""
`).join('---\n') + `---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      nodeSelector: {kubernetes.io/hostname: ${node}}
      containers:
      - name: db
        image: skiff/busybox:latest
        imagePullPolicy: Never
        command: [sh, -c, 'test -f /data/id || echo "$HOSTNAME-$(date +%s%N)" > /data/id; while true; do sleep 5; done']
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 10Mi}}
      storageClassName: ""
`;

// The same set without storage: pod identity alone (names, ordinals, headless DNS records).
const namesOnly = `apiVersion: v1
kind: Service
metadata: {name: names}
spec:
  clusterIP: None
  selector: {app: names}
  ports: [{port: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: names}
spec:
  serviceName: names
  replicas: 3
  selector: {matchLabels: {app: names}}
  template:
    metadata: {labels: {app: names}}
    spec:
      containers:
      - {name: c, image: skiff/busybox:latest, imagePullPolicy: Never, command: [sh, -c, 'while true; do sleep 5; done']}
`;

/** workloadsScenario registers the tests; `cluster()` returns the started cluster. */
export function workloadsScenario(cluster: () => E2ECluster): void {
  const ns = 'e2e-workloads';
  beforeAll(async () => {
    await createNamespace(cluster(), ns);
  });

  it('runs a Job to completion', async () => {
    const c = cluster();
    await apply(c, ns, job);
    const done = await waitFor('job count to complete', async () => {
      const j = await c.client.resource<Job>(Resources.jobs).get(ns, 'count');
      const complete = j.status?.conditions?.some((x) => x.type === 'Complete' && x.status === 'True');
      return { ok: !!complete, value: j, seen: j.status };
    }, { timeoutMs: 120_000 });
    expect(done.status?.succeeded).toBe(3);
  });

  it('fires a CronJob, whose Job completes', async () => {
    const c = cluster();
    await apply(c, ns, cronJob);
    await waitFor('a Job of CronJob tick to complete', async () => {
      const jobs = (await c.client.resource<Job>(Resources.jobs).list(ns)).items.filter((j) => j.metadata.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === 'tick'));
      return { ok: jobs.some((j) => (j.status?.succeeded ?? 0) >= 1), seen: jobs.map((j) => `${j.metadata.name}:${JSON.stringify(j.status ?? {})}`) };
    }, { timeoutMs: 150_000, intervalMs: 2000 });
    await skiffctl(c.kubeconfigPath, ['delete', '-n', ns, 'cronjob', 'tick']);
  });

  it('runs a DaemonSet pod on every node, including a node added mid-test', async () => {
    const c = cluster();
    await apply(c, ns, daemonSet);
    const onEvery = async (): Promise<void> => {
      await waitFor(`an agent pod on each of ${c.nodes.length} nodes`, async () => {
        const pods = (await listPods(c, ns, 'app=agent')).filter(isReady);
        const nodes = new Set(pods.map((p) => p.spec?.nodeName));
        return { ok: nodes.size === c.nodes.length && pods.length === c.nodes.length, seen: pods.map(summary) };
      }, { timeoutMs: 180_000 });
    };
    await onEvery();
    const added = await c.addNode();
    await onEvery();
    expect((await listPods(c, ns, 'app=agent')).some((p) => p.spec?.nodeName === added.nodeName)).toBe(true);
  });

  it('creates StatefulSet pods in order with stable names, and recreates a deleted one by name', async () => {
    const c = cluster();
    await apply(c, ns, namesOnly);
    const pods = await waitReadyPods(c, ns, 'app=names', 3);
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(['names-0', 'names-1', 'names-2']);
    for (const p of pods) expect(p.spec?.hostname).toBe(p.metadata.name);
    const old = pods.find((p) => p.metadata.name === 'names-1')!;
    await skiffctl(c.kubeconfigPath, ['delete', '-n', ns, 'pod', 'names-1']);
    await waitFor('names-1 to come back as a new pod', async () => {
      const p = await c.client.resource<Pod>(Resources.pods).get(ns, 'names-1').catch(() => undefined);
      return { ok: !!p && p.metadata.uid !== old.metadata.uid && isReady(p), seen: p && summary(p) };
    }, { timeoutMs: 120_000 });
    expect((await listPods(c, ns, 'app=names')).map((p) => p.metadata.name).sort()).toEqual(['names-0', 'names-1', 'names-2']);
  });

  it('keeps StatefulSet pod names and volume contents across a pod deletion', async () => {
    const c = cluster();
    await apply(c, ns, storage(c.nodes[0].nodeName));
    const pods = await waitReadyPods(c, ns, 'app=db', 2);
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(['db-0', 'db-1']);
    const readId = () => skiffctl(c.kubeconfigPath, ['exec', '-n', ns, 'db-0', '--', 'cat', '/data/id']);
    const before = await waitFor('db-0 to write its id', async () => {
      const id = (await readId()).trim();
      return { ok: id.startsWith('db-0-'), value: id, seen: id };
    }, { timeoutMs: 60_000 });
    const old = pods.find((p) => p.metadata.name === 'db-0')!;
    await skiffctl(c.kubeconfigPath, ['delete', '-n', ns, 'pod', 'db-0']);
    await waitFor('db-0 to come back as a new pod', async () => {
      const p = await c.client.resource<Pod>(Resources.pods).get(ns, 'db-0').catch(() => undefined);
      return { ok: !!p && p.metadata.uid !== old.metadata.uid && isReady(p), seen: p && summary(p) };
    }, { timeoutMs: 120_000 });
    expect((await readId()).trim()).toBe(before);
  });
}

/**
 * Benchmark (not a test): raw etcd3 puts/s beside Storage.create/s on the same etcd, same
 * pod-sized payload, at concurrency 1 and 50. Prints a table; no thresholds are asserted.
 *
 *   node bench/apiserver-storage/puts.ts [--etcd-servers=URL,...] [--ops=2000]
 *
 * Without --etcd-servers it starts a private single-member etcd (testing/etcd.ts).
 */
import { parseArgs } from 'node:util';
import { createEtcdStorage, createRawEtcdWriter } from '../../apiserver/storage/etcd-storage.ts';
import { startEtcd } from '../../testing/etcd.ts';

const { values } = parseArgs({ options: { 'etcd-servers': { type: 'string' }, ops: { type: 'string', default: '2000' } } });
const ops = Number(values.ops);

/** podPayload is a realistic ~1.5 KiB pod object. */
function podPayload(name: string): { metadata: { name: string; namespace: string; uid: string; labels: Record<string, string> }; spec: unknown; status: unknown } {
  return {
    metadata: { name, namespace: 'bench', uid: crypto.randomUUID(), labels: { app: 'bench', tier: 'web', release: 'stable' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'registry.local/bench/web:1.2.3',
          ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
          env: Array.from({ length: 8 }, (_, i) => ({ name: `VAR_${i}`, value: `value-${i}-${'x'.repeat(40)}` })),
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}

async function run(concurrency: number, op: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < ops; i = next++) await op(i);
    }),
  );
  return (ops / (performance.now() - start)) * 1000;
}

const etcd = values['etcd-servers'] ? undefined : await startEtcd();
const endpoints = values['etcd-servers']?.split(',') ?? etcd!.endpoints;
const raw = createRawEtcdWriter(endpoints);
const storage = createEtcdStorage({ endpoints });
const runId = Date.now().toString(36);
try {
  console.log(`ops per run: ${ops}; payload ${JSON.stringify(podPayload('x')).length} bytes; etcd ${endpoints.join(',')}`);
  console.log('concurrency  raw etcd3 puts/s  Storage.create/s  ratio');
  for (const c of [1, 50]) {
    const rawRate = await run(c, (i) => raw.put(`/bench/${runId}/raw-c${c}/p${i}`, JSON.stringify(podPayload(`p${i}`))));
    const createRate = await run(c, async (i) => {
      await storage.create(`/registry/pods/bench-${runId}-c${c}/p${i}`, podPayload(`p${i}`));
    });
    console.log(`${String(c).padStart(11)}  ${rawRate.toFixed(0).padStart(16)}  ${createRate.toFixed(0).padStart(16)}  ${(createRate / rawRate).toFixed(2).padStart(5)}`);
  }
} finally {
  raw.close();
  await storage.close();
  await etcd?.stop();
}

import { describe, expect, it } from 'vitest';
import { makeNode, makePod, type NodeOptions, type PodOptions } from './testutil/builders.ts';
import { schedulerHarness } from './testutil/scheduler-harness.ts';
import { podScheduledConditions } from './explain.ts';
import type { Pod } from './api-types.ts';

const term = (app: string) => ({ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' });

interface Case {
  name: string;
  nodes: Array<[string, NodeOptions]>;
  bound?: Array<[string, PodOptions]>;
  pod: PodOptions;
  want: string;
}

// One case per filter: the FailedScheduling event carries Kubernetes' exact summary.
const cases: Case[] = [
  { name: 'NodeUnschedulable', nodes: [['n1', { unschedulable: true }]], pod: {}, want: '0/1 nodes are available: 1 node(s) were unschedulable.' },
  { name: 'NodeReady', nodes: [['n1', { ready: 'False' }]], pod: {}, want: '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.' },
  {
    name: 'TaintToleration',
    nodes: [['cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }], ['w1', { memory: '1Gi' }], ['w2', { memory: '1Gi' }]],
    pod: { memory: '2Gi' },
    want: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory.',
  },
  { name: 'NodeAffinity (nodeSelector)', nodes: [['n1', {}], ['n2', {}]], pod: { nodeSelector: { disk: 'ssd' } }, want: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector." },
  { name: 'NodeResourcesFit cpu', nodes: [['n1', { cpu: '1' }]], pod: { cpu: '2' }, want: '0/1 nodes are available: 1 Insufficient cpu.' },
  { name: 'NodeResourcesFit pods', nodes: [['n1', { pods: '1' }]], bound: [['x', {}]], pod: {}, want: '0/1 nodes are available: 1 Too many pods.' },
  { name: 'NodePorts', nodes: [['n1', {}]], bound: [['x', { hostPort: 80 }]], pod: { hostPort: 80 }, want: "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports." },
  {
    name: 'InterPodAffinity affinity',
    nodes: [['n1', {}]],
    bound: [['x', { labels: { app: 'other' } }]],
    pod: { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } } } as never, labels: { app: 'web' } },
    want: "0/1 nodes are available: 1 node(s) didn't match pod affinity rules.",
  },
  {
    name: 'InterPodAffinity anti-affinity',
    nodes: [['n1', {}]],
    bound: [['x', { labels: { app: 'db' } }]],
    pod: { spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } } } as never },
    want: "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.",
  },
  {
    name: "InterPodAffinity existing pods' anti-affinity",
    nodes: [['n1', {}]],
    bound: [['x', { spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } } } as never }]],
    pod: { labels: { app: 'web' } },
    want: "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules.",
  },
  {
    name: 'PodTopologySpread',
    nodes: [['n1', {}], ['n2', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }]],
    bound: [['x', { labels: { app: 'web' } }]],
    pod: {
      labels: { app: 'web' },
      spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] } as never,
    },
    want: "0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) had untolerated taint {k: v}.",
  },
  {
    name: 'VolumeBinding (missing claim)',
    nodes: [['n1', {}]],
    pod: { spec: { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }] } as never },
    want: '0/1 nodes are available: persistentvolumeclaim "data" not found.',
  },
];

describe('FailedScheduling messages through the scheduler', () => {
  it.each(cases)('$name', async ({ nodes, bound, pod, want }) => {
    const h = schedulerHarness(nodes.map(([n, o]) => makeNode(n, o)));
    for (const [name, o] of bound ?? []) h.addPod(makePod(name, { ...o, nodeName: 'n1' }));
    h.addPod(makePod('p', pod));
    await h.runAll();
    const failed = h.events.filter((e) => e.reason === 'FailedScheduling');
    expect(failed.map((e) => e.message)).toEqual([want]);
    expect(failed[0].type).toBe('Warning');
  });
});

describe('podScheduledConditions', () => {
  const now = new Date('2024-05-01T10:00:00.123Z');
  it('adds the condition and keeps others', () => {
    const pod = makePod('p');
    pod.status = { phase: 'Pending', conditions: [{ type: 'Other', status: 'True' }] };
    expect(podScheduledConditions(pod, 'Unschedulable', 'm', now)).toEqual([
      { type: 'Other', status: 'True' },
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'm', lastProbeTime: null, lastTransitionTime: '2024-05-01T10:00:00Z' },
    ]);
  });
  it('returns undefined when nothing changed, keeps the transition time when the message did', () => {
    const pod: Pod = makePod('p');
    pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'm', lastTransitionTime: '2024-01-01T00:00:00Z' }] };
    expect(podScheduledConditions(pod, 'Unschedulable', 'm', now)).toBeUndefined();
    expect(podScheduledConditions(pod, 'Unschedulable', 'm2', now)![0].lastTransitionTime).toBe('2024-01-01T00:00:00Z');
  });
});

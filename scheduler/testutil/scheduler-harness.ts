/**
 * A Scheduler on the fake client with hand-driven informers and a fake clock, for unit tests:
 * objects are added to both the fake API (so bindings and status patches succeed) and the
 * informers (so handlers fire), and `runAll` schedules until the active queue is empty.
 */
import { createFakeClient, type FakeClient } from '../../client/fake/fake-client.ts';
import { silentLogger } from '../../component-base/logger.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { Resources } from '../../api/resources.ts';
import type { Node, Pod } from '../api-types.ts';
import { Scheduler } from '../scheduler.ts';
import { defaultConfig, type SchedulerConfig } from '../config.ts';
import { fakeInformerFactory, type FakeInformerFactory } from './fake-informers.ts';

/** RecordedEvent is one event the scheduler emitted. */
export interface RecordedEvent {
  pod: string;
  type: string;
  reason: string;
  message: string;
}

/** SchedulerHarness is a scheduler under test with its fakes. */
export interface SchedulerHarness {
  sched: Scheduler;
  fake: FakeClient;
  informers: FakeInformerFactory;
  events: RecordedEvent[];
  clock: { t: number };
  addNode(node: Node): void;
  addPod(pod: Pod): void;
  /** confirm plays the informer seeing a bound pod (as after a successful binding). */
  confirm(name: string, nodeName: string): void;
  deletePod(pod: Pod): void;
  runAll(): Promise<void>;
  bindings(): Array<[string, string]>;
  apiPod(name: string): Pod;
}

/** schedulerHarness builds a SchedulerHarness. */
export function schedulerHarness(nodes: Node[] = [], config: Partial<SchedulerConfig> = {}): SchedulerHarness {
  const fake = createFakeClient();
  const informers = fakeInformerFactory();
  const events: RecordedEvent[] = [];
  const clock = { t: 1_000_000 };
  const sched = new Scheduler({
    client: fake.client,
    informers,
    recorder: { event: (obj: KubeObject, type, reason, message) => void events.push({ pod: obj.metadata.name!, type, reason, message }) },
    config: { ...defaultConfig(), ...config },
    logger: silentLogger(),
    queue: { now: () => clock.t },
    cache: { now: () => clock.t },
  });
  const pods = () => informers.informer<Pod>('pods');
  const h: SchedulerHarness = {
    sched,
    fake,
    informers,
    events,
    clock,
    addNode(node) {
      fake.tracker.add(node);
      informers.informer<Node>('nodes').add(node);
    },
    addPod(pod) {
      fake.tracker.add(pod);
      pods().add(pod);
    },
    confirm(name, nodeName) {
      const p = structuredClone(pods().lister.get('default', name)!);
      p.spec!.nodeName = nodeName;
      pods().update(p);
    },
    deletePod(pod) {
      pods().delete(pod);
    },
    async runAll() {
      while (sched.queue.pending().active > 0) await sched.scheduleOne();
      await sched.waitForBindings();
    },
    bindings() {
      return fake.actions
        .filter((a) => a.subresource === 'binding')
        .map((a) => [a.name!, (a.object as { target: { name: string } }).target.name]);
    },
    apiPod(name) {
      return fake.tracker.get(Resources.pods, 'default', name) as Pod;
    },
  };
  for (const n of nodes) h.addNode(n);
  return h;
}

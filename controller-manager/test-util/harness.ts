/**
 * Unit-test harness for controllers: a fake client (records API calls), fake informers the
 * test fills, a fake event recorder and a fake clock, wired into a ControllerContext.
 */
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import { createFakeClient, type Action, type FakeClient } from '../../client/fake/fake-client.ts';
import { silentLogger } from '../../component-base/logger.ts';
import { defaultOptions, fakeClock, type ControllerContext, type ControllerManagerOptions } from '../context.ts';
import { createFakeInformerFactory, type FakeInformerFactory } from './fake-informers.ts';
import { createFakeRecorder, type RecordedEvent } from './fake-recorder.ts';

/** Harness bundles the fakes of one unit test. */
export interface Harness {
  ctx: ControllerContext;
  fake: FakeClient;
  informers: FakeInformerFactory;
  events: RecordedEvent[];
  clock: ReturnType<typeof fakeClock>;
  /** seed puts objects both in the fake API (tracker) and in the informer store of their resource. */
  seed(info: ResourceInfo, ...objs: KubeObject[]): KubeObject[];
  /** writes lists the mutating actions recorded (create/update/patch/delete), as `verb resource[/sub] ns/name`. */
  writes(): string[];
  actionsOf(verb: Action['verb'], resource?: string): Action[];
}

/** newHarness builds a Harness. */
export function newHarness(options: Partial<ControllerManagerOptions> = {}): Harness {
  const fake = createFakeClient();
  const informers = createFakeInformerFactory();
  const recorder = createFakeRecorder();
  const clock = fakeClock();
  const ctx: ControllerContext = {
    client: fake.client,
    informers,
    recorder: () => recorder,
    logger: silentLogger(),
    clock,
    options: { ...defaultOptions(), ...options },
  };
  return {
    ctx,
    fake,
    informers,
    events: recorder.events,
    clock,
    seed(info, ...objs) {
      const stored = objs.map((o) => {
        const s = fake.tracker.create(info, o.metadata.namespace, structuredClone(o));
        // The tracker stamps server fields; keep the fixture's times so tests can age objects.
        if (o.metadata.creationTimestamp) s.metadata.creationTimestamp = o.metadata.creationTimestamp;
        if (o.metadata.deletionTimestamp) s.metadata.deletionTimestamp = o.metadata.deletionTimestamp;
        if (o.metadata.generation) s.metadata.generation = o.metadata.generation;
        return s;
      });
      informers.informer(info).add(...stored);
      fake.clearActions();
      return stored;
    },
    writes: () =>
      fake.actions
        .filter((a) => ['create', 'update', 'patch', 'delete', 'deletecollection'].includes(a.verb))
        .map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''} ${a.namespace ? a.namespace + '/' : ''}${a.name ?? ''}`),
    actionsOf: (verb, resource) => fake.actions.filter((a) => a.verb === verb && (!resource || a.resource === resource)),
  };
}

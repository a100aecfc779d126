import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/meta/v1/object-meta.ts';
import { Resources } from '../../../api/resources.ts';
import { newHarness } from '../../test-util/harness.ts';
import { DESCRIPTION, DESCRIPTION_ANNOTATION, newRootCAPublisher, ROOT_CA_CONFIGMAP } from './root-ca-publisher.ts';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const ns = (name: string, phase = 'Active') => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase } }) as KubeObject;
const cm = (data: Record<string, string>, annotations?: Record<string, string>) =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace: 'team', annotations }, data }) as KubeObject;
const described = { [DESCRIPTION_ANNOTATION]: DESCRIPTION };

describe('root CA publisher', () => {
  it.each<[string, string, KubeObject | undefined, string[]]>([
    ['creates the ConfigMap in an active namespace', 'Active', undefined, ['create configmaps team/kube-root-ca.crt']],
    ['leaves a correct ConfigMap alone', 'Active', cm({ 'ca.crt': CA }, described), []],
    ['puts back an edited CA', 'Active', cm({ 'ca.crt': 'tampered' }, described), ['update configmaps team/kube-root-ca.crt']],
    ['drops extra keys', 'Active', cm({ 'ca.crt': CA, extra: 'x' }, described), ['update configmaps team/kube-root-ca.crt']],
    ['adds the missing description', 'Active', cm({ 'ca.crt': CA }), ['update configmaps team/kube-root-ca.crt']],
    ['skips terminating namespaces', 'Terminating', undefined, []],
  ])('%s', async (_n, phase, existing, want) => {
    const h = newHarness();
    h.seed(Resources.namespaces, ns('team', phase));
    if (existing) h.seed(Resources.configmaps, existing);
    await newRootCAPublisher(h.ctx, CA).sync('team');
    expect(h.writes()).toEqual(want);
    if (want.length) {
      const written = h.fake.tracker.get(Resources.configmaps, 'team', ROOT_CA_CONFIGMAP) as KubeObject & { data: Record<string, string> };
      expect(written.data).toEqual({ 'ca.crt': CA });
      expect(written.metadata.annotations?.[DESCRIPTION_ANNOTATION]).toBe(DESCRIPTION);
    }
  });

  it('ignores a namespace that is gone', async () => {
    const h = newHarness();
    await newRootCAPublisher(h.ctx, CA).sync('gone');
    expect(h.writes()).toEqual([]);
  });

  it.each([
    ['a namespace appearing', (h: ReturnType<typeof newHarness>) => h.informers.informer(Resources.namespaces).add(ns('team')), ['team']],
    ['its ConfigMap deleted', (h: ReturnType<typeof newHarness>) => h.informers.informer(Resources.configmaps).remove(cm({ 'ca.crt': CA })), ['team']],
    ['another ConfigMap deleted', (h: ReturnType<typeof newHarness>) => h.informers.informer(Resources.configmaps).remove({ ...cm({}), metadata: { name: 'other', namespace: 'team' } } as KubeObject), []],
  ])('queues the namespace on %s', async (_n, act, want) => {
    const h = newHarness();
    const c = newRootCAPublisher(h.ctx, CA);
    act(h);
    const got: string[] = [];
    while (c.queue.len() > 0) got.push((await c.queue.get()).item!);
    expect(got).toEqual(want);
  });
});

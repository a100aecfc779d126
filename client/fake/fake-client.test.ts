import { describe, expect, it } from 'vitest';
import { Resources } from '../../api/resources.ts';
import { isAlreadyExists, isConflict, isGone, isNotFound, newConflict } from '../../api/errors.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import type { WatchEvent } from '../types.ts';
import { createFakeClient } from './fake-client.ts';

type Pod = KubeObject & { spec?: { nodeName?: string; containers?: { name: string }[] }; status?: { phase?: string } };

const pod = (name: string, labels: Record<string, string> = {}, nodeName?: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: { containers: [{ name: 'c' }], ...(nodeName ? { nodeName } : {}) },
});

async function take(it: AsyncIterable<WatchEvent>, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  if (n === 0) return out;
  for await (const ev of it) {
    out.push(ev);
    if (out.length >= n) break;
  }
  return out;
}

describe('createFakeClient', () => {
  it('records actions and serves CRUD with resourceVersions', async () => {
    const { client, actions } = createFakeClient([pod('a')]);
    const pods = client.resource<Pod>(Resources.pods);
    const a = await pods.get('default', 'a');
    expect(a.metadata.uid).toBeTruthy();
    const b = await pods.create('default', pod('b'));
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    await expect(pods.create('default', pod('b'))).rejects.toSatisfy(isAlreadyExists);
    await expect(pods.get('default', 'zz')).rejects.toSatisfy(isNotFound);
    expect(actions.map((x) => `${x.verb}:${x.name}`)).toEqual(['get:a', 'create:b', 'create:b', 'get:zz']);
  });

  it('rejects updates with a stale resourceVersion and keeps status apart', async () => {
    const { client } = createFakeClient([pod('a')]);
    const pods = client.resource<Pod>(Resources.pods);
    const a = await pods.get('default', 'a');
    const withStatus = await pods.updateStatus({ ...a, status: { phase: 'Running' } });
    expect(withStatus.status?.phase).toBe('Running');
    await expect(pods.update({ ...a, metadata: { ...a.metadata, labels: { x: 'y' } } })).rejects.toSatisfy(isConflict);
    const updated = await pods.update({ ...withStatus, status: { phase: 'Failed' }, metadata: { ...withStatus.metadata, labels: { x: 'y' } } });
    expect(updated.status?.phase).toBe('Running');
    expect(updated.metadata.labels).toEqual({ x: 'y' });
  });

  it.each([
    ['merge', { metadata: { labels: { app: 'web', old: null } } }],
    ['strategic', { metadata: { labels: { app: 'web', old: null } } }],
    ['json', [{ op: 'add', path: '/metadata/labels/app', value: 'web' }, { op: 'remove', path: '/metadata/labels/old' }]],
  ] as const)('applies %s patches', async (type, patch) => {
    const { client } = createFakeClient([pod('a', { old: '1' })]);
    const out = await client.resource<Pod>(Resources.pods).patch('default', 'a', type, patch);
    expect(out.metadata.labels).toEqual({ app: 'web' });
  });

  it('merges containers by name in strategic patches', async () => {
    const p = pod('a');
    p.spec = { containers: [{ name: 'c' }, { name: 'd' }] };
    const { client } = createFakeClient([p]);
    const out = await client.resource<Pod>(Resources.pods).patch('default', 'a', 'strategic', { spec: { containers: [{ name: 'd', image: 'x' } as { name: string }] } });
    expect(out.spec?.containers).toEqual([{ name: 'c' }, { name: 'd', image: 'x' }]);
  });

  it('binds pods once and filters lists by label and field selectors', async () => {
    const { client } = createFakeClient([pod('a', { app: 'x' }), pod('b', { app: 'y' })]);
    const pods = client.resource<Pod>(Resources.pods);
    await pods.createSubresource('default', 'a', 'binding', { target: { kind: 'Node', name: 'n1' } });
    await expect(pods.createSubresource('default', 'a', 'binding', { target: { name: 'n2' } })).rejects.toSatisfy(isConflict);
    const names = async (o: object) => (await pods.list(undefined, o)).items.map((p) => p.metadata.name);
    expect(await names({ fieldSelector: 'spec.nodeName=n1' })).toEqual(['a']);
    expect(await names({ fieldSelector: 'spec.nodeName=' })).toEqual(['b']);
    expect(await names({ labelSelector: 'app in (x,y),app!=y' })).toEqual(['a']);
  });

  it('watches with selector transitions, replay from an RV and 410 after compaction', async () => {
    const { client, tracker } = createFakeClient([pod('a')]);
    const pods = client.resource<Pod>(Resources.pods);
    const ctl = new AbortController();
    const w = pods.watch('default', { fieldSelector: 'spec.nodeName=n1', signal: ctl.signal });
    const first = take(w, 2);
    await pods.createSubresource('default', 'a', 'binding', { target: { name: 'n1' } });
    await pods.delete('default', 'a');
    expect((await first).map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    ctl.abort();
    const rv = tracker.resourceVersion();
    await pods.create('default', pod('c'));
    expect((await take(pods.watch('default', { resourceVersion: rv }), 1))[0].object.metadata.name).toBe('c');
    tracker.compact();
    await expect(take(pods.watch('default', { resourceVersion: rv }), 1)).rejects.toSatisfy(isGone);
  });

  it('honours finalizers and reactors', async () => {
    const p = pod('a');
    p.metadata.finalizers = ['x/y'];
    const fake = createFakeClient([p]);
    const pods = fake.client.resource<Pod>(Resources.pods);
    const marked = await pods.delete('default', 'a');
    expect((marked as Pod).metadata.deletionTimestamp).toBeTruthy();
    await pods.update({ ...(marked as Pod), metadata: { ...(marked as Pod).metadata, finalizers: [] } });
    await expect(pods.get('default', 'a')).rejects.toSatisfy(isNotFound);
    fake.prependReactor('create', 'pods', () => ({ handled: true, error: newConflict({ group: '', resource: 'pods' }, 'b', 'injected') }));
    await expect(pods.create('default', pod('b'))).rejects.toSatisfy(isConflict);
  });

  it('seeds fixtures keeping their server fields', () => {
    const p = pod('old');
    Object.assign(p.metadata, { uid: 'u-1', creationTimestamp: '2020-01-01T00:00:00Z', generation: 4 });
    const { tracker } = createFakeClient([p]);
    expect(tracker.get(Resources.pods, 'default', 'old').metadata).toMatchObject({ uid: 'u-1', creationTimestamp: '2020-01-01T00:00:00Z', generation: 4 });
  });

  it('pages lists with limit and continue', async () => {
    const { client } = createFakeClient([pod('a'), pod('b'), pod('c')]);
    const pods = client.resource<Pod>(Resources.pods);
    const p1 = await pods.list('default', { limit: 2 });
    const p2 = await pods.list('default', { limit: 2, continue: p1.metadata.continue });
    expect([...p1.items, ...p2.items].map((p) => p.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(p2.metadata.continue).toBeUndefined();
  });
});

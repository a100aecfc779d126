import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTestApp, type TestApp } from '../test-support.ts';

let t: TestApp;
beforeEach(async () => {
  t = await newTestApp({ watch: { bookmarkIntervalMs: 50 } });
});
afterEach(async () => {
  await t.close();
});

const lines = (body: string) => body.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const CM = '/api/v1/namespaces/default/configmaps';

describe('watch', () => {
  it('flushes headers at once, sends current objects as ADDED, then changes as they happen', async () => {
    await t.call('POST', CM, { metadata: { name: 'a' }, data: {} });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const ac = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}${CM}?watch=true`, { signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    const next = async () => {
      while (!buffered.includes('\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended; had ${buffered}`);
        buffered += value;
      }
      const i = buffered.indexOf('\n');
      const ev = JSON.parse(buffered.slice(0, i));
      buffered = buffered.slice(i + 1);
      return `${ev.type} ${ev.object.metadata.name}`;
    };
    expect(await next()).toBe('ADDED a');
    await t.call('POST', CM, { metadata: { name: 'b' }, data: {} });
    expect(await next()).toBe('ADDED b');
    await t.call('DELETE', `${CM}/a`);
    expect(await next()).toBe('DELETED a');
    ac.abort();
  });

  it('ends the stream at timeoutSeconds', async () => {
    const res = await t.call('GET', `${CM}?watch=true&timeoutSeconds=1`);
    expect(res.statusCode).toBe(200);
  });

  it('resumes after a resourceVersion, filters by selector and sends bookmarks', async () => {
    const a = (await t.call('POST', CM, { metadata: { name: 'a', labels: { x: '1' } }, data: {} })).json();
    await t.call('POST', CM, { metadata: { name: 'b', labels: { x: '2' } }, data: {} });
    await t.call('PATCH', `${CM}/a`, { metadata: { labels: { x: '2' } } }, { 'content-type': 'application/merge-patch+json' });
    const res = await t.call('GET', `${CM}?watch=1&resourceVersion=${a.metadata.resourceVersion}&labelSelector=x%3D2&allowWatchBookmarks=true&timeoutSeconds=1`);
    const evs = lines(res.body);
    const changes = evs.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.metadata.name}`);
    expect(changes).toEqual(['ADDED b', 'ADDED a']);
    expect(evs.some((e) => e.type === 'BOOKMARK' && Number(e.object.metadata.resourceVersion) > 0)).toBe(true);
  });

  it('answers a compacted resourceVersion with a 410 ERROR event', async () => {
    const a = (await t.call('POST', CM, { metadata: { name: 'a' }, data: {} })).json();
    await t.call('PATCH', `${CM}/a`, { data: { k: 'v' } }, { 'content-type': 'application/merge-patch+json' });
    await t.storage.compact(await t.storage.currentRevision());
    const res = await t.call('GET', `${CM}?watch=true&resourceVersion=${Number(a.metadata.resourceVersion) - 1}&timeoutSeconds=1`);
    const evs = lines(res.body);
    expect(evs.at(-1)).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410 } });
  });

  it('rejects bad watch parameters with a 400 Status before streaming', async () => {
    const res = await t.call('GET', `${CM}?watch=true&resourceVersion=abc`);
    expect(res.statusCode).toBe(400);
    expect(res.json().kind).toBe('Status');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badInputCases, SEED } from './bad-input-cases.ts';
import { isGenericDefinition } from './registry/definitions.ts';
import { newTestApp, type TestApp } from './test-support.ts';

let t: TestApp;
let stale = '';
beforeAll(async () => {
  t = await newTestApp();
  stale = (await t.call('POST', SEED.url, SEED.body)).json().metadata.resourceVersion;
  await t.call('PATCH', `${SEED.url}/seed`, { data: { a: '2' } }, { 'content-type': 'application/merge-patch+json' });
});
afterAll(async () => {
  await t.close();
});

describe('bad input', () => {
  it.each(badInputCases('1').map((c) => [c.name, c] as const))('%s', async (_name, c0) => {
    const c = { ...badInputCases(stale).find((x) => x.name === c0.name)! };
    if (c.rawOnly || (c.needsKinds && isGenericDefinition(t.ctx.scopeFor('apps', 'deployments')!.def))) return;
    const before = await t.storage.currentRevision();
    const res = await t.call(c.method, c.url, c.body, { 'content-type': c.contentType ?? 'application/json' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(c.code);
    expect(res.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: c.code });
    expect(await t.storage.currentRevision()).toBe(before);
  });
});

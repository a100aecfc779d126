import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from './audit-log.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skiff-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const event = (i: number) => ({
  requestURI: `/api/v1/pods/${i}`,
  verb: 'get',
  user: { username: 'u', groups: [] },
  sourceIPs: ['127.0.0.1'],
  responseStatus: { code: 200 },
  requestReceivedTimestamp: new Date().toISOString(),
  stageTimestamp: new Date().toISOString(),
  latencyMs: 1,
});

describe('createAuditLog', () => {
  it('writes one JSON line per event and rotates past the size limit, keeping maxBackups files', async () => {
    const path = join(dir, 'audit.log');
    const log = createAuditLog({ path, maxBytes: 1000, maxBackups: 2 });
    for (let i = 0; i < 30; i++) log.write(event(i));
    await log.close();
    expect((await readdir(dir)).sort()).toEqual(['audit.log', 'audit.log.1', 'audit.log.2']);
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', requestURI: '/api/v1/pods/29' });
    for (const f of ['audit.log', 'audit.log.1']) expect((await readFile(join(dir, f))).length).toBeLessThanOrEqual(1000);
  });
});

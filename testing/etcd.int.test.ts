import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startEtcd, type EtcdCluster } from './etcd.ts';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

// The fixture is checked through etcd's own HTTP gateway so this test needs no client library.
async function put(endpoint: string, key: string, value: string): Promise<void> {
  const res = await fetch(`${endpoint}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(key), value: b64(value) }) });
  expect(res.status).toBe(200);
}

async function get(endpoint: string, key: string): Promise<string | undefined> {
  const res = await fetch(`${endpoint}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: b64(key) }) });
  const body = (await res.json()) as { kvs?: { value: string }[] };
  const v = body.kvs?.[0]?.value;
  return v === undefined ? undefined : Buffer.from(v, 'base64').toString();
}

describe('testing/etcd startEtcd', () => {
  let etcd: EtcdCluster | undefined;
  afterEach(async () => {
    await etcd?.stop();
    etcd = undefined;
  });

  it('starts a single member on free ports and removes its data on stop', async () => {
    etcd = await startEtcd();
    expect(etcd.endpoints).toHaveLength(1);
    await put(etcd.endpoints[0]!, 'a', '1');
    expect(await get(etcd.endpoints[0]!, 'a')).toBe('1');
    expect(await etcd.leaderIndex()).toBe(0);
    const dirs = etcd.dataDirs;
    await etcd.stop();
    etcd = undefined;
    for (const d of dirs) expect(existsSync(d)).toBe(false);
  });

  it('runs a 3-member cluster that survives losing its leader and takes the member back', async () => {
    etcd = await startEtcd({ members: 3 });
    expect(etcd.endpoints).toHaveLength(3);
    await put(etcd.endpoints[0]!, 'k', 'before');
    const leader = await etcd.leaderIndex();
    await etcd.killMember(leader);
    const newLeader = await etcd.leaderIndex();
    expect(newLeader).not.toBe(leader);
    const other = etcd.endpoints[newLeader]!;
    await put(other, 'k', 'after');
    await etcd.restartMember(leader);
    // The restarted member catches up with writes it missed.
    const deadline = Date.now() + 20_000;
    let seen: string | undefined;
    while (Date.now() < deadline && (seen = await get(etcd.endpoints[leader]!, 'k')) !== 'after') {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toBe('after');
  });
});

import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import type { KubeObject } from '../../api/meta/v1/object-meta.ts';
import { parseEncryptionConfig } from './config.ts';
import { withEncryption } from './encrypted-storage.ts';

const key = (b: number) => Buffer.alloc(32, b).toString('base64');
const config = (...names: [string, number][]) =>
  parseEncryptionConfig(`
kind: EncryptionConfiguration
apiVersion: apiserver.config.k8s.io/v1
resources:
  - resources: [secrets]
    providers:
      - aesgcm:
          keys:
${names.map(([n, b]) => `            - name: ${n}\n              secret: ${key(b)}`).join('\n')}
      - identity: {}
`);

const secret = (name: string, value: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'ns', annotations: { note: value } }, data: { password: Buffer.from(value).toString('base64') } } as KubeObject);
const raw = async (mem: ReturnType<typeof createMemoryStorage>, k: string) => JSON.stringify(await mem.get(k));

describe('withEncryption', () => {
  it('stores secrets sealed with the first key and reads them back in plaintext (get, list, watch, update)', async () => {
    const mem = createMemoryStorage();
    const s = withEncryption(mem, config(['k1', 1]));
    const created = await s.create('/registry/secrets/ns/a', secret('a', 'hunter2'));
    expect((created as unknown as { data: Record<string, string> }).data.password).toBe(Buffer.from('hunter2').toString('base64'));
    const stored = await raw(mem, '/registry/secrets/ns/a');
    expect(stored).toContain('k8s:enc:aesgcm:v1:k1:');
    expect(stored).not.toContain(Buffer.from('hunter2').toString('base64'));
    expect(stored).not.toContain('hunter2');
    expect((await s.get('/registry/secrets/ns/a')).metadata.annotations).toEqual({ note: 'hunter2' });
    const listed = await s.list('/registry/secrets/', { predicate: (o) => o.metadata.annotations?.note === 'hunter2' });
    expect(listed.items.map((o) => o.metadata.name)).toEqual(['a']);
    const ac = new AbortController();
    const events = s.watch('/registry/secrets/ns/', Number(created.metadata.resourceVersion), ac.signal)[Symbol.asyncIterator]();
    const updated = await s.guaranteedUpdate('/registry/secrets/ns/a', (cur) => ({ ...cur, metadata: { ...cur.metadata, annotations: { note: 'changed' } } }));
    const ev = await events.next();
    ac.abort();
    expect(ev.value.object.metadata.annotations).toEqual({ note: 'changed' });
    expect(ev.value.prevObject.metadata.annotations).toEqual({ note: 'hunter2' });
    // An update that changes nothing keeps the stored value (no new revision).
    const same = await s.guaranteedUpdate('/registry/secrets/ns/a', (cur) => cur);
    expect(same.metadata.resourceVersion).toBe(updated.metadata.resourceVersion);
  });

  it('rotates keys: a new first key encrypts, the old key still decrypts; a missing key fails loudly', async () => {
    const mem = createMemoryStorage();
    await withEncryption(mem, config(['old', 1])).create('/registry/secrets/ns/a', secret('a', 'x'));
    const rotated = withEncryption(mem, config(['new', 2], ['old', 1]));
    expect((await rotated.get('/registry/secrets/ns/a')).metadata.annotations).toEqual({ note: 'x' });
    await rotated.guaranteedUpdate('/registry/secrets/ns/a', (cur) => ({ ...cur, metadata: { ...cur.metadata, annotations: { note: 'y' } } }));
    expect(await raw(mem, '/registry/secrets/ns/a')).toContain('k8s:enc:aesgcm:v1:new:');
    await expect(withEncryption(mem, config(['other', 3])).get('/registry/secrets/ns/a')).rejects.toThrow(/no key named "new"/);
  });

  it('leaves other resources and legacy plaintext secrets alone; refuses a sealed value moved to another key', async () => {
    const mem = createMemoryStorage();
    const s = withEncryption(mem, config(['k1', 1]));
    await s.create('/registry/configmaps/ns/c', secret('c', 'visible'));
    expect(await raw(mem, '/registry/configmaps/ns/c')).toContain('visible');
    await mem.create('/registry/secrets/ns/legacy', secret('legacy', 'plain'));
    expect((await s.get('/registry/secrets/ns/legacy')).metadata.annotations).toEqual({ note: 'plain' });
    await s.create('/registry/secrets/ns/a', secret('a', 'x'));
    await mem.create('/registry/secrets/ns/b', { ...(await mem.get('/registry/secrets/ns/a')), metadata: { name: 'b', namespace: 'ns' } });
    await expect(s.get('/registry/secrets/ns/b')).rejects.toThrow(/cannot decrypt/);
  });
});

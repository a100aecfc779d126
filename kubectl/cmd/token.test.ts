import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { durationFlag } from '../duration.ts';
import { newBootstrapToken, tokenSecret } from './token.ts';
import { reviewSpec } from './auth.ts';

describe('bootstrap token secrets', () => {
  it('stores the id, a SHA-256 of the secret part and the expiry, never the secret itself', () => {
    const s = tokenSecret('abcdef.0123456789abcdef', 3600_000, 'for node-3', ['system:bootstrappers:skiff:default-node-token'], Date.parse('2030-01-01T00:00:00Z'));
    const d = Object.fromEntries(Object.entries(s.data!).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    expect(s.metadata).toEqual({ name: 'bootstrap-token-abcdef', namespace: 'kube-system' });
    expect(s.type).toBe('bootstrap.kubernetes.io/token');
    expect(d).toMatchObject({ 'token-id': 'abcdef', 'usage-bootstrap-authentication': 'true', expiration: '2030-01-01T01:00:00Z', description: 'for node-3' });
    expect(d['token-secret-sha256']).toBe(createHash('sha256').update('0123456789abcdef').digest('hex'));
    expect(JSON.stringify(s)).not.toContain(Buffer.from('0123456789abcdef').toString('base64'));
  });

  it.each([['24h', 86_400_000], ['1h30m', 5_400_000], ['45s', 45_000], ['0', 0]])('parses the duration %s', (s, ms) => {
    expect(durationFlag(s)).toBe(ms);
  });

  it('refuses malformed tokens and durations; generates well-formed ones', () => {
    expect(() => tokenSecret('ABC.def', 0, '', [])).toThrow(/must look like/);
    expect(() => durationFlag('1 day')).toThrow(/invalid duration/);
    expect(newBootstrapToken()).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  });
});

describe('auth can-i review spec', () => {
  it.each([
    ['a namespaced resource', 'create', 'pods', false, { resourceAttributes: { namespace: 'ns', verb: 'create', group: '', version: 'v1', resource: 'pods' } }],
    ['a named object in a group', 'get', 'deployments/web', false, { resourceAttributes: { namespace: 'ns', verb: 'get', group: 'apps', version: 'v1', resource: 'deployments', name: 'web' } }],
    ['all namespaces', 'list', 'secrets', true, { resourceAttributes: { namespace: '', verb: 'list', group: '', version: 'v1', resource: 'secrets' } }],
    ['a non-resource URL', 'get', '/healthz', false, { nonResourceAttributes: { verb: 'get', path: '/healthz' } }],
  ])('%s', (_n, verb, target, all, want) => {
    expect(reviewSpec(verb, target, 'ns', { allNamespaces: all })).toEqual(want);
  });
});

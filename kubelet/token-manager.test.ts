import { describe, expect, it } from 'vitest';
import { FakeClock } from '../client/fake/fake-clock.ts';
import { silentLogger } from '../component-base/logger.ts';
import type { Pod } from './api-types.ts';
import { TokenManager, type TokenRequest } from './token-manager.ts';

const HOUR = 3600_000;
const pod = (name = 'web', uid = 'uid-1', serviceAccountName?: string) => ({ metadata: { name, namespace: 'team', uid }, spec: { serviceAccountName, containers: [] } }) as unknown as Pod;

/** setup: a manager on a fake clock whose API issues tokens t1, t2, … (or fails while `failing`). */
function setup(opts: { jitter?: number } = {}) {
  const clock = new FakeClock();
  const sent: { namespace: string; serviceAccount: string; req: TokenRequest }[] = [];
  const state = { failing: false };
  const request = async (namespace: string, serviceAccount: string, req: TokenRequest): Promise<TokenRequest> => {
    if (state.failing) throw new Error('API server unreachable');
    sent.push({ namespace, serviceAccount, req });
    const seconds = req.spec.expirationSeconds ?? 3600;
    return { ...req, status: { token: `t${sent.length}`, expirationTimestamp: new Date(clock.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z') } };
  };
  const m = new TokenManager({ request, clock, log: silentLogger(), random: () => opts.jitter ?? 0, maxJitterMs: 10_000, retryMs: 10_000 });
  const files = new Map<string, string>();
  const writer = (id: string) => async (t: string) => void files.set(id, t);
  /** advance moves the clock and waits for the refresh a timer started. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await m.settled();
  };
  return { clock, sent, state, m, files, writer, advance };
}

describe('TokenManager', () => {
  it('asks for a token bound to the pod, for its service account, audience and expiration', async () => {
    const { m, sent, files, writer } = setup();
    await m.projectToken(pod('web', 'uid-1', 'robot'), { path: 'token', audience: 'vault', expirationSeconds: 3607 }, 'f', writer('f'));
    expect(sent).toEqual([{
      namespace: 'team', serviceAccount: 'robot',
      req: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['vault'], expirationSeconds: 3607, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'web', uid: 'uid-1' } } },
    }]);
    expect(files.get('f')).toBe('t1');
  });

  it('leaves the audience to the API server when the source names none, and defaults to the default account', async () => {
    const { m, sent, writer } = setup();
    await m.projectToken(pod(), { path: 'token' }, 'f', writer('f'));
    expect(sent[0]).toMatchObject({ serviceAccount: 'default', req: { spec: { expirationSeconds: 3600 } } });
    expect(sent[0].req.spec.audiences).toBeUndefined();
  });

  it('caches per pod uid, audience and expiration', async () => {
    const { m, sent, writer } = setup();
    await m.projectToken(pod(), { path: 'token' }, 'a', writer('a'));
    await m.projectToken(pod(), { path: 'token' }, 'b', writer('b')); // second container start: cached
    await m.projectToken(pod(), { path: 'token', audience: 'vault' }, 'c', writer('c'));
    await m.projectToken(pod(), { path: 'token', expirationSeconds: 7200 }, 'd', writer('d'));
    await m.projectToken(pod('web', 'uid-2'), { path: 'token' }, 'e', writer('e')); // a replacement pod
    expect(sent).toHaveLength(4);
  });

  it('writes a file it already keeps only on refresh (a resync costs no write)', async () => {
    const { m } = setup();
    const writes: string[] = [];
    const write = async (t: string) => void writes.push(t);
    await m.projectToken(pod(), { path: 'token' }, 'a', write);
    await m.projectToken(pod(), { path: 'token' }, 'a', write);
    expect(writes).toEqual(['t1']);
  });

  it.each([
    ['a 1 h token at 80 % of its lifetime', 3600, 0, 2880_000],
    ['a 3607 s token at 80 % of its lifetime', 3607, 0, 2885_600],
    ['with its jitter a little earlier', 3600, 0.5, 2875_000],
    ['a 7 day token after 24 h', 7 * 24 * 3600, 0, 24 * HOUR],
  ])('refreshes %s, rewriting every file', async (_n, seconds, jitter, dueMs) => {
    const { m, sent, files, writer, advance } = setup({ jitter });
    await m.projectToken(pod(), { path: 'token', expirationSeconds: seconds }, 'a', writer('a'));
    await m.projectToken(pod(), { path: 'token', expirationSeconds: seconds }, 'b', writer('b'));
    await advance(dueMs - 1000);
    expect(sent).toHaveLength(1);
    expect([files.get('a'), files.get('b')]).toEqual(['t1', 't1']);
    await advance(1000);
    expect(sent).toHaveLength(2);
    expect([files.get('a'), files.get('b')]).toEqual(['t2', 't2']);
    await advance(dueMs); // and again one lifetime-fraction later
    expect(files.get('a')).toBe('t3');
  });

  it('keeps the current token when a refresh fails and tries again 10 s later', async () => {
    const { m, sent, state, files, writer, advance } = setup();
    await m.projectToken(pod(), { path: 'token' }, 'a', writer('a'));
    state.failing = true;
    await advance(2880_000);
    expect(files.get('a')).toBe('t1');
    expect(m.tokens()[0].token).toBe('t1');
    state.failing = false;
    await advance(9_000);
    expect(sent).toHaveLength(1);
    await advance(1_000);
    expect(files.get('a')).toBe('t2');
  });

  it('stops refreshing a forgotten pod (no timer left)', async () => {
    const { m, sent, clock, writer, advance } = setup();
    await m.projectToken(pod(), { path: 'token' }, 'a', writer('a'));
    expect(clock.pending()).toBe(1);
    m.forgetPod('uid-1');
    expect(clock.pending()).toBe(0);
    expect(m.tokens()).toEqual([]);
    await advance(2 * HOUR);
    expect(sent).toHaveLength(1);
  });

  it('drops a file whose volume is gone (ENOENT) and stops refreshing it', async () => {
    const { m, sent, clock, advance } = setup();
    let removed = false;
    const write = async () => {
      if (removed) throw Object.assign(new Error('no such directory'), { code: 'ENOENT' });
    };
    await m.projectToken(pod(), { path: 'token' }, 'a', write);
    removed = true;
    await advance(2880_000);
    expect(sent).toHaveLength(2);
    expect(m.tokens()[0].files).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('arms no timer after stop', async () => {
    const { m, clock, writer } = setup();
    m.stop();
    await m.projectToken(pod(), { path: 'token' }, 'a', writer('a'));
    expect(clock.pending()).toBe(0);
  });
});

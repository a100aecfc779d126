/**
 * useRotationFixture sets up what the certificate-rotation unit tests share: one fake CSR signer
 * for the file (approving, one-day certificates, valid from the fake clock's now), and per test
 * a temp folder, a fake clock, a fake client the signer answers on, a captured log, and the
 * managers' stop switches (aborted after the test).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { FakeClock } from '../../client/fake/fake-clock.ts';
import { createFakeClient, type FakeClient } from '../../client/fake/fake-client.ts';
import { until, type LogLine } from './captured-log.ts';
import { createFakeCsrSigner, type FakeCsrSigner } from './fake-csr-signer.ts';

/** RotationFixture's fields are replaced before every test; read them inside tests and hooks. */
export interface RotationFixture {
  signer: FakeCsrSigner;
  dir: string;
  fake: FakeClient;
  clock: FakeClock;
  logged: LogLine[];
  /** stops are aborted after each test (push a manager's AbortController). */
  stops: AbortController[];
  /** until polls cond with a deadline; a timeout shows the captured log. */
  until(cond: () => boolean, what: string): Promise<void>;
}

/** DAY is the fixture signer's certificate lifetime. */
export const DAY = 86_400_000;

/** useRotationFixture registers the hooks (call it at the top of a test file); see the file comment. */
export function useRotationFixture(tempPrefix: string): RotationFixture {
  const f = { stops: [] as AbortController[], until: (cond: () => boolean, what: string) => until(cond, what, f.logged) } as RotationFixture;
  beforeAll(() => {
    f.signer = createFakeCsrSigner(() => f.clock.now());
  });
  afterAll(() => f.signer.close());
  beforeEach(() => {
    f.dir = mkdtempSync(join(tmpdir(), tempPrefix));
    f.signer.mode = 'approve';
    f.signer.lifetimeMs = DAY;
    f.clock = new FakeClock(Date.now());
    f.fake = createFakeClient();
    f.signer.install(f.fake);
    f.logged = [];
    return () => {
      for (const s of f.stops.splice(0)) s.abort();
      rmSync(f.dir, { recursive: true, force: true });
    };
  });
  return f;
}

/**
 * waitFor polls a condition until it holds or a deadline passes, then fails with the last thing
 * it saw — the e2e suite never sleeps a fixed time and never asserts on timings.
 */

/** WaitOptions bound a poll. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * waitFor calls `probe` until it returns `{ ok: true, value }`; `seen` (or a thrown error) is
 * reported when the deadline passes.
 */
export async function waitFor<T>(what: string, probe: () => Promise<{ ok: boolean; value?: T; seen?: unknown }>, opts: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let last: unknown = 'nothing yet';
  for (;;) {
    try {
      const r = await probe();
      if (r.ok) return r.value as T;
      last = r.seen ?? r.value;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last seen: ${typeof last === 'string' ? last : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000));
  }
}

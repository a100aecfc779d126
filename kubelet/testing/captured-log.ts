/**
 * capturedLog is a pino logger whose lines land in an array (level and message with the error's
 * message), for unit tests that assert what a component reported.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** LogLine is one captured line: pino's numeric level and "msg err". */
export interface LogLine {
  level: number;
  msg: string;
}

/** capturedLog returns a logger writing into lines. */
export function capturedLog(lines: LogLine[]): Logger {
  return pino({ level: 'debug' }, new Writable({
    write(chunk, _enc, done) {
      const { level, msg, err } = JSON.parse(String(chunk));
      lines.push({ level, msg: `${msg} ${typeof err === 'string' ? err : (err?.message ?? '')}` });
      done();
    },
  }));
}

/** until polls cond (letting in-memory promises run) with a real-time deadline; the error shows the log. */
export async function until(cond: () => boolean, what: string, lines: LogLine[]): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log: ${lines.map((l) => l.msg).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** settle gives in-memory promises (a fake client's) some turns without any real time passing. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

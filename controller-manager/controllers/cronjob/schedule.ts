import { CronExpressionParser } from 'cron-parser';

/** Schedule iterates the times of a cron schedule in a time zone. */
export interface Schedule {
  /** next returns the first schedule time strictly after t (ms). */
  next(t: number): number;
  /** prev returns the last schedule time at or before t (ms), if any after `after`. */
  prev(t: number): number | undefined;
}

/**
 * parseSchedule parses a standard 5-field cron schedule or a macro (@hourly, @daily, @weekly,
 * @monthly, @yearly, @annually, @midnight) in `timeZone` (or a CRON_TZ=/TZ= prefix), default UTC.
 */
export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  let expr = schedule.trim();
  let tz = timeZone;
  const m = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expr);
  if (m) {
    tz = m[1];
    expr = m[2];
  }
  if (expr === '@midnight') expr = '@daily';
  if (!expr.startsWith('@') && expr.split(/\s+/).length !== 5) throw new Error(`expected exactly 5 fields, found ${expr.split(/\s+/).length}: ${expr}`);
  const opts = { tz: tz ?? 'UTC' };
  // Fail early on bad expressions / zones.
  CronExpressionParser.parse(expr, { ...opts, currentDate: new Date(0) });
  return {
    next: (t) => CronExpressionParser.parse(expr, { ...opts, currentDate: new Date(t) }).next().toDate().getTime(),
    prev: (t) => {
      try {
        // cron-parser's prev() is strictly before currentDate; +1 ms makes it inclusive.
        return CronExpressionParser.parse(expr, { ...opts, currentDate: new Date(t + 1) }).prev().toDate().getTime();
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * missedRuns returns the most recent schedule time in (earliest, now] and how many there were
 * (counting stops past 100, the point where Kubernetes warns about too many missed start times).
 */
export function missedRuns(s: Schedule, earliest: number, now: number): { mostRecent?: number; count: number } {
  let count = 0;
  let mostRecent: number | undefined;
  for (let t = s.next(earliest); t <= now; t = s.next(t)) {
    count++;
    mostRecent = t;
    if (count > 100) {
      mostRecent = s.prev(now);
      break;
    }
  }
  return { mostRecent, count };
}

import { parseDuration } from '../component-base/duration.ts';
import { UsageError } from './resource-resolver.ts';

/** durationFlag reads a duration flag (30s, 5m, 1h30m, 0) in ms; a bad value is a usage error. */
export function durationFlag(value: string): number {
  try {
    return parseDuration(value);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

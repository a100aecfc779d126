/**
 * Conversion of Docker's `GET /containers/{id}/stats?stream=false` answer to ContainerStats.
 * With stream=false the engine samples twice about a second apart and returns both samples
 * (`cpu_stats` and `precpu_stats`), so one request gives a CPU rate.
 */
import type { ContainerStats } from './types.ts';

/** DockerStatsJson is the part of Docker's stats body the kubelet reads. */
export interface DockerStatsJson {
  read?: string;
  preread?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  precpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

/**
 * fromDockerStats converts a stats body; undefined when the engine had nothing to sample (a
 * container that is not running answers with a zero `read` time and empty stats).
 */
export function fromDockerStats(s: DockerStatsJson): ContainerStats | undefined {
  const read = parseTime(s.read);
  if (!read) return undefined;
  const preread = parseTime(s.preread);
  const total = s.cpu_stats?.cpu_usage?.total_usage ?? 0;
  const usage = s.memory_stats?.usage ?? 0;
  return {
    time: new Date(read.seconds * 1000 + Math.floor(read.nanos / 1e6)),
    cpuNanos: total,
    cpuNanoCores: nanoCores(total, s.precpu_stats?.cpu_usage?.total_usage, preread && elapsedNanos(preread, read)),
    memoryBytes: usage,
    workingSetBytes: Math.max(0, usage - inactiveFile(s.memory_stats?.stats ?? {})),
  };
}

/**
 * nanoCores is the CPU rate between the two samples (1e9 = one full core); 0 without a first
 * sample, and 0 when the counter went backwards (a new cgroup) rather than a negative rate.
 */
function nanoCores(total: number, preTotal: number | undefined, elapsed: number | undefined): number {
  if (preTotal === undefined || elapsed === undefined || elapsed <= 0) return 0;
  const used = total - preTotal;
  return used > 0 ? Math.round((used / elapsed) * 1e9) : 0;
}

/**
 * inactiveFile is the reclaimable page cache the working set leaves out: cgroup v1 reports it
 * (hierarchically) as `total_inactive_file`, v2 as `inactive_file` — the keys `docker stats`
 * and cAdvisor read. v1 has an `inactive_file` too, but only for the cgroup itself.
 */
function inactiveFile(stats: Record<string, number>): number {
  return stats.total_inactive_file ?? stats.inactive_file ?? 0;
}

/** EngineTime is an engine timestamp split so that nanoseconds survive (a Date keeps ms). */
export interface EngineTime {
  seconds: number;
  nanos: number;
}

/** parseTime reads an RFC 3339 time with up to 9 fraction digits; undefined for a missing or zero time (Go's `0001-01-01T00:00:00Z`). */
export function parseTime(s: string | undefined): EngineTime | undefined {
  if (!s || s.startsWith('0001-')) return undefined;
  const ms = Date.parse(s.replace(/\.\d+/, ''));
  if (Number.isNaN(ms)) return undefined;
  const frac = /\.(\d+)/.exec(s)?.[1] ?? '';
  return { seconds: ms / 1000, nanos: Number(frac.padEnd(9, '0').slice(0, 9)) };
}

/** elapsedNanos is b − a in ns, exact (epoch ns would not fit a double's 53 bits). */
export function elapsedNanos(a: EngineTime, b: EngineTime): number {
  return (b.seconds - a.seconds) * 1e9 + (b.nanos - a.nanos);
}

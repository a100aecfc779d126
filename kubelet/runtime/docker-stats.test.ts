import { describe, expect, it } from 'vitest';
import { elapsedNanos, fromDockerStats, parseTime, type DockerStatsJson } from './docker-stats.ts';

/** body builds a stats answer: cumulative CPU ns now and a second (or `gapNs`) before. */
function body(o: { total?: number; pre?: number; gapNs?: number; usage?: number; stats?: Record<string, number> }): DockerStatsJson {
  const gap = o.gapNs ?? 1_000_000_000;
  const preread = '2026-12-07T03:00:00.000000000Z';
  const read = new Date(Date.parse(preread) + Math.floor(gap / 1e6)).toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(gap % 1e6).padStart(6, '0')}Z`);
  return {
    read, preread,
    cpu_stats: { cpu_usage: { total_usage: o.total ?? 0 } },
    precpu_stats: o.pre === undefined ? {} : { cpu_usage: { total_usage: o.pre } },
    memory_stats: { usage: o.usage ?? 0, stats: o.stats ?? {} },
  };
}

describe('fromDockerStats', () => {
  it.each([
    ['half a core over 1 s', { total: 2_500_000_000, pre: 2_000_000_000 }, 500_000_000],
    ['two full cores over 1 s', { total: 3_000_000_000, pre: 1_000_000_000 }, 2_000_000_000],
    ['0.1 core over 1.005 s (ns in the timestamps count)', { total: 100_500_000, pre: 0, gapNs: 1_005_000_000 }, 100_000_000],
    ['idle', { total: 7_000, pre: 7_000 }, 0],
    ['no first sample (precpu missing)', { total: 9_000_000_000 }, 0],
    ['counter went backwards (new cgroup)', { total: 1_000, pre: 5_000 }, 0],
  ])('usageNanoCores: %s', (_what, o, want) => {
    const s = fromDockerStats(body(o))!;
    expect(s.cpuNanoCores).toBe(want);
    expect(s.cpuNanos).toBe(o.total);
  });

  it('is 0 when preread is the zero time even if precpu has a number', () => {
    const b = { ...body({ total: 5e9, pre: 1e9 }), preread: '0001-01-01T00:00:00Z' };
    expect(fromDockerStats(b)!.cpuNanoCores).toBe(0);
  });

  it.each([
    ['cgroup v1: total_inactive_file (hierarchical), not inactive_file', { total_inactive_file: 3000, inactive_file: 1000 }, 10_000, 7000],
    ['cgroup v2: inactive_file', { inactive_file: 2500, file: 4000 }, 10_000, 7500],
    ['no inactive file key', { cache: 4000 }, 10_000, 10_000],
    ['inactive above usage: clamped to 0', { total_inactive_file: 20_000 }, 10_000, 0],
  ])('workingSetBytes: %s', (_what, stats, usage, want) => {
    const s = fromDockerStats(body({ usage, stats }))!;
    expect(s.workingSetBytes).toBe(want);
    expect(s.memoryBytes).toBe(usage);
  });

  it('reports the read time as the sample time', () => {
    expect(fromDockerStats(body({}))!.time.toISOString()).toBe('2026-12-07T03:00:01.000Z');
  });

  it('is undefined for a container that is not running (zero read time, empty stats)', () => {
    expect(fromDockerStats({ read: '0001-01-01T00:00:00Z', preread: '0001-01-01T00:00:00Z', cpu_stats: { cpu_usage: { total_usage: 0 } }, memory_stats: {} })).toBeUndefined();
    expect(fromDockerStats({})).toBeUndefined();
  });

  it.each([
    ['2026-12-07T03:00:01.123456789Z', { seconds: Date.parse('2026-12-07T03:00:01Z') / 1000, nanos: 123_456_789 }],
    ['2026-12-07T03:00:01Z', { seconds: Date.parse('2026-12-07T03:00:01Z') / 1000, nanos: 0 }],
    ['2026-12-07T04:00:01.5+01:00', { seconds: Date.parse('2026-12-07T03:00:01Z') / 1000, nanos: 500_000_000 }],
    ['0001-01-01T00:00:00Z', undefined],
    ['garbage', undefined],
  ])('parseTime(%s)', (s, want) => expect(parseTime(s)).toEqual(want));

  it('elapsedNanos is exact across a second boundary', () => {
    expect(elapsedNanos(parseTime('2026-12-07T03:00:00.999999999Z')!, parseTime('2026-12-07T03:00:02.000000001Z')!)).toBe(1_000_000_002);
  });
});

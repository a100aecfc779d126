import { describe, expect, it } from 'vitest';
import { cpuNanoCores, nodeMemory, parseMeminfo, parseProcStat } from './proc.ts';

const stat = `cpu  437959 12 186057 1586214 12426 3 10955 143 7 0
cpu0 209214 0 89792 810726 2839 0 4164 70 0 0
cpu1 228745 0 96265 775487 9586 0 6790 72 0 0
intr 1 2 3
ctxt 12345
btime 1796599624
processes 4242
`;

const meminfo = `MemTotal:       24683772 kB
MemFree:        21641216 kB
MemAvailable:   23001080 kB
Buffers:           37552 kB
Cached:          1395680 kB
`;

describe('/proc/stat', () => {
  it('counts busy time (all but idle and iowait, guest left out) in ns and reads btime', () => {
    const busyTicks = 437959 + 12 + 186057 + 3 + 10955 + 143;
    expect(parseProcStat(stat)).toEqual({ busyNanos: busyTicks * 1e7, bootTime: new Date(1796599624 * 1000) });
  });

  it('works without btime', () => expect(parseProcStat('cpu 100 0 100 500 0 0 0 0\n')).toEqual({ busyNanos: 200 * 1e7, bootTime: undefined }));

  it('refuses a file without the aggregate line', () => expect(() => parseProcStat('cpu0 1 2 3 4\n')).toThrow(/no aggregate cpu line/));

  it.each([
    ['half a core', 50, 1e9, 500_000_000],
    ['two cores', 200, 1e9, 2_000_000_000],
    ['idle', 0, 1e9, 0],
    ['no elapsed time', 50, 0, 0],
  ])('cpuNanoCores: %s', (_what, ticks, elapsed, want) => {
    expect(cpuNanoCores({ busyNanos: 1e12 }, { busyNanos: 1e12 + ticks * 1e7 }, elapsed)).toBe(want);
  });
});

describe('/proc/meminfo', () => {
  it('reads kB as bytes', () => {
    expect(parseMeminfo(meminfo)).toEqual({ totalBytes: 24683772 * 1024, freeBytes: 21641216 * 1024, availableBytes: 23001080 * 1024 });
  });

  it('falls back to MemFree without MemAvailable (old kernels)', () => {
    expect(parseMeminfo('MemTotal: 1000 kB\nMemFree: 400 kB\n').availableBytes).toBe(400 * 1024);
  });

  it('refuses a file without MemTotal', () => expect(() => parseMeminfo('MemFree: 1 kB\n')).toThrow(/MemTotal/));

  it('gives the Summary API memory: usage = total − free, working set = total − available', () => {
    expect(nodeMemory({ totalBytes: 1000, freeBytes: 300, availableBytes: 600 })).toEqual({ availableBytes: 600, usageBytes: 700, workingSetBytes: 400 });
  });
});

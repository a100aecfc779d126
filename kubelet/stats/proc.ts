/**
 * The node's own CPU and memory readings from /proc, as pure parsers of the file text (tested
 * with fixtures) plus the arithmetic the Summary API wants.
 */

/** NanosPerTick converts /proc/stat's USER_HZ ticks (100 per second on Linux) to ns. */
const NanosPerTick = 1e9 / 100;

/** ProcStat is what the summary reads from /proc/stat. */
export interface ProcStat {
  /** busyNanos is the CPU time of all cores spent neither idle nor waiting for I/O, since boot. */
  busyNanos: number;
  /** bootTime is the `btime` line: when the machine booted (the node's startTime). */
  bootTime?: Date;
}

/**
 * parseProcStat reads the aggregate `cpu` line (user nice system idle iowait irq softirq steal;
 * guest time is already inside user and nice, so the later fields are left out) and `btime`.
 */
export function parseProcStat(text: string): ProcStat {
  const cpu = /^cpu\s+(.*)$/m.exec(text);
  if (!cpu) throw new Error('/proc/stat has no aggregate cpu line');
  const ticks = cpu[1].trim().split(/\s+/).slice(0, 8).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const btime = /^btime\s+(\d+)$/m.exec(text);
  return { busyNanos: (total - idle) * NanosPerTick, bootTime: btime ? new Date(Number(btime[1]) * 1000) : undefined };
}

/** Meminfo is the part of /proc/meminfo the summary reads, in bytes. */
export interface Meminfo {
  totalBytes: number;
  freeBytes: number;
  availableBytes: number;
}

/** parseMeminfo reads MemTotal, MemFree and MemAvailable (kB in the file; MemFree stands in for a missing MemAvailable). */
export function parseMeminfo(text: string): Meminfo {
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const totalBytes = kb('MemTotal');
  const freeBytes = kb('MemFree');
  if (totalBytes === undefined || freeBytes === undefined) throw new Error('/proc/meminfo lacks MemTotal or MemFree');
  return { totalBytes, freeBytes, availableBytes: kb('MemAvailable') ?? freeBytes };
}

/** NodeMemory is the node's memory in the Summary API's terms. */
export interface NodeMemory {
  availableBytes: number;
  usageBytes: number;
  workingSetBytes: number;
}

/**
 * nodeMemory: usage counts page cache (total − free, as the root cgroup does); the working set
 * is what cannot simply be reclaimed (total − available).
 */
export function nodeMemory(m: Meminfo): NodeMemory {
  return {
    availableBytes: m.availableBytes,
    usageBytes: Math.max(0, m.totalBytes - m.freeBytes),
    workingSetBytes: Math.max(0, m.totalBytes - m.availableBytes),
  };
}

/** cpuNanoCores is the busy-time rate between two /proc/stat readings elapsedNanos apart (1e9 = one core). */
export function cpuNanoCores(first: ProcStat, last: ProcStat, elapsedNanos: number): number {
  const busy = last.busyNanos - first.busyNanos;
  if (elapsedNanos <= 0 || busy <= 0) return 0;
  return Math.round((busy / elapsedNanos) * 1e9);
}

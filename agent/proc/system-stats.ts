/**
 * Parsers for the kernel's system-wide counters. Pure functions over file text, so the
 * sampling path reads /proc directly and spawns nothing.
 * Formats: https://www.kernel.org/doc/html/latest/filesystems/proc.html
 */

/** Jiffies per CPU state, in /proc/stat column order. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface ProcStat {
  total: CpuTimes;
  /** Keyed by CPU number (cpu0 → 0); CPUs may be offline, so keys can have gaps. */
  cores: Map<number, CpuTimes>;
  bootTimeSec: number | null;
}

function toCpuTimes(fields: string[]): CpuTimes {
  const n = (i: number) => Number(fields[i] ?? 0) || 0;
  return { user: n(0), nice: n(1), system: n(2), idle: n(3), iowait: n(4), irq: n(5), softirq: n(6), steal: n(7) };
}

export function parseProcStat(text: string): ProcStat {
  let total: CpuTimes | null = null;
  const cores = new Map<number, CpuTimes>();
  let bootTimeSec: number | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu')) {
      const [label, ...fields] = line.trim().split(/\s+/);
      if (label === 'cpu') total = toCpuTimes(fields);
      else if (label) cores.set(Number(label.slice(3)), toCpuTimes(fields));
    } else if (line.startsWith('btime ')) {
      bootTimeSec = Number(line.slice(6).trim());
    }
  }
  if (!total) throw new Error('/proc/stat has no cpu line');
  return { total, cores, bootTimeSec };
}

export interface CpuPct {
  totalPct: number;
  userPct: number;
  systemPct: number;
  iowaitPct: number;
  stealPct: number;
}

function sumTimes(t: CpuTimes): number {
  return t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Busy share between two readings of one CPU line; guest time is already inside user. */
export function cpuPercent(prev: CpuTimes, cur: CpuTimes): CpuPct {
  const elapsed = sumTimes(cur) - sumTimes(prev);
  if (elapsed <= 0) return { totalPct: 0, userPct: 0, systemPct: 0, iowaitPct: 0, stealPct: 0 };
  const d = (k: keyof CpuTimes) => Math.max(0, cur[k] - prev[k]);
  const idle = d('idle') + d('iowait');
  const pctOf = (x: number) => round2(Math.min(100, (100 * x) / elapsed));
  return {
    totalPct: pctOf(Math.max(0, elapsed - idle)),
    userPct: pctOf(d('user') + d('nice')),
    systemPct: pctOf(d('system') + d('irq') + d('softirq')),
    iowaitPct: pctOf(d('iowait')),
    stealPct: pctOf(d('steal')),
  };
}

/** /proc/meminfo values in bytes, keyed by field name (MemTotal, MemAvailable, …). */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([\w()]+):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (match) out.set(match[1] as string, Number(match[2]) * (line.includes('kB') ? 1024 : 1));
  }
  return out;
}

export interface MemoryReading {
  totalBytes: number;
  usedBytes: number;
  availableBytes: number;
  cachedBytes: number;
  swapTotalBytes: number;
  swapUsedBytes: number;
}

export function memoryFromMeminfo(info: Map<string, number>): MemoryReading {
  const total = info.get('MemTotal') ?? 0;
  const free = info.get('MemFree') ?? 0;
  const cached = (info.get('Cached') ?? 0) + (info.get('Buffers') ?? 0) + (info.get('SReclaimable') ?? 0);
  // Kernels before 3.14 have no MemAvailable; free + page cache is the usual estimate.
  const available = info.get('MemAvailable') ?? Math.min(total, free + cached);
  const swapTotal = info.get('SwapTotal') ?? 0;
  return {
    totalBytes: total,
    usedBytes: Math.max(0, total - available),
    availableBytes: available,
    cachedBytes: cached,
    swapTotalBytes: swapTotal,
    swapUsedBytes: Math.max(0, swapTotal - (info.get('SwapFree') ?? 0)),
  };
}

export interface DiskCounters {
  reads: number;
  sectorsRead: number;
  writes: number;
  sectorsWritten: number;
}

/** /proc/diskstats; sectors are always 512 bytes there, whatever the device's sector size. */
export function parseDiskstats(text: string): Map<string, DiskCounters> {
  const out = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !f[2]) continue;
    out.set(f[2], { reads: Number(f[3]), sectorsRead: Number(f[5]), writes: Number(f[7]), sectorsWritten: Number(f[9]) });
  }
  return out;
}

export const DISK_SECTOR_BYTES = 512;

export interface NetCounters {
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

export function parseNetDev(text: string): Map<string, NetCounters> {
  const out = new Map<string, NetCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/);
    if (f.length < 10 || !name) continue;
    out.set(name, { rxBytes: Number(f[0]), rxPackets: Number(f[1]), txBytes: Number(f[8]), txPackets: Number(f[9]) });
  }
  return out;
}

export function parseLoadavg(text: string): { avg1: number; avg5: number; avg15: number } {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  return { avg1: a ?? 0, avg5: b ?? 0, avg15: c ?? 0 };
}

/** Filesystem types whose usage is worth sampling; pseudo and network filesystems are skipped (a stale NFS mount can hang statfs). */
export const LOCAL_FS_TYPES = new Set([
  'ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'jfs', 'reiserfs', 'vfat', 'exfat', 'ntfs', 'ntfs3', 'bcachefs',
]);

export interface MountEntry {
  device: string;
  mount: string;
  type: string;
}

/** /proc/self/mounts; octal escapes (\040 for space) are decoded. */
export function parseMounts(text: string): MountEntry[] {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, mount, type] = line.split(' ');
    if (device && mount && type) out.push({ device: unescape(device), mount: unescape(mount), type });
  }
  return out;
}

/** Local disk-backed mounts, one per mount point (the last mount over a point wins, as the kernel shows it). */
export function sampledMounts(mounts: MountEntry[]): MountEntry[] {
  const byPoint = new Map<string, MountEntry>();
  for (const m of mounts) {
    if (LOCAL_FS_TYPES.has(m.type) || (m.mount === '/' && m.type === 'overlay')) byPoint.set(m.mount, m);
    else byPoint.delete(m.mount);
  }
  return [...byPoint.values()];
}

import { readdirSync, readFileSync, existsSync, readlinkSync, statfsSync } from 'node:fs';
import type { PerfSample } from '../bundle/schema.js';
import {
  cpuPercent,
  DISK_SECTOR_BYTES,
  memoryFromMeminfo,
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseProcStat,
  sampledMounts,
  type DiskCounters,
  type MountEntry,
  type NetCounters,
  type ProcStat,
} from '../proc/system-stats.js';

/** Where the sampler reads from; tests point it at a fake tree. */
export interface SamplerPaths {
  proc: string;
  sys: string;
}

interface RawReading {
  atMs: number;
  stat: ProcStat;
  disks: Map<string, DiskCounters>;
  nets: Map<string, NetCounters>;
}

/** Devices that are not storage traffic of their own (memory-backed or loop files). */
const SKIPPED_DISK = /^(loop|ram|zram)\d+$/;

interface DeviceSets {
  disks: string[];
  /** Whole disks with hardware behind them; their sum is the host total (dm/md would double count). */
  totalDisks: Set<string>;
  totalNets: Set<string>;
  mounts: MountEntry[];
}

function discoverDevices(paths: SamplerPaths): DeviceSets {
  let blocks: string[] = [];
  try {
    blocks = readdirSync(`${paths.sys}/block`).filter((d) => !SKIPPED_DISK.test(d));
  } catch {
    blocks = [];
  }
  const physical = blocks.filter((d) => existsSync(`${paths.sys}/block/${d}/device`));
  let nets: string[] = [];
  try {
    nets = readdirSync(`${paths.sys}/class/net`).filter((n) => n !== 'lo');
  } catch {
    nets = [];
  }
  const physicalNets = nets.filter((n) => {
    try {
      return !readlinkSync(`${paths.sys}/class/net/${n}`).includes('/virtual/');
    } catch {
      return false;
    }
  });
  let mounts: MountEntry[] = [];
  try {
    mounts = sampledMounts(parseMounts(readFileSync(`${paths.proc}/self/mounts`, 'utf8')));
  } catch {
    mounts = [];
  }
  return {
    disks: blocks,
    totalDisks: new Set(physical.length > 0 ? physical : blocks),
    totalNets: new Set(physicalNets.length > 0 ? physicalNets : nets),
    mounts,
  };
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Samples CPU, load, memory, disk, network and filesystem usage from /proc, /sys and
 * statfs: no child process, a handful of small reads per sample. Rates cover the time
 * since the previous reading, so the first call only sets the baseline and returns null.
 */
export class PerfSampler {
  private readonly paths: SamplerPaths;
  private devices: DeviceSets;
  private prev: RawReading | null = null;

  constructor(paths: SamplerPaths = { proc: '/proc', sys: '/sys' }) {
    this.paths = paths;
    this.devices = discoverDevices(paths);
  }

  /** Re-reads the device and mount lists (done with each inventory refresh, not per sample). */
  refreshDevices(): void {
    this.devices = discoverDevices(this.paths);
  }

  private read(): RawReading {
    const p = this.paths.proc;
    return {
      atMs: Date.now(),
      stat: parseProcStat(readFileSync(`${p}/stat`, 'utf8')),
      disks: parseDiskstats(readFileSync(`${p}/diskstats`, 'utf8')),
      nets: parseNetDev(readFileSync(`${p}/net/dev`, 'utf8')),
    };
  }

  sample(): PerfSample | null {
    const cur = this.read();
    const prev = this.prev;
    this.prev = cur;
    if (!prev) return null;
    const seconds = Math.max(0.001, (cur.atMs - prev.atMs) / 1000);
    const perSec = (a: number, b: number) => r2(Math.max(0, b - a) / seconds);

    const cpu = cpuPercent(prev.stat.total, cur.stat.total);
    const perCorePct: number[] = [];
    for (const [n, times] of [...cur.stat.cores].sort((a, b) => a[0] - b[0])) {
      const before = prev.stat.cores.get(n);
      perCorePct.push(before ? cpuPercent(before, times).totalPct : 0);
    }

    const memory = memoryFromMeminfo(parseMeminfo(readFileSync(`${this.paths.proc}/meminfo`, 'utf8')));
    const load = parseLoadavg(readFileSync(`${this.paths.proc}/loadavg`, 'utf8'));

    const diskTotal = { readBytesPerSec: 0, writeBytesPerSec: 0, readOpsPerSec: 0, writeOpsPerSec: 0 };
    const devices: PerfSample['disk']['devices'] = {};
    for (const name of this.devices.disks) {
      const a = prev.disks.get(name);
      const b = cur.disks.get(name);
      if (!a || !b) continue;
      const rate = {
        readBytesPerSec: perSec(a.sectorsRead * DISK_SECTOR_BYTES, b.sectorsRead * DISK_SECTOR_BYTES),
        writeBytesPerSec: perSec(a.sectorsWritten * DISK_SECTOR_BYTES, b.sectorsWritten * DISK_SECTOR_BYTES),
        readOpsPerSec: perSec(a.reads, b.reads),
        writeOpsPerSec: perSec(a.writes, b.writes),
      };
      devices[name] = rate;
      if (this.devices.totalDisks.has(name)) {
        diskTotal.readBytesPerSec += rate.readBytesPerSec;
        diskTotal.writeBytesPerSec += rate.writeBytesPerSec;
        diskTotal.readOpsPerSec += rate.readOpsPerSec;
        diskTotal.writeOpsPerSec += rate.writeOpsPerSec;
      }
    }

    const netTotal = { rxBytesPerSec: 0, txBytesPerSec: 0, rxPacketsPerSec: 0, txPacketsPerSec: 0 };
    const interfaces: PerfSample['network']['interfaces'] = {};
    for (const [name, b] of cur.nets) {
      const a = prev.nets.get(name);
      if (!a) continue;
      const rate = {
        rxBytesPerSec: perSec(a.rxBytes, b.rxBytes),
        txBytesPerSec: perSec(a.txBytes, b.txBytes),
        rxPacketsPerSec: perSec(a.rxPackets, b.rxPackets),
        txPacketsPerSec: perSec(a.txPackets, b.txPackets),
      };
      interfaces[name] = rate;
      if (this.devices.totalNets.has(name)) {
        netTotal.rxBytesPerSec += rate.rxBytesPerSec;
        netTotal.txBytesPerSec += rate.txBytesPerSec;
        netTotal.rxPacketsPerSec += rate.rxPacketsPerSec;
        netTotal.txPacketsPerSec += rate.txPacketsPerSec;
      }
    }

    const filesystems: PerfSample['filesystems'] = {};
    for (const m of this.devices.mounts) {
      try {
        const s = statfsSync(m.mount);
        filesystems[m.mount] = { usedBytes: (s.blocks - s.bfree) * s.bsize, sizeBytes: s.blocks * s.bsize };
      } catch {
        // Unmounted since discovery; it is gone from this point on.
      }
    }

    return {
      t: new Date(cur.atMs).toISOString(),
      cpu: { ...cpu, perCorePct },
      load,
      memory: {
        usedBytes: memory.usedBytes,
        availableBytes: memory.availableBytes,
        cachedBytes: memory.cachedBytes,
        swapUsedBytes: memory.swapUsedBytes,
      },
      disk: { total: roundAll(diskTotal), devices },
      network: { total: roundAll(netTotal), interfaces },
      filesystems,
    };
  }
}

function roundAll<T extends Record<string, number>>(o: T): T {
  const out = { ...o };
  for (const k of Object.keys(out) as (keyof T)[]) out[k] = r2(out[k] as number) as T[keyof T];
  return out;
}

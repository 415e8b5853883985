import { describe, expect, it } from 'vitest';
import {
  cpuPercent,
  memoryFromMeminfo,
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseProcStat,
  sampledMounts,
} from '../../../agent/proc/system-stats.js';

const STAT_A = `cpu  100 0 50 800 50 0 0 0 0 0
cpu0 50 0 25 400 25 0 0 0 0 0
cpu1 50 0 25 400 25 0 0 0 0 0
intr 1 2 3
btime 1700000000
processes 42
`;
const STAT_B = `cpu  200 0 100 1600 100 0 0 0 0 0
cpu0 150 0 50 700 100 0 0 0 0 0
cpu1 50 0 50 900 0 0 0 0 0 0
btime 1700000000
`;

describe('/proc/stat', () => {
  it('parses total, cores and boot time', () => {
    const s = parseProcStat(STAT_A);
    expect(s.total.user).toBe(100);
    expect(s.cores.size).toBe(2);
    expect(s.cores.get(1)?.idle).toBe(400);
    expect(s.bootTimeSec).toBe(1700000000);
  });

  it('computes busy shares between two readings', () => {
    const a = parseProcStat(STAT_A);
    const b = parseProcStat(STAT_B);
    // elapsed 1000 jiffies, idle+iowait 850 → 15 % busy
    expect(cpuPercent(a.total, b.total)).toEqual({ totalPct: 15, userPct: 10, systemPct: 5, iowaitPct: 5, stealPct: 0 });
    // cpu0: elapsed 500, idle 300+75 → 25 %
    expect(cpuPercent(a.cores.get(0)!, b.cores.get(0)!).totalPct).toBe(25);
  });

  it('is 0 when no time passed and throws without a cpu line', () => {
    const a = parseProcStat(STAT_A);
    expect(cpuPercent(a.total, a.total).totalPct).toBe(0);
    expect(() => parseProcStat('intr 1\n')).toThrow(/no cpu line/);
  });
});

describe('/proc/meminfo', () => {
  it('uses MemAvailable and converts kB to bytes', () => {
    const m = memoryFromMeminfo(
      parseMeminfo('MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    600 kB\nBuffers: 50 kB\nCached: 200 kB\nSwapTotal: 300 kB\nSwapFree: 100 kB\n'),
    );
    expect(m).toMatchObject({ totalBytes: 1024000, availableBytes: 614400, usedBytes: 409600, swapTotalBytes: 307200, swapUsedBytes: 204800 });
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    const m = memoryFromMeminfo(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nCached: 200 kB\n'));
    expect(m.availableBytes).toBe(300 * 1024);
  });
});

describe('/proc/diskstats, /proc/net/dev, /proc/loadavg, mounts', () => {
  it('parses diskstats', () => {
    const d = parseDiskstats(' 253       0 vda 1000 5 80000 300 2000 10 160000 900 0 1200 1200 0 0 0 0\n');
    expect(d.get('vda')).toEqual({ reads: 1000, sectorsRead: 80000, writes: 2000, sectorsWritten: 160000 });
  });

  it('parses net/dev', () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
  eth0: 123456    100    0    0    0     0          0         0    654321     200    0    0    0     0       0          0
`;
    const n = parseNetDev(text);
    expect(n.get('eth0')).toEqual({ rxBytes: 123456, rxPackets: 100, txBytes: 654321, txPackets: 200 });
    expect(n.size).toBe(2);
  });

  it('parses loadavg', () => {
    expect(parseLoadavg('0.50 0.25 0.10 1/200 12345\n')).toEqual({ avg1: 0.5, avg5: 0.25, avg15: 0.1 });
  });

  it('decodes mount escapes and keeps local disk filesystems only', () => {
    const mounts = parseMounts('/dev/vda / ext4 rw 0 0\nproc /proc proc rw 0 0\n/dev/sdb1 /data\\040disk xfs rw 0 0\nsrv:/x /nfs nfs4 rw 0 0\n');
    expect(mounts[2]?.mount).toBe('/data disk');
    expect(sampledMounts(mounts).map((m) => m.mount)).toEqual(['/', '/data disk']);
  });
});

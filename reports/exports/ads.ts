/**
 * ADS-style CSVs (ANCHORS.md Part 1 §1.4): the files an Application Discovery Service agent
 * export holds, with its column names, so tools built on ADS exports read ours. agentId is
 * our agent id; accountNumber stays empty (no AWS account is involved); timestamps are ISO
 * 8601 UTC; rates are KB per second (ADS: "units KB unless stated"), sizes GB and MB.
 */
import type { Connection, Inventory, PerfSample } from '../../agent/bundle/index.js';
import type { CsvValue } from './csv.js';
import type { HostFacts } from './host-facts.js';

export const OS_INFO_COLUMNS = ['accountNumber', 'agentId', 'osName', 'osVersion', 'cpuType', 'hostName', 'hypervisor', 'timestamp'] as const;

export const NETWORK_INTERFACE_COLUMNS = ['accountNumber', 'agentId', 'name', 'macAddress', 'family', 'ipAddress', 'gateway', 'netMask', 'timestamp'] as const;

export const PROCESS_COLUMNS = ['accountNumber', 'agentId', 'agentAssignedProcessId', 'isSystem', 'name', 'cmdLine', 'path', 'agentProvidedTimeStamp'] as const;

/** Both sourceProcessConnection (outbound) and destinationProcessConnection (inbound). */
export const PROCESS_CONNECTION_COLUMNS = [
  'accountNumber',
  'agentId',
  'sourceIp',
  'sourcePort',
  'destinationIp',
  'destinationPort',
  'ipVersion',
  'transportProtocol',
  'agentAssignedProcessId',
  'agentCreationDate',
] as const;

export const SYSTEM_PERFORMANCE_COLUMNS = [
  'accountNumber',
  'agentId',
  'totalDiskBytesReadPerSecondInKbps',
  'totalDiskBytesWrittenPerSecondInKbps',
  'totalDiskReadOpsPerSecond',
  'totalDiskWriteOpsPerSecond',
  'totalNetworkBytesReadPerSecondInKbps',
  'totalNetworkBytesWrittenPerSecondInKbps',
  'totalNumLogicalProcessors',
  'totalNumCores',
  'totalNumCpus',
  'totalNumDisks',
  'totalNumNetworkCards',
  'totalCpuUsagePct',
  'totalDiskSizeInGB',
  'totalDiskFreeSizeInGB',
  'totalRAMInMB',
  'freeRAMInMB',
  'timestamp',
] as const;

/**
 * At most this many performance rows per host: 72 hours at ADS's 15-second polling, ADS's
 * own limit for one agent's detailed export. A longer series is thinned evenly, first and
 * last sample kept.
 */
export const MAX_PERF_ROWS_PER_HOST = 17_280;

const KB = 1024;
const MB = 1024 * 1024;
const GB = 1024 * 1024 * 1024;

/** System accounts (uid below 1000) and kernel threads. */
const SYSTEM_UID_LIMIT = 1000;

export function osInfoRows(facts: HostFacts): CsvValue[][] {
  const inv = facts.inventory;
  if (!inv) return [];
  const v = inv.virtualization;
  return [
    [
      null,
      facts.agentId,
      inv.os.distro ?? inv.os.platform,
      inv.os.release ?? inv.os.kernel,
      inv.cpu.model ?? inv.os.arch,
      inv.fqdn ?? inv.hostname,
      v.hypervisor ?? v.container ?? (v.isVirtual === false ? 'none' : null),
      inv.collectedAt,
    ],
  ];
}

function ipv4Mask(prefix: number): string {
  const bits = prefix <= 0 ? 0 : (0xffffffff << (32 - Math.min(prefix, 32))) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 0xff).join('.');
}

export function networkInterfaceRows(facts: HostFacts): CsvValue[][] {
  const inv = facts.inventory;
  if (!inv) return [];
  const rows: CsvValue[][] = [];
  for (const nic of inv.network.interfaces) {
    for (const a of nic.addresses) {
      const gateway = a.family === 'ipv4' ? inv.network.defaultGateway.ipv4 : inv.network.defaultGateway.ipv6;
      const mask = a.prefixLength === null ? null : a.family === 'ipv4' ? ipv4Mask(a.prefixLength) : String(a.prefixLength);
      rows.push([null, facts.agentId, nic.name, nic.mac, a.family === 'ipv4' ? 'IPv4' : 'IPv6', a.address, gateway, mask, inv.collectedAt]);
    }
  }
  return rows;
}

export function processRows(facts: HostFacts): CsvValue[][] {
  return facts.processes.map(({ process: p, seenAt }) => [
    null,
    facts.agentId,
    p.pid,
    p.isKernelThread || (p.uid !== null && p.uid < SYSTEM_UID_LIMIT),
    p.name,
    p.cmdline,
    p.exe,
    seenAt,
  ]);
}

/** tcp6 sockets also carry IPv4-mapped peers (::ffff:a.b.c.d): the address says which. */
const ipVersion = (c: Connection): string => (c.remoteAddress.includes(':') && !/^::ffff:\d/i.test(c.remoteAddress) ? 'IPv6' : 'IPv4');

/** Outbound connections as the source side (sourceProcessConnection), inbound as the destination side. */
export function connectionRows(facts: HostFacts, direction: Connection['direction']): CsvValue[][] {
  const rows: CsvValue[][] = [];
  for (const c of facts.connections) {
    if (c.direction !== direction) continue;
    const [src, srcPort, dst, dstPort] =
      direction === 'outbound' ? [c.localAddress, c.localPort, c.remoteAddress, c.remotePort] : [c.remoteAddress, c.remotePort, c.localAddress, c.localPort];
    rows.push([null, facts.agentId, src, srcPort, dst, dstPort, ipVersion(c), 'TCP', c.pid, c.lastSeen]);
  }
  return rows;
}

/** Evenly spaced picks from a series longer than `max`, first and last kept. */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max <= 1) return items.slice(-1);
  const out: T[] = [];
  const step = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(items[Math.round(i * step)]!);
  return out;
}

interface HostCounts {
  logical: number | null;
  cores: number | null;
  cpus: number | null;
  disks: number | null;
  nics: number | null;
  ramMb: number | null;
}

function hostCounts(inv: Inventory | null): HostCounts {
  if (!inv) return { logical: null, cores: null, cpus: null, disks: null, nics: null, ramMb: null };
  return {
    logical: inv.cpu.logicalCores,
    cores: inv.cpu.physicalCores,
    cpus: inv.cpu.sockets,
    disks: inv.blockDevices.filter((d) => d.type === null || d.type === 'disk').length,
    nics: inv.network.interfaces.filter((n) => !n.isLoopback && !n.isVirtual).length,
    ramMb: Math.round(inv.memory.totalBytes / MB),
  };
}

function performanceRow(agentId: string, counts: HostCounts, s: PerfSample): CsvValue[] {
  let size = 0;
  let used = 0;
  for (const fs of Object.values(s.filesystems)) {
    size += fs.sizeBytes;
    used += fs.usedBytes;
  }
  return [
    null,
    agentId,
    s.disk.total.readBytesPerSec / KB,
    s.disk.total.writeBytesPerSec / KB,
    s.disk.total.readOpsPerSec,
    s.disk.total.writeOpsPerSec,
    s.network.total.rxBytesPerSec / KB,
    s.network.total.txBytesPerSec / KB,
    counts.logical,
    counts.cores,
    counts.cpus,
    counts.disks,
    counts.nics,
    s.cpu.totalPct,
    size / GB,
    Math.max(0, size - used) / GB,
    counts.ramMb,
    s.memory.availableBytes / MB,
    s.t,
  ];
}

export function systemPerformanceRows(facts: HostFacts): CsvValue[][] {
  const counts = hostCounts(facts.inventory);
  return thin(facts.samples, MAX_PERF_ROWS_PER_HOST).map((s) => performanceRow(facts.agentId, counts, s));
}

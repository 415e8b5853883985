/**
 * hosts/<host>.html: inventory, performance over time (charts with avg and p95), processes,
 * listening ports, connections in and out with their peers, EC2 sizing. Built from every
 * bundle of one agent id (daemon segments in time order) and the plan's view of the host.
 */
import type { Connection, Inventory, PerfSample } from '../../agent/bundle/index.js';
import type { HostBundles } from '../../analyzer/load-bundles.js';
import type { Plan, PlanHost } from '../../analyzer/plan/schema.js';
import { average, clip, formatBytes, formatDuration, formatNumber, formatRate, maxOf, percentile } from '../format.js';
import { axisTop, lineChart } from '../svg/line-chart.js';
import type { TrustedSvg } from '../svg/markup.js';
import type { KeyValue, Link, PageMeta, ReportLinks } from './common.js';
import { NO_PATH, reportHref } from './common.js';

/** Rows kept in a host page's process table; the rest are counted. */
export const MAX_PROCESS_ROWS = 400;
const MAX_CMDLINE = 400;

export interface ChartView {
  svg: TrustedSvg;
  caption: string;
}

export interface PeerRow {
  address: string;
  /** The collected host behind the address, when there is one. */
  peer: Link | null;
  port: number;
  process: string;
  connections: number;
  states: string;
  lastSeen: string;
}

export interface HostView {
  meta: PageMeta;
  hostname: string;
  agentId: string;
  collected: KeyValue[];
  hostCollected: boolean;
  inventory: KeyValue[];
  disks: { name: string; type: string; size: string; sizeBytes: number; model: string }[];
  filesystems: { mount: string; device: string; type: string; size: string; sizeBytes: number; used: string; usedPct: string }[];
  interfaces: { name: string; mac: string; addresses: string; speed: string; up: string }[];
  charts: ChartView[];
  perf: { metric: string; avg: string; p95: string; max: string }[];
  samples: number;
  processes: { pid: number; user: string; name: string; cmdline: string; cpu: string; cpuSort: number; rss: string; rssBytes: number; started: string }[];
  processesTotal: number;
  processesCut: boolean;
  listening: { protocol: string; address: string; port: number; process: string; pid: string }[];
  inbound: PeerRow[];
  outbound: PeerRow[];
  ec2: KeyValue[] | null;
  ec2Rationale: string | null;
  databaseServers: { id: string; engine: string; version: string; path: string; databases: Link[] }[];
  discovered: string[];
  problems: string[];
}

export interface HostViewInput {
  host: HostBundles;
  plan: Plan;
  planHost: PlanHost | null;
  links: ReportLinks;
  /** Address → agent id of the collected host that has it. */
  hostByAddress: ReadonlyMap<string, { agentId: string; hostname: string }>;
  meta: PageMeta;
}

const kv = (key: string, value: string | number | null | undefined): KeyValue | null =>
  value === null || value === undefined || value === '' ? null : { key, value: String(value) };

function inventoryRows(inv: Inventory): KeyValue[] {
  const os = `${inv.os.distro ?? inv.os.platform} ${inv.os.release ?? ''}`.trim();
  const v = inv.virtualization;
  const virt = v.cloud ? `${v.cloud.provider}${v.cloud.instanceId ? ` (${v.cloud.instanceId})` : ''}` : v.isVirtual ? (v.hypervisor ?? v.container ?? 'virtual') : v.isVirtual === false ? 'physical' : null;
  return [
    kv('hostname', inv.hostname),
    kv('FQDN', inv.fqdn),
    kv('operating system', os),
    kv('kernel', inv.os.kernel),
    kv('architecture', inv.os.arch),
    kv('virtualization', virt),
    kv('machine', [v.manufacturer, v.model].filter(Boolean).join(' ')),
    kv('CPU', `${inv.cpu.logicalCores} logical cores${inv.cpu.physicalCores ? `, ${inv.cpu.physicalCores} physical` : ''}${inv.cpu.sockets ? `, ${inv.cpu.sockets} socket(s)` : ''}${inv.cpu.model ? ` — ${inv.cpu.model}` : ''}`),
    kv('memory', formatBytes(inv.memory.totalBytes)),
    kv('swap', formatBytes(inv.memory.swapTotalBytes)),
    kv('time zone', inv.timezone),
    kv('boot time', inv.bootTime),
    kv('uptime', formatDuration(inv.uptimeSeconds)),
    kv('DNS servers', inv.network.dnsServers.join(', ')),
    kv('default gateway', [inv.network.defaultGateway.ipv4, inv.network.defaultGateway.ipv6].filter(Boolean).join(', ')),
    kv('packages', inv.packages ? `${inv.packages.count} (${inv.packages.manager})` : null),
  ].filter((r): r is KeyValue => r !== null);
}

interface Metric {
  label: string;
  values: number[];
  format: (v: number) => string;
}

function perfCharts(samples: PerfSample[], inv: Inventory | null): { charts: ChartView[]; table: HostView['perf'] } {
  if (samples.length === 0) return { charts: [], table: [] };
  const times = samples.map((s) => Date.parse(s.t));
  const pct = (v: number): string => `${formatNumber(v, 1)} %`;
  const cpu = samples.map((s) => s.cpu.totalPct);
  const mem = samples.map((s) => s.memory.usedBytes);
  const dr = samples.map((s) => s.disk.total.readBytesPerSec);
  const dw = samples.map((s) => s.disk.total.writeBytesPerSec);
  const rx = samples.map((s) => s.network.total.rxBytesPerSec);
  const tx = samples.map((s) => s.network.total.txBytesPerSec);
  const diskSum = dr.map((v, i) => v + dw[i]!);
  const netSum = rx.map((v, i) => v + tx[i]!);
  const bucket = Math.ceil(samples.length / 360);
  const note = bucket > 1 ? ` Each point is the highest of ${bucket} samples; avg and p95 use every sample.` : '';
  const charts: ChartView[] = [
    { svg: lineChart({ title: 'CPU use, % of all cores', times, series: [{ label: 'CPU %', cls: 's1', values: cpu }], format: pct, yMax: maxOf(cpu, 100) }), caption: `CPU use (100 % = all cores).${note}` },
    {
      svg: lineChart({ title: 'Memory used', times, series: [{ label: 'used', cls: 's1', values: mem }], format: formatBytes, binary: true, ...(inv ? { yMax: axisTop(maxOf(mem, inv.memory.totalBytes), true) } : {}) }),
      caption: `Memory used${inv ? ` of ${formatBytes(inv.memory.totalBytes)}` : ''}.${note}`,
    },
    {
      svg: lineChart({ title: 'Disk throughput', times, series: [{ label: 'read', cls: 's1', values: dr }, { label: 'write', cls: 's2', values: dw }], format: formatRate, yFloor: 1024, binary: true, reference: diskSum, referenceLabel: 'read + write' }),
      caption: `Disk read and write, all devices; avg and p95 of read + write.${note}`,
    },
    {
      svg: lineChart({ title: 'Network throughput', times, series: [{ label: 'received', cls: 's1', values: rx }, { label: 'sent', cls: 's2', values: tx }], format: formatRate, yFloor: 1024, binary: true, reference: netSum, referenceLabel: 'received + sent' }),
      caption: `Network received and sent, all interfaces; avg and p95 of both.${note}`,
    },
  ];
  const metrics: Metric[] = [
    { label: 'CPU %', values: cpu, format: pct },
    { label: 'load average (1 min)', values: samples.map((s) => s.load.avg1), format: (v) => formatNumber(v, 2) },
    { label: 'memory used', values: mem, format: formatBytes },
    { label: 'disk read', values: dr, format: formatRate },
    { label: 'disk write', values: dw, format: formatRate },
    { label: 'disk read ops/s', values: samples.map((s) => s.disk.total.readOpsPerSec), format: (v) => formatNumber(v, 1) },
    { label: 'disk write ops/s', values: samples.map((s) => s.disk.total.writeOpsPerSec), format: (v) => formatNumber(v, 1) },
    { label: 'network received', values: rx, format: formatRate },
    { label: 'network sent', values: tx, format: formatRate },
  ];
  const table = metrics.map((m) => ({ metric: m.label, avg: m.format(average(m.values)), p95: m.format(percentile(m.values, 95)), max: m.format(maxOf(m.values)) }));
  return { charts, table };
}

function peerRows(conns: Connection[], direction: 'inbound' | 'outbound', input: HostViewInput): PeerRow[] {
  const groups = new Map<string, { c: Connection; n: number; states: Set<string>; lastSeen: string }>();
  for (const c of conns) {
    if (c.direction !== direction) continue;
    // Inbound: one row per client address and local (service) port; outbound: per server address and port.
    const port = direction === 'inbound' ? c.localPort : c.remotePort;
    const key = `${c.remoteAddress}\u0000${port}\u0000${c.process ?? ''}`;
    const g = groups.get(key);
    if (g) {
      g.n++;
      g.states.add(c.state);
      if (c.lastSeen > g.lastSeen) g.lastSeen = c.lastSeen;
    } else {
      groups.set(key, { c, n: 1, states: new Set([c.state]), lastSeen: c.lastSeen });
    }
  }
  const rows: PeerRow[] = [];
  for (const g of groups.values()) {
    const peerHost = input.hostByAddress.get(g.c.remoteAddress);
    const href = peerHost ? input.links.host(peerHost.agentId) : null;
    rows.push({
      address: g.c.remoteAddress,
      peer: peerHost && href ? { label: peerHost.hostname, href: reportHref(input.meta.root, href) } : null,
      port: direction === 'inbound' ? g.c.localPort : g.c.remotePort,
      process: g.c.process ?? '',
      connections: g.n,
      states: [...g.states].sort().join(', '),
      lastSeen: g.lastSeen,
    });
  }
  return rows.sort((a, b) => b.connections - a.connections || a.address.localeCompare(b.address) || a.port - b.port);
}

export function buildHostView(input: HostViewInput): HostView {
  const { host, plan, planHost } = input;
  const bundles = host.bundles;
  const last = bundles[bundles.length - 1]!;
  const lastHost = [...bundles].reverse().find((b) => b.host !== null)?.host ?? null;
  const inv = [...bundles].reverse().find((b) => b.host?.inventory)?.host?.inventory ?? null;
  const samples = bundles.flatMap((b) => b.host?.performance.samples ?? []);
  const conns = bundles.flatMap((b) => b.host?.connections ?? []);
  const { charts, table } = perfCharts(samples, inv);

  const listening = new Map<string, HostView['listening'][number]>();
  for (const b of bundles) {
    for (const l of b.host?.listening ?? []) {
      listening.set(`${l.protocol} ${l.address} ${l.port}`, { protocol: l.protocol, address: l.address, port: l.port, process: l.process ?? '', pid: l.pid === null ? '' : String(l.pid) });
    }
  }
  const procs = [...(lastHost?.processes ?? [])].filter((p) => !p.isKernelThread);
  procs.sort((a, b) => (b.cpuPct ?? -1) - (a.cpuPct ?? -1) || b.rssBytes - a.rssBytes);
  const processes = procs.slice(0, MAX_PROCESS_ROWS).map((p) => ({
    pid: p.pid,
    user: p.user ?? (p.uid === null ? '' : String(p.uid)),
    name: p.name,
    cmdline: clip(p.cmdline, MAX_CMDLINE),
    cpu: p.cpuPct === null ? '–' : `${formatNumber(p.cpuPct, 1)} %`,
    cpuSort: p.cpuPct ?? -1,
    rss: formatBytes(p.rssBytes),
    rssBytes: p.rssBytes,
    started: p.startedAt ?? '',
  }));

  const ec2 = planHost?.ec2 ?? null;
  const percentileSetting = (plan.settings as { sizing?: { percentile?: unknown } }).sizing?.percentile;
  const servers = plan.servers.filter((s) => s.hostId === host.agentId);
  const problems = [
    ...bundles.flatMap((b) => b.errors.map((e) => `${e.collector}: ${e.code}: ${e.message}`)),
    ...last.limitations.map((l) => `${l.collector}: ${l.code}: ${l.message}`),
  ];
  return {
    meta: input.meta,
    hostname: host.hostname,
    agentId: host.agentId,
    hostCollected: lastHost !== null,
    collected: [
      kv('agent id', host.agentId),
      kv('agent version', last.agent.version),
      kv('bundles', bundles.length),
      kv('from', bundles[0]!.collection.startedAt),
      kv('to', last.collection.endedAt),
      kv('sample interval', formatDuration(last.collection.intervalMs / 1000)),
      kv('run as', `${last.collection.runAs.user ?? last.collection.runAs.uid}${last.collection.runAs.isRoot ? ' (root)' : ''}`),
    ].filter((r): r is KeyValue => r !== null),
    inventory: inv ? inventoryRows(inv) : [],
    disks: (inv?.blockDevices ?? []).map((d) => ({ name: d.name, type: d.type ?? '', size: formatBytes(d.sizeBytes), sizeBytes: d.sizeBytes, model: d.model ?? '' })),
    filesystems: (inv?.filesystems ?? []).map((f) => ({
      mount: f.mount,
      device: f.device,
      type: f.type,
      size: formatBytes(f.sizeBytes),
      sizeBytes: f.sizeBytes,
      used: formatBytes(f.usedBytes),
      usedPct: f.sizeBytes ? `${formatNumber((f.usedBytes / f.sizeBytes) * 100, 0)} %` : '–',
    })),
    interfaces: (inv?.network.interfaces ?? []).map((i) => ({
      name: i.name,
      mac: i.mac ?? '',
      addresses: i.addresses.map((a) => `${a.address}${a.prefixLength === null ? '' : `/${a.prefixLength}`}`).join(', '),
      speed: i.speedMbps ? `${formatNumber(i.speedMbps, 0)} Mb/s` : '',
      up: i.isUp === null ? '' : i.isUp ? 'up' : 'down',
    })),
    charts,
    perf: table,
    samples: samples.length,
    processes,
    processesTotal: procs.length,
    processesCut: procs.length > MAX_PROCESS_ROWS,
    listening: [...listening.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol)),
    inbound: peerRows(conns, 'inbound', input),
    outbound: peerRows(conns, 'outbound', input),
    ec2: ec2
      ? [
          kv('instance type', ec2.type),
          kv('vCPU', ec2.vcpu),
          kv('memory', `${formatNumber(ec2.memoryGiB, 1)} GiB`),
          kv('network', ec2.networkGbps),
          kv('approx. price', ec2.approxUsdPerHour === null ? null : `${formatNumber(ec2.approxUsdPerHour, 4)} USD/h`),
          kv('required vCPU', formatNumber(ec2.requiredVcpu, 1)),
          kv('required memory', `${formatNumber(ec2.requiredMemoryGiB, 1)} GiB`),
          kv(`CPU at p${typeof percentileSetting === 'number' ? percentileSetting : '?'}`, planHost?.cpuPctAtPercentile === null || planHost?.cpuPctAtPercentile === undefined ? null : `${formatNumber(planHost.cpuPctAtPercentile, 1)} %`),
          kv(`memory at p${typeof percentileSetting === 'number' ? percentileSetting : '?'}`, planHost?.memoryBytesAtPercentile === null || planHost?.memoryBytesAtPercentile === undefined ? null : formatBytes(planHost.memoryBytesAtPercentile)),
        ].filter((r): r is KeyValue => r !== null)
      : null,
    ec2Rationale: ec2?.rationale ?? null,
    databaseServers: servers.map((s) => ({
      id: s.id,
      engine: `${s.flavor ?? s.engine} ${s.version ?? ''}`.trim(),
      version: s.version ?? '',
      path: s.recommended ?? NO_PATH,
      databases: s.databases
        .map((d) => {
          const href = input.links.database(s.id, d.name);
          return href ? { label: d.name, href: reportHref(input.meta.root, href) } : null;
        })
        .filter((l): l is Link => l !== null),
    })),
    discovered: (last.databases?.discovered ?? []).map((d) => `${d.engine} ${d.version ?? '(version unknown)'}${d.pid ? `, pid ${d.pid}` : ''}${d.listen.length ? `, listening ${d.listen.map((l) => `${l.address}:${l.port}`).join(' ')}` : ''}`),
    problems,
  };
}

import type { Bundle, PerfSample } from '../../agent/bundle/index.js';
import type { HostBundles } from '../load-bundles.js';

const GiB = 1024 ** 3;

function p95(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = 0.95 * (sorted.length - 1);
  const lo = Math.floor(rank);
  return sorted[lo]! + (sorted[Math.ceil(rank)]! - sorted[lo]!) * (rank - lo);
}

export interface HostSummary {
  hostname: string;
  agentId: string;
  bundles: number;
  from: string;
  to: string;
  os: string;
  cpu: string;
  memoryGiB: number;
  samples: number;
  cpuP95Pct: number;
  memoryP95GiB: number;
  processes: number;
  listeningPorts: number[];
  connections: { inbound: number; outbound: number };
  databases: { server: string; engine: string; version: string; databases: number; tables: number; errors: number }[];
  discovered: string[];
  errors: number;
  limitations: number;
}

/** One line of facts per host, over all its bundles (segments are concatenated in time). */
export function summarizeHost(host: HostBundles): HostSummary {
  const bundles: Bundle[] = host.bundles;
  const last = bundles[bundles.length - 1]!;
  const inv = [...bundles].reverse().find((b) => b.host?.inventory)?.host?.inventory ?? null;
  const samples: PerfSample[] = bundles.flatMap((b) => b.host?.performance.samples ?? []);
  const ports = new Set<number>();
  let inbound = 0;
  let outbound = 0;
  for (const b of bundles) {
    for (const l of b.host?.listening ?? []) if (l.protocol.startsWith('tcp')) ports.add(l.port);
    for (const c of b.host?.connections ?? []) c.direction === 'inbound' ? inbound++ : outbound++;
  }
  return {
    hostname: host.hostname,
    agentId: host.agentId,
    bundles: bundles.length,
    from: bundles[0]!.collection.startedAt,
    to: last.collection.endedAt,
    os: inv ? `${inv.os.distro ?? inv.os.platform} ${inv.os.release ?? ''}`.trim() : 'unknown',
    cpu: inv ? `${inv.cpu.logicalCores} x ${inv.cpu.model ?? 'cpu'}` : 'unknown',
    memoryGiB: inv ? Math.round((inv.memory.totalBytes / GiB) * 10) / 10 : 0,
    samples: samples.length,
    cpuP95Pct: Math.round(p95(samples.map((s) => s.cpu.totalPct)) * 10) / 10,
    memoryP95GiB: Math.round((p95(samples.map((s) => s.memory.usedBytes)) / GiB) * 10) / 10,
    processes: last.host?.processes.length ?? 0,
    listeningPorts: [...ports].sort((a, b) => a - b),
    connections: { inbound, outbound },
    databases: (last.databases?.servers ?? []).map((d) => ({
      server: d.target.id,
      engine: d.server?.flavor ?? d.engine,
      version: d.server?.version ?? 'not connected',
      databases: d.databases.length,
      tables: d.databases.reduce((n, db) => n + (db.rows.tables?.length ?? 0), 0),
      errors: d.errors.length,
    })),
    discovered: (last.databases?.discovered ?? []).map((d) => `${d.engine} ${d.version ?? '?'} (pid ${d.pid ?? '?'})`),
    errors: bundles.reduce((n, b) => n + b.errors.length, 0),
    limitations: last.limitations.length,
  };
}

export function formatSummary(s: HostSummary): string {
  return [
    `${s.hostname}  (agent ${s.agentId}, ${s.bundles} bundle${s.bundles === 1 ? '' : 's'}, ${s.from} .. ${s.to})`,
    `  os ${s.os}; cpu ${s.cpu}; memory ${s.memoryGiB} GiB`,
    `  ${s.samples} samples: cpu p95 ${s.cpuP95Pct} %, memory used p95 ${s.memoryP95GiB} GiB`,
    `  ${s.processes} processes; listening tcp ${s.listeningPorts.join(', ') || 'none'}; connections ${s.connections.inbound} in, ${s.connections.outbound} out`,
    `  database servers found: ${s.discovered.join(', ') || 'none'}`,
    ...s.databases.map((d) => `  ${d.server}: ${d.engine} ${d.version}; ${d.databases} database(s), ${d.tables} table(s)${d.errors ? `, ${d.errors} error(s)` : ''}`),
    `  ${s.errors} collector error(s), ${s.limitations} limitation(s)`,
  ].join('\n');
}

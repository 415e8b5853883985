/**
 * Target sizing. EC2 per host, Migration Hub style: the cheapest type that covers the p-th
 * percentile of used vCPU (logical cores × CPU %) and used memory, plus headroom. Aurora per
 * database server: the same from its host's use scaled by the server's share of that host,
 * raised for the peak connections; without host metrics, from the server's own memory
 * settings. Burstable Aurora classes are never picked (AWS advises them for dev/test only).
 */
import { AURORA_CLASSES, EC2_TYPES, type InstanceType } from './instance-catalog.js';
import { percentile, type HostFacts, type ServerFacts } from './facts.js';
import type { InstanceChoice, PlanServer } from './schema.js';
import type { PlanSettings } from './settings.js';

const GiB = 1024 ** 3;
const round2 = (n: number): number => Math.round(n * 100) / 100;

export interface HostUse {
  cpuPct: number | null;
  memoryBytes: number | null;
}

/** The percentile of the host's CPU % (100 = all cores) and used memory over all its samples. */
export function hostUse(host: HostFacts, p: number): HostUse {
  return {
    cpuPct: percentile(
      host.samples.map((s) => s.cpu.totalPct),
      p,
    ),
    memoryBytes: percentile(
      host.samples.map((s) => s.memory.usedBytes),
      p,
    ),
  };
}

/** The cheapest type covering both needs (ties: fewer vCPU, then the name); null when none does. */
export function cheapestCovering(catalog: readonly InstanceType[], vcpu: number, memoryGiB: number): InstanceType | null {
  const fits = catalog.filter((t) => t.vcpu >= vcpu && t.memoryGiB >= memoryGiB);
  fits.sort((a, b) => a.approxUsdPerHour - b.approxUsdPerHour || a.vcpu - b.vcpu || a.type.localeCompare(b.type));
  return fits[0] ?? null;
}

function largest(catalog: readonly InstanceType[]): InstanceType {
  return [...catalog].sort((a, b) => b.vcpu - a.vcpu || b.memoryGiB - a.memoryGiB)[0]!;
}

export function sizeEc2(host: HostFacts, settings: PlanSettings): InstanceChoice | null {
  if (!host.hostCollected || host.logicalCores === null || host.memoryBytes === null) return null;
  const { percentile: p, headroomPct } = settings.sizing;
  const use = hostUse(host, p);
  const factor = 1 + headroomPct / 100;
  let basis: string;
  let vcpu: number;
  let mem: number;
  if (use.cpuPct !== null && use.memoryBytes !== null) {
    vcpu = Math.max(1, Math.ceil(((host.logicalCores * use.cpuPct) / 100) * factor * 100) / 100);
    mem = Math.max(0.5, (use.memoryBytes / GiB) * factor);
    basis = `p${p} CPU ${round2(use.cpuPct)} % of ${host.logicalCores} cores and p${p} memory ${round2(use.memoryBytes / GiB)} GiB, +${headroomPct} % headroom`;
  } else {
    vcpu = host.logicalCores;
    mem = host.memoryBytes / GiB;
    basis = 'no performance samples: the host specification (direct match)';
  }
  const pick = cheapestCovering(EC2_TYPES, vcpu, mem);
  const chosen = pick ?? largest(EC2_TYPES);
  return {
    type: chosen.type,
    vcpu: chosen.vcpu,
    memoryGiB: chosen.memoryGiB,
    networkGbps: chosen.networkGbps,
    approxUsdPerHour: chosen.approxUsdPerHour,
    requiredVcpu: round2(vcpu),
    requiredMemoryGiB: round2(mem),
    rationale: `${pick ? 'Cheapest type covering' : 'Nothing in the catalog covers; the largest type for'} ${basis}.`,
  };
}

/** Weights for a group by the first measure that is positive for every member; null when none is. */
function weightsBy(group: ServerFacts[], measures: ((s: ServerFacts) => number | null)[]): number[] | null {
  for (const m of measures) {
    const w = group.map(m);
    if (w.every((x): x is number => x !== null && x > 0)) return w as number[];
  }
  return null;
}

/** Shares of a group that sum to 1: by the weights, else equal. */
function split(group: ServerFacts[], weights: number[] | null, shares: Map<string, number>): void {
  const total = weights ? weights.reduce((a, b) => a + b, 0) : group.length;
  group.forEach((s, i) => shares.set(s.id, weights ? weights[i]! / total : 1 / group.length));
}

/**
 * Each server's share of its host; 1 when it is alone on the host or its host was not collected.
 * The servers whose processes the agent saw on the host split it by their processes' CPU
 * (listener and descendants summed), else their resident memory when some were idle, else
 * their data size, else equally: a running server never gets 0 while another has CPU.
 * Servers on the host without processes (read remotely, or the listener was not seen) get a
 * share by data size among themselves only, so they neither take from nor push the others
 * back to data size. Servers never read take no share.
 */
export function hostShares(servers: ServerFacts[]): Map<string, number> {
  const shares = new Map<string, number>();
  const byHost = new Map<string, ServerFacts[]>();
  for (const s of servers) {
    if (!s.runsOnHostId) {
      shares.set(s.id, 1);
      continue;
    }
    byHost.set(s.runsOnHostId, [...(byHost.get(s.runsOnHostId) ?? []), s]);
  }
  for (const group of byHost.values()) {
    const seen = group.filter((s) => s.process !== null);
    // A server never read gets no sizing: it takes no share.
    const unseen = group.filter((s) => s.process === null && s.connected);
    if (seen.length > 0) split(seen, weightsBy(seen, [(s) => s.process?.cpuPct ?? null, (s) => s.process?.rssBytes ?? null, (s) => s.dataBytes]), shares);
    if (unseen.length > 0) split(unseen, weightsBy(unseen, [(s) => s.dataBytes]), shares);
  }
  return shares;
}

/** Memory per connection that Aurora's default max_connections formulas assume (MySQL ≈ 12 MiB, PostgreSQL ≈ 9 MiB). */
const MIB_PER_CONNECTION: Record<'mysql' | 'postgres', number> = { mysql: 12, postgres: 9.1 };

/** Memory the server is configured to use: MySQL buffer pool at 3/4 of memory, PostgreSQL shared_buffers at 1/4 (the RDS defaults). */
function configuredMemoryGiB(s: ServerFacts): number | null {
  if (s.engine === 'mysql') {
    const pool = Number(s.settings.get('innodb_buffer_pool_size'));
    return Number.isFinite(pool) && pool > 0 ? pool / 0.75 / GiB : null;
  }
  const text = s.settings.get('shared_buffers');
  if (!text) return null;
  const [v, unit = ''] = text.split(' ');
  const pages = Number(v);
  const bytes = unit === '8kB' ? pages * 8192 : unit === 'kB' ? pages * 1024 : unit === 'MB' ? pages * 1024 * 1024 : pages * 8192;
  return Number.isFinite(bytes) && bytes > 0 ? bytes / 0.25 / GiB : null;
}

export function sizeAurora(server: ServerFacts, host: HostFacts | null, share: number, settings: PlanSettings): NonNullable<PlanServer['sizing']> {
  const { percentile: p, headroomPct } = settings.sizing;
  const factor = 1 + headroomPct / 100;
  const reasons: string[] = [];
  let vcpu = 2;
  let mem = 4;
  const use = host ? hostUse(host, p) : null;
  if (host && use && use.cpuPct !== null && use.memoryBytes !== null && host.logicalCores) {
    vcpu = ((host.logicalCores * use.cpuPct) / 100) * share * factor;
    mem = (use.memoryBytes / GiB) * share * factor;
    reasons.push(`host ${host.hostname}: p${p} CPU ${round2(use.cpuPct)} % of ${host.logicalCores} cores, p${p} memory ${round2(use.memoryBytes / GiB)} GiB, share ${round2(share)}, +${headroomPct} % headroom`);
  } else {
    const configured = configuredMemoryGiB(server);
    if (configured !== null) {
      mem = configured;
      reasons.push(`no host metrics: memory from the server's own ${server.engine === 'mysql' ? 'innodb_buffer_pool_size' : 'shared_buffers'} (${round2(configured)} GiB implied)`);
    } else {
      reasons.push('no host metrics and no memory settings: the smallest production class');
    }
  }
  const peak = server.workload.peakConnections;
  if (peak !== null && peak > 0) {
    const connMem = (peak * MIB_PER_CONNECTION[server.engine] * factor) / 1024;
    if (connMem > mem) {
      mem = connMem;
      reasons.push(`raised for ${peak} peak connections`);
    }
  }
  vcpu = Math.max(2, vcpu);
  const candidates = AURORA_CLASSES.filter((c) => !c.burstable);
  const pick = cheapestCovering(candidates, vcpu, mem) ?? largest(candidates);
  return {
    instanceClass: pick.type,
    vcpu: pick.vcpu,
    memoryGiB: pick.memoryGiB,
    approxUsdPerHour: pick.approxUsdPerHour,
    storageBytes: server.dataBytes,
    hostShare: Math.min(1, Math.max(0, share)),
    rationale: `Cheapest non-burstable class with ≥ ${round2(vcpu)} vCPU and ≥ ${round2(mem)} GiB (${reasons.join('; ')}); storage grows on demand (${round2(server.dataBytes / GiB)} GiB now).`,
  };
}

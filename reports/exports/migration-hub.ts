/**
 * The Migration Hub import CSV (ANCHORS.md Part 1 §2.1): the template's columns, one row per
 * inventoried host and one per database server that runs on no inventoried host (a managed
 * database, or one collected over the network). ExternalId, the matching key, is our agent
 * id for a host and our server id for a database server. Units are the template's: MB,
 * KB per second, percent of the whole host.
 */
import type { Plan, PlanServer } from '../../analyzer/plan/schema.js';
import type { CsvValue } from './csv.js';
import { routableAddresses, stat, type HostFacts } from './host-facts.js';

export const MIGRATION_HUB_COLUMNS = [
  'ExternalId',
  'SMBiosId',
  'IPAddress',
  'MACAddress',
  'HostName',
  'VMware.MoRefId',
  'VMware.VCenterId',
  'CPU.NumberOfProcessors',
  'CPU.NumberOfCores',
  'CPU.NumberOfLogicalCores',
  'OS.Name',
  'OS.Version',
  'VMware.VMName',
  'RAM.TotalSizeInMB',
  'RAM.UsedSizeInMB.Avg',
  'RAM.UsedSizeInMB.Max',
  'CPU.UsagePct.Avg',
  'CPU.UsagePct.Max',
  'DiskReadsPerSecondInKB.Avg',
  'DiskReadsPerSecondInKB.Max',
  'DiskWritesPerSecondInKB.Avg',
  'DiskWritesPerSecondInKB.Max',
  'DiskReadsOpsPerSecond.Avg',
  'DiskReadsOpsPerSecond.Max',
  'DiskWritesOpsPerSecond.Avg',
  'DiskWritesOpsPerSecond.Max',
  'NetworkReadsPerSecondInKB.Avg',
  'NetworkReadsPerSecondInKB.Max',
  'NetworkWritesPerSecondInKB.Avg',
  'NetworkWritesPerSecondInKB.Max',
  'Applications',
  'ApplicationWave',
  'Tags',
  'ServerId',
] as const;

type Column = (typeof MIGRATION_HUB_COLUMNS)[number];
type Row = Partial<Record<Column, CsvValue>>;

const MB = 1024 * 1024;
const KB = 1024;

/** The template separates list items with commas and tags with `:`: keep those out of the values. */
const listItem = (s: string): string => s.replace(/[,:\s]+/g, ' ').trim();

function toValues(row: Row): CsvValue[] {
  return MIGRATION_HUB_COLUMNS.map((c) => row[c] ?? null);
}

function serverTags(server: PlanServer): string[] {
  const tags = [`database:${listItem(`${server.flavor ?? server.engine} ${server.version ?? ''}`)}`, `target:${server.target.engine}`];
  if (server.recommended) tags.push(`path:${server.recommended}`);
  if (server.blockers.length > 0) tags.push('blocked:yes');
  return tags;
}

/** Index of the plan by host and server, computed once for all rows. */
interface PlanIndex {
  hostsById: Map<string, Plan['hosts'][number]>;
  serversById: Map<string, PlanServer>;
  appsByHost: Map<string, string[]>;
  appsByServer: Map<string, string[]>;
  waveByApp: Map<string, number>;
}

function indexPlan(plan: Plan): PlanIndex {
  const hostsById = new Map(plan.hosts.map((h) => [h.id, h]));
  const serversById = new Map(plan.servers.map((s) => [s.id, s]));
  const appsByHost = new Map<string, string[]>();
  const appsByServer = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, name: string): void => {
    const list = map.get(key) ?? [];
    if (!list.includes(name)) list.push(name);
    map.set(key, list);
  };
  const appNames = new Map(plan.applications.map((a) => [a.id, a.name]));
  for (const app of plan.applications) {
    for (const h of app.hosts) add(appsByHost, h, app.name);
    for (const s of app.databaseServers) add(appsByServer, s, app.name);
  }
  const waveByApp = new Map<string, number>();
  for (const wave of plan.waves) {
    for (const id of wave.applications) {
      const name = appNames.get(id) ?? id;
      waveByApp.set(name, Math.min(waveByApp.get(name) ?? Infinity, wave.index));
    }
  }
  return { hostsById, serversById, appsByHost, appsByServer, waveByApp };
}

function minWave(values: Iterable<number | undefined>): number | null {
  let best = Infinity;
  for (const v of values) if (v !== undefined && v < best) best = v;
  return Number.isFinite(best) ? best : null;
}

function hostRow(facts: HostFacts, index: PlanIndex): Row {
  const inv = facts.inventory;
  const samples = facts.samples;
  const planHost = index.hostsById.get(facts.agentId);
  const servers = (planHost?.databaseServers ?? []).map((id) => index.serversById.get(id)).filter((s): s is PlanServer => !!s);
  const apps = [...new Set([...(index.appsByHost.get(facts.agentId) ?? []), ...servers.flatMap((s) => index.appsByServer.get(s.id) ?? [])])];
  const wave = minWave([...servers.map((s) => s.wave), ...apps.map((a) => index.waveByApp.get(a))]);
  const mac = inv?.network.interfaces.find((n) => !n.isLoopback && n.mac && n.addresses.length > 0)?.mac ?? null;
  const ram = stat(samples, (s) => s.memory.usedBytes / MB);
  const cpu = stat(samples, (s) => s.cpu.totalPct);
  const dr = stat(samples, (s) => s.disk.total.readBytesPerSec / KB);
  const dw = stat(samples, (s) => s.disk.total.writeBytesPerSec / KB);
  const dro = stat(samples, (s) => s.disk.total.readOpsPerSec);
  const dwo = stat(samples, (s) => s.disk.total.writeOpsPerSec);
  const nr = stat(samples, (s) => s.network.total.rxBytesPerSec / KB);
  const nw = stat(samples, (s) => s.network.total.txBytesPerSec / KB);
  return {
    ExternalId: facts.agentId,
    IPAddress: routableAddresses(inv).join(','),
    MACAddress: mac,
    HostName: inv?.fqdn ?? inv?.hostname ?? facts.hostname,
    'CPU.NumberOfProcessors': inv?.cpu.sockets ?? null,
    'CPU.NumberOfCores': inv?.cpu.physicalCores ?? null,
    'CPU.NumberOfLogicalCores': inv?.cpu.logicalCores ?? null,
    'OS.Name': inv ? (inv.os.distro ?? inv.os.platform) : null,
    'OS.Version': inv ? (inv.os.release ?? inv.os.kernel) : null,
    'RAM.TotalSizeInMB': inv ? Math.round(inv.memory.totalBytes / MB) : null,
    'RAM.UsedSizeInMB.Avg': ram?.avg,
    'RAM.UsedSizeInMB.Max': ram?.max,
    'CPU.UsagePct.Avg': cpu?.avg,
    'CPU.UsagePct.Max': cpu?.max,
    'DiskReadsPerSecondInKB.Avg': dr?.avg,
    'DiskReadsPerSecondInKB.Max': dr?.max,
    'DiskWritesPerSecondInKB.Avg': dw?.avg,
    'DiskWritesPerSecondInKB.Max': dw?.max,
    'DiskReadsOpsPerSecond.Avg': dro?.avg,
    'DiskReadsOpsPerSecond.Max': dro?.max,
    'DiskWritesOpsPerSecond.Avg': dwo?.avg,
    'DiskWritesOpsPerSecond.Max': dwo?.max,
    'NetworkReadsPerSecondInKB.Avg': nr?.avg,
    'NetworkReadsPerSecondInKB.Max': nr?.max,
    'NetworkWritesPerSecondInKB.Avg': nw?.avg,
    'NetworkWritesPerSecondInKB.Max': nw?.max,
    Applications: apps.map(listItem).join(','),
    ApplicationWave: wave,
    Tags: ['source:scout', ...servers.flatMap(serverTags)].join(', '),
  };
}

const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+:[0-9a-f:.]*)$/i;

function serverRow(server: PlanServer, index: PlanIndex): Row {
  const apps = index.appsByServer.get(server.id) ?? [];
  const address = server.address;
  return {
    ExternalId: server.id,
    IPAddress: address && IP_LITERAL.test(address) ? address : null,
    HostName: address && !IP_LITERAL.test(address) ? address : server.hostname,
    Applications: apps.map(listItem).join(','),
    ApplicationWave: server.wave,
    Tags: ['source:scout', `hosting:${server.hosting}`, ...serverTags(server)].join(', '),
  };
}

/**
 * The rows: inventoried hosts first, in the order given, then the database servers that
 * run on none of them.
 */
export function migrationHubRows(hosts: readonly HostFacts[], plan: Plan): CsvValue[][] {
  const index = indexPlan(plan);
  const rows: CsvValue[][] = [];
  const placed = new Set<string>();
  for (const facts of hosts) {
    if (!facts.inventory) continue;
    rows.push(toValues(hostRow(facts, index)));
    for (const id of index.hostsById.get(facts.agentId)?.databaseServers ?? []) placed.add(id);
  }
  for (const server of plan.servers) {
    if (!placed.has(server.id)) rows.push(toValues(serverRow(server, index)));
  }
  return rows;
}

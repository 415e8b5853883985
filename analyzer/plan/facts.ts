/**
 * Facts the planner works from, read once from the loaded bundles: per host (inventory,
 * performance samples, processes, connections) and per database server (engine, flavor,
 * hosting, settings, catalog models, sizes, write rates, connections). A daemon's segments of
 * one agent id are merged: the newest catalog, the first and last workload snapshots, every
 * performance sample and connection.
 */
import type { Bundle, Connection, DatabaseServer, DbFlavor, PerfSample, ProcessInfo } from '../../agent/bundle/index.js';
import { isIP } from 'node:net';
import type { HostBundles } from '../load-bundles.js';
import { modelFromCatalog } from '../model/from-bundle.js';
import type { DatabaseModel } from '../model/schema.js';
import { mysqlSettings, mysqlWorkload } from './mysql/server-facts.js';
import { postgresSettings, postgresWorkload } from './postgres/server-facts.js';

export interface WorkloadFacts {
  writeRowsPerSec: number | null;
  writeBytesPerSec: number | null;
  connections: number | null;
  /** The highest number of sessions the server reports having had (MySQL Max_used_connections), else `connections`. */
  peakConnections: number | null;
  maxConnections: number | null;
}

export interface HostFacts {
  id: string;
  hostname: string;
  /** Non-loopback addresses from the newest inventory (the host's identity in the connection graph). */
  addresses: string[];
  os: string | null;
  logicalCores: number | null;
  memoryBytes: number | null;
  samples: PerfSample[];
  processes: ProcessInfo[];
  connections: Connection[];
  listeningPorts: number[];
  /** Processes of scout-agent itself: its own connections to the databases it reads are not dependencies. */
  agentPids: number[];
  hostCollected: boolean;
}

export interface DatabaseFacts {
  name: string;
  sizeBytes: number | null;
  model: DatabaseModel | null;
  /** Why the model could not be built, when it could not. */
  modelError: string | null;
}

export interface ServerFacts {
  id: string;
  /** The agent that collected it. */
  hostId: string;
  hostname: string;
  /** The collected host the server runs on (the collecting one for a local target, else matched by address), if any. */
  runsOnHostId: string | null;
  targetId: string;
  engine: 'postgres' | 'mysql';
  flavor: DbFlavor | null;
  version: string | null;
  versionNum: number | null;
  hosting: 'rds' | 'aurora' | 'external';
  address: string | null;
  /**
   * The IP addresses clients reach a server not on a collected host by: the target host if it
   * is an IP, and what its name resolved to when collected (bundle target.addresses). Empty for
   * a server on a collected host (matched by that host and the port).
   */
  endpointAddresses: string[];
  port: number | null;
  connected: boolean;
  /** Server settings by name (MySQL variables lower case; PostgreSQL pg_settings with unit). Empty when not collected. */
  settings: Map<string, string>;
  serverRows: DatabaseServer['serverRows'];
  databases: DatabaseFacts[];
  dataBytes: number;
  workload: WorkloadFacts;
  /** The server's processes summed (the listener and its descendants), when the collecting host's discovery saw it listening on the port. */
  process: { pid: number; cpuPct: number | null; rssBytes: number; processes: number } | null;
}

export interface PlanFacts {
  hosts: HostFacts[];
  servers: ServerFacts[];
}

/** How scout-agent shows up in the process list (`node dist/agent/cli.js collect`, `scout-agent run`). */
const AGENT_COMMAND = /(scout-agent|agent\/cli\.js)\s+(collect|run)\b/;

const LOOPBACK = /^(127\.|::1$|localhost$|::ffff:127\.)/i;
export const isLoopback = (address: string): boolean => LOOPBACK.test(address);

/** An address as the connection tables and inventories are matched by: IPv4-mapped IPv6 as IPv4, lower case. */
export const normalizeAddress = (a: string): string => a.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1').toLowerCase();

/** `<hostname>-<target id>` reduced to file-safe characters (scheme and user dropped). */
export function serverIdOf(hostname: string, targetId: string): string {
  const target = targetId.replace(/^[a-z]+:\/\//i, '').replace(/^[^@/]*@/, '');
  const id = `${hostname}-${target}`
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return id || 'server';
}

export function hostingOf(flavor: DbFlavor | null): ServerFacts['hosting'] {
  if (flavor?.startsWith('rds-')) return 'rds';
  if (flavor?.startsWith('aurora-')) return 'aurora';
  return 'external';
}

function readHost(host: HostBundles): HostFacts {
  const withHost = host.bundles.filter((b) => b.host !== null);
  const inv = [...withHost].reverse().find((b) => b.host?.inventory)?.host?.inventory ?? null;
  const last = withHost[withHost.length - 1]?.host ?? null;
  const addresses = new Set<string>();
  for (const nic of inv?.network.interfaces ?? []) {
    if (nic.isLoopback) continue;
    for (const a of nic.addresses) if (!isLoopback(a.address) && !a.address.toLowerCase().startsWith('fe80:')) addresses.add(a.address);
  }
  const ports = new Set<number>();
  for (const b of withHost) for (const l of b.host!.listening) if (l.protocol.startsWith('tcp')) ports.add(l.port);
  return {
    id: host.agentId,
    hostname: host.hostname,
    addresses: [...addresses],
    os: inv ? `${inv.os.distro ?? inv.os.platform} ${inv.os.release ?? ''}`.trim() : null,
    logicalCores: inv?.cpu.logicalCores ?? null,
    memoryBytes: inv?.memory.totalBytes ?? null,
    samples: withHost.flatMap((b) => b.host!.performance.samples),
    processes: last?.processes ?? [],
    connections: withHost.flatMap((b) => b.host!.connections),
    listeningPorts: [...ports].sort((a, b) => a - b),
    agentPids: [...new Set(withHost.flatMap((b) => b.host!.processes.filter((p) => AGENT_COMMAND.test(p.cmdline)).map((p) => p.pid)))],
    hostCollected: withHost.length > 0,
  };
}

/** One database server as a host's bundles last read it. */
export interface LatestServer {
  server: DatabaseServer;
  /** The workload start of the first collection of this target (the workload is counted from there). */
  start: DatabaseServer['workload']['start'];
  /** The bundle the server was read from. */
  bundle: Bundle;
}

/**
 * The newest collection of each target across a host's bundles (in collection order), with
 * the first workload start seen for it; a later failed connection keeps the earlier read.
 */
export function latestServers(bundles: readonly Bundle[]): LatestServer[] {
  const byTarget = new Map<string, LatestServer>();
  for (const bundle of bundles) {
    for (const server of bundle.databases?.servers ?? []) {
      const prev = byTarget.get(server.target.id);
      const start = prev?.start ?? server.workload.start;
      // A failed later connection does not replace a good earlier read.
      if (prev && !server.connected && prev.server.connected) continue;
      byTarget.set(server.target.id, { server, start, bundle });
    }
  }
  return [...byTarget.values()];
}

/**
 * The server's processes on the collecting host, summed: the process the discovery saw
 * listening on the port and all its descendants (the ppid chain: PostgreSQL backends and
 * background workers under the postmaster, or mysqld/mariadbd under mysqld_safe's child). When
 * the listener has no children in the list (PostgreSQL only), the other `postgres`/`postmaster`
 * processes of the same user count instead. CPU is null when no process had a reading.
 */
function processOf(bundle: Bundle, port: number | null, engine: ServerFacts['engine']): ServerFacts['process'] {
  if (port === null) return null;
  const found = bundle.databases?.discovered.find((d) => d.pid !== null && d.listen.some((l) => l.port === port));
  if (!found || found.pid === null) return null;
  const all = bundle.host?.processes ?? [];
  const root = all.find((p) => p.pid === found.pid);
  const pids = new Set<number>([found.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!pids.has(p.pid) && pids.has(p.ppid)) {
        pids.add(p.pid);
        grew = true;
      }
    }
  }
  if (pids.size === 1 && engine === 'postgres' && root) {
    for (const p of all) if ((p.name === 'postgres' || p.name === 'postmaster') && p.user === root.user) pids.add(p.pid);
  }
  const mine = all.filter((p) => pids.has(p.pid));
  const cpu = mine.map((p) => p.cpuPct).filter((c): c is number => c !== null);
  return { pid: found.pid, cpuPct: cpu.length > 0 ? cpu.reduce((a, b) => a + b, 0) : null, rssBytes: mine.reduce((n, p) => n + p.rssBytes, 0), processes: Math.max(1, mine.length) };
}

function readServer(host: HostBundles, hostFacts: HostFacts, byAddress: Map<string, string>, entry: LatestServer): ServerFacts {
  const { server, start, bundle } = entry;
  const flavor = server.server?.flavor ?? null;
  const targetHost = server.target.host;
  // A name that resolved to loopback or to the collecting host's own address is this host too.
  const resolved = (server.target.addresses ?? []).map(normalizeAddress);
  const local =
    targetHost === null ||
    isLoopback(targetHost) ||
    targetHost === host.hostname ||
    hostFacts.addresses.includes(targetHost) ||
    (resolved.length > 0 && resolved.every((a) => isLoopback(a) || hostFacts.addresses.includes(a)));
  const remote = [...new Set([...(isIP(targetHost ?? '') ? [normalizeAddress(targetHost!)] : []), ...resolved.filter((a) => !isLoopback(a))])];
  const runsOnHostId = local ? host.agentId : (byAddress.get(targetHost) ?? remote.map((a) => byAddress.get(a)).find((id) => id !== undefined) ?? null);
  const settings = server.engine === 'mysql' ? mysqlSettings(server) : postgresSettings(server);
  const workload = server.engine === 'mysql' ? mysqlWorkload(start, server.workload.end, settings) : postgresWorkload(start, server.workload.end);
  const databases: DatabaseFacts[] = server.databases.map((database) => {
    try {
      return { name: database.name, sizeBytes: database.sizeBytes, model: modelFromCatalog({ server, database }), modelError: null };
    } catch (err) {
      return { name: database.name, sizeBytes: database.sizeBytes, model: null, modelError: (err as Error).message };
    }
  });
  const port = server.target.port ?? (server.engine === 'mysql' ? 3306 : 5432);
  const address = targetHost !== null && !isLoopback(targetHost) ? targetHost : (hostFacts.addresses[0] ?? targetHost);
  return {
    id: serverIdOf(host.hostname, server.target.id),
    hostId: host.agentId,
    hostname: host.hostname,
    runsOnHostId,
    targetId: server.target.id,
    engine: server.engine,
    flavor,
    version: server.server?.version ?? null,
    versionNum: server.server?.versionNum ?? null,
    hosting: hostingOf(flavor),
    address,
    endpointAddresses: local ? [] : remote,
    port,
    connected: server.connected,
    settings,
    serverRows: server.serverRows,
    databases,
    dataBytes: databases.reduce((n, d) => n + (d.sizeBytes ?? 0), 0),
    workload,
    process: local ? processOf(bundle, port, server.engine) : null,
  };
}

/** Reads hosts and database servers from the loaded bundles; server ids are made unique. */
export function readFacts(hosts: HostBundles[]): PlanFacts {
  const hostFacts = hosts.map(readHost);
  const byAddress = new Map<string, string>();
  for (const h of hostFacts) for (const a of h.addresses) if (!byAddress.has(a)) byAddress.set(a, h.id);
  const servers = serversWithIds(hosts).map(({ hostIndex, entry, id }) => ({ ...readServer(hosts[hostIndex]!, hostFacts[hostIndex]!, byAddress, entry), id }));
  return { hosts: hostFacts, servers };
}

/**
 * Every host's database servers (latestServers order) with the id the plan and the report use:
 * serverIdOf, then `-2`, `-3`… when two servers would share one (two hosts with one hostname).
 * The one place server ids are made unique.
 */
export function serversWithIds(hosts: readonly HostBundles[]): { hostIndex: number; entry: LatestServer; id: string }[] {
  const used = new Set<string>();
  const out: { hostIndex: number; entry: LatestServer; id: string }[] = [];
  hosts.forEach((host, hostIndex) => {
    for (const entry of latestServers(host.bundles)) {
      const base = serverIdOf(host.hostname, entry.server.target.id);
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      out.push({ hostIndex, entry, id });
    }
  });
  return out;
}

/** The p-th percentile (linear between ranks); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  return sorted[lo]! + (sorted[Math.ceil(rank)]! - sorted[lo]!) * (rank - lo);
}

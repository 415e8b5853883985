/**
 * buildPlan: loaded bundles + settings (+ conversion results) → plan.json content. Pure and
 * deterministic: no I/O, no clock unless `now` is left out; the same input gives the same plan.
 */
import type { HostBundles } from '../load-bundles.js';
import { TOOL_VERSION } from '../version.js';
import { NOT_READ_CHECK_ID, runChecks } from './checks.js';
import { lobDecision, tableMappings, taskSettings } from './dms-artifacts.js';
import { readFacts, type DatabaseFacts, type HostFacts, type ServerFacts } from './facts.js';
import { dmsPaths, runbookPath } from './artifact-paths.js';
import { buildGraph, type DependencyGraph } from './graph.js';
import { INSTANCE_CATALOG_MADE_ON, INSTANCE_CATALOG_SOURCE } from './instance-catalog.js';
import { rankPaths } from './paths.js';
import { buildRunbook, type DdlFiles } from './runbook.js';
import { PLAN_FORMAT, PLAN_FORMAT_VERSION, type Plan, type PlanDatabase, type PlanHost, type PlanServer } from './schema.js';
import { settingsRecord, type PlanSettings } from './settings.js';
import { hostShares, hostUse, sizeAurora, sizeEc2 } from './sizing.js';
import { serverTarget } from './target.js';
import { applicationsByServer, findApplications, planWaves } from './waves.js';

export { serverIdOf } from './facts.js';
export { targetFor } from './target.js';

export type Conversions = Map<string /* serverId + '/' + dbName */, PlanDatabase['conversion']>;

export interface BuildPlanInput {
  hosts: HostBundles[];
  settings: PlanSettings;
  conversions?: Conversions;
  /**
   * The DDL scripts the conversion wrote, keyed like `conversions` (serverId + '/' + dbName), relative
   * to the output directory; runbooks name these. Without it, the names scout analyze gives them.
   */
  ddlFiles?: Map<string, DdlFiles>;
  now?: Date;
}

const round2 = (n: number | null): number | null => (n === null ? null : Math.round(n * 100) / 100);

function planDatabase(server: ServerFacts, db: DatabaseFacts, conversions: Conversions | undefined): PlanDatabase {
  const tables = (db.model?.schemas ?? []).reduce((n, s) => n + s.tables.length, 0);
  return { name: db.name, sizeBytes: db.sizeBytes, tables, conversion: conversions?.get(`${server.id}/${db.name}`) ?? null };
}

const NOT_READ_RATIONALE = `Not assessed: the server was not read (see ${NOT_READ_CHECK_ID}); connect and collect again.`;

function notAssessed(paths: PlanServer['paths']): PlanServer['paths'] {
  return paths.map((p) => ({ ...p, feasible: false, rationale: [NOT_READ_RATIONALE], blockers: [], fullLoadSeconds: 0, downtimeSeconds: 0, withinDowntime: false }));
}

function planServer(s: ServerFacts, ctx: { settings: PlanSettings; conversions: Conversions | undefined; ddlFiles: Map<string, DdlFiles> | undefined; graph: DependencyGraph; appsByServer: Map<string, string[]>; host: HostFacts | null; share: number }): PlanServer {
  const { settings } = ctx;
  const target = serverTarget(s, settings);
  const checks = runChecks(s, target.engine);
  const databases = s.databases.map((d) => planDatabase(s, d, ctx.conversions));
  const converted = databases.filter((d) => d.conversion && d.conversion.target === target.engine);
  const conversionHours = converted.length > 0 ? converted.reduce((n, d) => n + d.conversion!.effortHours, 0) : null;
  // A server never read has no facts to choose a path on: every path is listed as not assessed.
  const paths = s.connected ? rankPaths({ server: s, target, checks, settings, conversionHours }) : notAssessed(rankPaths({ server: s, target, checks, settings, conversionHours }));
  const best = paths[0];
  const recommended = best && best.feasible ? best.path : null;
  const sizing = s.connected ? sizeAurora(s, ctx.host, ctx.share, settings) : null;
  const artifacts: PlanServer['artifacts'] = [];
  const dmsFiles = new Map<string, { mappings: string; settings: string }>();
  let dmsTasks: PlanServer['dmsTasks'];
  if (recommended === 'dms') {
    dmsTasks = s.databases.map((db) => {
      const lob = lobDecision(s, db);
      const files = dmsPaths(s.id, db.name);
      dmsFiles.set(db.name, files);
      artifacts.push({ kind: 'dms-table-mappings', path: files.mappings }, { kind: 'dms-task-settings', path: files.settings });
      return { database: db.name, lobMode: lob.mode, lobReason: lob.reason, tableMappings: tableMappings(s, db, target.engine), taskSettings: taskSettings(lob) };
    });
  }
  if (recommended) artifacts.unshift({ kind: 'runbook', path: runbookPath(s.id) });
  const ddlFiles = new Map<string, DdlFiles>();
  for (const db of s.databases) {
    const files = ctx.ddlFiles?.get(`${s.id}/${db.name}`);
    if (files) ddlFiles.set(db.name, files);
  }
  const runbook = recommended ? buildRunbook({ server: s, plan: { target, sizing, checks }, path: recommended, settings, dmsFiles, ddlFiles }) : [];
  const clients = ctx.graph.clients.get(s.id);
  const server: PlanServer = {
    id: s.id,
    hostId: s.hostId,
    hostname: s.hostname,
    engine: s.engine,
    flavor: s.flavor,
    version: s.version,
    hosting: s.hosting,
    address: s.address,
    port: s.port,
    dataBytes: s.dataBytes,
    databases,
    target,
    recommended,
    paths,
    checks,
    blockers: recommended ? best!.blockers : [],
    workload: {
      writeRowsPerSec: round2(s.workload.writeRowsPerSec),
      writeBytesPerSec: round2(s.workload.writeBytesPerSec),
      connections: s.workload.connections,
      maxConnections: s.workload.maxConnections,
    },
    sizing,
    clients: [...(clients?.hosts ?? [])].sort(),
    externalClients: [...(clients?.external ?? [])].sort(),
    applications: ctx.appsByServer.get(s.id) ?? [],
    wave: 1,
    runbook,
    artifacts,
  };
  if (dmsTasks) server.dmsTasks = dmsTasks;
  return server;
}

function planHost(h: HostFacts, settings: PlanSettings, servers: ServerFacts[], application: string | null): PlanHost {
  const use = hostUse(h, settings.sizing.percentile);
  return {
    id: h.id,
    hostname: h.hostname,
    addresses: h.addresses,
    os: h.os,
    logicalCores: h.logicalCores,
    memoryBytes: h.memoryBytes,
    cpuPctAtPercentile: round2(use.cpuPct),
    memoryBytesAtPercentile: use.memoryBytes === null ? null : Math.round(use.memoryBytes),
    ec2: sizeEc2(h, settings),
    application,
    databaseServers: servers.filter((s) => s.runsOnHostId === h.id).map((s) => s.id),
    hostCollected: h.hostCollected,
  };
}

export function buildPlan(input: BuildPlanInput): Plan {
  const { settings } = input;
  const facts = readFacts(input.hosts);
  const graph = buildGraph(facts);
  const applications = findApplications(facts, graph, settings);
  const appsByServer = applicationsByServer(applications);
  const shares = hostShares(facts.servers);
  const hostById = new Map(facts.hosts.map((h) => [h.id, h]));
  const servers = facts.servers.map((s) =>
    planServer(s, { settings, conversions: input.conversions, ddlFiles: input.ddlFiles, graph, appsByServer, host: s.runsOnHostId ? (hostById.get(s.runsOnHostId) ?? null) : null, share: shares.get(s.id) ?? 1 }),
  );
  const downtime = new Map(servers.map((s) => [s.id, s.paths.find((p) => p.path === s.recommended)?.downtimeSeconds ?? 0]));
  const labels = new Map(servers.map((s) => [s.id, `${s.flavor ?? s.engine} ${s.address ?? s.hostname}:${s.port ?? ''}`]));
  const waves = planWaves(
    servers.map((s) => s.id),
    applications,
    downtime,
    labels,
  );
  for (const w of waves) {
    for (const id of w.databaseServers) {
      const server = servers.find((s) => s.id === id)!;
      server.wave = w.index;
      if (!facts.servers.find((f) => f.id === id)!.connected) w.warnings.push(`${labels.get(id) ?? id} was not read, so it is not assessed and adds no downtime here: connect and collect again before scheduling it.`);
    }
    for (const shared of graph.sharedEndpoints) {
      if (!shared.servers.some((id) => w.databaseServers.includes(id))) continue;
      const names = shared.servers.map((id) => labels.get(id) ?? id);
      w.warnings.push(`${names.join(' and ')} answer at the same endpoint ${shared.endpoint}: probably one server collected under two names (its clients count for ${names[0]} only); plan it once.`);
    }
  }
  const appOfHost = new Map<string, string>();
  for (const a of applications) for (const h of a.hosts) appOfHost.set(h, a.id);
  const hosts = facts.hosts.map((h) => planHost(h, settings, facts.servers, appOfHost.get(h.id) ?? null));
  const byPath: Record<string, number> = {};
  for (const s of servers) byPath[s.recommended ?? 'none'] = (byPath[s.recommended ?? 'none'] ?? 0) + 1;
  return {
    format: PLAN_FORMAT,
    formatVersion: PLAN_FORMAT_VERSION,
    generatedAt: (input.now ?? new Date()).toISOString(),
    scoutVersion: TOOL_VERSION,
    settings: settingsRecord(settings),
    instanceCatalog: { madeOn: INSTANCE_CATALOG_MADE_ON, source: INSTANCE_CATALOG_SOURCE, pricesApproximate: true },
    hosts,
    servers,
    applications,
    waves,
    graph: graph.graph,
    totals: {
      hosts: hosts.length,
      servers: servers.length,
      databases: servers.reduce((n, s) => n + s.databases.length, 0),
      dataBytes: servers.reduce((n, s) => n + s.dataBytes, 0),
      downtimeSeconds: waves.reduce((n, w) => n + w.downtimeSeconds, 0),
      conversionEffortHours: Math.round(servers.reduce((n, s) => n + s.databases.reduce((m, d) => m + (d.conversion?.effortHours ?? 0), 0), 0) * 10) / 10,
      byPath,
      blocked: servers.filter((s) => s.blockers.length > 0 || (s.recommended === null && !(s.hosting === 'aurora' && !s.target.heterogeneous))).length,
    },
  };
}

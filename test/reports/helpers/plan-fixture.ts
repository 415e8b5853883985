/**
 * A small valid plan (checked with PlanSchema) for tests of the parts that read a plan,
 * written by hand so those tests do not depend on the planner's choices.
 */
import type { HostBundles } from '../../../analyzer/load-bundles.js';
import { PLAN_FORMAT, PLAN_FORMAT_VERSION, PlanSchema, type Plan, type PlanServer } from '../../../analyzer/plan/schema.js';

export interface ServerSpec {
  id: string;
  hostId: string;
  hostname: string;
  engine: 'mysql' | 'postgres';
  address: string | null;
  artifacts?: { kind: string; path: string }[];
  wave?: number;
}

function server(spec: ServerSpec): PlanServer {
  const target = spec.engine === 'mysql' ? 'aurora-mysql' : 'aurora-postgresql';
  return {
    id: spec.id,
    hostId: spec.hostId,
    hostname: spec.hostname,
    engine: spec.engine,
    flavor: spec.engine === 'mysql' ? 'mariadb' : 'postgresql',
    version: spec.engine === 'mysql' ? '10.11.6' : '15.4',
    hosting: 'external',
    address: spec.address,
    port: spec.engine === 'mysql' ? 3306 : 5432,
    dataBytes: 1_000_000,
    databases: [{ name: 'shop', sizeBytes: 1_000_000, tables: 3, conversion: null }],
    target: { engine: target, version: '3', heterogeneous: false, reason: 'same engine' },
    recommended: 'native-dump',
    paths: [],
    checks: [],
    blockers: [],
    workload: { writeRowsPerSec: null, writeBytesPerSec: null, connections: null, maxConnections: null },
    sizing: null,
    clients: [],
    externalClients: [],
    applications: ['app-1'],
    wave: spec.wave ?? 1,
    runbook: [],
    artifacts: spec.artifacts ?? [],
  };
}

/** One plan host per loaded host (all inventoried), the given servers, one application over all of them. */
export function planFixture(hosts: readonly HostBundles[], servers: readonly ServerSpec[]): Plan {
  const plan: Plan = {
    format: PLAN_FORMAT,
    formatVersion: PLAN_FORMAT_VERSION,
    generatedAt: '2026-11-26T08:00:00.000Z',
    scoutVersion: '0.1.0',
    settings: {},
    instanceCatalog: { madeOn: '2026-11-01', source: 'test', pricesApproximate: true },
    hosts: hosts.map((h) => ({
      id: h.agentId,
      hostname: h.hostname,
      addresses: [],
      os: null,
      logicalCores: null,
      memoryBytes: null,
      cpuPctAtPercentile: null,
      memoryBytesAtPercentile: null,
      ec2: null,
      application: 'Shop, web',
      databaseServers: servers.filter((s) => s.hostId === h.agentId && s.address === null).map((s) => s.id),
      hostCollected: h.bundles.some((b) => b.host !== null),
    })),
    servers: servers.map(server),
    applications: [{ id: 'app-1', name: 'Shop, web', named: true, hosts: hosts.map((h) => h.agentId), databaseServers: servers.map((s) => s.id) }],
    waves: [{ index: 1, databaseServers: servers.map((s) => s.id), applications: ['app-1'], warnings: [], downtimeSeconds: 60 }],
    graph: { nodes: [], edges: [] },
    totals: {
      hosts: hosts.length,
      servers: servers.length,
      databases: servers.length,
      dataBytes: servers.length * 1_000_000,
      downtimeSeconds: 60,
      conversionEffortHours: 0,
      byPath: { 'native-dump': servers.length },
      blocked: 0,
    },
  };
  return PlanSchema.parse(plan);
}

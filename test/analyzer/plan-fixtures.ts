/**
 * Builders of synthetic bundles for the planner tests: valid per BundleSchema (every builder's
 * output is parsed with it), with MySQL and PostgreSQL catalog rows shaped as the agent writes
 * them (see agent/db/mysql/queries.ts and agent/db/postgres/relation-queries.ts).
 */
import { BundleSchema, type Bundle, type Connection, type DatabaseServer, type DbFlavor, type HostPart, type PerfSample } from '../../agent/bundle/index.js';
import type { HostBundles } from '../../analyzer/load-bundles.js';

const T0 = '2026-11-20T10:00:00.000Z';
const T1 = '2026-11-20T11:00:00.000Z';
const GB = 1e9;

let counter = 0;
/** A valid, deterministic-looking v4 UUID. */
export function uuid(n = ++counter): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

// ------------------------------------------------------------------ MySQL

export interface MyColumn {
  name: string;
  /** COLUMN_TYPE, e.g. `int(11)`, `longtext`, `varchar(40)`. */
  type: string;
  nullable?: boolean;
  extra?: string;
}

export interface MyTable {
  name: string;
  engine?: string;
  rowFormat?: string;
  createOptions?: string;
  columns: MyColumn[];
  pk?: string[];
  unique?: { name: string; columns: string[] }[];
  fks?: { name: string; columns: string[]; refTable: string; refColumns: string[]; onDelete?: string; onUpdate?: string }[];
  dataBytes?: number;
}

const dataTypeOf = (columnType: string): string => columnType.replace(/\(.*$/, '').replace(/ .*$/, '').toLowerCase();

export function mysqlRows(schema: string, tables: MyTable[]): Record<string, Record<string, unknown>[]> {
  const rows: Record<string, Record<string, unknown>[]> = { tables: [], columns: [], indexes: [], constraints: [], key_columns: [], foreign_keys: [], checks: [], partitions: [] };
  for (const t of tables) {
    rows.tables!.push({
      table_schema: schema,
      table_name: t.name,
      table_type: 'BASE TABLE',
      engine: t.engine ?? 'InnoDB',
      row_format: t.rowFormat ?? 'Dynamic',
      create_options: t.createOptions ?? '',
      table_rows: '100',
      data_length: String(t.dataBytes ?? 16384),
      index_length: '0',
      auto_increment: t.columns.some((c) => c.extra?.includes('auto_increment')) ? '101' : null,
      table_collation: 'utf8mb4_general_ci',
      table_comment: '',
    });
    t.columns.forEach((c, i) =>
      rows.columns!.push({
        table_schema: schema,
        table_name: t.name,
        column_name: c.name,
        ordinal_position: i + 1,
        column_default: null,
        is_nullable: c.nullable === false || t.pk?.includes(c.name) ? 'NO' : 'YES',
        data_type: dataTypeOf(c.type),
        column_type: c.type,
        column_key: t.pk?.includes(c.name) ? 'PRI' : '',
        extra: c.extra ?? '',
        column_comment: '',
      }),
    );
    const index = (name: string, cols: string[], unique: boolean): void =>
      cols.forEach((col, i) => rows.indexes!.push({ table_schema: schema, table_name: t.name, index_name: name, non_unique: unique ? '0' : '1', seq_in_index: i + 1, column_name: col, index_type: 'BTREE', collation: 'A' }));
    if (t.pk) {
      index('PRIMARY', t.pk, true);
      rows.constraints!.push({ table_schema: schema, table_name: t.name, constraint_schema: schema, constraint_name: 'PRIMARY', constraint_type: 'PRIMARY KEY' });
    }
    for (const u of t.unique ?? []) index(u.name, u.columns, true);
    for (const fk of t.fks ?? []) {
      rows.constraints!.push({ table_schema: schema, table_name: t.name, constraint_schema: schema, constraint_name: fk.name, constraint_type: 'FOREIGN KEY' });
      fk.columns.forEach((col, i) =>
        rows.key_columns!.push({ table_schema: schema, table_name: t.name, constraint_schema: schema, constraint_name: fk.name, column_name: col, ordinal_position: i + 1, referenced_table_schema: schema, referenced_table_name: fk.refTable, referenced_column_name: fk.refColumns[i] }),
      );
      rows.foreign_keys!.push({ constraint_schema: schema, constraint_name: fk.name, table_name: t.name, referenced_table_name: fk.refTable, update_rule: fk.onUpdate ?? 'RESTRICT', delete_rule: fk.onDelete ?? 'RESTRICT' });
      index(fk.name, fk.columns, false);
    }
  }
  return rows;
}

/** A healthy MySQL 8.0 server's CDC-relevant variables; override what a scenario changes. */
export const MYSQL_GOOD_VARIABLES: Record<string, string> = {
  log_bin: 'ON',
  binlog_format: 'ROW',
  binlog_row_image: 'FULL',
  binlog_expire_logs_seconds: '604800',
  expire_logs_days: '0',
  server_id: '1',
  innodb_page_size: '16384',
  max_connections: '151',
  innodb_buffer_pool_size: String(8 * 1024 ** 3),
};

export interface ServerSpec {
  flavor: DbFlavor;
  version: string;
  versionNum: number;
  host?: string;
  port?: number;
  databases: { name: string; sizeBytes: number; rows?: Record<string, Record<string, unknown>[]> }[];
  /** MySQL variables, or PostgreSQL settings (name → setting[ unit]). */
  settings: Record<string, string>;
  serverRows?: Record<string, Record<string, unknown>[]>;
  workload?: DatabaseServer['workload'];
}

export function mysqlServer(spec: ServerSpec): DatabaseServer {
  const host = spec.host ?? '127.0.0.1';
  const port = spec.port ?? 3306;
  return {
    engine: 'mysql',
    target: { id: `mysql://admin@${host}:${port}/`, url: `mysql://admin@${host}:${port}/`, host, port, socket: null, user: 'admin', source: 'flag' },
    connected: true,
    startedAt: T0,
    endedAt: T1,
    server: { version: spec.version, versionNum: spec.versionNum, flavor: spec.flavor, flavorEvidence: [], uptimeSeconds: 86400, currentUser: 'admin@%', sizeBytes: spec.databases.reduce((n, d) => n + d.sizeBytes, 0) },
    serverRows: {
      variables: Object.entries(spec.settings).map(([Variable_name, Value]) => ({ Variable_name, Value })),
      catalog_conventions: [{ column_default_literals: spec.flavor.includes('mariadb') }],
      ...(spec.serverRows as DatabaseServer['serverRows'] | undefined),
    },
    databases: spec.databases.map((d) => ({ name: d.name, sizeBytes: d.sizeBytes, rows: (d.rows ?? mysqlRows(d.name, [])) as DatabaseServer['databases'][number]['rows'] })),
    workload: spec.workload ?? { start: null, end: null },
    queries: [],
    errors: [],
    limitations: [],
  };
}

// ------------------------------------------------------------------ PostgreSQL

export interface PgTable {
  schema?: string;
  name: string;
  columns: { name: string; type: string; typeName: string; notNull?: boolean }[];
  pk?: string[];
  replicaIdentity?: 'd' | 'f' | 'n';
}

export function postgresRows(tables: PgTable[]): Record<string, Record<string, unknown>[]> {
  const schemas = [...new Set(tables.map((t) => t.schema ?? 'public').concat('public'))];
  const rows: Record<string, Record<string, unknown>[]> = {
    schemas: schemas.map((name, i) => ({ oid: 2200 + i, name, owner: 'postgres', comment: null })),
    tables: [],
    columns: [],
    constraints: [],
    indexes: [],
  };
  tables.forEach((t, i) => {
    const schema = t.schema ?? 'public';
    rows.tables!.push({ oid: 16000 + i, schema, name: t.name, relkind: 'r', relpersistence: 'p', owner: 'postgres', is_partition: false, partition_bound: null, partition_key: null, parents: null, reltuples: 100, relpages: 1, locked: false, tablespace: null, reloptions: null, replica_identity: t.replicaIdentity ?? 'd', replica_identity_index: null, has_primary_key: Boolean(t.pk), row_security: false, force_row_security: false, foreign_server: null, comment: null });
    t.columns.forEach((c, j) =>
      rows.columns!.push({ schema, table_name: t.name, relkind: 'r', ordinal: j + 1, name: c.name, data_type: c.type, type_schema: 'pg_catalog', type_name: c.typeName, type_kind: 'b', dimensions: 0, not_null: c.notNull ?? Boolean(t.pk?.includes(c.name)), default_expr: null, identity: '', generated: '', collation: null, collation_is_type_default: true, comment: null, owned_sequence_schema: null, owned_sequence: null, owned_sequence_deptype: null, locked: false }),
    );
    if (t.pk) {
      rows.constraints!.push({ oid: 17000 + i, schema, table_name: t.name, name: `${t.name}_pkey`, type: 'p', definition: `PRIMARY KEY (${t.pk.join(', ')})`, columns: t.pk, ref_schema: null, ref_table: null, ref_columns: null, on_update: ' ', on_delete: ' ', match_type: ' ', deferrable: false, deferred: false, validated: true, is_local: true, inherited_count: 0, no_inherit: true, parent_oid: null, index_name: `${t.name}_pkey`, comment: null, locked: false });
    }
  });
  return rows;
}

export const PG_GOOD_SETTINGS: Record<string, string> = {
  wal_level: 'logical',
  max_wal_senders: '10',
  wal_sender_timeout: '60000 ms',
  max_replication_slots: '10',
  max_connections: '100',
  shared_buffers: '16384 8kB',
};

export function postgresServer(spec: ServerSpec): DatabaseServer {
  const host = spec.host ?? '127.0.0.1';
  const port = spec.port ?? 5432;
  return {
    engine: 'postgres',
    target: { id: `postgres://admin@${host}:${port}/postgres`, url: `postgres://admin@${host}:${port}/postgres`, host, port, socket: null, user: 'admin', source: 'flag' },
    connected: true,
    startedAt: T0,
    endedAt: T1,
    server: { version: spec.version, versionNum: spec.versionNum, flavor: spec.flavor, flavorEvidence: [], uptimeSeconds: 86400, currentUser: 'admin', sizeBytes: spec.databases.reduce((n, d) => n + d.sizeBytes, 0) },
    serverRows: {
      settings: Object.entries(spec.settings).map(([name, value]) => {
        const [setting, unit = null] = value.split(' ');
        return { name, setting: setting!, unit };
      }),
      replication_slots: [],
      prepared_xacts: [],
      long_transactions: [],
      ...(spec.serverRows as DatabaseServer['serverRows'] | undefined),
    },
    databases: spec.databases.map((d) => ({ name: d.name, sizeBytes: d.sizeBytes, rows: (d.rows ?? postgresRows([])) as DatabaseServer['databases'][number]['rows'] })),
    workload: spec.workload ?? { start: null, end: null },
    queries: [],
    errors: [],
    limitations: [],
  };
}

// ------------------------------------------------------------------ hosts and bundles

export interface HostSpec {
  addresses: string[];
  cores?: number;
  memoryGiB?: number;
  /** CPU % of the whole host per sample. */
  cpu?: number[];
  /** Used memory GiB per sample. */
  memUsedGiB?: number[];
  connections?: Pick<Connection, 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort' | 'direction'>[];
  processes?: HostPart['processes'];
}

export function hostPart(hostname: string, spec: HostSpec): HostPart {
  const samples: PerfSample[] = (spec.cpu ?? []).map((cpu, i) => ({
    t: new Date(Date.parse(T0) + (i + 1) * 60000).toISOString(),
    cpu: { totalPct: cpu, userPct: cpu, systemPct: 0, iowaitPct: 0, stealPct: 0, perCorePct: [] },
    load: { avg1: 0, avg5: 0, avg15: 0 },
    memory: { usedBytes: (spec.memUsedGiB?.[i] ?? 1) * 1024 ** 3, availableBytes: 1024 ** 3, cachedBytes: 0, swapUsedBytes: 0 },
    disk: { total: { readBytesPerSec: 0, writeBytesPerSec: 0, readOpsPerSec: 0, writeOpsPerSec: 0 }, devices: {} },
    network: { total: { rxBytesPerSec: 0, txBytesPerSec: 0, rxPacketsPerSec: 0, txPacketsPerSec: 0 }, interfaces: {} },
    filesystems: {},
  }));
  return {
    inventory: {
      collectedAt: T0,
      hostname,
      fqdn: null,
      os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', codename: 'bookworm', kernel: '6.1.0', arch: 'x64' },
      virtualization: { isVirtual: true, hypervisor: 'kvm', container: null, manufacturer: null, model: null, cloud: null },
      cpu: { model: 'cpu', vendor: null, sockets: 1, physicalCores: spec.cores ?? 4, logicalCores: spec.cores ?? 4, mhz: null, maxMhz: null },
      memory: { totalBytes: (spec.memoryGiB ?? 16) * 1024 ** 3, swapTotalBytes: 0 },
      blockDevices: [],
      filesystems: [],
      network: {
        interfaces: [
          { name: 'eth0', mac: null, addresses: spec.addresses.map((address) => ({ family: address.includes(':') ? ('ipv6' as const) : ('ipv4' as const), address, prefixLength: 24 })), speedMbps: null, mtu: 1500, isUp: true, isVirtual: false, isLoopback: false },
          { name: 'lo', mac: null, addresses: [{ family: 'ipv4', address: '127.0.0.1', prefixLength: 8 }], speedMbps: null, mtu: 65536, isUp: true, isVirtual: true, isLoopback: true },
        ],
        defaultGateway: { ipv4: null, ipv6: null },
        dnsServers: [],
        searchDomains: [],
      },
      timezone: 'UTC',
      bootTime: null,
      uptimeSeconds: 1000,
      packages: null,
      services: null,
    },
    processes: spec.processes ?? [],
    listening: [],
    connections: (spec.connections ?? []).map((c) => ({ protocol: 'tcp', ...c, pid: null, process: null, state: 'ESTABLISHED', firstSeen: T0, lastSeen: T1, timesObserved: 3 })),
    connectionSamples: 10,
    performance: { intervalMs: 60000, samples, summary: {} },
  };
}

/** Two SHOW GLOBAL STATUS snapshots an hour apart. */
export function mysqlStatusWorkload(start: Record<string, number>, end: Record<string, number>): DatabaseServer['workload'] {
  const rows = (m: Record<string, number>) => ({ global_status: Object.entries(m).map(([Variable_name, v]) => ({ Variable_name, Value: String(v) })) });
  return { start: { at: T0, rows: rows(start) }, end: { at: T1, rows: rows(end) } };
}

/** A process the agent saw, for host-share tests. */
export function processInfo(pid: number, name: string, cpuPct: number, rssGiB: number): HostPart['processes'][number] {
  return { pid, ppid: 1, uid: 0, user: 'mysql', name, exe: null, cmdline: name, cpuPct, rssBytes: rssGiB * 1024 ** 3, threads: 10, startedAt: T0, isKernelThread: false };
}

export type DiscoveredSpec = { engine: 'mysql' | 'postgres' | 'mariadb'; pid: number; port: number };

export function makeBundle(hostname: string, opts: { host?: HostPart | null; servers?: DatabaseServer[]; agentId?: string; discovered?: DiscoveredSpec[] }): Bundle {
  const host = opts.host ?? null;
  const bundle = {
    format: 'scout-bundle',
    formatVersion: 2,
    agent: { id: opts.agentId ?? uuid(), version: '0.1.0', hostname },
    collection: {
      id: uuid(),
      mode: 'collect',
      startedAt: T0,
      endedAt: T1,
      intervalMs: 60000,
      runAs: { uid: 0, user: 'root', isRoot: true },
      segment: null,
      parts: { host: host !== null, databases: (opts.servers ?? []).length > 0 },
    },
    host,
    databases: {
      discovered: (opts.discovered ?? []).map((d) => ({ engine: d.engine, version: null, versionSource: 'none', pid: d.pid, process: d.engine, user: null, listen: [{ address: '0.0.0.0', port: d.port }], unixSockets: [], dataDir: null, configFile: null })),
      servers: opts.servers ?? [],
    },
    errors: [],
    limitations: [],
  };
  // Every fixture must be a bundle the agent could have written.
  return BundleSchema.parse(bundle);
}

export function hostsOf(...bundles: Bundle[]): HostBundles[] {
  const byAgent = new Map<string, Bundle[]>();
  for (const b of bundles) byAgent.set(b.agent.id, [...(byAgent.get(b.agent.id) ?? []), b]);
  return [...byAgent].map(([agentId, list]) => ({ agentId, hostname: list[list.length - 1]!.agent.hostname, bundles: list }));
}

export const gb = (n: number): number => n * GB;

/**
 * Synthetic estates for the report bench: host bundles made from the Debian 12 fixture
 * bundle (new ids, names, addresses, an hour of performance samples, connections between
 * application hosts and database hosts), and on every tenth host a MariaDB server whose
 * catalog rows have the shape the agent's MySQL queries return (agent/db/mysql/queries.ts:
 * information_schema column names, numbers as text, MariaDB's quoted default literals).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { validateBundle, type Bundle, type DatabaseServer, type PerfSample } from '../../agent/bundle/index.js';
import { summarizeSamples } from '../../agent/perf/summary.js';

type Row = Record<string, string | number | boolean | null>;

export interface EstateShape {
  hosts: number;
  /** Every `dbEvery`-th host (0, 10, 20…) runs a database server. */
  dbEvery: number;
  tablesPerDatabase: number;
  samplesPerHost: number;
}

export const DEFAULT_SHAPE: EstateShape = { hosts: 1000, dbEvery: 10, tablesPerDatabase: 200, samplesPerHost: 240 };

const MARIADB_VERSION = '10.11.19-MariaDB-0+deb12u1';
const SAMPLE_MS = 15_000;

export function loadTemplate(file: string): Bundle {
  const result = validateBundle(JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')));
  if (!result.ok) throw new Error(`template bundle invalid: ${result.problems.join('; ')}`);
  return result.bundle;
}

export const hostName = (i: number): string => `host-${String(i).padStart(4, '0')}`;
export const hostAddress = (i: number): string => `10.${1 + (i >> 8)}.${i & 255}.10`;
const dbHostOf = (i: number, shape: EstateShape): number => Math.floor(i / shape.dbEvery) * shape.dbEvery;

/** A plausible hour of load: a daily-looking wave per host plus noise from a fixed seed. */
function samples(template: PerfSample, i: number, count: number, end: number): PerfSample[] {
  const out: PerfSample[] = [];
  let seed = (i + 1) * 2_654_435_761;
  const noise = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let k = 0; k < count; k++) {
    const wave = 0.5 + 0.5 * Math.sin((k / count) * Math.PI * 2 + i);
    const cpu = Math.min(100, 5 + 60 * wave * (0.5 + (i % 7) / 10) + 10 * noise());
    const disk = { readBytesPerSec: 4e6 * wave, writeBytesPerSec: 2e6 * noise(), readOpsPerSec: 300 * wave, writeOpsPerSec: 120 * noise() };
    const net = { rxBytesPerSec: 1e6 * wave, txBytesPerSec: 8e5 * noise(), rxPacketsPerSec: 900 * wave, txPacketsPerSec: 700 * noise() };
    const used = 2e9 + 6e9 * wave;
    const s: PerfSample = {
      t: new Date(end - (count - 1 - k) * SAMPLE_MS).toISOString(),
      cpu: { totalPct: cpu, userPct: cpu * 0.7, systemPct: cpu * 0.3, iowaitPct: 0, stealPct: 0, perCorePct: template.cpu.perCorePct.map(() => cpu) },
      load: { avg1: cpu / 50, avg5: cpu / 60, avg15: cpu / 70 },
      memory: { usedBytes: used, availableBytes: Math.max(0, 25e9 - used), cachedBytes: 4e8, swapUsedBytes: 0 },
      disk: { total: disk, devices: { vda: disk } },
      network: { total: net, interfaces: { eth0: net } },
      filesystems: { '/': { usedBytes: 2.4e10, sizeBytes: 2.7e11 } },
    };
    out.push(s);
  }
  return out;
}

function mysqlServerRows(): DatabaseServer['serverRows'] {
  const variables: [string, string][] = [
    ['version', MARIADB_VERSION],
    ['version_comment', 'Debian 12'],
    ['log_bin', 'ON'],
    ['binlog_format', 'ROW'],
    ['binlog_row_image', 'FULL'],
    ['server_id', '1'],
    ['expire_logs_days', '7'],
    ['binlog_expire_logs_seconds', '604800'],
    ['innodb_page_size', '16384'],
    ['max_connections', '151'],
    ['max_allowed_packet', '16777216'],
    ['lower_case_table_names', '0'],
    ['character_set_server', 'utf8mb4'],
    ['collation_server', 'utf8mb4_general_ci'],
    ['sql_mode', 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION'],
    ['default_storage_engine', 'InnoDB'],
    ['time_zone', 'SYSTEM'],
    ['system_time_zone', 'UTC'],
    ['gtid_strict_mode', 'OFF'],
    ['log_slave_updates', 'OFF'],
    ['read_only', 'OFF'],
    ['innodb_file_per_table', 'ON'],
    ['innodb_buffer_pool_size', '134217728'],
  ];
  return {
    version: [{ version: MARIADB_VERSION, version_comment: 'Debian 12', basedir: '/usr', current_account: 'root@127.0.0.1', hostname: 'db', port: '3306' }],
    variables: variables.map(([Variable_name, Value]) => ({ Variable_name, Value })),
    replica_status: [],
    all_replicas_status: [],
    user_privileges: [{ grantee: "'root'@'localhost'", privilege_type: 'SELECT', is_grantable: 'YES' }],
    users: [{ user: 'root', host: 'localhost', plugin: 'mysql_native_password', account_locked: 'N', password_expired: 'N', is_role: 'N' }],
    plugins: [{ plugin_name: 'InnoDB', plugin_version: '10.11', plugin_status: 'ACTIVE', plugin_type: 'STORAGE ENGINE', plugin_library: null, plugin_license: 'GPL', load_option: 'FORCE', plugin_maturity: 'Stable' }],
    engines: [{ engine: 'InnoDB', support: 'DEFAULT', comment: 'Supports transactions', transactions: 'YES', xa: 'YES', savepoints: 'YES' }],
    schemata: [{ schema_name: 'shop', default_character_set_name: 'utf8mb4', default_collation_name: 'utf8mb4_general_ci', schema_comment: '' }],
    schema_sizes: [],
    rds_tables: [],
    catalog_conventions: [
      {
        column_default_literals: true,
        note: "MariaDB 10.2.7+: COLUMN_DEFAULT is an SQL literal ('text' quoted, NULL as the text NULL, functions as current_timestamp())",
        statement_timeout: 'max_statement_time',
        schema_filter: 'one query per kind per schema',
      },
    ],
  };
}

interface ColumnSpec {
  name: string;
  dataType: string;
  columnType: string;
  nullable: boolean;
  default: string | null;
  key: string;
  extra: string;
  charLen: string | null;
  precision: string | null;
  scale: string | null;
}

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', dataType: 'int', columnType: 'int(11)', nullable: false, default: null, key: 'PRI', extra: 'auto_increment', charLen: null, precision: '10', scale: '0' },
  { name: 'name', dataType: 'varchar', columnType: 'varchar(100)', nullable: false, default: "'unnamed'", key: 'MUL', extra: '', charLen: '100', precision: null, scale: null },
  { name: 'amount', dataType: 'decimal', columnType: 'decimal(12,2)', nullable: true, default: 'NULL', key: '', extra: '', charLen: null, precision: '12', scale: '2' },
  { name: 'created_at', dataType: 'datetime', columnType: 'datetime', nullable: false, default: 'current_timestamp()', key: '', extra: '', charLen: null, precision: null, scale: null },
  { name: 'is_active', dataType: 'tinyint', columnType: 'tinyint(1)', nullable: false, default: '1', key: '', extra: '', charLen: null, precision: '3', scale: '0' },
  { name: 'status', dataType: 'enum', columnType: "enum('new','paid','shipped')", nullable: false, default: "'new'", key: '', extra: '', charLen: '7', precision: null, scale: null },
  { name: 'quantity', dataType: 'int', columnType: 'int(10) unsigned', nullable: false, default: '0', key: '', extra: '', charLen: null, precision: '10', scale: '0' },
  { name: 'ref_id', dataType: 'int', columnType: 'int(11)', nullable: true, default: 'NULL', key: 'MUL', extra: '', charLen: null, precision: '10', scale: '0' },
  { name: 'note', dataType: 'text', columnType: 'text', nullable: true, default: 'NULL', key: '', extra: '', charLen: '65535', precision: null, scale: null },
  { name: 'updated_at', dataType: 'timestamp', columnType: 'timestamp', nullable: false, default: 'current_timestamp()', key: '', extra: 'on update current_timestamp()', charLen: null, precision: null, scale: null },
];

/** Catalog rows of one schema: tables in a chain of foreign keys, a few views and procedures. */
export function mysqlCatalogRows(schema: string, tables: number): Record<string, Row[]> {
  const rows: Record<string, Row[]> = {
    tables: [],
    columns: [],
    indexes: [],
    constraints: [],
    key_columns: [],
    foreign_keys: [],
    checks: [],
    views: [],
    routines: [],
    parameters: [],
    triggers: [],
    events: [],
    partitions: [],
    sequences: [],
  };
  const created = '2026-01-15 10:00:00';
  for (let t = 0; t < tables; t++) {
    const table = `t_${String(t).padStart(3, '0')}`;
    rows.tables!.push({
      table_schema: schema,
      table_name: table,
      table_type: 'BASE TABLE',
      engine: 'InnoDB',
      row_format: 'Dynamic',
      create_options: '',
      table_rows: String(1000 + t * 37),
      avg_row_length: '120',
      data_length: String(16384 * (10 + t)),
      index_length: String(16384 * (4 + (t % 5))),
      data_free: '0',
      auto_increment: String(1001 + t * 37),
      table_collation: 'utf8mb4_general_ci',
      table_comment: t % 10 === 0 ? `Table number ${t}` : '',
      create_time: created,
      update_time: null,
    });
    COLUMNS.forEach((c, k) => {
      const text = c.charLen !== null && c.dataType !== 'enum' ? true : c.dataType === 'enum';
      rows.columns!.push({
        table_schema: schema,
        table_name: table,
        column_name: c.name,
        ordinal_position: String(k + 1),
        column_default: c.default,
        is_nullable: c.nullable ? 'YES' : 'NO',
        data_type: c.dataType,
        column_type: c.columnType,
        character_maximum_length: c.charLen,
        numeric_precision: c.precision,
        numeric_scale: c.scale,
        character_set_name: text ? 'utf8mb4' : null,
        collation_name: text ? 'utf8mb4_general_ci' : null,
        column_key: c.key,
        extra: c.extra,
        column_comment: '',
        generation_expression: null,
        is_generated: 'NEVER',
      });
    });
    const index = (name: string, column: string, nonUnique: boolean): Row => ({
      table_schema: schema,
      table_name: table,
      index_name: name,
      non_unique: nonUnique ? '1' : '0',
      seq_in_index: 1,
      column_name: column,
      sub_part: null,
      collation: 'A',
      cardinality: '1000',
      nullable: column === 'ref_id' ? 'YES' : '',
      index_type: 'BTREE',
      comment: '',
      index_comment: '',
      ignored: 'NO',
    });
    rows.indexes!.push(index('PRIMARY', 'id', false), index('ix_name', 'name', true));
    rows.constraints!.push({ table_schema: schema, table_name: table, constraint_schema: schema, constraint_name: 'PRIMARY', constraint_type: 'PRIMARY KEY' });
    rows.key_columns!.push({
      table_schema: schema,
      table_name: table,
      constraint_schema: schema,
      constraint_name: 'PRIMARY',
      column_name: 'id',
      ordinal_position: '1',
      position_in_unique_constraint: null,
      referenced_table_schema: null,
      referenced_table_name: null,
      referenced_column_name: null,
    });
    if (t > 0) {
      const parent = `t_${String(t - 1).padStart(3, '0')}`;
      const fk = `fk_${table}_ref`;
      rows.indexes!.push(index(fk, 'ref_id', true));
      rows.constraints!.push({ table_schema: schema, table_name: table, constraint_schema: schema, constraint_name: fk, constraint_type: 'FOREIGN KEY' });
      rows.key_columns!.push({
        table_schema: schema,
        table_name: table,
        constraint_schema: schema,
        constraint_name: fk,
        column_name: 'ref_id',
        ordinal_position: '1',
        position_in_unique_constraint: '1',
        referenced_table_schema: schema,
        referenced_table_name: parent,
        referenced_column_name: 'id',
      });
      rows.foreign_keys!.push({
        constraint_schema: schema,
        constraint_name: fk,
        table_name: table,
        referenced_table_name: parent,
        unique_constraint_schema: schema,
        unique_constraint_name: 'PRIMARY',
        match_option: 'NONE',
        update_rule: 'RESTRICT',
        delete_rule: t % 3 === 0 ? 'CASCADE' : 'RESTRICT',
      });
    }
  }
  for (let v = 0; v < Math.min(10, tables); v++) {
    const table = `t_${String(v).padStart(3, '0')}`;
    rows.views!.push({
      table_schema: schema,
      table_name: `v_${table}`,
      view_definition: `select \`${schema}\`.\`${table}\`.\`id\` AS \`id\`,\`${schema}\`.\`${table}\`.\`name\` AS \`name\` from \`${schema}\`.\`${table}\` where \`${schema}\`.\`${table}\`.\`is_active\` = 1`,
      check_option: 'NONE',
      is_updatable: 'YES',
      definer: 'root@localhost',
      security_type: 'DEFINER',
      character_set_client: 'utf8mb4',
      collation_connection: 'utf8mb4_general_ci',
      algorithm: 'UNDEFINED',
    });
  }
  for (let p = 0; p < 2; p++) {
    rows.routines!.push({
      routine_schema: schema,
      routine_name: `archive_${p}`,
      specific_name: `archive_${p}`,
      routine_type: 'PROCEDURE',
      data_type: '',
      dtd_identifier: null,
      routine_body: 'SQL',
      routine_definition: `BEGIN\n  DELETE FROM t_00${p} WHERE created_at < NOW() - INTERVAL 1 YEAR;\nEND`,
      is_deterministic: 'NO',
      sql_data_access: 'MODIFIES SQL DATA',
      security_type: 'DEFINER',
      definer: 'root@localhost',
      sql_mode: 'STRICT_TRANS_TABLES',
      routine_comment: '',
      created,
      last_altered: created,
      character_set_client: 'utf8mb4',
      collation_connection: 'utf8mb4_general_ci',
      database_collation: 'utf8mb4_general_ci',
    });
  }
  return rows;
}

function globalStatus(at: number, inserted: number): Row[] {
  return [
    ['Innodb_rows_inserted', inserted],
    ['Innodb_rows_updated', inserted / 2],
    ['Innodb_rows_deleted', inserted / 10],
    ['Innodb_data_written', inserted * 400],
    ['Threads_connected', 12],
    ['Max_used_connections', 40],
    ['Uptime', at],
  ].map(([Variable_name, Value]) => ({ Variable_name: String(Variable_name), Value: String(Math.round(Number(Value))) }));
}

function databaseServer(i: number, startedAt: string, endedAt: string, tables: number): DatabaseServer {
  const schema = `shop_${String(i).padStart(4, '0')}`;
  const rows = mysqlCatalogRows(schema, tables);
  const size = tables * 16384 * 110;
  return {
    engine: 'mysql',
    target: { id: 'mysql://scout@127.0.0.1:3306/', url: 'mysql://scout@127.0.0.1:3306/', host: '127.0.0.1', port: 3306, socket: null, user: 'scout', source: 'flag' },
    connected: true,
    startedAt,
    endedAt,
    server: { version: MARIADB_VERSION, versionNum: 101_119, flavor: 'mariadb', flavorEvidence: [`version: ${MARIADB_VERSION}`], uptimeSeconds: 864_000, currentUser: 'scout@127.0.0.1', sizeBytes: size },
    serverRows: mysqlServerRows(),
    databases: [{ name: schema, sizeBytes: size, rows }],
    workload: {
      start: { at: startedAt, rows: { global_status: globalStatus(0, 1_000_000) } },
      end: { at: endedAt, rows: { global_status: globalStatus(3600, 1_000_000 + 3600 * (50 + i)) } },
    },
    queries: [{ name: 'tables', database: schema, ms: 12, rows: tables, truncated: false, error: null }],
    errors: [],
    limitations: [],
  };
}

/** Host `i` of the estate, valid per BundleSchema. */
export function syntheticHost(template: Bundle, i: number, shape: EstateShape, end: number): Bundle {
  const b = structuredClone(template);
  const host = b.host!;
  const inv = host.inventory!;
  const name = hostName(i);
  const address = hostAddress(i);
  const startedAt = new Date(end - shape.samplesPerHost * SAMPLE_MS).toISOString();
  const endedAt = new Date(end).toISOString();
  b.agent.id = randomUUID();
  b.agent.hostname = name;
  b.collection.id = randomUUID();
  b.collection.startedAt = startedAt;
  b.collection.endedAt = endedAt;
  b.collection.intervalMs = SAMPLE_MS;
  inv.collectedAt = startedAt;
  inv.hostname = name;
  inv.fqdn = `${name}.corp.example`;
  const eth0 = inv.network.interfaces.find((n) => n.name === 'eth0')!;
  eth0.addresses = [{ family: 'ipv4', address, prefixLength: 16 }];
  eth0.mac = `02:00:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
  host.performance.intervalMs = SAMPLE_MS;
  host.performance.samples = samples(template.host!.performance.samples[0]!, i, shape.samplesPerHost, end);
  host.performance.summary = summarizeSamples(host.performance.samples);
  host.connections = [];
  const isDb = i % shape.dbEvery === 0;
  if (isDb) {
    host.processes.push({ pid: 4242, ppid: 1, uid: 106, user: 'mysql', name: 'mariadbd', exe: '/usr/sbin/mariadbd', cmdline: '/usr/sbin/mariadbd', cpuPct: 12, rssBytes: 600e6, threads: 40, startedAt, isKernelThread: false });
    host.listening.push({ protocol: 'tcp', address: '0.0.0.0', port: 3306, pid: 4242, process: 'mariadbd' });
    for (let c = i + 1; c < Math.min(shape.hosts, i + shape.dbEvery); c++) {
      host.connections.push({ protocol: 'tcp', localAddress: address, localPort: 3306, remoteAddress: hostAddress(c), remotePort: 40_000 + c, direction: 'inbound', pid: 4242, process: 'mariadbd', state: 'ESTABLISHED', firstSeen: startedAt, lastSeen: endedAt, timesObserved: 4 });
    }
    b.collection.parts = { host: true, databases: true };
    b.databases = {
      discovered: [{ engine: 'mariadb', version: '10.11.19', versionSource: 'handshake', pid: 4242, process: 'mariadbd', user: 'mysql', listen: [{ address: '0.0.0.0', port: 3306 }], unixSockets: ['/run/mysqld/mysqld.sock'], dataDir: '/var/lib/mysql', configFile: null }],
      servers: [databaseServer(i, startedAt, endedAt, shape.tablesPerDatabase)],
    };
  } else {
    const db = dbHostOf(i, shape);
    host.processes.push({ pid: 5151, ppid: 1, uid: 1001, user: 'app', name: 'java', exe: '/usr/bin/java', cmdline: `/usr/bin/java -jar /opt/app/app.jar --db=${hostAddress(db)}:3306`, cpuPct: 30, rssBytes: 1.2e9, threads: 80, startedAt, isKernelThread: false });
    host.listening.push({ protocol: 'tcp', address: '0.0.0.0', port: 8080, pid: 5151, process: 'java' });
    host.connections.push({ protocol: 'tcp', localAddress: address, localPort: 40_000 + i, remoteAddress: hostAddress(db), remotePort: 3306, direction: 'outbound', pid: 5151, process: 'java', state: 'ESTABLISHED', firstSeen: startedAt, lastSeen: endedAt, timesObserved: 4 });
  }
  return b;
}

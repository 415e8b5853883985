/**
 * Table-driven planner scenarios: synthetic bundles (valid per BundleSchema) → buildPlan →
 * the expected recommended path, check statuses and blockers.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../analyzer/plan/build-plan.js';
import { PlanSchema, type MigrationPath, type Plan, type PlanServer } from '../../analyzer/plan/schema.js';
import { settingsFromFile, type PlanSettingsFile } from '../../analyzer/plan/settings.js';
import type { DatabaseServer } from '../../agent/bundle/index.js';
import { gb, hostsOf, makeBundle, MYSQL_GOOD_VARIABLES, mysqlRows, mysqlServer, mysqlStatusWorkload, PG_GOOD_SETTINGS, postgresRows, postgresServer, type MyTable } from './plan-fixtures.js';

const NOW = new Date('2026-11-26T09:00:00.000Z');

const ORDERS: MyTable = { name: 'orders', columns: [{ name: 'id', type: 'int(11)', extra: 'auto_increment' }, { name: 'note', type: 'varchar(200)' }], pk: ['id'] };
const CUSTOMERS: MyTable = { name: 'customers', columns: [{ name: 'id', type: 'int(11)' }, { name: 'bio', type: 'longtext' }], pk: ['id'] };

function plan(server: DatabaseServer, settings: PlanSettingsFile = {}): { plan: Plan; server: PlanServer } {
  const bundle = makeBundle('dbhost', { servers: [server] });
  const p = buildPlan({ hosts: hostsOf(bundle), settings: settingsFromFile(settings), now: NOW });
  PlanSchema.parse(p);
  return { plan: p, server: p.servers[0]! };
}

const status = (s: PlanServer, id: string): string | undefined => s.checks.find((c) => c.id === id)?.status;
const option = (s: PlanServer, path: MigrationPath) => s.paths.find((p) => p.path === path)!;

const rdsMysql80 = (sizeBytes: number, versionNum = 80036): DatabaseServer =>
  mysqlServer({
    flavor: 'rds-mysql',
    version: `8.0.${versionNum % 100}`,
    versionNum,
    host: 'shop.abc123.us-east-1.rds.amazonaws.com',
    settings: MYSQL_GOOD_VARIABLES,
    databases: [{ name: 'shop', sizeBytes, rows: mysqlRows('shop', [ORDERS]) }],
  });

/** A self-managed MySQL server (version `8.0.36` style) with one database holding these tables. */
function externalMysql(version: string, settings: Record<string, string>, database: string, sizeBytes: number, tables: MyTable[] = [ORDERS]): DatabaseServer {
  const [major, minor, patch] = version.split('.').map(Number);
  return mysqlServer({ flavor: 'mysql', version, versionNum: major! * 10000 + minor! * 100 + patch!, settings, databases: [{ name: database, sizeBytes, rows: mysqlRows(database, tables) }] });
}

const BINLOG_STATEMENT = { ...MYSQL_GOOD_VARIABLES, binlog_format: 'STATEMENT' };

interface Scenario {
  name: string;
  server: () => DatabaseServer;
  settings: PlanSettingsFile;
  path: MigrationPath | null;
  blockers: string[];
  checks: Record<string, string>;
  /** Extra assertions on the planned server. */
  more?: (s: PlanServer) => void;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'RDS MySQL 8.0, small data, loose downtime → snapshot',
    server: () => rdsMysql80(gb(5)),
    settings: { maxDowntimeMinutes: 240 },
    path: 'aurora-snapshot',
    blockers: [],
    checks: { 'mysql-check-binlog-format': 'pass', 'mysql-check-binlog-retention-time': 'unknown', 'mysql-check-auto-increment': 'warn' },
    more: (s) => {
      expect(s.hosting).toBe('rds');
      expect(s.target).toMatchObject({ engine: 'aurora-mysql', heterogeneous: false });
      expect(s.target.version).toContain('Aurora MySQL 3');
      expect(option(s, 'aurora-read-replica')).toMatchObject({ feasible: true, rank: 2 });
      expect(option(s, 'xtrabackup-s3').feasible).toBe(false);
      expect(s.runbook.map((r) => r.command ?? '').join('\n')).toContain('aws rds restore-db-cluster-from-snapshot');
      expect(s.checks.find((c) => c.id === 'mysql-check-binlog-retention-time')!.fix).toContain("mysql.rds_set_configuration('binlog retention hours', 24)");
    },
  },
  {
    name: 'RDS MySQL 8.0, small data, tight downtime → snapshot still fits',
    server: () => rdsMysql80(gb(5)),
    settings: { maxDowntimeMinutes: 12 },
    path: 'aurora-snapshot',
    blockers: [],
    checks: {},
    more: (s) => expect(option(s, 'aurora-snapshot').downtimeSeconds).toBeLessThanOrEqual(12 * 60),
  },
  {
    name: 'RDS MySQL 8.0, large data, tight downtime → read replica',
    server: () => rdsMysql80(gb(2000)),
    settings: { maxDowntimeMinutes: 30 },
    path: 'aurora-read-replica',
    blockers: [],
    checks: {},
    more: (s) => {
      expect(option(s, 'aurora-snapshot')).toMatchObject({ feasible: true, withinDowntime: false });
      expect(option(s, 'aurora-read-replica').downtimeSeconds).toBe(600);
      const commands = s.runbook.map((r) => r.command ?? '').join('\n');
      expect(commands).toContain('aws rds create-db-cluster');
      expect(commands).toContain('--replication-source-identifier');
      expect(commands).toContain('aws rds promote-read-replica-db-cluster');
    },
  },
  {
    name: 'RDS MySQL 8.0, large data, loose downtime → snapshot',
    server: () => rdsMysql80(gb(2000)),
    settings: { maxDowntimeMinutes: 24 * 60 },
    path: 'aurora-snapshot',
    blockers: [],
    checks: {},
    more: (s) => expect(option(s, 'aurora-snapshot').fullLoadSeconds).toBeGreaterThan(7 * 3600),
  },
  {
    name: 'RDS MySQL 8.0.13 → no snapshot to Aurora MySQL 3.05+',
    server: () => rdsMysql80(gb(5), 80013),
    settings: { maxDowntimeMinutes: 240 },
    path: 'aurora-read-replica',
    blockers: [],
    checks: {},
    more: (s) => {
      const snap = option(s, 'aurora-snapshot');
      expect(snap.feasible).toBe(false);
      expect(snap.rationale.join(' ')).toMatch(/3\.05.*8\.0\.28/);
      expect(option(s, 'aurora-read-replica').rationale.join(' ')).toContain('8.0.28');
    },
  },
  {
    name: 'external MariaDB → Aurora MySQL, small → native dump',
    server: () =>
      mysqlServer({
        flavor: 'mariadb',
        version: '10.11.6-MariaDB',
        versionNum: 101106,
        settings: { ...MYSQL_GOOD_VARIABLES, log_bin: 'OFF', binlog_format: 'MIXED', binlog_expire_logs_seconds: '0', expire_logs_days: '0' },
        databases: [{ name: 'shop', sizeBytes: gb(2), rows: mysqlRows('shop', [ORDERS]) }],
      }),
    settings: {},
    path: 'native-dump',
    blockers: [],
    checks: { 'mysql-check-binlog-enabled': 'fail', 'mysql-check-binlog-format': 'fail', 'mysql-check-binlog-retention-time': 'pass' },
    more: (s) => {
      expect(s.target.engine).toBe('aurora-mysql');
      expect(s.target.reason).toContain('MariaDB');
      const xb = option(s, 'xtrabackup-s3');
      expect(xb.feasible).toBe(false);
      expect(xb.rationale.join(' ')).toMatch(/MariaDB backups .* not compatible/);
      expect(option(s, 'dms').blockers).toEqual(expect.arrayContaining(['mysql-check-binlog-enabled', 'mysql-check-binlog-format']));
      expect(s.runbook.map((r) => r.command ?? '').join('\n')).toContain('mysqldump');
    },
  },
  {
    name: 'external MySQL 8.0 with binlog_format=STATEMENT, large, tight → XtraBackup with binlog replication; DMS blocked',
    server: () => externalMysql('8.0.36', BINLOG_STATEMENT, 'shop', gb(500)),
    settings: { maxDowntimeMinutes: 30 },
    path: 'xtrabackup-s3',
    blockers: [],
    checks: { 'mysql-check-binlog-format': 'fail', 'mysql-check-binlog-image': 'pass', 'scout-xtrabackup-innodb-only': 'pass' },
    more: (s) => {
      expect(option(s, 'dms').blockers).toEqual(['mysql-check-binlog-format']);
      expect(s.checks.find((c) => c.id === 'mysql-check-binlog-format')!.fix).toContain("SET GLOBAL binlog_format = 'ROW'");
      expect(option(s, 'native-dump').withinDowntime).toBe(false);
      expect(s.runbook.map((r) => r.command ?? '').join('\n')).toContain('aws rds restore-db-cluster-from-s3');
    },
  },
  {
    name: 'external MySQL 8.4 with binlog_format=STATEMENT, large, tight → DMS, blocked by the binlog format',
    server: () => externalMysql('8.4.3', BINLOG_STATEMENT, 'shop', gb(500)),
    settings: { maxDowntimeMinutes: 30 },
    path: 'dms',
    blockers: ['mysql-check-binlog-format'],
    checks: { 'mysql-check-binlog-format': 'fail' },
    more: (s) => expect(option(s, 'xtrabackup-s3').rationale.join(' ')).toContain('5.7 or 8.0'),
  },
  {
    name: 'external PostgreSQL with wal_level=replica, large, tight → logical replication, blocked',
    server: () =>
      postgresServer({
        flavor: 'postgresql',
        version: '15.4',
        versionNum: 150004,
        settings: { ...PG_GOOD_SETTINGS, wal_level: 'replica' },
        databases: [
          {
            name: 'app',
            sizeBytes: gb(300),
            rows: postgresRows([
              { name: 'orders', columns: [{ name: 'id', type: 'integer', typeName: 'int4' }], pk: ['id'] },
              { name: 'audit', columns: [{ name: 'msg', type: 'text', typeName: 'text' }] },
              { name: 'events', columns: [{ name: 'msg', type: 'text', typeName: 'text' }], replicaIdentity: 'f' },
            ]),
          },
        ],
      }),
    settings: { maxDowntimeMinutes: 30 },
    path: 'pg-logical-replication',
    blockers: ['postgres-check-wallevel', 'postgres-check-pk'],
    checks: { 'postgres-check-wallevel': 'fail', 'postgres-check-maxwalsenders': 'pass', 'postgres-check-walsenderstimeout': 'pass', 'postgres-check-pk': 'fail', 'postgres-check-preparedtxn': 'pass', 'postgres-check-longrunningtxn': 'pass', 'table-with-lob-but-without-primary-key-or-unique-constraint': 'fail' },
    more: (s) => {
      const wal = s.checks.find((c) => c.id === 'postgres-check-wallevel')!;
      expect(wal.detail).toContain('replica');
      expect(wal.fix).toContain("ALTER SYSTEM SET wal_level = 'logical'");
      const pk = s.checks.find((c) => c.id === 'postgres-check-pk')!;
      // FULL replica identity counts: only the table without either is listed.
      expect(pk.objects).toEqual(['app.public.audit']);
      expect(pk.fix).toContain('ALTER TABLE "public"."audit" REPLICA IDENTITY FULL');
      expect(s.runbook.map((r) => r.command ?? '').join('\n')).toContain('CREATE SUBSCRIPTION');
    },
  },
  {
    name: 'RDS PostgreSQL with wal_level=replica: the fix is the parameter group',
    server: () =>
      postgresServer({
        flavor: 'rds-postgresql',
        version: '14.10',
        versionNum: 140010,
        host: 'pg.abc.us-east-1.rds.amazonaws.com',
        settings: { ...PG_GOOD_SETTINGS, wal_level: 'replica', wal_sender_timeout: '5000 ms' },
        databases: [{ name: 'app', sizeBytes: gb(20) }],
      }),
    settings: {},
    path: 'aurora-snapshot',
    blockers: [],
    checks: { 'postgres-check-wallevel': 'fail', 'postgres-check-walsenderstimeout': 'fail' },
    more: (s) => {
      expect(s.checks.find((c) => c.id === 'postgres-check-wallevel')!.fix).toContain('rds.logical_replication');
      expect(s.target.version).toBe('Aurora PostgreSQL 14');
    },
  },
  {
    name: 'MyISAM tables: physical backup blocked, DMS chosen',
    server: () => externalMysql('8.0.36', MYSQL_GOOD_VARIABLES, 'legacy', gb(500), [ORDERS, { name: 'hits', engine: 'MyISAM', columns: [{ name: 'id', type: 'int(11)' }], pk: ['id'] }]),
    settings: { maxDowntimeMinutes: 30 },
    path: 'dms',
    blockers: [],
    checks: { 'mysql-check-table-storage-engine': 'warn', 'scout-xtrabackup-innodb-only': 'fail' },
    more: (s) => {
      expect(option(s, 'xtrabackup-s3').blockers).toEqual(['scout-xtrabackup-innodb-only']);
      const engine = s.checks.find((c) => c.id === 'mysql-check-table-storage-engine')!;
      expect(engine.objects).toEqual(['legacy.hits (MyISAM)']);
      expect(engine.fix).toBe('ALTER TABLE `legacy`.`hits` ENGINE=InnoDB, ALGORITHM=COPY;');
    },
  },
  {
    name: 'heterogeneous MySQL → PostgreSQL → DMS with the converted schema',
    server: () =>
      mysqlServer({
        flavor: 'mysql',
        version: '8.0.36',
        versionNum: 80036,
        settings: MYSQL_GOOD_VARIABLES,
        workload: mysqlStatusWorkload(
          { Innodb_rows_inserted: 1000, Innodb_rows_updated: 500, Innodb_rows_deleted: 0, Innodb_data_written: 1e9, Threads_connected: 5, Max_used_connections: 40 },
          { Innodb_rows_inserted: 19000, Innodb_rows_updated: 18500, Innodb_rows_deleted: 0, Innodb_data_written: 1e9 + 3.6e9, Threads_connected: 7, Max_used_connections: 40 },
        ),
        databases: [
          {
            name: 'shop',
            sizeBytes: gb(10),
            rows: mysqlRows('shop', [
              ORDERS,
              CUSTOMERS,
              { name: 'lines', columns: [{ name: 'order_id', type: 'int(11)' }], pk: ['order_id'], fks: [{ name: 'fk_order', columns: ['order_id'], refTable: 'orders', refColumns: ['id'], onDelete: 'CASCADE' }] },
            ]),
          },
        ],
      }),
    settings: { targets: { shop: 'aurora-postgresql' } },
    path: 'dms',
    blockers: [],
    checks: { 'mysql-check-cascade-constraints': 'warn', 'mysql-check-auto-increment': 'warn', 'table-with-no-primary-key-or-unique-constraint': 'pass' },
    more: (s) => {
      expect(s.target).toMatchObject({ engine: 'aurora-postgresql', heterogeneous: true });
      // 36,000 rows and 3.6 GB written over the hour between the two status snapshots.
      expect(s.workload).toEqual({ writeRowsPerSec: 10, writeBytesPerSec: 1e6, connections: 7, maxConnections: 151 });
      expect(option(s, 'dms').rationale.join(' ')).toContain('The source writes 10 rows/s (1.00 MB/s written); change capture keeps up');
      expect(option(s, 'native-dump').feasible).toBe(false);
      expect(s.checks.find((c) => c.id === 'mysql-check-cascade-constraints')!.objects).toEqual(['shop.lines.fk_order (cascade)']);
      const task = s.dmsTasks![0]!;
      expect(task.lobMode).toBe('full');
      expect(task.taskSettings).toMatchObject({ TargetMetadata: { FullLobMode: true, SupportLobs: true } });
      const rules = (task.tableMappings.rules as { 'rule-action': string; 'object-locator': Record<string, string> }[]).map((r) => r['rule-action']);
      expect(rules).toEqual(['include', 'convert-lowercase', 'convert-lowercase', 'convert-lowercase']);
      expect(s.artifacts.map((a) => a.kind)).toEqual(['runbook', 'dms-table-mappings', 'dms-task-settings']);
      const commands = s.runbook.map((r) => r.command ?? '').join('\n');
      expect(commands).toContain('aws dms create-replication-task');
      expect(commands).toContain('--migration-type full-load-and-cdc');
      expect(commands).toContain('/shop.postgresql.pre-data.sql');
    },
  },
  {
    name: 'heterogeneous PostgreSQL → MySQL → DMS, schemas renamed as the conversion names the databases',
    server: () =>
      postgresServer({
        flavor: 'postgresql',
        version: '16.2',
        versionNum: 160002,
        settings: PG_GOOD_SETTINGS,
        databases: [{ name: 'crm', sizeBytes: gb(3), rows: postgresRows([{ name: 'accounts', columns: [{ name: 'id', type: 'integer', typeName: 'int4' }], pk: ['id'] }, { schema: 'billing', name: 'invoices', columns: [{ name: 'id', type: 'integer', typeName: 'int4' }], pk: ['id'] }]) }],
      }),
    settings: { targets: { '*-5432-postgres/crm': 'aurora-mysql' } },
    path: 'dms',
    blockers: [],
    checks: { 'postgres-check-wallevel': 'pass', 'postgres-check-pk': 'pass' },
    more: (s) => {
      expect(s.target).toMatchObject({ engine: 'aurora-mysql', heterogeneous: true });
      expect(option(s, 'pg-logical-replication').feasible).toBe(false);
      const rules = s.dmsTasks![0]!.tableMappings.rules as Record<string, unknown>[];
      expect(rules.filter((r) => r['rule-action'] === 'rename').map((r) => [(r['object-locator'] as Record<string, string>)['schema-name'], r.value])).toEqual([
        ['public', 'crm'],
        ['billing', 'crm_billing'],
      ]);
    },
  },
  {
    name: 'already on Aurora MySQL, same engine → nothing to move',
    server: () => mysqlServer({ flavor: 'aurora-mysql', version: '8.0.mysql_aurora.3.05.2', versionNum: 80032, host: 'c.cluster-x.us-east-1.rds.amazonaws.com', settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'shop', sizeBytes: gb(5) }] }),
    settings: {},
    path: null,
    blockers: [],
    checks: {},
    more: (s) => {
      expect(s.hosting).toBe('aurora');
      expect(s.paths.every((p) => !p.feasible)).toBe(true);
      expect(s.runbook).toEqual([]);
      expect(s.artifacts).toEqual([]);
    },
  },
];

describe('planner scenarios', () => {
  it.each(SCENARIOS)('$name', (sc) => {
    const { server } = plan(sc.server(), sc.settings);
    expect(server.recommended).toBe(sc.path);
    expect(server.blockers).toEqual(sc.blockers);
    for (const [id, want] of Object.entries(sc.checks)) expect(status(server, id), id).toBe(want);
    // Ranks are 1..n in order, the recommended path first.
    expect(server.paths.map((p) => p.rank)).toEqual(server.paths.map((_, i) => i + 1));
    if (sc.path) expect(server.paths[0]!.path).toBe(sc.path);
    sc.more?.(server);
  });

  it('is deterministic for the same input', () => {
    const hosts = hostsOf(makeBundle('dbhost', { servers: [rdsMysql80(gb(5))] }));
    const a = buildPlan({ hosts, settings: settingsFromFile({}), now: NOW });
    const b = buildPlan({ hosts, settings: settingsFromFile({}), now: NOW });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('limited LOB mode when every LOB fits 64 KB; no LOB support without LOB columns', () => {
    const mk = (tables: MyTable[]) =>
      plan(externalMysql('8.0.36', MYSQL_GOOD_VARIABLES, 'd', gb(10), tables), { targets: { d: 'aurora-postgresql' } }).server.dmsTasks![0]!;
    const small = mk([{ name: 't', columns: [{ name: 'id', type: 'int(11)' }, { name: 'body', type: 'text' }], pk: ['id'] }]);
    expect(small.lobMode).toBe('limited');
    expect(small.taskSettings).toMatchObject({ TargetMetadata: { LimitedSizeLobMode: true, LobMaxSize: 64, FullLobMode: false } });
    const none = mk([{ name: 't', columns: [{ name: 'id', type: 'int(11)' }], pk: ['id'] }]);
    expect(none.lobMode).toBe('none');
    expect(none.taskSettings).toMatchObject({ TargetMetadata: { SupportLobs: false } });
  });

  it('a server the agent could not connect to gets unknown checks and no guessed path details', () => {
    const server = { ...rdsMysql80(gb(1)), connected: false, server: null, serverRows: {}, databases: [] };
    const { server: s } = plan(server as DatabaseServer);
    expect(s.checks.map((c) => c.status)).toEqual(['unknown']);
    expect(s.sizing).toBeNull();
  });
});

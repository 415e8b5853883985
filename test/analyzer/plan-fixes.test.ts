/**
 * Planner defects found in review, one describe per defect: servers never read, host shares
 * from all of a server's processes, DMS wildcard escaping, DDL file names in runbooks,
 * PostgreSQL dump timing, AWS identifier collisions, leading dashes on command lines, the
 * AUTO_INCREMENT fix per target, and change-capture advice per path.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseServer } from '../../agent/bundle/index.js';
import { safeFileStem } from '../../analyzer/convert/write-output.js';
import { buildPlan } from '../../analyzer/plan/build-plan.js';
import { estimatePath } from '../../analyzer/plan/estimates.js';
import { awsIdentifier, clusterIdFor, conninfoValue, operands, shellQuote } from '../../analyzer/plan/runbook.js';
import { PlanSchema, type MigrationPath, type Plan, type PlanServer } from '../../analyzer/plan/schema.js';
import { settingsFromFile, type PlanSettingsFile } from '../../analyzer/plan/settings.js';
import { ReportNames } from '../../reports/file-names.js';
import { gb, hostPart, hostsOf, makeBundle, MYSQL_GOOD_VARIABLES, mysqlRows, mysqlServer, mysqlStatusWorkload, PG_GOOD_SETTINGS, postgresRows, postgresServer, processInfo, type MyTable } from './plan-fixtures.js';

const NOW = new Date('2026-11-26T09:00:00.000Z');
const ORDERS: MyTable = { name: 'orders', columns: [{ name: 'id', type: 'int(11)', extra: 'auto_increment' }, { name: 'note', type: 'varchar(200)' }], pk: ['id'] };

function planOf(servers: DatabaseServer[], settings: PlanSettingsFile = {}): Plan {
  const p = buildPlan({ hosts: hostsOf(makeBundle('dbhost', { servers })), settings: settingsFromFile(settings), now: NOW });
  PlanSchema.parse(p);
  return p;
}

const commands = (s: PlanServer): string => s.runbook.map((r) => r.command ?? '').join('\n');
const option = (s: PlanServer, path: MigrationPath) => s.paths.find((p) => p.path === path)!;
const externalMysql = (database: string, sizeBytes = gb(1), extra: Partial<Parameters<typeof mysqlServer>[0]> = {}): DatabaseServer =>
  mysqlServer({ flavor: 'mysql', version: '8.0.36', versionNum: 80036, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: database, sizeBytes, rows: mysqlRows(database, [ORDERS]) }], ...extra });
const externalPg = (database: string, extra: Partial<Parameters<typeof postgresServer>[0]> = {}): DatabaseServer =>
  postgresServer({ flavor: 'postgresql', version: '15.4', versionNum: 150004, settings: PG_GOOD_SETTINGS, databases: [{ name: database, sizeBytes: gb(1), rows: postgresRows([{ name: 't', columns: [{ name: 'id', type: 'integer', typeName: 'int4' }], pk: ['id'] }]) }], ...extra });

describe('a server that was never read', () => {
  const unread = (): DatabaseServer => ({ ...externalMysql('x', 0, { port: 3399 }), connected: false, server: null, serverRows: {}, databases: [] });

  it('gets no path, runbook, artifacts or downtime, is counted as blocked, and its wave says why', () => {
    const p = planOf([externalMysql('shop'), unread()]);
    const good = p.servers.find((s) => s.port === 3306)!;
    const bad = p.servers.find((s) => s.port === 3399)!;
    expect(good.recommended).toBe('native-dump');
    expect(bad.recommended).toBeNull();
    expect(bad.runbook).toEqual([]);
    expect(bad.artifacts).toEqual([]);
    expect(bad.sizing).toBeNull();
    expect(bad.checks).toHaveLength(1);
    expect(bad.checks[0]).toMatchObject({ id: 'scout-server-connected', status: 'unknown' });
    expect(bad.checks[0]!.fix).toMatch(/connect.*collect again/);
    expect(bad.paths.length).toBeGreaterThan(0);
    for (const o of bad.paths) expect(o).toMatchObject({ feasible: false, downtimeSeconds: 0, fullLoadSeconds: 0, withinDowntime: false });
    expect(bad.paths[0]!.rationale.join(' ')).toContain('not read');
    expect(p.totals.blocked).toBe(1);
    expect(p.totals.byPath).toEqual({ 'native-dump': 1, none: 1 });
    const goodDowntime = option(good, 'native-dump').downtimeSeconds;
    expect(p.totals.downtimeSeconds).toBe(goodDowntime);
    const wave = p.waves.find((w) => w.databaseServers.includes(bad.id))!;
    // Same wave as the good server (no client seen for either): its downtime is the good one's alone.
    expect(wave.downtimeSeconds).toBe(goodDowntime);
    expect(wave.warnings.join(' ')).toContain('was not read');
  });
});

describe('host share from all of a server\'s processes', () => {
  function sharedHost(pgCpu: { postmaster: number; children: number[] }): Plan {
    const children = pgCpu.children.map((cpu, i) => ({ ...processInfo(201 + i, 'postgres', cpu, 0.5), ppid: 200, user: 'postgres' }));
    const bundle = makeBundle('db2', {
      host: hostPart('db2', {
        addresses: ['10.0.0.6'],
        cores: 16,
        cpu: [40, 40],
        memUsedGiB: [60, 60],
        processes: [processInfo(101, 'mariadbd', 20, 4), { ...processInfo(200, 'postgres', pgCpu.postmaster, 0.1), user: 'postgres' }, ...children, processInfo(300, 'sshd', 50, 0.01)],
      }),
      discovered: [
        { engine: 'mariadb', pid: 101, port: 3306 },
        { engine: 'postgres', pid: 200, port: 5432 },
      ],
      servers: [
        mysqlServer({ flavor: 'mariadb', version: '10.11.6-MariaDB', versionNum: 101106, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'a', sizeBytes: gb(1) }] }),
        externalPg('b'),
        // Listening on the host but not seen by the discovery: no processes.
        mysqlServer({ flavor: 'mysql', version: '8.0.36', versionNum: 80036, port: 3307, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'c', sizeBytes: gb(50) }] }),
      ],
    });
    const p = buildPlan({ hosts: hostsOf(bundle), settings: settingsFromFile({}), now: NOW });
    PlanSchema.parse(p);
    return p;
  }
  const shareOf = (p: Plan, port: number): number => p.servers.find((s) => s.port === port)!.sizing!.hostShare;

  it('counts the PostgreSQL backends under the postmaster, and a server without processes does not push the others to data size', () => {
    const p = sharedHost({ postmaster: 0, children: [15, 5] });
    // mariadbd 20 % vs postmaster 0 + backends 15 + 5 = 20 %: an even split, not the data sizes (1 GB vs 1 GB vs 50 GB).
    expect(shareOf(p, 3306)).toBeCloseTo(0.5);
    expect(shareOf(p, 5432)).toBeCloseTo(0.5);
    // The server with no processes is sized by data among those without processes: alone, so 1.
    expect(shareOf(p, 3307)).toBe(1);
  });

  it('an idle PostgreSQL next to a busy MariaDB falls back to resident memory, never 0', () => {
    const p = sharedHost({ postmaster: 0, children: [0, 0] });
    // RSS: mariadbd 4 GiB vs postgres 0.1 + 2 × 0.5 = 1.1 GiB.
    expect(shareOf(p, 5432)).toBeCloseTo(1.1 / 5.1);
    expect(shareOf(p, 3306)).toBeCloseTo(4 / 5.1);
  });
});

describe('DMS table mappings escape the wildcards of object locators', () => {
  it('MySQL database names: `_` and `%` bracketed in the selection rule', () => {
    const p = planOf([externalMysql('shop_1%')], { targets: { '*': 'aurora-postgresql' } });
    const task = p.servers[0]!.dmsTasks![0]!;
    const rules = (task.tableMappings as { rules: Record<string, unknown>[] }).rules;
    expect(rules[0]).toMatchObject({ 'rule-type': 'selection', 'object-locator': { 'schema-name': 'shop[_]1[%]', 'table-name': '%' } });
  });

  it('PostgreSQL schema renames: the locator escaped, the new name literal', () => {
    const server = postgresServer({
      flavor: 'postgresql',
      version: '15.4',
      versionNum: 150004,
      settings: PG_GOOD_SETTINGS,
      databases: [{ name: 'd', sizeBytes: gb(1), rows: postgresRows([{ schema: 'my_schema', name: 't', columns: [{ name: 'id', type: 'integer', typeName: 'int4' }], pk: ['id'] }]) }],
    });
    const p = planOf([server], { targets: { '*': 'aurora-mysql' } });
    const rules = (p.servers[0]!.dmsTasks![0]!.tableMappings as { rules: Record<string, unknown>[] }).rules;
    const rename = rules.find((r) => r['rule-action'] === 'rename' && (r['object-locator'] as Record<string, string>)['schema-name'] === 'my[_]schema');
    expect(rename).toMatchObject({ value: 'd_my_schema' });
    expect(rules.filter((r) => r['rule-type'] === 'selection').map((r) => (r['object-locator'] as Record<string, string>)['schema-name'])).toEqual(expect.arrayContaining(['my[_]schema', 'public']));
  });
});

describe('runbooks name the DDL files scout analyze writes', () => {
  // The same naming as analyze: ReportNames.ddlDir then writeConversion's `<stem>.<target>.<phase>.sql`.
  const expected = (serverId: string, db: string, target: 'mysql' | 'postgresql', phase: string): string => `${new ReportNames().ddlDir(serverId, db)}/${safeFileStem(db)}.${target}.${phase}.sql`;

  it('MariaDB native dump: the mysql pre-data and post-data scripts of each database', () => {
    const server = mysqlServer({ flavor: 'mariadb', version: '10.11.6-MariaDB', versionNum: 101106, settings: MYSQL_GOOD_VARIABLES, databases: [{ name: 'Shop', sizeBytes: gb(1), rows: mysqlRows('Shop', [ORDERS]) }] });
    const s = planOf([server]).servers[0]!;
    expect(s.recommended).toBe('native-dump');
    expect(commands(s)).toContain(`< ${expected(s.id, 'Shop', 'mysql', 'pre-data')}`);
    expect(commands(s)).toContain(`< ${expected(s.id, 'Shop', 'mysql', 'post-data')}`);
    expect(commands(s)).not.toContain('aurora-mysql.pre-data');
  });

  it('MySQL → PostgreSQL via DMS: the postgresql pre-data and post-data scripts', () => {
    const s = planOf([externalMysql('shop')], { targets: { shop: 'aurora-postgresql' } }).servers[0]!;
    expect(s.recommended).toBe('dms');
    expect(commands(s)).toContain(`-f ${expected(s.id, 'shop', 'postgresql', 'pre-data')}`);
    expect(commands(s)).toContain(`-f ${expected(s.id, 'shop', 'postgresql', 'post-data')}`);
    expect(commands(s)).not.toContain('aurora-postgresql.pre-data');
  });

  it('names the files the caller says the conversion wrote, when given', () => {
    const bundle = makeBundle('dbhost', { servers: [externalMysql('shop')] });
    const settings = settingsFromFile({ targets: { shop: 'aurora-postgresql' } });
    const id = buildPlan({ hosts: hostsOf(bundle), settings, now: NOW }).servers[0]!.id;
    const ddlFiles = new Map([[`${id}/shop`, { preData: 'ddl/x-shop-1/shop.postgresql.pre-data.sql', postData: 'ddl/x-shop-1/shop.postgresql.post-data.sql' }]]);
    const s = buildPlan({ hosts: hostsOf(bundle), settings, ddlFiles, now: NOW }).servers[0]!;
    expect(commands(s)).toContain('-f ddl/x-shop-1/shop.postgresql.pre-data.sql');
    expect(commands(s)).toContain('-f ddl/x-shop-1/shop.postgresql.post-data.sql');
  });
});

describe('native dump time', () => {
  const t = settingsFromFile({ throughput: { dumpMBps: 50, restoreMBps: 25, cutoverMinutes: 0 } }).throughput;

  it('PostgreSQL dumps to a directory, then restores: the times add up', () => {
    const e = estimatePath('native-dump', 1e9, t, { binlogReplication: false, engine: 'postgres' });
    expect(e.fullLoadSeconds).toBe(1000 / 50 + 1000 / 25);
    expect(e.downtimeSeconds).toBe(60);
  });

  it('MySQL pipes mysqldump into the cluster: the slower side sets the pace', () => {
    expect(estimatePath('native-dump', 1e9, t, { binlogReplication: false, engine: 'mysql' }).fullLoadSeconds).toBe(40);
  });
});

describe('AWS identifiers', () => {
  const VALID = /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/;

  it('names that map to the same text stay apart', () => {
    expect(awsIdentifier('aurora-Shop')).not.toBe(awsIdentifier('aurora-shop'));
    expect(awsIdentifier('a_b')).not.toBe(awsIdentifier('a-b'));
    expect(clusterIdFor('db-10.0.0.1-3306')).not.toBe(clusterIdFor('db-10-0-0-1-3306'));
    for (const text of ['aurora-Shop', 'a_b', '9lives', '--x--', 'ünïcode', '']) expect(awsIdentifier(text)).toMatch(VALID);
  });

  it('an identifier that is already valid is kept as it is; the same text always gives the same id', () => {
    expect(awsIdentifier('aurora-shop')).toBe('aurora-shop');
    expect(awsIdentifier('a-b')).toBe('a-b');
    expect(awsIdentifier('a_b')).toBe(awsIdentifier('a_b'));
  });

  it('stays within the length limit, leaving room for the runbook\'s suffixes on the cluster id', () => {
    const long = 'h'.repeat(100);
    expect(awsIdentifier(long).length).toBe(63);
    expect(awsIdentifier(`${long}x`)).not.toBe(awsIdentifier(`${long}y`));
    expect(awsIdentifier('t'.repeat(300), 255).length).toBe(255);
    const cluster = clusterIdFor(long);
    expect(`${cluster}-assessment`.length).toBeLessThanOrEqual(63);
    expect(cluster).toMatch(VALID);
  });
});

describe('names starting with a dash', () => {
  it('are quoted, and go after `--` where they are positional', () => {
    expect(shellQuote('-rf')).toBe(`'-rf'`);
    expect(shellQuote('a-b')).toBe('a-b');
    expect(operands(['-x', 'a'])).toBe(`-- '-x' a`);
    expect(operands(['a', 'b'])).toBe('a b');
  });

  it('cannot act as options in the MySQL and PostgreSQL dump commands', () => {
    const my = planOf([externalMysql('-d')]).servers[0]!;
    expect(my.recommended).toBe('native-dump');
    expect(commands(my)).toContain(`--databases -- '-d' |`);
    const pg = planOf([externalPg('--help')]).servers[0]!;
    expect(pg.recommended).toBe('native-dump');
    const text = commands(pg);
    expect(text).toContain(`-d '--help'\n`);
    expect(text).toContain(`createdb -h <cluster-endpoint> -U <admin-user> -- '--help'`);
    expect(text).toContain(`pg_restore -h <cluster-endpoint> -U <admin-user> -d '--help'`);
  });

  it('a source host is passed to the AWS CLI attached to its option', () => {
    const s = planOf([externalMysql('shop', gb(1), { host: '-h0st' })], { targets: { shop: 'aurora-postgresql' } }).servers[0]!;
    expect(commands(s)).toContain(`--server-name='-h0st'`);
  });
});

describe('connection strings in the subscription', () => {
  it('quote each value, so a name cannot add or change connection options', () => {
    expect(conninfoValue('shop db')).toBe(`'shop db'`);
    expect(conninfoValue(`x' host=evil`)).toBe(`'x\\' host=evil'`);
    expect(conninfoValue('a\\b')).toBe(`'a\\\\b'`);
  });

  it('the logical replication runbook uses them', () => {
    const server = externalPg('shop db');
    const s = planOf([server], { maxDowntimeMinutes: 5, throughput: { dumpMBps: 1, restoreMBps: 1, cutoverMinutes: 1 } }).servers[0]!;
    expect(s.recommended).toBe('pg-logical-replication');
    expect(commands(s)).toContain(`dbname=''shop db''`);
  });
});

describe('the AUTO_INCREMENT fix follows the target engine', () => {
  const fixFor = (settings: PlanSettingsFile): string => planOf([externalMysql('shop')], settings).servers[0]!.checks.find((c) => c.id === 'mysql-check-auto-increment')!.fix!;

  it('Aurora PostgreSQL: setval on the column\'s sequence, or RESTART', () => {
    const fix = fixFor({ targets: { shop: 'aurora-postgresql' } });
    expect(fix).toContain('setval(pg_get_serial_sequence(');
    expect(fix).toContain('RESTART WITH');
    expect(fix).not.toContain('AUTO_INCREMENT =');
  });

  it('Aurora MySQL: ALTER TABLE … AUTO_INCREMENT', () => {
    expect(fixFor({})).toContain('ALTER TABLE <table> AUTO_INCREMENT =');
  });
});

describe('change-capture advice matches the path', () => {
  // 36,000 rows written over the hour: 10 rows/s, above an apply rate of 1 row/s.
  const workload = mysqlStatusWorkload(
    { Innodb_rows_inserted: 1000, Innodb_rows_updated: 500, Innodb_rows_deleted: 0, Innodb_data_written: 1e9 },
    { Innodb_rows_inserted: 19000, Innodb_rows_updated: 18500, Innodb_rows_deleted: 0, Innodb_data_written: 1e9 + 3.6e9 },
  );
  const settings: PlanSettingsFile = { throughput: { cdcApplyRowsPerSec: 1 } };

  it('XtraBackup with binlog replication: replica_parallel_workers, not DMS batch apply', () => {
    const s = planOf([externalMysql('shop', gb(500), { workload })], settings).servers[0]!;
    const text = option(s, 'xtrabackup-s3').rationale.join(' ');
    expect(text).toContain('replica_parallel_workers');
    expect(text).not.toContain('DMS');
    expect(option(s, 'dms').rationale.join(' ')).toContain('DMS batch apply');
  });

  it('Aurora read replica: the replica lag', () => {
    const s = planOf([externalMysql('shop', gb(5), { flavor: 'rds-mysql', host: 'shop.abc123.us-east-1.rds.amazonaws.com', workload })], settings).servers[0]!;
    const text = option(s, 'aurora-read-replica').rationale.join(' ');
    expect(text).toContain('replica lag');
    expect(text).not.toContain('DMS');
  });
});

/**
 * The MySQL / MariaDB collector against the real local server. These tests ran against
 * MariaDB 10.11 (no MySQL 8 server here): the MySQL-8-only branches of queries.ts (IN-list
 * schema filter, SRS_ID, EXPRESSION / IS_VISIBLE, CHECK_CONSTRAINTS via TABLE_CONSTRAINTS,
 * SHOW BINARY LOG STATUS) are not exercised here.
 *
 * Every test works in uniquely named schemas and accounts, dropped in afterAll.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql, { type Connection } from 'mysql2/promise';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawRows } from '../../../agent/bundle/schema.js';
import { classifyDbError } from '../../../agent/db/errors.js';
import { mysqlCollector } from '../../../agent/db/mysql/collect.js';
import * as Q from '../../../agent/db/mysql/queries.js';
import { quoteIdent } from '../../../agent/db/mysql/queries.js';
import { close, detectFlavor, openSession, parseVersionNum, query } from '../../../agent/db/mysql/session.js';
import { QueryRecorder } from '../../../agent/db/query-recorder.js';
import { Secret } from '../../../agent/db/secret.js';
import { DEFAULT_CATALOG_OPTIONS, type CatalogOptions, type DbTarget, type ServerReading } from '../../../agent/db/types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(HERE, '../../fixtures/db/mysql/fixture.sql');
const SOCKET = '/run/mysqld/mysqld.sock';
const tag = randomBytes(3).toString('hex');
const FX = `scout_fx_${tag}_Café`;
const SERVER_QUERIES = ['version', 'session_read_only', 'session_limits', 'start_transaction', 'variables', 'replica_status', 'all_replicas_status', 'user_privileges', 'users', 'plugins', 'engines', 'schemata', 'schema_sizes', 'rds_tables'];
const SCHEMA_KINDS = ['tables', 'columns', 'indexes', 'constraints', 'key_columns', 'foreign_keys', 'checks', 'views', 'routines', 'parameters', 'triggers', 'events', 'partitions'];

const schemas: string[] = [];
const accounts: string[] = [];
let admin: Connection;

function target(over: Partial<DbTarget> = {}): DbTarget {
  return { id: 'mariadb://root@127.0.0.1:3306', engine: 'mysql', scheme: 'mariadb', host: '127.0.0.1', port: 3306, socket: null, user: 'root', database: null, include: [], exclude: [], sslmode: 'disable', source: 'flag', password: null, ...over };
}
const recorder = (opts: CatalogOptions = DEFAULT_CATALOG_OPTIONS): QueryRecorder => new QueryRecorder(pino({ level: 'silent' }), opts);
const find = (rows: RawRows | undefined, match: Record<string, unknown>): RawRows[number] | undefined =>
  rows?.find((r) => Object.entries(match).every(([k, v]) => r[k] === v));

async function createSchema(name: string): Promise<void> {
  schemas.push(name);
  await admin.query(`CREATE DATABASE ${quoteIdent(name)} CHARACTER SET utf8mb4`);
  await admin.query(`USE ${quoteIdent(name)}`);
}

/** fixture.sql: blocks between `-- @block` lines, each sent as one (multi-statement) request. */
async function loadFixture(name: string): Promise<void> {
  await createSchema(name);
  for (const block of readFileSync(FIXTURE, 'utf8').split(/^-- @block$/m).slice(1)) await admin.query(block);
}

async function createAccount(privileges: string, on: string): Promise<{ user: string; password: string }> {
  const user = `scout_${randomBytes(4).toString('hex')}`;
  const password = `Pw-${randomBytes(12).toString('hex')}`;
  accounts.push(user);
  await admin.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user, password]);
  await admin.query(`GRANT ${privileges} ON ${on} TO ?@'%'`, [user]);
  return { user, password };
}

beforeAll(async () => {
  admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', multipleStatements: true, charset: 'utf8mb4' });
  await loadFixture(FX);
});

afterAll(async () => {
  for (const s of schemas) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(s)}`);
  for (const u of accounts) await admin.query("DROP USER IF EXISTS ?@'%'", [u]);
  await admin.end();
});

describe('mysqlCollector on MariaDB 10.11: the fixture schema, object by object', () => {
  let reading: ServerReading;
  let rec: QueryRecorder;
  let rows: Record<string, RawRows>;

  beforeAll(async () => {
    rec = recorder();
    const started = performance.now();
    reading = await mysqlCollector.collectServer(target({ database: FX }), DEFAULT_CATALOG_OPTIONS, rec);
    console.info(`collected the fixture in ${Math.round(performance.now() - started)} ms with ${rec.stats.length} queries`);
    rows = reading.databases[0]!.rows;
  });

  it('reads the server: version, flavor, user, size, uptime, with no errors or limitations', async () => {
    const [[v]] = (await admin.query('SELECT VERSION() AS v')) as unknown as [[{ v: string }]];
    expect(reading.server).toMatchObject({ version: v.v, versionNum: parseVersionNum(v.v), flavor: 'mariadb', currentUser: 'root@127.0.0.1' });
    expect(reading.server!.versionNum).toBeGreaterThanOrEqual(101100);
    expect(reading.server!.flavorEvidence.join(' ')).toMatch(/MariaDB/);
    expect(reading.server!.uptimeSeconds).toBeGreaterThan(0);
    expect(reading.server!.sizeBytes).toBeGreaterThan(0);
    expect(rec.errors).toEqual([]);
    expect(rec.limitations).toEqual([]);
  });

  it('names its queries: a fixed set per server and one per kind for the schema', () => {
    const binlog = reading.serverRows.variables!.find((r) => r.Variable_name === 'log_bin')!.Value === 'ON' ? ['binary_logs', 'binlog_status'] : [];
    const perServer = rec.stats.filter((s) => s.database === null).map((s) => s.name);
    expect(perServer).toEqual([...SERVER_QUERIES.slice(0, 7), ...binlog, ...SERVER_QUERIES.slice(7), 'sequences', 'global_status']);
    expect(rec.stats.filter((s) => s.database === FX).map((s) => s.name)).toEqual(SCHEMA_KINDS);
    expect(Object.keys(rows).sort()).toEqual([...SCHEMA_KINDS, 'sequences'].sort());
  });

  it('keeps settings, accounts (without credentials), plugins, engines, schemata and conventions', () => {
    const vars = new Map(reading.serverRows.variables!.map((r) => [r.Variable_name, r.Value]));
    for (const name of ['log_bin', 'binlog_format', 'binlog_row_image', 'binlog_checksum', 'server_id', 'expire_logs_days', 'gtid_strict_mode', 'log_slave_updates', 'character_set_server', 'collation_server', 'sql_mode', 'lower_case_table_names', 'time_zone', 'default_storage_engine', 'innodb_file_per_table', 'innodb_page_size', 'max_connections', 'max_allowed_packet']) {
      expect(vars.has(name), name).toBe(true);
    }
    expect(reading.serverRows.replica_status).toEqual([]);
    expect(reading.serverRows.all_replicas_status).toEqual([]);
    const users = reading.serverRows.users!;
    expect(find(users, { user: 'root', host: '127.0.0.1' })).toMatchObject({ plugin: expect.any(String), account_locked: 'N' });
    expect(find(users, { user: 'mariadb.sys' })).toMatchObject({ account_locked: 'Y' });
    for (const u of users) expect(Object.keys(u).sort()).toEqual(['account_locked', 'host', 'is_role', 'password_expired', 'plugin', 'user']);
    expect(JSON.stringify(reading)).not.toMatch(/authentication_string|"password"/i);
    expect(find(reading.serverRows.user_privileges, { grantee: "'root'@'127.0.0.1'", privilege_type: 'TRIGGER' })).toBeDefined();
    expect(find(reading.serverRows.plugins, { plugin_name: 'InnoDB', plugin_status: 'ACTIVE' })).toBeDefined();
    expect(find(reading.serverRows.engines, { engine: 'MyISAM' })).toBeDefined();
    expect(find(reading.serverRows.schemata, { schema_name: FX })).toMatchObject({ default_character_set_name: 'utf8mb4' });
    expect(reading.serverRows.catalog_conventions).toEqual([expect.objectContaining({ column_default_literals: true, statement_timeout: 'max_statement_time' })]);
    expect(reading.databases).toHaveLength(1);
    expect(reading.databases[0]).toMatchObject({ name: FX, sizeBytes: expect.any(Number) });
    expect(reading.databases[0]!.sizeBytes).toBeGreaterThan(0);
  });

  it('tables: engines, row counts, sizes, AUTO_INCREMENT next value, collation, comments, partitioning, views and sequences', () => {
    expect(rows.tables!.map((t) => t.table_name).sort()).toEqual(['Café Ü', 'Parent Table', 'events_log', 'legacy_places', 'order seq', 'select', 'v "quoted"'].sort());
    expect(find(rows.tables, { table_name: 'Café Ü' })).toMatchObject({ engine: 'InnoDB', auto_increment: '43', table_comment: 'ünïcode table', table_type: 'BASE TABLE' });
    expect(find(rows.tables, { table_name: 'Parent Table' })).toMatchObject({ auto_increment: '1002', table_collation: 'utf8mb4_unicode_ci', table_comment: "parent 'quoted' comment" });
    expect(find(rows.tables, { table_name: 'legacy_places' })).toMatchObject({ engine: 'MyISAM' });
    expect(find(rows.tables, { table_name: 'events_log' })).toMatchObject({ create_options: 'partitioned', table_rows: '3' });
    expect(find(rows.tables, { table_name: 'order seq' })).toMatchObject({ table_type: 'SEQUENCE' });
    expect(find(rows.tables, { table_name: 'v "quoted"' })).toMatchObject({ table_type: 'VIEW' });
    expect(Number(find(rows.tables, { table_name: 'select' })!.data_length)).toBeGreaterThan(0);
  });

  it('columns: full types, defaults as MariaDB literals, generated, invisible, on update, charsets, comments, odd names', () => {
    const col = (table: string, column: string) => find(rows.columns, { table_name: table, column_name: column });
    expect(col('Café Ü', 'Id')).toMatchObject({ extra: 'auto_increment', column_key: 'PRI', is_nullable: 'NO', column_default: null });
    expect(col('Café Ü', 'we`ird "col"')).toMatchObject({ column_comment: 'backtick column', column_default: 'NULL' });
    expect(col('Café Ü', 'total')).toMatchObject({ extra: 'VIRTUAL GENERATED', generation_expression: '`qty` * `price`', is_generated: 'ALWAYS' });
    expect(col('Café Ü', 'total_stored')).toMatchObject({ extra: 'STORED GENERATED' });
    expect(col('Café Ü', 'hidden_col')).toMatchObject({ extra: 'INVISIBLE' });
    expect(col('Café Ü', 'updated_at')).toMatchObject({ extra: 'on update current_timestamp()', column_default: 'current_timestamp()' });
    expect(col('Café Ü', 'status')).toMatchObject({ column_type: "enum('new','done','it''s')", column_default: "'new'" });
    expect(col('Café Ü', 'flags')).toMatchObject({ column_type: "set('a','b','c')" });
    expect(col('Café Ü', 'yr')).toMatchObject({ data_type: 'year' });
    expect(col('Café Ü', 'bits')).toMatchObject({ column_type: 'bit(8)', column_default: "b'101'" });
    expect(col('Café Ü', 'doc')).toMatchObject({ column_type: 'longtext', collation_name: 'utf8mb4_bin' }); // MariaDB JSON = LONGTEXT + json_valid check
    expect(col('Café Ü', 'zf')).toMatchObject({ column_type: 'int(6) unsigned zerofill' });
    expect(col('Café Ü', 'price')).toMatchObject({ column_type: 'decimal(12,4)', numeric_precision: '12', numeric_scale: '4' });
    expect(col('legacy_places', 'pt')).toMatchObject({ data_type: 'point' });
    expect(col('legacy_places', 'label')).toMatchObject({ character_set_name: 'latin1' });
    expect(col('Parent Table', 'code')).toMatchObject({ character_set_name: 'utf8mb3', column_key: 'UNI' });
    expect(col('Parent Table', 'name')).toMatchObject({ character_set_name: 'utf8mb4', collation_name: 'utf8mb4_unicode_ci', column_default: "'it''s'" });
    expect(col('select', 'from')).toMatchObject({ column_key: 'PRI', ordinal_position: '1' });
  });

  it('indexes: prefix, FULLTEXT, SPATIAL, DESC, unique, ignored flag', () => {
    const idx = (table: string, name: string, seq = 1) => find(rows.indexes, { table_name: table, index_name: name, seq_in_index: seq });
    expect(idx('Café Ü', 'idx_body_prefix')).toMatchObject({ column_name: 'body', sub_part: '20', index_type: 'BTREE' });
    expect(idx('Café Ü', 'ft_body')).toMatchObject({ index_type: 'FULLTEXT' });
    expect(idx('legacy_places', 'sp_pt')).toMatchObject({ index_type: 'SPATIAL' });
    expect(idx('Café Ü', 'idx_desc')).toMatchObject({ column_name: 'created_at', collation: 'D' }); // DESC indexes: MariaDB 10.8+
    expect(idx('Café Ü', 'idx_desc', 2)).toMatchObject({ column_name: 'qty', collation: 'A' });
    expect(idx('Parent Table', 'uq code')).toMatchObject({ non_unique: '0', ignored: 'NO' });
    expect(idx('Café Ü', 'idx parent')).toMatchObject({ column_name: 'parent id', non_unique: '1' });
  });

  it('constraints, foreign keys and checks (column and table level)', () => {
    /** The key columns of a table's constraint of one type, as the analyzer will join them. */
    const keyColumns = (table: string, type: string) => {
      const c = find(rows.constraints, { table_name: table, constraint_type: type })!;
      return { name: c.constraint_name, columns: rows.key_columns!.filter((k) => k.table_name === table && k.constraint_name === c.constraint_name) };
    };
    const fk = keyColumns('Café Ü', 'FOREIGN KEY');
    expect(fk.name).toBe('fk café parent');
    expect(fk.columns).toEqual([expect.objectContaining({ column_name: 'parent id', referenced_table_name: 'Parent Table', referenced_column_name: 'id' })]);
    const uq = keyColumns('Parent Table', 'UNIQUE');
    expect(uq.name).toBe('uq code');
    expect(uq.columns.map((k) => k.column_name)).toEqual(['code']);
    expect(keyColumns('events_log', 'PRIMARY KEY').columns.map((k) => k.column_name)).toEqual(['id', 'happened']);
    expect(rows.foreign_keys).toEqual([expect.objectContaining({ constraint_name: 'fk café parent', table_name: 'Café Ü', referenced_table_name: 'Parent Table', update_rule: 'SET NULL', delete_rule: 'CASCADE' })]);
    expect(find(rows.checks, { constraint_name: 'qty' })).toMatchObject({ table_name: 'Café Ü', level: 'Column', check_clause: '`qty` >= 0' });
    expect(find(rows.checks, { constraint_name: 'chk_price' })).toMatchObject({ level: 'Table' });
    expect(find(rows.checks, { constraint_name: 'doc' })).toMatchObject({ check_clause: 'json_valid(`doc`)' });
  });

  it('views, routines with parameters, triggers, events, sequences and partitions', () => {
    expect(rows.views).toEqual([expect.objectContaining({ table_name: 'v "quoted"', check_option: 'CASCADED', security_type: 'INVOKER', algorithm: 'MERGE', is_updatable: 'YES' })]);
    expect(rows.views![0]!.view_definition).toContain('`Parent Table`');
    expect(find(rows.routines, { routine_name: 'count parents' })).toMatchObject({ routine_type: 'PROCEDURE', sql_data_access: 'READS SQL DATA', routine_comment: 'proc comment' });
    expect(find(rows.routines, { routine_name: 'count parents' })!.routine_definition).toContain('SELECT COUNT(*) INTO n');
    expect(find(rows.routines, { routine_name: 'add_tax' })).toMatchObject({ routine_type: 'FUNCTION', dtd_identifier: 'decimal(12,4)', is_deterministic: 'YES', routine_definition: 'RETURN p * 1.2' });
    const params = rows.parameters!.filter((p) => p.specific_name === 'count parents').map((p) => [p.parameter_mode, p.parameter_name, p.dtd_identifier]);
    expect(params).toEqual([['IN', 'min_id', 'int(11)'], ['OUT', 'n', 'int(11)'], ['INOUT', 'note', 'varchar(50)']]);
    expect(find(rows.parameters, { specific_name: 'add_tax', ordinal_position: 0 })).toMatchObject({ parameter_name: null, dtd_identifier: 'decimal(12,4)' });
    expect(rows.triggers).toEqual([expect.objectContaining({ trigger_name: 'trg before ins', event_object_table: 'Café Ü', action_timing: 'BEFORE', event_manipulation: 'INSERT', action_orientation: 'ROW', action_order: '1' })]);
    expect(rows.events).toEqual([expect.objectContaining({ event_name: 'purge_old', event_type: 'RECURRING', interval_value: '1', interval_field: 'DAY', status: 'DISABLED', event_comment: 'purge old rows' })]);
    expect(rows.sequences).toEqual([expect.objectContaining({ sequence_name: 'order seq', start_value: '100', increment: '5', minimum_value: '1', maximum_value: '100000', cache_size: '10', cycle_option: 1 })]);
    expect(rows.partitions!.map((p) => [p.table_name, p.partition_name, p.partition_method, p.partition_expression, p.partition_description, p.table_rows])).toEqual([
      ['events_log', 'p2023', 'RANGE', 'year(`happened`)', '2024', '1'],
      ['events_log', 'pmax', 'RANGE', 'year(`happened`)', 'MAXVALUE', '2'],
    ]);
  });

  it('reads the workload counters at the end, and alone through readWorkload', async () => {
    // MariaDB 10.11 has no Innodb_rows_* counters (MySQL has): Rows_read and Handler_* stand in.
    const names = new Set(reading.workloadEnd!.rows.global_status!.map((r) => r.Variable_name));
    for (const n of ['Questions', 'Queries', 'Com_commit', 'Com_rollback', 'Com_select', 'Com_insert', 'Com_update', 'Com_delete', 'Rows_read', 'Handler_write', 'Handler_update', 'Handler_delete', 'Bytes_received', 'Bytes_sent', 'Threads_connected', 'Max_used_connections', 'Uptime']) {
      expect(names.has(n), n).toBe(true);
    }
    const r = recorder();
    const start = await mysqlCollector.readWorkload(target({ socket: SOCKET, host: null, port: null }), DEFAULT_CATALOG_OPTIONS, r);
    expect(start!.rows.global_status!.length).toBeGreaterThan(100);
    expect(Date.parse(start!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(r.errors).toEqual([]);
  });
});

describe('query count does not grow with tables', () => {
  const small = `scout_q3_${tag}`;
  const large = `scout_q60_${tag}`;
  beforeAll(async () => {
    for (const [name, n] of [[small, 3], [large, 60]] as const) {
      await createSchema(name);
      const ddl = Array.from({ length: n }, (_, i) => `CREATE TABLE t${i} (id INT PRIMARY KEY, v VARCHAR(10), KEY kv (v)) ENGINE=InnoDB;`).join('\n');
      await admin.query(ddl);
    }
  });

  it('3 tables and 60 tables take the same queries; a second schema adds one per kind', async () => {
    const names = async (t: DbTarget): Promise<{ names: string[]; reading: ServerReading }> => {
      const rec = recorder();
      const reading = await mysqlCollector.collectServer(t, DEFAULT_CATALOG_OPTIONS, rec);
      expect(rec.errors).toEqual([]);
      return { names: rec.stats.map((s) => s.name), reading };
    };
    const a = await names(target({ database: small }));
    const b = await names(target({ database: large, socket: SOCKET, host: null, port: null }));
    expect(a.reading.databases[0]!.rows.tables).toHaveLength(3);
    expect(b.reading.databases[0]!.rows.tables).toHaveLength(60);
    expect(b.reading.databases[0]!.rows.columns).toHaveLength(120);
    expect(b.names).toEqual(a.names);

    const both = await names(target({ include: [`scout_q*_${tag}`] }));
    expect(both.reading.databases.map((d) => d.name).sort()).toEqual([large, small].sort());
    expect(both.names.length - a.names.length).toBe(SCHEMA_KINDS.length);
    const one = await names(target({ include: [`scout_q*_${tag}`], exclude: ['scout_q6?_*'] }));
    expect(one.reading.databases.map((d) => d.name)).toEqual([small]);
  });
});

describe('least privilege', () => {
  it('SELECT, SHOW VIEW, PROCESS, REPLICATION CLIENT on *.*: reads the catalog, records what it cannot see, never shows the password', async () => {
    const { user, password } = await createAccount('SELECT, SHOW VIEW, PROCESS, REPLICATION CLIENT', '*.*');
    // MariaDB 10.5.2+ renamed REPLICATION CLIENT to BINLOG MONITOR; replica status now needs SLAVE MONITOR.
    const [grants] = (await admin.query("SHOW GRANTS FOR ?@'%'", [user])) as unknown as [Record<string, string>[]];
    expect(Object.values(grants[0]!)[0]).toMatch(/BINLOG MONITOR/);

    const rec = recorder();
    const reading = await mysqlCollector.collectServer(target({ user, database: FX, password: new Secret(password) }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(reading.server).toMatchObject({ flavor: 'mariadb', currentUser: `${user}@%` });
    const rows = reading.databases[0]!.rows;
    expect(rows.tables).toHaveLength(7);
    expect(rows.columns!.length).toBeGreaterThan(30);
    expect(find(rows.routines, { routine_name: 'add_tax' })!.routine_definition).toBe('RETURN p * 1.2'); // global SELECT covers mysql.proc
    expect(rows.views![0]!.view_definition).not.toBe('');
    expect(rows.sequences).toHaveLength(1);
    expect(reading.serverRows.users!.length).toBeGreaterThan(0); // SELECT on *.* includes mysql.*

    // Hidden from this user, and said so.
    expect(rows.triggers).toEqual([]);
    expect(rows.events).toEqual([]);
    const limits = new Map(rec.limitations.map((l) => [l.collector, l]));
    expect(limits.get('db:triggers')).toMatchObject({ code: 'permission_denied' });
    expect(limits.get('db:events')).toMatchObject({ code: 'permission_denied' });
    expect(limits.get('db:replica_status')).toMatchObject({ code: 'permission_denied', message: expect.stringMatching(/SLAVE MONITOR/) });
    // An expected denial is a limitation (with the grant that lifts it), not a failure.
    expect(rec.errors).toEqual([]);
    expect(rec.stats.find((q) => q.name === 'replica_status')?.error).toBe('permission_denied');

    for (const text of [JSON.stringify(reading), JSON.stringify(rec.errors), JSON.stringify(rec.limitations), JSON.stringify(rec.stats)]) expect(text).not.toContain(password);
  });

  it('SELECT on one schema only: mysql.user, view definitions and routines are recorded as not visible', async () => {
    const { user, password } = await createAccount('SELECT', `${quoteIdent(FX)}.*`);
    const rec = recorder();
    const reading = await mysqlCollector.collectServer(target({ user, password: new Secret(password) }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(reading.databases.map((d) => d.name)).toEqual([FX]);
    expect(reading.serverRows.users).toBeUndefined();
    expect(reading.serverRows.user_privileges).toEqual([expect.objectContaining({ grantee: `'${user}'@'%'`, privilege_type: 'USAGE' })]);
    const limits = new Map(rec.limitations.map((l) => [l.collector, l]));
    expect(limits.get('db:users')).toMatchObject({ code: 'permission_denied' });
    expect(limits.get('db:views')).toMatchObject({ code: 'permission_denied', affected: 1 });
    expect(limits.get('db:routines')).toMatchObject({ code: 'permission_denied', message: expect.stringMatching(/may be missing/) });
    expect(rec.errors).toEqual([]);
    expect(rec.stats.filter((q) => q.error === 'permission_denied').map((q) => q.name).sort()).toEqual(['replica_status', 'users']);
    for (const text of [JSON.stringify(reading), JSON.stringify(rec.errors), JSON.stringify(rec.limitations)]) expect(text).not.toContain(password);
  });
});

describe('faults', () => {
  it('a wrong password is thrown as auth_failed, with no password in the message', async () => {
    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    const rec = recorder();
    const err = await mysqlCollector.collectServer(target({ password: new Secret(wrong) }), DEFAULT_CATALOG_OPTIONS, rec).catch((e: unknown) => e);
    expect(classifyDbError(err).code).toBe('auth_failed');
    rec.fail('connect', null, null, err); // as the orchestrator does
    expect(rec.errors[0]).toMatchObject({ stage: 'connect', code: 'auth_failed' });
    expect(JSON.stringify(rec.errors) + String((err as Error).message)).not.toContain(wrong);
  });

  it('a closed port is connection_refused, for both calls', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const t = target({ port });
    const e1 = await mysqlCollector.collectServer(t, DEFAULT_CATALOG_OPTIONS, recorder()).catch((e: unknown) => e);
    const e2 = await mysqlCollector.readWorkload(t, DEFAULT_CATALOG_OPTIONS, recorder()).catch((e: unknown) => e);
    expect(classifyDbError(e1).code).toBe('connection_refused');
    expect(classifyDbError(e2).code).toBe('connection_refused');
  });

  it('a database that does not exist is recorded as database_not_found, the server is still read', async () => {
    const rec = recorder();
    const reading = await mysqlCollector.collectServer(target({ database: `scout_missing_${tag}` }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(reading.server).not.toBeNull();
    expect(reading.databases).toEqual([]);
    expect(rec.errors).toEqual([expect.objectContaining({ stage: 'database', database: `scout_missing_${tag}`, code: 'database_not_found' })]);
  });

  it('sslmode require against a server without TLS fails the connect', async () => {
    const err = await mysqlCollector.collectServer(target({ sslmode: 'require' }), DEFAULT_CATALOG_OPTIONS, recorder()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HANDSHAKE_NO_SSL_SUPPORT' });
    const ok = await mysqlCollector.readWorkload(target({ sslmode: 'prefer' }), DEFAULT_CATALOG_OPTIONS, recorder());
    expect(ok).not.toBeNull();
  });

  it('bounds the session: statement timeout, lock wait, read only; a slow query fails with statement_timeout', async () => {
    const opts = { ...DEFAULT_CATALOG_OPTIONS, statementTimeoutMs: 250, lockTimeoutMs: 1500 };
    const rec = recorder(opts);
    const s = await openSession(target(), opts, rec);
    try {
      expect(s.statementTimeout).toBe('max_statement_time');
      const [limits] = await query(s.conn, 'SELECT @@session.max_statement_time AS mst, @@session.lock_wait_timeout AS lwt, @@session.tx_read_only AS ro');
      expect(limits).toMatchObject({ lwt: '2', ro: '1' });
      expect(Number(limits!.mst)).toBeCloseTo(0.25);
      const started = performance.now();
      expect(await rec.run('sleep', null, () => query(s.conn, 'SELECT SLEEP(2) AS s'))).toBeNull();
      expect(performance.now() - started).toBeLessThan(1500);
      expect(rec.errors.at(-1)).toMatchObject({ query: 'sleep', code: 'statement_timeout' });
      expect(rec.stats.at(-1)).toMatchObject({ name: 'sleep', error: 'statement_timeout' });
      expect(await rec.run('write', FX, () => query(s.conn, `INSERT INTO ${quoteIdent(FX)}.\`select\` (\`from\`) VALUES (1)`))).toBeNull();
      expect(rec.errors.at(-1)!.message).toMatch(/READ ONLY/i);
    } finally {
      await close(s.conn);
    }
  });
});

describe('version and flavor branches (pure: there is no MySQL 8 server here, so its SQL is only checked as text)', () => {
  const mysql8 = { mariadb: false, versionNum: 80036 };
  const mysql57 = { mariadb: false, versionNum: 50744 };
  const maria = { mariadb: true, versionNum: 101106 };

  it('parses versions', () => {
    expect(parseVersionNum('8.0.36-28')).toBe(80036);
    expect(parseVersionNum('10.11.6-MariaDB-log')).toBe(101106);
    expect(parseVersionNum('5.5.5-10.11.6-MariaDB')).toBe(101106);
    expect(parseVersionNum('5.7.44-log')).toBe(50744);
    expect(parseVersionNum('garbage')).toBe(0);
  });

  it('tells the flavors apart, with evidence', () => {
    const facts = (version: string, comment: string, basedir: string, vars: Record<string, string> = {}, accounts: string[] = [], rdsTables: string[] = []) =>
      detectFlavor({ versionRow: { version, version_comment: comment, basedir }, variables: new Map(Object.entries(vars)), accounts, rdsTables, auroraFunctionVersion: null });
    expect(facts('8.0.36', 'MySQL Community Server - GPL', '/usr/')).toMatchObject({ flavor: 'mysql' });
    expect(facts('8.0.36-28', 'Percona Server (GPL), Release 28', '/usr/')).toMatchObject({ flavor: 'percona', evidence: ['version_comment: Percona Server (GPL), Release 28'] });
    expect(facts('8.0.36', 'Source distribution', '/rdsdbbin/mysql-8.0.36.R2/')).toMatchObject({ flavor: 'rds-mysql', evidence: ['basedir: /rdsdbbin/mysql-8.0.36.R2/'] });
    expect(facts('8.0.28', 'Source distribution', '/rdsdbbin/oscar/', { aurora_version: '3.05.2' })).toMatchObject({ flavor: 'aurora-mysql' });
    expect(facts('10.11.6-MariaDB-log', 'managed by https://aws.amazon.com/rds/', '/usr/', {}, ["'rdsadmin'@'localhost'"]).flavor).toBe('rds-mariadb');
    expect(facts('8.0.36', '', '/usr/', {}, [], ['rds_configuration']).flavor).toBe('rds-mysql');
  });

  it('picks the SQL text per version', () => {
    expect(Q.bulkSchemaFilter(mysql8)).toBe(true);
    expect(Q.bulkSchemaFilter(mysql57) || Q.bulkSchemaFilter(maria)).toBe(false);
    expect(Q.columnsSql(mysql8)).toContain('SRS_ID AS srs_id');
    expect(Q.columnsSql(maria)).not.toContain('SRS_ID');
    expect(Q.columnsSql(maria)).toContain('IS_GENERATED AS is_generated');
    expect(Q.indexesSql(mysql8)).toMatch(/EXPRESSION AS expression, IS_VISIBLE AS is_visible/);
    expect(Q.indexesSql(maria)).toContain('IGNORED AS ignored');
    expect(Q.checksSql(mysql8)).toBe(Q.CHECKS_MYSQL);
    expect(Q.checksSql(mysql57)).toBeNull();
    expect(Q.checksSql(maria)).toBe(Q.CHECKS_MARIADB_LEVEL);
    expect(Q.checksSql({ mariadb: true, versionNum: 100411 })).toBe(Q.CHECKS_MARIADB);
    expect(Q.viewsSql(maria)).toContain('ALGORITHM');
    expect(Q.viewsSql(mysql8)).not.toContain('ALGORITHM');
    expect(Q.replicaStatusSql(mysql8)).toBe('SHOW REPLICA STATUS');
    expect(Q.replicaStatusSql(mysql57)).toBe('SHOW SLAVE STATUS');
    expect(Q.binlogStatusSql({ mariadb: false, versionNum: 80400 })).toBe('SHOW BINARY LOG STATUS');
    expect(Q.binlogStatusSql(maria)).toBe('SHOW MASTER STATUS');
    expect(Q.usersSql(mysql8)).toBe(Q.USERS_MYSQL_57);
    expect(Q.sessionLimitsSql(mysql8).statementTimeout).toBe('max_execution_time');
    expect(Q.columnDefaultsAreLiterals(mysql8)).toBe(false);
    for (const sql of [Q.USERS_MARIADB_104, Q.USERS_MARIADB_OLD, Q.USERS_MYSQL_57, Q.USERS_MYSQL_56]) expect(sql).not.toMatch(/authentication_string|Password/);
  });

  it('binds schemas as placeholders, once per occurrence', () => {
    expect(Q.bindSchemas(Q.KEY_CONSTRAINTS, ['a', 'b'])).toMatchObject({ params: ['a', 'b'] });
    expect(Q.bindSchemas(Q.CHECKS_MYSQL, ['a', 'b'])).toMatchObject({ params: ['a', 'b', 'a', 'b'] });
    expect(Q.bindSchemas(Q.KEY_CONSTRAINTS, ['a', 'b']).sql).toContain('IN (?, ?)');
    expect(Q.sequencesSql([{ schema: 'x`y', name: 'order seq' }])).toMatchObject({ params: ['x`y', 'order seq'] });
    expect(Q.sequencesSql([{ schema: 'x`y', name: 'order seq' }]).sql).toContain('FROM `x``y`.`order seq`');
  });
});

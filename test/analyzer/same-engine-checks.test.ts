/**
 * The same-engine assessment checks, table-driven on small models: MySQL/MariaDB → Aurora
 * MySQL 3 and PostgreSQL → Aurora PostgreSQL. Pure: the DDL and its round trip on the real
 * servers are in same-engine-roundtrip.integration.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ConversionContext } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import { checkMariadbFeatures } from '../../analyzer/convert/same-engine/mariadb-checks.js';
import { auroraMysqlModel, checkMysqlSettings, checkMysqlTables } from '../../analyzer/convert/same-engine/mysql-checks.js';
import { checkMysqlCode } from '../../analyzer/convert/same-engine/mysql-code-checks.js';
import { qualifyRoutineCalls } from '../../analyzer/convert/same-engine/qualify-routine-calls.js';
import { checkPostgresExtensions, checkPostgresSchema, checkPostgresSettings } from '../../analyzer/convert/same-engine/postgres-checks.js';
import type { Column, DatabaseModel, Schema, Table } from '../../analyzer/model/schema.js';

const col = (name: string, kind: Column['type']['kind'], raw: string, extra: Partial<Column> = {}): Column => ({ name, type: { kind, raw }, nullable: true, default: null, ...extra });
const table = (name: string, columns: Column[], attrs: Record<string, string> = {}): Table => ({ name, kind: 'table', columns, uniques: [], foreignKeys: [], checks: [], indexes: [], otherConstraints: [], attrs });
const schema = (over: Partial<Schema>): Schema => ({ name: 'shop', tables: [], views: [], routines: [], triggers: [], sequences: [], enums: [], domains: [], otherTypes: [], events: [], attrs: {}, ...over });
const model = (dialect: 'mysql' | 'postgres', s: Schema, over: Partial<DatabaseModel> = {}): DatabaseModel => ({
  name: 'shop',
  source: { dialect, flavor: dialect === 'mysql' ? 'mariadb' : 'postgres', version: '', versionNum: 0 },
  schemas: [s],
  extensions: [],
  settings: {},
  problems: [],
  ...over,
});

const items = (ctx: ConversionContext): string[] => ctx.items.map((i) => `${i.code} ${i.object}`);

describe('MySQL → Aurora MySQL 3', () => {
  const s = schema({
    tables: [
      table('old', [col('id', 'int32', 'int(11)'), col('posted', 'timestamp', 'datetime', { nullable: false, default: { kind: 'string', value: '0000-00-00 00:00:00' } })], { engine: 'MyISAM', row_format: 'Fixed' }),
      table('rank', [col('rows', 'int32', 'int(11)'), col('name', 'varchar', 'varchar(10)', { charset: 'utf8mb3' }), col('zf', 'int32', 'int(6) unsigned zerofill', { type: { kind: 'int32', raw: 'int(6) unsigned zerofill', zerofill: true } })], { engine: 'InnoDB', row_format: 'Compressed' }),
      table('ok', [col('id', 'int32', 'int(11)')], { engine: 'InnoDB' }),
    ],
    views: [{ name: 'v', definition: 'select password(`x`) AS `p` from `t`', materialized: false, attrs: {} }],
    sequences: [{ name: 'seq', start: '1', increment: '1', minValue: '1', maxValue: '9', cache: '1', cycle: false, attrs: {} }],
  });

  it('raises one item per finding, naming the object', () => {
    const m = model('mysql', s, { settings: { sql_mode: 'STRICT_TRANS_TABLES,NO_AUTO_CREATE_USER', lower_case_table_names: '1' } });
    const ctx = new ConversionContext(m, 'mysql', DEFAULT_OPTIONS);
    checkMysqlSettings(ctx, m);
    checkMysqlTables(ctx, s);
    checkMysqlCode(ctx, s);
    checkMariadbFeatures(ctx, s);
    expect(items(ctx)).toEqual([
      'mysql8_sql_mode_allows_zero_dates sql_mode',
      'mysql8_sql_mode_removed_flag sql_mode',
      'mysql8_setting_differs lower_case_table_names',
      'aurora_mysql_non_innodb_table shop.old',
      'mysql8_zero_date_default shop.old.posted',
      'aurora_mysql_row_format_compressed shop.rank',
      'mysql8_utf8mb3 shop.rank',
      'mysql8_reserved_word shop.rank.rows',
      'mysql8_deprecated_feature shop.rank.zf',
      'mysql8_reserved_word shop.rank',
      'mysql8_removed_function shop.v',
      'mariadb_only_feature shop.seq',
    ]);
    // The sql_mode it recommends is one Aurora MySQL 3 accepts: the removed flag is left out.
    expect(ctx.items.find((i) => i.code === 'mysql8_sql_mode_allows_zero_dates')!.recommendation).toBe("Find and fix such rows, or set sql_mode = 'STRICT_TRANS_TABLES' in the DB cluster parameter group.");
    const zero = ctx.items.find((i) => i.code === 'mysql8_zero_date_default')!;
    expect(zero.recommendation).toBe("ALTER TABLE `shop`.`old` MODIFY `posted` datetime NOT NULL DEFAULT '1970-01-01 00:00:01'; after replacing zero dates in the data, or keep NO_ZERO_DATE out of sql_mode in the parameter group.");
  });

  it('gives the DDL InnoDB and no COMPRESSED row format, leaving the source model alone', () => {
    const m = model('mysql', s);
    const fixed = auroraMysqlModel(m).schemas[0]!.tables;
    expect(fixed.map((t) => [t.attrs['engine'], t.attrs['row_format'] ?? null])).toEqual([
      ['InnoDB', null],
      ['InnoDB', null],
      ['InnoDB', null],
    ]);
    expect(s.tables[0]!.attrs['engine']).toBe('MyISAM');
  });

  it('does not take GROUP BY … ORDER BY … DESC for the removed GROUP BY DESC', () => {
    const ok = schema({ views: [{ name: 'v', definition: 'select `a` AS `a` from `t` group by `a` order by sum(`b`) desc', materialized: false, attrs: {} }] });
    const ctx = new ConversionContext(model('mysql', ok), 'mysql', DEFAULT_OPTIONS);
    checkMysqlCode(ctx, ok);
    expect(items(ctx)).toEqual([]);
  });
});

describe('qualifyRoutineCalls', () => {
  it("qualifies a view's calls to the schema's own functions, not strings, columns or other functions", () => {
    const s = schema({
      routines: [{ name: 'current_manager', kind: 'function', language: 'SQL', parameters: [], returns: 'int', body: 'RETURN 1', attrs: {} }],
      views: [{ name: 'v', definition: "select `current_manager`(`d`.`x`) AS `m`,current_manager(1) AS `n`,'current_manager(' AS `s`,`d`.`current_manager` AS `c`,concat('a') AS `k` from `d`", materialized: false, attrs: {} }],
    });
    expect(qualifyRoutineCalls(s).views[0]!.definition).toBe(
      "select `shop`.`current_manager`(`d`.`x`) AS `m`,`shop`.`current_manager`(1) AS `n`,'current_manager(' AS `s`,`d`.`current_manager` AS `c`,concat('a') AS `k` from `d`",
    );
  });
});

describe('PostgreSQL → Aurora PostgreSQL', () => {
  it('flags extensions, untrusted languages, unlogged tables, tablespaces, large objects and settings', () => {
    const s = schema({
      name: 'app',
      tables: [table('scratch', [col('doc', 'unknown', 'oid')], { persistence: 'unlogged', tablespace: 'fast' })],
      routines: [{ name: 'py', kind: 'function', language: 'plpython3u', parameters: [], returns: 'int', body: 'return 1', attrs: {} }],
    });
    const m = model('postgres', s, {
      extensions: [
        { name: 'plpgsql', version: '1.0', schema: 'pg_catalog' },
        { name: 'pg_trgm', version: '1.6', schema: 'public' },
        { name: 'timescaledb', version: '2.14', schema: 'public' },
        { name: 'my_ext', version: '0.1', schema: 'public' },
      ],
      settings: { TimeZone: 'Europe/Paris', server_encoding: 'UTF8' },
    });
    const ctx = new ConversionContext(m, 'postgresql', DEFAULT_OPTIONS);
    checkPostgresExtensions(ctx, m);
    checkPostgresSettings(ctx, m);
    checkPostgresSchema(ctx, s);
    expect(items(ctx)).toEqual([
      'aurora_pg_extension_unsupported timescaledb',
      'aurora_pg_extension_unknown my_ext',
      'aurora_pg_setting TimeZone',
      'aurora_pg_unlogged_table app.scratch',
      'aurora_pg_tablespace app.scratch',
      'aurora_pg_large_objects app.scratch.doc',
      'aurora_pg_untrusted_language app.py',
    ]);
    expect(ctx.items.find((i) => i.code === 'aurora_pg_unlogged_table')!.recommendation).toBe('ALTER TABLE "app"."scratch" SET LOGGED; unless its contents can be rebuilt after a failover.');
  });
});

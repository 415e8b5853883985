/**
 * mysqlFromCatalog on rows the real agent collects from MariaDB 10.11 (tests ran against
 * MariaDB 10.11): the shared fixture plus SQL written here for what it lacks.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseModel, Table } from '../../analyzer/model/schema.js';
import { collectModel, createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';

const db = uniqueName('scout_h1_fc');
let model: DatabaseModel;

const EXTRA = `
CREATE TABLE extra (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  flag TINYINT(1) NOT NULL DEFAULT 1,
  doc JSON NULL,
  t TIME(2) NULL DEFAULT '-838:59:59',
  d DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  zero DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
  s VARCHAR(20) NOT NULL DEFAULT 'a''b\\\\c',
  h DOUBLE UNSIGNED NULL,
  u CHAR(5) COLLATE utf8mb4_bin NULL,
  pre VARCHAR(200) NULL,
  UNIQUE KEY uq_pre (pre(10)),
  CONSTRAINT chk_t CHECK (t IS NULL OR t > '-100:00:00')
) AUTO_INCREMENT = 18446744073709551000;
`;

const table = (name: string): Table => {
  const t = model.schemas[0]!.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
};

beforeAll(async () => {
  await createDatabase('mysql', db);
  const fixture = readFileSync(new URL('../fixtures/db/mysql/fixture.sql', import.meta.url), 'utf8');
  for (const block of fixture.split(/^-- @block$/m).slice(1)) await runSql('mysql', db, block);
  await runSql('mysql', db, 'SET sql_mode = ""; ' + EXTRA);
  model = await collectModel('mysql', db);
}, 120_000);

afterAll(async () => {
  await dropDatabase('mysql', db);
});

describe('mysqlFromCatalog (MariaDB 10.11)', () => {
  it('reads the model header and settings', () => {
    expect(model.source).toMatchObject({ dialect: 'mysql', flavor: 'mariadb' });
    expect(model.settings.sql_mode).toBeDefined();
    expect(model.problems).toEqual([]);
    expect(model.schemas).toHaveLength(1);
    expect(model.schemas[0]!.name).toBe(db);
  });

  it('reads columns: types, defaults, identity, generated, on update, json', () => {
    const cafe = table('Café Ü');
    const col = (n: string) => cafe.columns.find((c) => c.name === n)!;
    // AUTO_INCREMENT=42 and the fixture inserts one row.
    expect(col('Id').identity).toEqual({ kind: 'auto_increment', next: '43' });
    expect(col('status').type.values).toEqual(['new', 'done', "it's"]);
    expect(col('status').default).toEqual({ kind: 'string', value: 'new' });
    expect(col('bits').default).toEqual({ kind: 'bit', bits: '101' });
    expect(col('doc').type.kind).toBe('json');
    expect(col('zf').type).toMatchObject({ kind: 'int32', unsigned: true, zerofill: true });
    expect(col('total').generated).toEqual({ expression: '`qty` * `price`', stored: false });
    expect(col('total_stored').generated?.stored).toBe(true);
    expect(col('updated_at').onUpdateCurrentTimestamp).toEqual({});
    expect(col('created_at').default).toEqual({ kind: 'current_timestamp' });
    expect(col('we`ird "col"').comment).toBe('backtick column');
    expect(table('Parent Table').columns.find((c) => c.name === 'name')!.default).toEqual({ kind: 'string', value: "it's" });

    const extra = table('extra');
    const x = (n: string) => extra.columns.find((c) => c.name === n)!;
    expect(x('id').identity?.next).toBe('18446744073709551000');
    expect(x('flag').type).toMatchObject({ kind: 'int8', displayWidth: 1 });
    expect(x('t').default).toEqual({ kind: 'string', value: '-838:59:59.00' });
    expect(x('d').onUpdateCurrentTimestamp).toEqual({ precision: 6 });
    expect(x('d').default).toEqual({ kind: 'current_timestamp', precision: 6 });
    expect(x('zero').default).toEqual({ kind: 'string', value: '0000-00-00 00:00:00' });
    expect(x('s').default).toEqual({ kind: 'string', value: "a'b\\c" });
    expect(x('h').type).toMatchObject({ kind: 'float64', unsigned: true });
    expect(x('u').collation).toBe('utf8mb4_bin');
    // MariaDB's automatic json_valid() check is not a model check.
    expect(table('Café Ü').checks.map((c) => c.name).sort()).toEqual(['chk_price', 'qty']);
  });

  it('reads keys, indexes and foreign keys', () => {
    const cafe = table('Café Ü');
    expect(cafe.primaryKey).toEqual({ name: 'PRIMARY', columns: ['Id'] });
    const idx = (n: string) => cafe.indexes.find((i) => i.name === n)!;
    expect(idx('idx_body_prefix').parts).toEqual([{ column: 'body', prefixLength: 20 }]);
    expect(idx('ft_body').method).toBe('fulltext');
    expect(idx('idx_desc').parts[0]).toMatchObject({ column: 'created_at', descending: true });
    expect(table('Parent Table').indexes.find((i) => i.name === 'uq code')).toMatchObject({ unique: true, method: 'btree' });
    expect(table('Parent Table').uniques).toEqual([]);
    expect(cafe.foreignKeys).toEqual([
      { name: 'fk café parent', columns: ['parent id'], ref: { schema: db, table: 'Parent Table', columns: ['id'] }, onUpdate: 'set null', onDelete: 'cascade' },
    ]);
    expect(table('legacy_places').indexes.find((i) => i.name === 'sp_pt')?.method).toBe('spatial');
    expect(table('extra').indexes.find((i) => i.name === 'uq_pre')).toMatchObject({ unique: true, parts: [{ column: 'pre', prefixLength: 10 }] });
  });

  it('reads partitions, views, routines, triggers, events and sequences', () => {
    const s = model.schemas[0]!;
    expect(table('events_log')).toMatchObject({ kind: 'partitioned', partitioning: { method: 'range', partitions: [{ name: 'p2023', bound: '2024' }, { name: 'pmax', bound: 'MAXVALUE' }] } });
    const view = s.views.find((v) => v.name === 'v "quoted"')!;
    expect(view).toMatchObject({ checkOption: 'CASCADED', attrs: { algorithm: 'MERGE', security_type: 'INVOKER' } });
    const proc = s.routines.find((r) => r.name === 'count parents')!;
    expect(proc.kind).toBe('procedure');
    expect(proc.parameters.map((p) => [p.mode, p.name])).toEqual([['in', 'min_id'], ['out', 'n'], ['inout', 'note']]);
    expect(s.routines.find((r) => r.name === 'add_tax')).toMatchObject({ kind: 'function', returns: 'decimal(12,4)', deterministic: true });
    expect(s.triggers[0]).toMatchObject({ name: 'trg before ins', table: 'Café Ü', timing: 'before', events: ['insert'] });
    expect(s.events.map((e) => e.name)).toEqual(['purge_old']);
    expect(s.sequences[0]).toMatchObject({ name: 'order seq', start: '100', increment: '5', maxValue: '100000', cycle: true });
  });
});

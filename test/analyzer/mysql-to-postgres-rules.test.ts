/** Table-driven tests of the MySQL → PostgreSQL rules: types, defaults and expressions (no database). */
import { describe, expect, it } from 'vitest';
import { convertDefault } from '../../analyzer/convert/mysql-to-postgres/defaults.js';
import { translateMysqlExpression } from '../../analyzer/convert/mysql-to-postgres/expressions.js';
import { TableColumns } from '../../analyzer/convert/mysql-to-postgres/scope.js';
import { mapColumnType } from '../../analyzer/convert/mysql-to-postgres/types.js';
import { DEFAULT_OPTIONS, optionsFromMapping } from '../../analyzer/convert/options.js';
import { parseMysqlType } from '../../analyzer/dialects/mysql/parse-type.js';
import { pgDefault } from '../../analyzer/dialects/postgres/generate-default.js';
import { pgTypeName } from '../../analyzer/dialects/postgres/type-names.js';
import type { Column, ColumnDefault } from '../../analyzer/model/schema.js';

const column = (raw: string): Column => ({ name: 'c', type: parseMysqlType(raw), nullable: true, default: null });

describe('mapColumnType (validate_all style)', () => {
  it.each([
    { mysql: 'tinyint(1)', postgres: 'boolean', checks: [], codes: ['tinyint1_to_boolean'] },
    { mysql: 'tinyint(4)', postgres: 'smallint', checks: [], codes: [] },
    { mysql: 'tinyint(3) unsigned', postgres: 'smallint', checks: ['"c" >= 0'], codes: ['unsigned_widened'] },
    { mysql: 'smallint(5) unsigned', postgres: 'integer', checks: ['"c" >= 0'], codes: ['unsigned_widened'] },
    { mysql: 'mediumint(9)', postgres: 'integer', checks: [], codes: [] },
    { mysql: 'int(10) unsigned', postgres: 'bigint', checks: ['"c" >= 0'], codes: ['unsigned_widened'] },
    { mysql: 'int(6) unsigned zerofill', postgres: 'bigint', checks: ['"c" >= 0'], codes: ['unsigned_widened'] },
    { mysql: 'bigint(20) unsigned', postgres: 'numeric(20,0)', checks: ['"c" >= 0'], codes: ['unsigned_bigint_numeric'] },
    { mysql: 'bigint(20)', postgres: 'bigint', checks: [], codes: [] },
    { mysql: 'decimal(10,2) unsigned', postgres: 'numeric(10,2)', checks: ['"c" >= 0'], codes: ['unsigned_widened'] },
    { mysql: 'float', postgres: 'real', checks: [], codes: [] },
    { mysql: 'float(7,3)', postgres: 'real', checks: [], codes: ['float_display_precision'] },
    { mysql: 'double unsigned', postgres: 'double precision', checks: ['"c" >= 0'], codes: ['unsigned_widened'] },
    { mysql: 'varchar(255)', postgres: 'character varying(255)', checks: [], codes: [] },
    { mysql: 'char(0)', postgres: 'character(1)', checks: [], codes: [] },
    { mysql: 'mediumtext', postgres: 'text', checks: [], codes: [] },
    { mysql: 'varbinary(16)', postgres: 'bytea', checks: ['octet_length("c") <= 16'], codes: [] },
    { mysql: 'longblob', postgres: 'bytea', checks: [], codes: [] },
    { mysql: 'time(2)', postgres: 'interval(2)', checks: [], codes: ['time_to_interval'] },
    { mysql: 'datetime(6)', postgres: 'timestamp(6) without time zone', checks: [], codes: [] },
    { mysql: 'timestamp', postgres: 'timestamp(0) with time zone', checks: [], codes: [] },
    { mysql: 'year(4)', postgres: 'smallint', checks: ['"c" = 0 OR "c" BETWEEN 1901 AND 2155'], codes: ['year_to_smallint'] },
    { mysql: 'json', postgres: 'jsonb', checks: [], codes: ['json_to_jsonb'] },
    { mysql: "set('a','b''c')", postgres: 'text[]', checks: [`"c" <@ ARRAY['a', 'b''c']::text[]`], codes: ['set_to_array'] },
    { mysql: 'bit(8)', postgres: 'bit(8)', checks: [], codes: [] },
    { mysql: 'point', postgres: 'bytea', checks: [], codes: ['spatial_to_bytea'] },
    { mysql: 'frob', postgres: 'text', checks: [], codes: ['unknown_data_type'] },
  ])('$mysql → $postgres', ({ mysql, postgres, checks, codes }) => {
    const m = mapColumnType(column(mysql), 's.t.c', DEFAULT_OPTIONS);
    expect(pgTypeName(m.type)).toBe(postgres);
    expect(m.checks.map((c) => c.condition('"c"'))).toEqual(checks);
    expect(m.notes.map((n) => n.code)).toEqual(codes);
  });

  it('follows the options: enum as check, set as text, tinyint(1) as smallint, datetime as timestamptz', () => {
    const o = optionsFromMapping({ enum: 'check', set: 'text', tinyint1: 'smallint', datetime: 'timestamptz' });
    expect(mapColumnType(column("enum('a','b')"), 's.t.c', o).checks[0]!.condition('"c"')).toBe(`"c" IN ('a', 'b')`);
    expect(pgTypeName(mapColumnType(column("set('a')"), 's.t.c', o).type)).toBe('text');
    expect(pgTypeName(mapColumnType(column('tinyint(1)'), 's.t.c', o).type)).toBe('smallint');
    expect(pgTypeName(mapColumnType(column('datetime'), 's.t.c', o).type)).toBe('timestamp(0) with time zone');
  });

  it('lets a --mapping rule win, by column before type', () => {
    const o = optionsFromMapping({ types: [{ match: 'bigint* unsigned', to: 'bigint' }], columns: [{ column: 's.t.c', to: 'text' }] });
    expect(mapColumnType(column('bigint(20) unsigned'), 's.x.y', o)).toMatchObject({ type: { kind: 'unknown', raw: 'bigint' }, notes: [{ code: 'type_overridden_by_mapping' }] });
    expect(mapColumnType(column('bigint(20) unsigned'), 's.t.c', o).type.raw).toBe('text');
  });

  it('falls back to text + CHECK for enum labels longer than 63 bytes', () => {
    const m = mapColumnType(column(`enum('${'x'.repeat(64)}')`), 's.t.c', DEFAULT_OPTIONS);
    expect(m.type.kind).toBe('text');
    expect(m.notes[0]!.code).toBe('enum_as_check');
  });
});

const KNOWN = new Set(['flag', 'a', 'b', 'd', 's', 'qty', 'price', 'doc']);
const scope = { column: (n: string) => (n === 'flag' ? '("flag")::integer' : KNOWN.has(n.toLowerCase()) ? `"${n.toLowerCase()}"` : null) };

describe('convertDefault', () => {
  const cases: { raw: string; d: ColumnDefault; sql: string | null; code?: string }[] = [
    { raw: 'tinyint(1)', d: { kind: 'number', value: '1' }, sql: 'true', code: undefined },
    { raw: 'tinyint(1)', d: { kind: 'number', value: '2' }, sql: 'true', code: 'default_changed' },
    { raw: 'datetime', d: { kind: 'string', value: '0000-00-00 00:00:00' }, sql: "'-infinity'", code: 'zero_date_default' },
    { raw: 'date', d: { kind: 'string', value: '0000-00-00' }, sql: "'-infinity'", code: 'zero_date_default_date' },
    { raw: 'datetime(3)', d: { kind: 'current_timestamp', precision: 3 }, sql: 'LOCALTIMESTAMP(3)' },
    { raw: 'timestamp', d: { kind: 'current_timestamp' }, sql: 'CURRENT_TIMESTAMP' },
    { raw: 'bit(8)', d: { kind: 'bit', bits: '101' }, sql: "B'00000101'" },
    { raw: 'bit(4)', d: { kind: 'number', value: '3' }, sql: "B'0011'" },
    { raw: 'binary(4)', d: { kind: 'string', value: 'ab' }, sql: "'\\x61620000'::bytea" },
    { raw: "set('a','b')", d: { kind: 'string', value: 'a,b' }, sql: "ARRAY['a', 'b']::text[]" },
    { raw: "set('a','b')", d: { kind: 'string', value: '' }, sql: "'{}'::text[]" },
    { raw: 'varchar(10)', d: { kind: 'string', value: "it's \\ ok" }, sql: "'it''s \\ ok'" },
    { raw: 'char(36)', d: { kind: 'uuid' }, sql: '(gen_random_uuid())::text' },
    { raw: 'varchar(10)', d: { kind: 'expression', text: "concat('a','b')" }, sql: "(('a')::text || ('b')::text)" },
    // PostgreSQL defaults cannot read columns.
    { raw: 'varchar(10)', d: { kind: 'expression', text: "concat('a',`flag`)" }, sql: null, code: 'default_not_converted' },
    { raw: 'varchar(10)', d: { kind: 'expression', text: 'frobnicate()' }, sql: null, code: 'default_not_converted' },
    { raw: 'time', d: { kind: 'string', value: '-838:59:59' }, sql: "'-838:59:59'" },
  ];
  it.each(cases)('$raw $d.kind → $sql', ({ raw, d, sql, code }) => {
    const source = parseMysqlType(raw);
    const target = mapColumnType({ name: 'c', type: source, nullable: true, default: null }, 's.t.c', DEFAULT_OPTIONS).type;
    const out = convertDefault(d, source, target);
    expect(out.value === null ? null : pgDefault(out.value, target)).toBe(sql);
    expect(out.note?.code).toBe(code);
  });
});

describe('translateMysqlExpression', () => {
  it.each([
    ['`price` >= 0 and `qty` < 1000000', '"price" >= 0 and "qty" < 1000000'.replace('and', 'AND')],
    ['if(`flag` = 1,`qty` >= 0,1)', '(CASE WHEN ("flag")::integer = 1 THEN "qty" >= 0 ELSE TRUE END)'],
    ['ifnull(`a`,0) <> 0', 'coalesce("a", 0) <> 0'],
    ["concat(`a`,_utf8mb4' x')", `(("a")::text || (' x')::text)`],
    ["`s` = 'it''s' or `s` = 'b\\\\c'", `"s" = 'it''s' OR "s" = 'b\\c'`],
    ['`a` <=> NULL', '"a" IS NOT DISTINCT FROM NULL'],
    ['json_valid(`doc`)', '(("doc")::jsonb IS NOT DISTINCT FROM ("doc")::jsonb)'],
    ['year(`d`) > 2000', '(EXTRACT(YEAR FROM "d"))::integer > 2000'],
    ['cast(`a` as signed) > 1', 'CAST("a" AS bigint) > 1'],
    ['`a` in (1,2,3)', '"a" IN (1,2,3)'],
    ['octet_length(`a`) = length(`b`)', 'octet_length("a") = octet_length("b")'],
  ])('%s', (mysql, postgres) => {
    expect(translateMysqlExpression(mysql, scope)).toEqual({ ok: true, sql: postgres });
  });

  it.each([['`a` -> "$.x"'], ['frob(`a`)'], ['`a` xor `b`'], ["'a\\0b'"]])('refuses %s', (mysql) => {
    expect(translateMysqlExpression(mysql, scope).ok).toBe(false);
  });
});

describe('TableColumns.translate', () => {
  it('refuses LIKE on a column with the nondeterministic collation, allows it elsewhere', () => {
    const cols = new TableColumns();
    cols.add({ source: 'Name', target: 'name', type: { kind: 'varchar', raw: '' }, reference: 'plain', generated: false, nondeterministic: true });
    cols.add({ source: 'code', target: 'code', type: { kind: 'varchar', raw: '' }, reference: 'plain', generated: false, nondeterministic: false });
    expect(cols.translate("`name` like 'a%'").ok).toBe(false);
    expect(cols.translate("`code` like 'a%'")).toEqual({ ok: true, sql: `"code" LIKE 'a%'` });
    expect(cols.translate("`NAME` = 'x'")).toEqual({ ok: true, sql: `"name" = 'x'` });
  });
});

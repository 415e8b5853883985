/** Pure tests of the PostgreSQL → MySQL rules: types, defaults, expressions and names, table-driven. */
import { describe, expect, it } from 'vitest';
import type { DataType } from '../../analyzer/model/data-types.js';
import { mapPgDefault, parsePgArrayLiteral, timestampToUtc } from '../../analyzer/convert/postgres-to-mysql/map-default.js';
import { mapPgType } from '../../analyzer/convert/postgres-to-mysql/map-type.js';
import { NameScope, fitMysqlName } from '../../analyzer/convert/postgres-to-mysql/names.js';
import { translatePgExpression } from '../../analyzer/convert/postgres-to-mysql/translate-expression.js';
import { mysqlTypeName } from '../../analyzer/dialects/mysql/type-names.js';

const ty = (kind: DataType['kind'], extra: Partial<DataType> = {}): DataType => ({ kind, raw: kind, ...extra });

describe('mapPgType', () => {
  it.each([
    [ty('int16'), 'smallint', []],
    [ty('int64'), 'bigint', []],
    [ty('decimal'), 'decimal(65,30)', ['pg_decimal_range']],
    [ty('decimal', { precision: 12, scale: 2 }), 'decimal(12,2)', []],
    [ty('decimal', { precision: 100, scale: 40 }), 'decimal(65,30)', ['pg_decimal_range']],
    [ty('float32'), 'float', []],
    [ty('float64'), 'double', []],
    [ty('money'), 'decimal(19,2)', ['pg_special_type']],
    [ty('bool'), 'tinyint(1)', []],
    [ty('char', { length: 3 }), 'char(3)', []],
    [ty('char', { length: 300 }), 'varchar(300)', []],
    [ty('varchar', { length: 255 }), 'varchar(255)', []],
    [ty('varchar'), 'longtext', []],
    [ty('varchar', { length: 20000 }), 'longtext', []],
    [ty('text'), 'longtext', []],
    [ty('blob'), 'longblob', []],
    [ty('time'), 'time(6)', []],
    [ty('timetz', { precision: 2 }), 'time(2)', ['pg_timetz']],
    [ty('timestamp', { precision: 3 }), 'datetime(3)', []],
    [ty('timestamptz'), 'datetime(6)', ['pg_timestamptz']],
    [ty('interval'), 'varchar(100)', ['pg_interval']],
    [ty('json'), 'json', []],
    [ty('jsonb'), 'json', ['pg_special_type']],
    [ty('uuid'), 'char(36)', ['pg_special_type']],
    [ty('inet'), 'varchar(43)', ['pg_special_type']],
    [ty('macaddr'), 'varchar(23)', ['pg_special_type']],
    [ty('xml'), 'longtext', ['pg_type_as_text']],
    [ty('tsvector'), 'longtext', ['pg_type_as_text']],
    [ty('bit', { length: 8 }), 'bit(8)', []],
    [ty('bit', { length: 100 }), 'varchar(100)', ['pg_bit_string']],
    [ty('varbit', { length: 10 }), 'varchar(10)', ['pg_bit_string']],
    [ty('geometry', { subtype: 'point' }), 'point', ['pg_geometric']],
    [ty('geometry', { subtype: 'circle' }), 'geometry', ['pg_geometric']],
    [ty('int32', { arrayDims: 1 }), 'json', ['pg_array']],
    [ty('range', { typeRef: { schema: 'pg_catalog', name: 'int4range' } }), 'varchar(255)', ['pg_range']],
    [ty('enum', { values: ['a', "it's"] }), "enum('a','it''s')", []],
    [ty('domain', { base: ty('int32') }), 'int', []],
    [ty('composite'), 'json', ['pg_user_type']],
    [ty('unknown'), 'longtext', ['unknown_data_type']],
  ])('%j → %s', (source, mysql, codes) => {
    const mapped = mapPgType(source);
    expect(mysqlTypeName(mapped.type)).toBe(mysql);
    expect(mapped.notes.map((n) => n.code)).toEqual(codes);
  });
});

describe('translatePgExpression', () => {
  const columns = new Map([['qty', 'qty'], ['status', 'status'], ['name', 'name'], ['note', 'note'], ['Weird "c"', 'Weird "c"']]);
  const tr = (text: string) => translatePgExpression(text, { columnName: (n) => columns.get(n) ?? null });
  it.each([
    ['qty > 0', '`qty` > 0'],
    ['(qty >= 0) AND (qty <= 100)', '(`qty` >= 0) AND (`qty` <= 100)'],
    ["((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", "((`status`) IN ('a', 'b'))"],
    ["status <> ALL (ARRAY['x'::text])", "`status` NOT IN ('x')"],
    ["(name)::text ~~ 'a%'::text", "(`name`) LIKE 'a%'"],
    ["name !~~ 'a\\%'", "`name` NOT LIKE 'a\\\\%'"],
    ["name ~ '^[a-z]+$'::text", "`name` REGEXP '^[a-z]+$'"],
    ['length(name) > 0', 'CHAR_LENGTH(`name`) > 0'],
    ['note IS NOT NULL', '`note` IS NOT NULL'],
    [`"Weird ""c""" <> ''::text`, '`Weird "c"` <> \'\''],
    ["(note)::date >= '2020-01-01'::date", "CAST((`note`) AS DATE) >= CAST('2020-01-01' AS DATE)"],
  ])('%s', (text, expected) => {
    expect(tr(text)).toEqual({ ok: true, sql: expected });
  });

  it.each([
    ["name || 'x'"], // || is OR in MySQL
    ['qty / 2 > 1'], // integer division differs
    ['qty ^ 2 > 1'],
    ['now() > note'],
    ['unknown_col > 1'],
    ["E'a\\nb' = name"],
    ['qty = ANY (some_array)'],
    ["name::text[] = '{}'"],
  ])('refuses %s', (text) => {
    expect(tr(text).ok).toBe(false);
  });
});

describe('mapPgDefault', () => {
  it('converts literals for the MySQL type', () => {
    expect(mapPgDefault({ kind: 'string', value: '{a,"b c",NULL}' }, ty('text', { arrayDims: 1 }), ty('json')).value).toEqual({ kind: 'string', value: '["a","b c",null]' });
    expect(mapPgDefault({ kind: 'string', value: '{1,2}' }, ty('int32', { arrayDims: 1 }), ty('json')).value).toEqual({ kind: 'string', value: '[1,2]' });
    expect(mapPgDefault({ kind: 'string', value: '1970-01-01 02:00:00+02' }, ty('timestamptz'), ty('timestamp')).value).toEqual({ kind: 'string', value: '1970-01-01 00:00:00' });
    expect(mapPgDefault({ kind: 'string', value: 'infinity' }, ty('timestamp'), ty('timestamp'))).toMatchObject({ value: null, note: { code: 'pg_default_dropped' } });
    expect(mapPgDefault({ kind: 'current_timestamp' }, ty('date'), ty('date')).value).toEqual({ kind: 'current_date' });
    expect(mapPgDefault({ kind: 'string', value: '$1,000.50' }, ty('money'), ty('decimal', { precision: 19, scale: 2 })).value).toEqual({ kind: 'number', value: '1000.50' });
    expect(mapPgDefault({ kind: 'string', value: 'NaN' }, ty('decimal'), ty('decimal')).value).toBeNull();
    expect(mapPgDefault({ kind: 'current_timestamp' }, ty('text'), ty('text'))).toMatchObject({ value: null, note: { code: 'pg_default_dropped' } });
    expect(mapPgDefault({ kind: 'sequence', sequence: { schema: 'a', name: 's' } }, ty('int32'), ty('int32')).value).toBeNull();
    expect(mapPgDefault({ kind: 'expression', text: "timezone('utc'::text, now())" }, ty('timestamp'), ty('timestamp', { precision: 6 })).value).toEqual({ kind: 'expression', text: 'UTC_TIMESTAMP(6)' });
    expect(mapPgDefault({ kind: 'expression', text: 'abs(-1)' }, ty('int32'), ty('int32')).value).toEqual({ kind: 'expression', text: 'ABS(-1)' });
  });

  it('parses array literals and offsets', () => {
    expect(parsePgArrayLiteral('{}')).toEqual([]);
    expect(parsePgArrayLiteral('{{1,2},{3,4}}')).toBeNull();
    expect(parsePgArrayLiteral('{"a\\"b",c}')).toEqual(['a"b', 'c']);
    expect(timestampToUtc('2024-06-01 10:00:00.5-05:30')).toBe('2024-06-01 15:30:00.5');
    expect(timestampToUtc('2024-06-01')).toBeNull();
  });
});

describe('MySQL names', () => {
  it('fits 64 characters with a stable hash and keeps short names', () => {
    const long = 'x'.repeat(70);
    expect(fitMysqlName('orders')).toBe('orders');
    expect([...fitMysqlName(long)].length).toBe(64);
    expect(fitMysqlName(long)).toBe(fitMysqlName(long));
    expect(fitMysqlName(`${long}a`)).not.toBe(fitMysqlName(`${long}b`));
    expect(fitMysqlName('trailing  ')).toBe('trailing__');
    expect(fitMysqlName('emoji 😀')).toBe('emoji _');
  });

  it('makes names unique case-insensitively', () => {
    const scope = new NameScope(['PRIMARY']);
    expect(scope.claim('Mixed')).toBe('Mixed');
    expect(scope.claim('mixed')).toBe('mixed_2');
    expect(scope.claim('primary')).toBe('primary_2');
  });
});

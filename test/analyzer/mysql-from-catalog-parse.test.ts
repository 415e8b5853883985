/** Pure tests of the MySQL COLUMN_TYPE and COLUMN_DEFAULT parsers (no database). */
import { describe, expect, it } from 'vitest';
import { parseMysqlDefault, parseStringLiteral } from '../../analyzer/dialects/mysql/parse-default.js';
import { parseLabels, parseMysqlType } from '../../analyzer/dialects/mysql/parse-type.js';
import type { DataType } from '../../analyzer/model/data-types.js';

describe('parseMysqlType', () => {
  it.each<[string, Partial<DataType>]>([
    ['int(10) unsigned zerofill', { kind: 'int32', unsigned: true, zerofill: true, displayWidth: 10 }],
    ['int(6) zerofill', { kind: 'int32', unsigned: true, zerofill: true }],
    ['tinyint(1)', { kind: 'int8', displayWidth: 1 }],
    ['bigint(20) unsigned', { kind: 'int64', unsigned: true }],
    ['mediumint(8) unsigned', { kind: 'int24', unsigned: true }],
    ['decimal(10,2)', { kind: 'decimal', precision: 10, scale: 2 }],
    ['decimal(12,4) unsigned', { kind: 'decimal', precision: 12, scale: 4, unsigned: true }],
    ['float', { kind: 'float32' }],
    ['float(7,3)', { kind: 'float32', precision: 7, scale: 3 }],
    ['double unsigned', { kind: 'float64', unsigned: true }],
    ['double precision', { kind: 'float64' }],
    ['varchar(255)', { kind: 'varchar', length: 255 }],
    ['char(3)', { kind: 'char', length: 3 }],
    ['tinytext', { kind: 'text', size: 'tiny' }],
    ['mediumtext', { kind: 'text', size: 'medium' }],
    ['longtext', { kind: 'text', size: 'long' }],
    ['binary(16)', { kind: 'binary', length: 16 }],
    ['varbinary(767)', { kind: 'varbinary', length: 767 }],
    ['mediumblob', { kind: 'blob', size: 'medium' }],
    ['bit(8)', { kind: 'bit', length: 8 }],
    ['bit', { kind: 'bit', length: 1 }],
    ['year(4)', { kind: 'year' }],
    ['date', { kind: 'date' }],
    ['time(3)', { kind: 'time', precision: 3 }],
    ['datetime(6)', { kind: 'timestamp', precision: 6 }],
    ['timestamp', { kind: 'timestamptz', precision: 0 }],
    ['json', { kind: 'json' }],
    ['point', { kind: 'geometry', subtype: 'point' }],
    ['geomcollection', { kind: 'geometry', subtype: 'geometrycollection' }],
    ['inet6', { kind: 'inet' }],
    ['uuid', { kind: 'uuid' }],
    ['frobnicate(3)', { kind: 'unknown' }],
  ])('%s', (raw, expected) => {
    const t = parseMysqlType(raw);
    expect(t).toMatchObject({ ...expected, raw });
  });

  it('keeps enum and set labels with quotes, commas, parentheses and backslashes', () => {
    expect(parseMysqlType("enum('a','it''s','x,y','(p)')").values).toEqual(['a', "it's", 'x,y', '(p)']);
    expect(parseMysqlType("set('a\\\\b','')").values).toEqual(['a\\b', '']);
    expect(parseLabels("'one' , 'two'")).toEqual(['one', 'two']);
  });

  it('takes the SRID of a spatial column', () => {
    expect(parseMysqlType('geometry', 4326)).toMatchObject({ kind: 'geometry', srid: 4326 });
  });
});

const INT: DataType = { kind: 'int32', raw: 'int(11)' };
const TEXT: DataType = { kind: 'varchar', raw: 'varchar(10)', length: 10 };
const TS: DataType = { kind: 'timestamptz', raw: 'timestamp' };
const BIT: DataType = { kind: 'bit', raw: 'bit(3)', length: 3 };
const BIN: DataType = { kind: 'varbinary', raw: 'varbinary(4)', length: 4 };

describe('parseMysqlDefault', () => {
  it.each([
    // MariaDB 10.2.7+: SQL literals.
    { raw: null, literals: true, type: TEXT, expected: null },
    { raw: 'NULL', literals: true, type: TEXT, expected: { kind: 'null' } },
    { raw: "'it''s \\\\ ok'", literals: true, type: TEXT, expected: { kind: 'string', value: "it's \\ ok" } },
    { raw: "''", literals: true, type: TEXT, expected: { kind: 'string', value: '' } },
    { raw: '0', literals: true, type: INT, expected: { kind: 'number', value: '0' } },
    { raw: "'5'", literals: true, type: INT, expected: { kind: 'number', value: '5' } },
    { raw: '-1.5e3', literals: true, type: INT, expected: { kind: 'number', value: '-1.5e3' } },
    { raw: 'current_timestamp()', literals: true, type: TS, expected: { kind: 'current_timestamp' } },
    { raw: 'current_timestamp(6)', literals: true, type: TS, expected: { kind: 'current_timestamp', precision: 6 } },
    { raw: "b'101'", literals: true, type: BIT, expected: { kind: 'bit', bits: '101' } },
    { raw: '0x0AFF', literals: true, type: BIN, expected: { kind: 'bytes', hex: '0aff' } },
    { raw: "'0000-00-00 00:00:00'", literals: true, type: TS, expected: { kind: 'string', value: '0000-00-00 00:00:00' } },
    { raw: "concat('a','b')", literals: true, type: TEXT, expected: { kind: 'expression', text: "concat('a','b')" } },
    { raw: 'uuid()', literals: true, type: TEXT, expected: { kind: 'uuid' } },
    { raw: 'curdate()', literals: true, type: TEXT, expected: { kind: 'current_date' } },
    // MySQL: bare values, DEFAULT_GENERATED for expressions.
    { raw: "it's", literals: false, type: TEXT, expected: { kind: 'string', value: "it's" } },
    { raw: 'NULL', literals: false, type: TEXT, expected: { kind: 'string', value: 'NULL' } },
    { raw: 'CURRENT_TIMESTAMP', literals: false, type: TS, expected: { kind: 'current_timestamp' } },
    { raw: 'CURRENT_TIMESTAMP(3)', literals: false, type: TS, extra: 'default_generated', expected: { kind: 'current_timestamp', precision: 3 } },
    { raw: "concat(_utf8mb4'a',_utf8mb4'b')", literals: false, type: TEXT, extra: 'default_generated', expected: { kind: 'expression', text: "concat(_utf8mb4'a',_utf8mb4'b')" } },
    { raw: "_utf8mb4'x'", literals: false, type: TEXT, extra: 'default_generated', expected: { kind: 'string', value: 'x' } },
    { raw: "b'11'", literals: false, type: BIT, expected: { kind: 'bit', bits: '11' } },
    { raw: '42', literals: false, type: INT, expected: { kind: 'number', value: '42' } },
  ])('$raw (literals: $literals)', ({ raw, literals, type, extra, expected }) => {
    expect(parseMysqlDefault(raw, { literals, extra: extra ?? '', type })).toEqual(expected);
  });

  it('reads string literals with escapes and rejects trailing text', () => {
    expect(parseStringLiteral("'a\\nb\\0'")).toBe('a\nb\0');
    expect(parseStringLiteral("'50\\%'")).toBe('50\\%');
    expect(parseStringLiteral("'a' + 'b'")).toBeNull();
  });
});

/** Pure tests of the PostgreSQL readers: format_type text → DataType, default text → ColumnDefault, names. */
import { describe, expect, it } from 'vitest';
import { parsePgDefault, stripCasts } from '../../analyzer/dialects/postgres/parse-default.js';
import { splitIdentifierList, splitQualifiedName } from '../../analyzer/dialects/postgres/parse-names.js';
import { parsePgType, type PgTypeLookup } from '../../analyzer/dialects/postgres/parse-type.js';
import { postgresFromCatalog } from '../../analyzer/dialects/postgres/from-catalog.js';
import { checkExpression, nextSequenceValue, readTypes } from '../../analyzer/dialects/postgres/read-types.js';
import { postgresServer } from './plan-fixtures.js';
import { parseArgument } from '../../analyzer/dialects/postgres/read-code-objects.js';

const lookup: PgTypeLookup = {
  enumValues: (ref) => (ref.name === 'mood' ? ['sad', 'ok'] : undefined),
  domainBase: (ref) => (ref.name === 'email' ? { kind: 'text', raw: 'citext' } : undefined),
};

describe('parsePgType', () => {
  it.each([
    ['smallint', { kind: 'int16' }],
    ['integer', { kind: 'int32' }],
    ['bigint', { kind: 'int64' }],
    ['numeric', { kind: 'decimal' }],
    ['numeric(12,2)', { kind: 'decimal', precision: 12, scale: 2 }],
    ['real', { kind: 'float32' }],
    ['double precision', { kind: 'float64' }],
    ['money', { kind: 'money' }],
    ['character varying(255)', { kind: 'varchar', length: 255 }],
    ['character varying', { kind: 'varchar' }],
    ['character(3)', { kind: 'char', length: 3 }],
    ['"char"', { kind: 'char', length: 1 }],
    ['text', { kind: 'text' }],
    ['bytea', { kind: 'blob' }],
    ['boolean', { kind: 'bool' }],
    ['date', { kind: 'date' }],
    ['time(3) without time zone', { kind: 'time', precision: 3 }],
    ['time with time zone', { kind: 'timetz' }],
    ['timestamp without time zone', { kind: 'timestamp' }],
    ['timestamp(0) with time zone', { kind: 'timestamptz', precision: 0 }],
    ['interval', { kind: 'interval' }],
    ['interval day to second(3)', { kind: 'interval', precision: 3 }],
    ['json', { kind: 'json' }],
    ['jsonb', { kind: 'jsonb' }],
    ['uuid', { kind: 'uuid' }],
    ['inet', { kind: 'inet' }],
    ['cidr', { kind: 'cidr' }],
    ['macaddr8', { kind: 'macaddr' }],
    ['xml', { kind: 'xml' }],
    ['tsvector', { kind: 'tsvector' }],
    ['bit(8)', { kind: 'bit', length: 8 }],
    ['bit varying(20)', { kind: 'varbit', length: 20 }],
    ['point', { kind: 'geometry', subtype: 'point' }],
    ['geometry(Point,4326)', { kind: 'geometry', subtype: 'point', srid: 4326 }],
    ['integer[]', { kind: 'int32', arrayDims: 1 }],
    ['text[]', { kind: 'text', arrayDims: 1 }],
    ['tstzrange', { kind: 'range', typeRef: { schema: 'pg_catalog', name: 'tstzrange' } }],
  ])('%s', (text, expected) => {
    const { type, understood } = parsePgType({ text }, lookup);
    expect(understood).toBe(true);
    expect(type).toEqual({ raw: text, ...expected });
  });

  it('reads user types by their pg_type kind', () => {
    expect(parsePgType({ text: 'app.mood', typeKind: 'e', typeSchema: 'app', typeName: 'mood' }, lookup).type).toEqual({ kind: 'enum', raw: 'app.mood', typeRef: { schema: 'app', name: 'mood' }, values: ['sad', 'ok'] });
    expect(parsePgType({ text: 'app.mood[]', typeKind: 'b', typeSchema: 'app', typeName: '_mood' }, lookup).type).toMatchObject({ kind: 'enum', arrayDims: 1 });
    expect(parsePgType({ text: 'app.email', typeKind: 'd', typeSchema: 'app', typeName: 'email' }, lookup).type).toMatchObject({ kind: 'domain', base: { kind: 'text' } });
    expect(parsePgType({ text: '"Sales".address', typeKind: 'c', typeSchema: 'Sales', typeName: 'address' }, lookup).type).toMatchObject({ kind: 'composite' });
    expect(parsePgType({ text: 'integer[]', dimensions: 2 }, lookup).type.arrayDims).toBe(2);
  });

  it('keeps what it does not understand as unknown, without throwing', () => {
    expect(parsePgType({ text: 'pg_lsn' }, lookup)).toEqual({ type: { kind: 'unknown', raw: 'pg_lsn' }, understood: false });
    expect(parsePgType({ text: '' }, lookup).understood).toBe(false);
  });
});

describe('parsePgDefault', () => {
  it.each([
    ["'abc'::character varying", { kind: 'string', value: 'abc' }],
    ["'it''s'::text", { kind: 'string', value: "it's" }],
    ["''::text", { kind: 'string', value: '' }],
    ["('x'::text)::character varying", { kind: 'string', value: 'x' }],
    ['0', { kind: 'number', value: '0' }],
    ['(-1)', { kind: 'number', value: '-1' }],
    ["'-1'::integer", { kind: 'number', value: '-1' }],
    ["'0'::numeric", { kind: 'number', value: '0' }],
    ['0.00', { kind: 'number', value: '0.00' }],
    ['true', { kind: 'bool', value: true }],
    ['false', { kind: 'bool', value: false }],
    ['NULL::character varying', { kind: 'null' }],
    ['now()', { kind: 'current_timestamp' }],
    ['CURRENT_TIMESTAMP', { kind: 'current_timestamp' }],
    ['CURRENT_TIMESTAMP(3)', { kind: 'current_timestamp', precision: 3 }],
    ['LOCALTIMESTAMP', { kind: 'current_timestamp' }],
    ["('now'::text)::timestamp without time zone", { kind: 'current_timestamp' }],
    ['CURRENT_DATE', { kind: 'current_date' }],
    ['gen_random_uuid()', { kind: 'uuid' }],
    ['uuid_generate_v4()', { kind: 'uuid' }],
    ["'\\xdead'::bytea", { kind: 'bytes', hex: 'dead' }],
    ["'101'::\"bit\"", { kind: 'bit', bits: '101' }],
    ["'{}'::text[]", { kind: 'string', value: '{}' }],
    ["timezone('utc'::text, now())", { kind: 'expression', text: "timezone('utc'::text, now())" }],
    ["'a'::text || 'b'::text", { kind: 'expression', text: "'a'::text || 'b'::text" }],
  ])('%s', (text, expected) => {
    expect(parsePgDefault(text)).toEqual({ kind: 'value', value: expected });
  });

  it('reads nextval() with and without schema, quoted or not', () => {
    expect(parsePgDefault("nextval('actor_actor_id_seq'::regclass)")).toEqual({ kind: 'nextval', sequence: { schema: null, name: 'actor_actor_id_seq' } });
    expect(parsePgDefault("nextval('app.invoice_no'::regclass)")).toEqual({ kind: 'nextval', sequence: { schema: 'app', name: 'invoice_no' } });
    expect(parsePgDefault(`nextval('"Sales Ü"."My ""seq"""'::regclass)`)).toEqual({ kind: 'nextval', sequence: { schema: 'Sales Ü', name: 'My "seq"' } });
    expect(parsePgDefault("nextval(('users_seq'::text)::regclass)")).toEqual({ kind: 'nextval', sequence: { schema: null, name: 'users_seq' } });
    expect(parsePgDefault(null)).toBeNull();
  });

  it('strips casts only at the end', () => {
    expect(stripCasts("('a'::text)::character varying(10)")).toEqual({ core: "'a'", castTo: 'character varying(10)' });
    expect(stripCasts("'1970-01-01 00:00:00+00'::timestamp with time zone")).toEqual({ core: "'1970-01-01 00:00:00+00'", castTo: 'timestamp with time zone' });
  });
});

describe('names, checks, sequences and arguments', () => {
  it('splits identifiers', () => {
    expect(splitQualifiedName('App.Seq')).toEqual(['app', 'seq']);
    expect(splitQualifiedName('"a.b"."c""d"')).toEqual(['a.b', 'c"d']);
    expect(splitQualifiedName('"unterminated')).toBeNull();
    expect(splitIdentifierList('a, "B c", d')).toEqual(['a', 'B c', 'd']);
  });

  it('reads CHECK definitions', () => {
    expect(checkExpression('CHECK ((qty > 0))')).toEqual({ expression: '(qty > 0)', notValid: false });
    expect(checkExpression('CHECK (VALUE >= 1) NOT VALID')).toEqual({ expression: 'VALUE >= 1', notValid: true });
  });

  it('computes the next sequence value', () => {
    expect(nextSequenceValue('1', '1', null)).toBe('1');
    expect(nextSequenceValue('1', '5', '9223372036854775800')).toBe('9223372036854775805');
  });

  it.each([
    ['p_film_id integer', { mode: 'in', name: 'p_film_id', type: 'integer' }],
    ['OUT total numeric', { mode: 'out', name: 'total', type: 'numeric' }],
    ['double precision', { mode: 'in', name: null, type: 'double precision' }],
    ['text', { mode: 'in', name: null, type: 'text' }],
    ["who text DEFAULT 'world'::text", { mode: 'in', name: 'who', type: 'text' }],
    ['VARIADIC "my arg" integer[]', { mode: 'variadic', name: 'my arg', type: 'integer[]' }],
  ])('argument %s', (text, expected) => {
    expect(parseArgument(text)).toEqual(expected);
  });
});

describe('the sequence a column owns, from the sequences rows', () => {
  const seq = (name: string, deptype: string, column = 'id') => ({ schema: 'app', name, start_value: '1', increment_by: '1', owned_by_schema: 'app', owned_by_table: 't', owned_by_column: column, owned_by_deptype: deptype });
  const owned = (sequences: Record<string, unknown>[]) =>
    readTypes({ enums: [], domains: [], composites: [], ranges: [], sequences: sequences as never[] }, []).sequencesOwnedBy;

  it('an identity column takes its identity sequence over a serial one it kept', () => {
    expect(owned([seq('t_id_seq', 'a'), seq('t_id_seq1', 'i')]).get('app\u0000t\u0000id')).toEqual([
      { schema: 'app', name: 't_id_seq1' },
      { schema: 'app', name: 't_id_seq' },
    ]);
  });

  it('several serial sequences: by name; other columns keep their own', () => {
    const m = owned([seq('t_id_seq', 'a'), seq('aa_seq', 'a'), seq('t_n_seq', 'a', 'n')]);
    expect(m.get('app\u0000t\u0000id')).toEqual([
      { schema: 'app', name: 'aa_seq' },
      { schema: 'app', name: 't_id_seq' },
    ]);
    expect(m.get('app\u0000t\u0000n')).toEqual([{ schema: 'app', name: 't_n_seq' }]);
  });
});

describe('serial columns read from the sequences rows', () => {
  const column = (name: string, defaultExpr: string | null) => ({
    schema: 'app', table_name: 't', relkind: 'r', ordinal: 1, name, data_type: 'integer', type_schema: 'pg_catalog', type_name: 'int4', type_kind: 'b',
    dimensions: 0, not_null: true, default_expr: defaultExpr, identity: '', generated: '', collation: null, collation_is_type_default: true, comment: null, locked: false,
  });
  const sequence = (name: string, column: string) => ({
    schema: 'app', name, data_type: 'integer', start_value: '1', increment_by: '1', min_value: '1', max_value: '2147483647', cache_size: '1', cycle: false,
    last_value_readable: true, last_value_skipped: false, locked: false, last_value: null, owned_by_schema: 'app', owned_by_table: 't', owned_by_column: column, owned_by_deptype: 'a',
  });
  const model = (rows: Record<string, unknown[]>) =>
    postgresFromCatalog(postgresServer({ flavor: 'postgresql', version: '15.4', versionNum: 150004, settings: {}, databases: [] }), {
      name: 'shop',
      sizeBytes: 0,
      rows: { schemas: [{ name: 'app' }], tables: [{ schema: 'app', name: 't', relkind: 'r' }], ...rows } as never,
    });

  it('a column owning two sequences is serial when its default uses either', () => {
    const m = model({ columns: [column('id', "nextval('app.t_id_seq'::regclass)")], sequences: [sequence('aa_seq', 'id'), sequence('t_id_seq', 'id')] });
    const id = m.schemas.find((s) => s.name === 'app')!.tables[0]!.columns[0]!;
    expect(id.identity).toMatchObject({ kind: 'serial', sequence: { schema: 'app', name: 't_id_seq' } });
    expect(m.problems).toEqual([]);
  });

  it('without sequences rows (their query failed) the column is a nextval default, and the model says why', () => {
    const m = model({ columns: [column('id', "nextval('app.t_id_seq'::regclass)")] });
    const id = m.schemas.find((s) => s.name === 'app')!.tables[0]!.columns[0]!;
    expect(id.identity).toBeUndefined();
    expect(id.default).toEqual({ kind: 'sequence', sequence: { schema: 'app', name: 't_id_seq' } });
    expect(m.problems).toEqual([{ object: 'shop', message: expect.stringContaining('the sequences were not read') }]);
  });
});

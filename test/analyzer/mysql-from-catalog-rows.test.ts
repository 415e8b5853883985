/**
 * mysqlFromCatalog on hand-written rows in MySQL 8.0's shape (bare COLUMN_DEFAULT values,
 * DEFAULT_GENERATED, functional key parts, SRS_ID, NOT ENFORCED checks, invisible indexes),
 * which the machine's MariaDB cannot produce, and on malformed rows (no exception).
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseServer } from '../../agent/bundle/index.js';
import { mysqlFromCatalog } from '../../analyzer/dialects/mysql/from-catalog.js';

const server = (flavor: 'mysql' | 'mariadb', literals: boolean): DatabaseServer => ({
  engine: 'mysql',
  target: { id: 't', url: 'mysql://x', host: null, port: null, socket: null, user: 'u', source: 'flag' },
  connected: true,
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:00:00.000Z',
  server: { version: '8.0.36', versionNum: 80036, flavor, flavorEvidence: [], uptimeSeconds: null, currentUser: null, sizeBytes: null },
  serverRows: {
    variables: [
      { Variable_name: 'sql_mode', Value: 'STRICT_TRANS_TABLES' },
      { Variable_name: 'lower_case_table_names', Value: '0' },
      { Variable_name: 'port', Value: '3306' },
    ],
    catalog_conventions: [{ column_default_literals: literals }],
    schemata: [{ schema_name: 'shop', default_character_set_name: 'utf8mb4', default_collation_name: 'utf8mb4_0900_ai_ci' }],
  },
  databases: [],
  workload: { start: null, end: null },
  queries: [],
  errors: [],
  limitations: [],
});

const c = (name: string, pos: number, type: string, def: string | null, extra = '', more: Record<string, string | number | null> = {}) => ({
  table_schema: 'shop',
  table_name: 'orders',
  column_name: name,
  ordinal_position: pos,
  column_default: def,
  is_nullable: 'YES',
  column_type: type,
  extra,
  collation_name: null,
  character_set_name: null,
  column_comment: '',
  generation_expression: '',
  ...more,
});

const rows = {
  tables: [{ table_schema: 'shop', table_name: 'orders', table_type: 'BASE TABLE', engine: 'InnoDB', auto_increment: 18446744073709551615n.toString(), table_collation: 'utf8mb4_0900_ai_ci', table_comment: '', table_rows: 10 }],
  columns: [
    c('id', 1, 'bigint unsigned', null, 'auto_increment', { is_nullable: 'NO' }),
    c('created', 2, 'datetime(3)', 'CURRENT_TIMESTAMP(3)', 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)'),
    c('note', 3, 'varchar(20)', "it's", '', { collation_name: 'utf8mb4_0900_ai_ci', character_set_name: 'utf8mb4' }),
    c('nothing', 4, 'varchar(20)', null),
    c('word_null', 5, 'varchar(20)', 'NULL'),
    c('expr', 6, 'varchar(40)', "concat(_utf8mb4\\'a\\',_utf8mb4\\'b\\')", 'DEFAULT_GENERATED'),
    c('flags', 7, 'bit(4)', "b'101'"),
    c('raw', 8, 'varbinary(4)', '0x0a0b'),
    c('pt', 9, 'point', null, '', { srs_id: 4326 }),
    c('total', 10, 'int', null, 'VIRTUAL GENERATED', { generation_expression: '(`id` * 2)' }),
    c('hidden', 11, 'int', null, 'INVISIBLE'),
    c('doc', 12, 'json', null),
  ],
  indexes: [
    { table_name: 'orders', index_name: 'PRIMARY', non_unique: 0, seq_in_index: 1, column_name: 'id', sub_part: null, collation: 'A', index_type: 'BTREE', index_comment: '', is_visible: 'YES', expression: null },
    { table_name: 'orders', index_name: 'fx', non_unique: 1, seq_in_index: 1, column_name: null, sub_part: null, collation: 'A', index_type: 'BTREE', index_comment: '', is_visible: 'NO', expression: 'lower(`note`)' },
    // MariaDB reports SUB_PART 32 on a SPATIAL key part.
    { table_name: 'orders', index_name: 'sp', non_unique: 1, seq_in_index: 1, column_name: 'pt', sub_part: 32, collation: 'A', index_type: 'SPATIAL', index_comment: '', is_visible: 'YES', expression: null },
  ],
  constraints: [],
  key_columns: [],
  foreign_keys: [],
  checks: [{ constraint_schema: 'shop', table_name: 'orders', constraint_name: 'chk', check_clause: '(`id` > 0)', enforced: 'NO' }],
  views: [],
  routines: [],
  parameters: [],
  triggers: [],
  events: [],
  partitions: [],
};

describe('mysqlFromCatalog on MySQL 8.0 rows', () => {
  const model = mysqlFromCatalog(server('mysql', false), { name: 'shop', sizeBytes: null, rows });
  const t = model.schemas[0]!.tables[0]!;
  const col = (n: string) => t.columns.find((x) => x.name === n)!;

  it('reads bare defaults and DEFAULT_GENERATED expressions', () => {
    expect(col('created').default).toEqual({ kind: 'current_timestamp', precision: 3 });
    expect(col('created').onUpdateCurrentTimestamp).toEqual({ precision: 3 });
    expect(col('note').default).toEqual({ kind: 'string', value: "it's" });
    expect(col('nothing').default).toBeNull();
    expect(col('word_null').default).toEqual({ kind: 'string', value: 'NULL' });
    expect(col('expr').default).toEqual({ kind: 'expression', text: "concat(_utf8mb4'a',_utf8mb4'b')" });
    expect(col('flags').default).toEqual({ kind: 'bit', bits: '101' });
    expect(col('raw').default).toEqual({ kind: 'bytes', hex: '0a0b' });
  });

  it('reads identity counters beyond 2^53, SRIDs, generated and invisible columns, native JSON', () => {
    expect(col('id').identity).toEqual({ kind: 'auto_increment', next: '18446744073709551615' });
    expect(col('pt').type).toMatchObject({ kind: 'geometry', subtype: 'point', srid: 4326 });
    expect(col('total').generated).toEqual({ expression: '(`id` * 2)', stored: false });
    expect(col('hidden').attrs).toEqual({ invisible: 'YES' });
    expect(col('doc').type.kind).toBe('json');
  });

  it('reads functional key parts, invisible indexes and NOT ENFORCED checks', () => {
    expect(t.indexes[0]).toMatchObject({ name: 'fx', parts: [{ column: null, expression: 'lower(`note`)' }], attrs: { visible: 'NO' } });
    expect(t.indexes[1]).toMatchObject({ name: 'sp', method: 'spatial', parts: [{ column: 'pt' }] });
    expect(t.indexes[1]?.parts[0]?.prefixLength).toBeUndefined();
    expect(t.checks).toEqual([{ name: 'chk', expression: '(`id` > 0)', notEnforced: true }]);
  });

  it('copies the settings that matter and the schema defaults', () => {
    expect(model.settings).toEqual({ sql_mode: 'STRICT_TRANS_TABLES', lower_case_table_names: '0' });
    expect(model.schemas[0]!.attrs).toEqual({ charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' });
    expect(model.source).toMatchObject({ dialect: 'mysql', flavor: 'mysql', versionNum: 80036 });
  });
});

describe('mysqlFromCatalog on malformed rows', () => {
  it('never throws: unknown types become problems, missing fields become empty', () => {
    const bad = {
      tables: [{ table_name: 'x', table_type: 'BASE TABLE' }, { nonsense: true }],
      columns: [{ table_name: 'x', column_name: 'a', column_type: 'vector(3)' }, { table_name: 'x' }],
      indexes: [{ table_name: 'x', index_name: 'i' }],
      constraints: [{ table_name: 'x', constraint_name: 'f', constraint_type: 'FOREIGN KEY' }],
      key_columns: [],
      foreign_keys: [],
      sequences: [],
      checks: [{ table_name: 'x' }],
    };
    const model = mysqlFromCatalog(server('mariadb', true), { name: 'shop', sizeBytes: null, rows: bad });
    expect(model.schemas[0]!.tables[0]!.columns[0]!.type).toEqual({ kind: 'unknown', raw: 'vector(3)' });
    expect(model.problems.map((p) => p.object)).toContain('shop.x.a');
  });
});

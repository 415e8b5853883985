/**
 * One PostgreSQL table → one MySQL table: name, columns, the one AUTO_INCREMENT column, the
 * row size limit, primary key, indexes and checks (foreign keys come after every table).
 * Partitions are folded into their root table; table kinds MySQL lacks raise their items.
 */
import { isIntegerKind } from '../../model/data-types.js';
import type { Column, Schema, Sequence, Table } from '../../model/schema.js';
import { TABLE_COLLATION, convertColumns, type KeyColumns } from './convert-columns.js';
import { convertChecks, convertPrimaryKey } from './convert-constraints.js';
import { convertIndexes } from './convert-indexes.js';
import { MAX_VARCHAR_UTF8MB4 } from './map-type.js';
import { NameScope } from './names.js';
import type { ConvertState, TableRef } from './state.js';

/** MySQL's limit on the bytes of a row's columns (BLOB and TEXT count only their pointer). */
const MAX_ROW_BYTES = 65535;
const TABLE_COMMENT_MAX = 2048;

/** Columns in keys: primary key, UNIQUE constraints and unique indexes, foreign keys of this table and those referencing it. */
export function keyColumnsOf(table: Table, referenced: readonly string[][]): KeyColumns {
  const out: KeyColumns = new Map();
  const add = (cols: readonly string[]): void => {
    for (const c of cols) out.set(c, Math.max(out.get(c) ?? 0, cols.length));
  };
  if (table.primaryKey) add(table.primaryKey.columns);
  for (const u of table.uniques) add(u.columns);
  for (const i of table.indexes) if (i.unique && !i.predicate && i.parts.every((p) => p.column !== null)) add(i.parts.map((p) => p.column!));
  for (const fk of table.foreignKeys) add(fk.columns);
  for (const cols of referenced) add(cols);
  return out;
}

/** Bytes a column counts toward the 65,535-byte row limit (utf8mb4: 4 bytes a character). */
function rowBytes(c: Column): number {
  const t = c.type;
  switch (t.kind) {
    case 'varchar':
      return (t.length ?? 255) * 4 + 2;
    case 'char':
      return (t.length ?? 1) * 4;
    case 'decimal':
      return Math.ceil((t.precision ?? 10) / 2) + 1;
    case 'bit':
      return Math.ceil((t.length ?? 1) / 8);
    default:
      return 12;
  }
}

/** Turns the widest non-key VARCHARs into TEXT until the row fits. */
function fitRowSize(state: ConvertState, ref: TableRef, keyColumns: KeyColumns): void {
  let total = ref.target.columns.reduce((a, c) => a + rowBytes(c), 0);
  if (total <= MAX_ROW_BYTES) return;
  const sourceOf = new Map([...ref.columns].map(([s, t]) => [t, s]));
  const wide = ref.target.columns.filter((c) => c.type.kind === 'varchar' && !keyColumns.has(sourceOf.get(c.name) ?? '')).sort((a, b) => rowBytes(b) - rowBytes(a));
  const moved: string[] = [];
  for (const c of wide) {
    if (total <= MAX_ROW_BYTES) break;
    total -= rowBytes(c) - 12;
    c.type = { kind: 'text', raw: 'text', ...((c.type.length ?? 0) > MAX_VARCHAR_UTF8MB4 ? { size: 'long' as const } : {}) };
    moved.push(c.name);
  }
  const path = `${ref.source.schema}.${ref.source.table.name}`;
  if (moved.length === 0) return;
  state.raiseOnTable(ref.source.schema, ref.source.table.name, 'pg_row_size', path, 'table', `${moved.length} VARCHAR columns became TEXT to fit 65,535 bytes a row: ${moved.join(', ')}`);
}

function findSequence(state: ConvertState, schema: string, name: string): Sequence | undefined {
  return state.model.schemas.find((s) => s.name === schema)?.sequences.find((q) => q.name === name);
}

/**
 * Keeps one auto-generated column (MySQL allows one AUTO_INCREMENT a table): the primary
 * key's first column if it is one, else the first. A nextval() default of a free-standing
 * sequence on an integer key column counts too. Returns the sequences it used.
 */
function chooseAutoIncrement(state: ConvertState, ref: TableRef, used: Set<Sequence>): void {
  const { schema, table } = ref.source;
  const pkFirst = ref.target.primaryKey?.columns[0];
  const isCandidate = (c: Column): boolean => c.identity !== undefined || (c.default?.kind === 'sequence' && isIntegerKind(c.type.kind) && c.name === pkFirst);
  const candidates = ref.target.columns.filter(isCandidate);
  const chosen = candidates.find((c) => c.name === pkFirst) ?? candidates.find((c) => c.identity);
  const sourceOf = new Map([...ref.columns].map(([s, t]) => [t, s]));
  for (const c of ref.target.columns) {
    if (!c.identity && c.default?.kind !== 'sequence') continue;
    const path = `${schema}.${table.name}.${sourceOf.get(c.name) ?? c.name}`;
    const raise = (code: string, message: string): void => state.raiseOnTable(schema, table.name, code, path, 'column', message);
    if (c === chosen) {
      const seqRef = c.identity?.sequence ?? (c.default?.kind === 'sequence' ? c.default.sequence : undefined);
      const seq = seqRef ? findSequence(state, seqRef.schema, seqRef.name) : undefined;
      if (seq) used.add(seq);
      const next = c.identity?.next ?? seq?.next;
      const increment = c.identity?.increment ?? seq?.increment ?? '1';
      if (c.identity) raise('pg_serial_to_auto_increment', `${c.name}: ${c.identity.kind === 'serial' ? 'serial' : `GENERATED ${c.identity.kind === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`} became AUTO_INCREMENT${next ? `, next value ${next}` : ' (next value unknown: set AUTO_INCREMENT after the load)'}`);
      else raise('pg_sequence_default', `${c.name}: nextval('${seqRef?.schema}.${seqRef?.name}') became AUTO_INCREMENT${next ? `, next value ${next}` : ''}`);
      if (increment !== '1') raise('pg_identity_not_kept', `${c.name}: the sequence steps by ${increment}; MySQL's step is the server's auto_increment_increment`);
      c.identity = next ? { kind: 'auto_increment', next } : { kind: 'auto_increment' };
      c.default = null;
      c.nullable = false;
    } else if (c.identity) {
      raise('pg_identity_not_kept', `${c.name}: a second auto-generated column; its values are no longer generated`);
      delete c.identity;
    } else if (c.default?.kind === 'sequence') {
      raise('pg_default_dropped', `${c.name}: DEFAULT nextval('${c.default.sequence.schema}.${c.default.sequence.name}') dropped (MySQL has no sequences)`);
      c.default = null;
    }
  }
  // MySQL wants the AUTO_INCREMENT column first in some key.
  if (chosen && pkFirst !== chosen.name && !ref.target.indexes.some((i) => i.parts[0]?.column === chosen.name && i.method === 'btree')) {
    ref.target.indexes.push({ name: ref.indexNames.claim(`${chosen.name}_auto_increment`), unique: false, method: 'btree', rawMethod: 'BTREE', parts: [{ column: chosen.name }] });
  }
}

/** Converts one non-partition table of `schema` into its MySQL database. */
export function convertTable(state: ConvertState, schema: Schema, table: Table, referenced: readonly string[][], usedSequences: Set<Sequence>): TableRef {
  const db = state.db(schema.name);
  const path = `${schema.name}.${table.name}`;
  const name = state.claimTableName(db, table.name);
  state.renamed('table', path, `${db}.${name}`, table.name, name);
  state.ctx.object('table', path, { target: `${db}.${name}` });
  const raise = (code: string, message: string): void => state.raiseOnTable(schema.name, table.name, code, path, 'table', message);

  const keyColumns = keyColumnsOf(table, referenced);
  const converted = convertColumns(state, schema.name, table, keyColumns);
  const target: Table = { name, kind: 'table', columns: converted.columns, uniques: [], foreignKeys: [], checks: [], indexes: [], otherConstraints: [], attrs: { engine: 'InnoDB', charset: 'utf8mb4', collation: TABLE_COLLATION } };
  if (table.comment) {
    target.comment = [...table.comment].slice(0, TABLE_COMMENT_MAX).join('');
    if (target.comment.length < table.comment.length) raise('pg_comment_truncated', `table comment cut to ${TABLE_COMMENT_MAX} characters`);
  }
  for (const k of ['rows', 'dataBytes', 'indexBytes'] as const) if (table[k] !== undefined) target[k] = table[k];
  const ref: TableRef = { source: { schema: schema.name, table }, db, target, columns: converted.names, columnNames: converted.scope, indexNames: new NameScope(['PRIMARY']) };
  state.addTable(ref);

  if (table.columns.length === 0) raise('pg_zero_column_table', 'the table has no columns');
  if (table.attrs['persistence'] === 'unlogged') raise('pg_unlogged_table', 'UNLOGGED table');
  if (table.inherits?.length) raise('pg_inherited_table', `inherits from ${table.inherits.map((p) => `${p.schema}.${p.name}`).join(', ')}`);
  if (table.kind === 'partitioned') raise('pg_partitioned_table', `${table.partitioning?.method ?? ''} partitioned on (${table.partitioning?.expression ?? ''}): one table`);
  if (table.kind === 'foreign') raise('catalog_row_not_understood', `foreign table (server ${table.attrs['foreign_server'] ?? '?'}): created as a local table`);

  convertPrimaryKey(state, ref);
  // Before the indexes: a column that becomes TEXT here needs an index prefix there.
  fitRowSize(state, ref, keyColumns);
  convertIndexes(state, ref);
  chooseAutoIncrement(state, ref, usedSequences);
  convertChecks(state, ref, converted.domainChecks);
  return ref;
}

/** The partitioned table a partition's rows end up in (its topmost parent). */
export function partitionRoot(schemas: readonly Schema[], table: Table): { schema: string; name: string } | null {
  let current = table.partitionOf?.parent ?? null;
  for (let depth = 0; current && depth < 32; depth++) {
    const c = current;
    const parent = schemas.find((s) => s.name === c.schema)?.tables.find((t) => t.name === c.name);
    if (!parent?.partitionOf) return c;
    current = parent.partitionOf.parent;
  }
  return current;
}

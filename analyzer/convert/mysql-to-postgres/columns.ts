/**
 * One MySQL table's columns → PostgreSQL columns: names, types with their range CHECKs,
 * collations, defaults, AUTO_INCREMENT, generated expressions and ON UPDATE.
 */
import type { Column, Sequence, Table } from '../../model/schema.js';
import type { DataType } from '../../model/data-types.js';
import { onUpdateName } from '../../dialects/postgres/generate-on-update.js';
import { keepsNumber } from './boolean-columns.js';
import { convertCollation } from './collations.js';
import { convertDefault } from './defaults.js';
import { foldNames, NameSpace, recordRename } from './names.js';
import { TableColumns, type ConvertedColumn } from './scope.js';
import { sourceName, targetName, type SchemaState } from './state.js';
import { mapColumnType, type TypeCheck } from './types.js';

/** The converted columns of one table and what the table needs for them. */
export interface ColumnsResult {
  columns: Column[];
  map: TableColumns;
  /** CHECKs the types need: constraint name suffix and condition, per target column. */
  checks: { column: string; check: TypeCheck }[];
  /** Columns given the case-insensitive collation or citext. */
  ciColumns: string[];
}

/** PostgreSQL's system column names: a user column cannot have one (it gets a `_2` suffix). */
const SYSTEM_COLUMNS = ['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid'];

/** Largest value a PostgreSQL sequence hands out. */
const BIGINT_MAX = 9223372036854775807n;

const isIntegerTarget = (t: DataType): boolean =>
  t.kind === 'int16' || t.kind === 'int32' || t.kind === 'int64' || (t.kind === 'unknown' && /^(smallint|integer|int|bigint|int[248])$/i.test(t.raw.trim()));

/** AUTO_INCREMENT: identity on integer types; on numeric(20,0) (BIGINT UNSIGNED) a sequence feeds the column. */
function convertAutoIncrement(state: SchemaState, table: Table, source: Column, target: Column): void {
  const next = source.identity?.next ?? '1';
  const owner = { type: 'table' as const, name: sourceName(state, table.name) };
  const object = sourceName(state, table.name, source.name);
  if (isIntegerTarget(target.type)) {
    target.identity = { kind: 'by_default', start: next };
    return;
  }
  if (BigInt(next) > BIGINT_MAX) {
    state.ctx.raise({ code: 'auto_increment_out_of_range', object, objectType: 'column', owner, message: `AUTO_INCREMENT counter ${next} of ${object} exceeds 9223372036854775807; the column has no generator` });
    return;
  }
  const targetTable = state.relationNames.get(table.name) ?? table.name;
  const seqName = state.relations.claim(`${targetTable}_${target.name}_seq`);
  const seq: Sequence = {
    name: seqName,
    dataType: 'bigint',
    start: next,
    increment: '1',
    minValue: '1',
    maxValue: BIGINT_MAX.toString(),
    cache: '1',
    cycle: false,
    ownedBy: { table: targetTable, column: target.name },
    attrs: {},
  };
  state.target.sequences.push(seq);
  target.identity = { kind: 'serial', sequence: { schema: state.target.name, name: seqName } };
  target.default = { kind: 'sequence', sequence: { schema: state.target.name, name: seqName } };
  state.ctx.raise({ code: 'auto_increment_sequence', object, objectType: 'column', owner, message: `${object} (${source.type.raw}) is numeric(20,0) fed by sequence ${seqName}` });
}

/** Converts every column of `table`; items go to the table as owner. */
export function convertColumns(state: SchemaState, table: Table): ColumnsResult {
  const { ctx } = state;
  const owner = { type: 'table' as const, name: sourceName(state, table.name) };
  const names = foldNames(
    table.columns.map((c) => c.name),
    ctx.options.identifiers === 'preserve',
    new NameSpace(SYSTEM_COLUMNS),
  );
  const map = new TableColumns();
  const result: ColumnsResult = { columns: [], map, checks: [], ciColumns: [] };
  const pending: { source: Column; target: Column }[] = [];
  const targetTable = state.relationNames.get(table.name) ?? table.name;
  for (const col of table.columns) {
    const name = names.map.get(col.name)!;
    const object = sourceName(state, table.name, col.name);
    const collides = names.collisions.includes(col.name);
    // Nothing to record when every part keeps its name (the usual case: skips two names per column).
    const unchanged = !collides && name === col.name && targetTable === table.name && state.target.name === state.source.name;
    if (!unchanged) recordRename(ctx, 'column', owner, { qualified: object, leaf: col.name }, { qualified: targetName(state, targetTable, name), leaf: name }, collides ? 'lower case would collide' : undefined);
    const mapped = mapColumnType(col, object, ctx.options, keepsNumber(state.numericTinyint1, table.name, col.name));
    for (const note of mapped.notes) ctx.raise({ code: note.code, object, objectType: 'column', owner, message: `${object}: ${note.message}` });
    const coll = convertCollation(col, mapped.type, state.target.name, ctx.options);
    if (coll.applied === 'icu') state.usesCiCollation = true;
    if (coll.applied === 'citext') state.usesCitext = true;
    if (coll.applied) result.ciColumns.push(col.name);
    if (mapped.enumValues) {
      const typeName = state.relations.claim(`${targetTable}_${name}`);
      state.target.enums.push({ name: typeName, values: mapped.enumValues });
      coll.type.typeRef = { schema: state.target.name, name: typeName };
      ctx.object('type', sourceName(state, table.name, col.name), { target: targetName(state, typeName) });
    }
    const target: Column = { name, type: coll.type, nullable: col.nullable, default: null };
    if (coll.collation) target.collation = coll.collation;
    if (col.comment) target.comment = col.comment;
    if (col.onUpdateCurrentTimestamp) {
      target.onUpdateCurrentTimestamp = { ...col.onUpdateCurrentTimestamp };
      ctx.raise({ code: 'on_update_trigger', object, objectType: 'column', owner, message: `${object}: ON UPDATE CURRENT_TIMESTAMP is kept by trigger ${onUpdateName(targetTable)}` });
    }
    if (col.attrs?.invisible === 'YES') ctx.raise({ code: 'invisible_column', object, objectType: 'column', owner, message: `${object} is INVISIBLE on the source` });
    for (const check of mapped.checks) result.checks.push({ column: name, check });
    for (const check of coll.checks) result.checks.push({ column: name, check });
    map.add({ source: col.name, target: name, type: target.type, reference: mapped.reference, generated: !!col.generated, nondeterministic: coll.applied === 'icu' });
    pending.push({ source: col, target });
    result.columns.push(target);
  }
  // Generated expressions read other columns: every name is known by now.
  for (const { source, target } of pending) finishColumn(state, table, source, target, map);
  return result;
}

function finishColumn(state: SchemaState, table: Table, source: Column, target: Column, map: TableColumns): void {
  const { ctx } = state;
  const owner = { type: 'table' as const, name: sourceName(state, table.name) };
  const object = sourceName(state, table.name, source.name);
  const raise = (code: string, message: string): void => ctx.raise({ code, object, objectType: 'column', owner, message: `${object}: ${message}` });
  if (source.generated) {
    const used: ConvertedColumn[] = [];
    const t = map.translate(source.generated.expression, used);
    const readsGenerated = used.find((c) => c.generated);
    if (t.ok && !readsGenerated) {
      target.generated = { expression: t.sql, stored: true };
      if (!source.generated.stored) raise('generated_column_stored', 'VIRTUAL generated column created STORED');
    } else {
      const reason = t.ok ? `it reads generated column ${readsGenerated!.source}, which PostgreSQL does not allow` : t.reason;
      raise('generated_column_not_converted', `generated column (${source.generated.expression}) created as a plain column: ${reason}`);
    }
    return;
  }
  if (source.identity?.kind === 'auto_increment') {
    convertAutoIncrement(state, table, source, target);
    return;
  }
  const d = convertDefault(source.default, source.type, target.type);
  target.default = d.value;
  if (d.note) raise(d.note.code, d.note.message);
}

/**
 * MySQL foreign keys → PostgreSQL, once every table is converted. InnoDB lets a foreign key
 * reference any indexed columns; PostgreSQL needs a primary key or a plain unique index on
 * exactly those columns. A foreign key without one, or to a table outside the converted
 * schema, is listed for manual work instead of failing the script.
 */
import type { DataType, DataTypeKind } from '../../model/data-types.js';
import type { ForeignKey } from '../../model/schema.js';
import { commentLine } from '../../dialects/postgres/quote.js';
import { sourceName, targetName, type ConvertedTable, type SchemaState } from './state.js';

const sameColumns = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c) => b.includes(c));

/** Kinds PostgreSQL compares across in one B-tree operator family, so a foreign key between them works. */
const FAMILY: Partial<Record<DataTypeKind, string>> = {
  int16: 'integer',
  int32: 'integer',
  int64: 'integer',
  char: 'string',
  varchar: 'string',
  text: 'string',
  float32: 'float',
  float64: 'float',
  timestamp: 'timestamp',
  timestamptz: 'timestamp',
};

/**
 * Whether the converted types still pair up. MySQL lets TINYINT(1) reference TINYINT(4) (the
 * display width is not part of the type); converted, one side is boolean and the other smallint.
 */
function typesPair(a: DataType, b: DataType): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return a.raw.trim().toLowerCase() === b.raw.trim().toLowerCase();
  if (a.kind === b.kind && (a.arrayDims ?? 0) === (b.arrayDims ?? 0)) return a.kind !== 'enum' || a.typeRef?.name === b.typeRef?.name;
  const fa = FAMILY[a.kind];
  return fa !== undefined && fa === FAMILY[b.kind];
}

function convertForeignKey(state: SchemaState, conv: ConvertedTable, fk: ForeignKey): void {
  const { ctx } = state;
  const object = sourceName(state, conv.source.name, fk.name);
  ctx.object('foreign_key', object);
  const sameSchema = fk.ref.schema === '' || fk.ref.schema === state.source.name;
  const ref = sameSchema ? state.tables.get(fk.ref.table) : undefined;
  const refColumns = ref ? fk.ref.columns.map((c) => ref.columns.target(c)) : [];
  const definition = `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${fk.ref.schema}.${fk.ref.table} (${fk.ref.columns.join(', ')})`;
  let reason: string | null = null;
  if (!ref) reason = `the referenced table ${fk.ref.schema}.${fk.ref.table} is not in the converted schema`;
  else if (!ref.keys.some((k) => sameColumns(k, refColumns))) reason = `${fk.ref.table} has no primary key or unique index on exactly (${fk.ref.columns.join(', ')})`;
  else {
    const mismatch = fk.columns.findIndex((c, i) => {
      const from = conv.columns.get(c)?.type;
      const to = ref.columns.get(fk.ref.columns[i] ?? '')?.type;
      return !from || !to || !typesPair(from, to);
    });
    if (mismatch >= 0) reason = `${fk.columns[mismatch]} and ${fk.ref.table}.${fk.ref.columns[mismatch]} have types PostgreSQL cannot compare in a foreign key after conversion`;
  }
  if (reason !== null || !ref) {
    ctx.raise({ code: 'foreign_key_not_converted', object, objectType: 'foreign_key', owner: conv.owner, message: `${object} ${definition} not created: ${reason}` });
    ctx.manual('foreign_key', object);
    ctx.emit({ phase: 'post-data', type: 'manual', object, sql: `-- foreign key ${commentLine(object)} not created: ${commentLine(reason ?? '')}` });
    return;
  }
  const preserve = ctx.options.identifiers === 'preserve';
  const name = conv.constraints.claim(preserve ? fk.name : fk.name.toLowerCase());
  ctx.object('foreign_key', object, { target: targetName(state, conv.target.name, name) });
  conv.target.foreignKeys.push({
    name,
    columns: fk.columns.map((c) => conv.columns.target(c)),
    ref: { schema: state.target.name, table: ref.target.name, columns: refColumns },
    onUpdate: fk.onUpdate,
    onDelete: fk.onDelete,
  });
}

/** Converts the foreign keys of every converted table. */
export function convertForeignKeys(state: SchemaState): void {
  for (const conv of state.tables.values()) for (const fk of conv.source.foreignKeys) convertForeignKey(state, conv, fk);
}

/**
 * COLUMNS rows of one table → model columns: type, nullability, default, AUTO_INCREMENT,
 * generated expressions, ON UPDATE CURRENT_TIMESTAMP, collation and comment.
 */
import type { Column, ModelProblem } from '../../model/schema.js';
import { parseMysqlDefault } from './parse-default.js';
import { parseMysqlType } from './parse-type.js';
import { int, text, textOr, type RawRow } from './read-row.js';

/** What reading one table's columns needs besides the rows. */
export interface ColumnReadContext {
  schema: string;
  table: string;
  /** MariaDB 10.2.7+: COLUMN_DEFAULT is an SQL literal. */
  literals: boolean;
  /** TABLES.AUTO_INCREMENT of the table: the next value the counter hands out. */
  autoIncrementNext: string | null;
  /** Columns MariaDB stores as JSON (LONGTEXT with its automatic json_valid() check). */
  jsonColumns: ReadonlySet<string>;
  problems: ModelProblem[];
}

const ON_UPDATE = /on update (?:current_timestamp|now|localtimestamp|localtime)(?:\((\d*)\))?/i;

/** One COLUMNS row → Column. */
export function readColumn(row: RawRow, ctx: ColumnReadContext): Column {
  const name = textOr(row, 'column_name');
  const raw = textOr(row, 'column_type');
  const extra = textOr(row, 'extra').toLowerCase();
  let type = parseMysqlType(raw, int(row, 'srs_id'));
  if (type.kind === 'unknown') ctx.problems.push({ object: `${ctx.schema}.${ctx.table}.${name}`, message: `unknown data type ${raw}` });
  if (ctx.jsonColumns.has(name)) type = { kind: 'json', raw };
  const col: Column = {
    name,
    type,
    nullable: textOr(row, 'is_nullable').toUpperCase() === 'YES',
    default: null,
  };
  const generation = text(row, 'generation_expression');
  const generated = /\b(virtual|stored|persistent)\b/.exec(extra);
  if (generated && generation) {
    col.generated = { expression: generation, stored: generated[1] !== 'virtual' };
  } else {
    col.default = parseMysqlDefault(text(row, 'column_default'), { literals: ctx.literals, extra, type });
  }
  if (extra.includes('auto_increment')) {
    col.identity = { kind: 'auto_increment', ...(ctx.autoIncrementNext ? { next: ctx.autoIncrementNext } : {}) };
    // An AUTO_INCREMENT column has no default of its own; MariaDB may still report NULL.
    col.default = null;
  }
  const onUpdate = ON_UPDATE.exec(extra);
  if (onUpdate) col.onUpdateCurrentTimestamp = onUpdate[1] ? { precision: Number(onUpdate[1]) } : {};
  const collation = text(row, 'collation_name');
  const charset = text(row, 'character_set_name');
  if (collation) col.collation = collation;
  if (charset) col.charset = charset;
  const comment = text(row, 'column_comment');
  if (comment) col.comment = comment;
  if (extra.includes('invisible')) col.attrs = { invisible: 'YES' };
  return col;
}

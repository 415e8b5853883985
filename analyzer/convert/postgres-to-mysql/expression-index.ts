/**
 * Indexes MySQL can only express through generated columns, PostgreSQL → MySQL. Each new
 * column is INVISIBLE and VIRTUAL (MySQL 8.0.23+, MariaDB 10.3+): SELECT * and INSERT
 * without a column list do not see it, and it takes no storage.
 *
 * - Expression indexes: MariaDB has no functional key parts and MySQL 8.0.13+ refuses them over
 *   TEXT, so a part that is a string function of one column (lower, upper, trim) becomes a
 *   column holding the expression, and a UNIQUE index keeps its meaning.
 * - Partial UNIQUE indexes: each column becomes `CASE WHEN predicate THEN col END`; rows outside
 *   the predicate are all NULL, which a MySQL unique index never compares, so exactly the rows
 *   PostgreSQL checked are checked.
 */
import type { DataType } from '../../model/data-types.js';
import type { Column, Index } from '../../model/schema.js';
import { quoteMysqlIdent, quoteMysqlQualified } from '../../dialects/mysql/quote.js';
import type { TableRef } from './state.js';
import { translatePgExpression } from './translate-expression.js';

/** Characters a keyed string may keep (3072-byte keys, 4 bytes a character, room for other parts). */
const KEY_CHARS = 760;

/** `LOWER(`col`)` and friends over one column, as the translator prints them. */
const STRING_FUNCTION = /^(?:LOWER|UPPER|TRIM|LTRIM|RTRIM)\(\(?`((?:[^`]|``)+)`\)?\)$/;

export type ExpressionParts =
  | { ok: true; columns: string[]; added: Column[]; /** A TEXT expression became VARCHAR to be keyed whole. */ narrowed: boolean }
  | { ok: false; reason: string; statement?: string };

/** The MySQL column each part indexes, adding a generated column for each expression part it can. */
export function expressionIndexColumns(ref: TableRef, index: Index): ExpressionParts {
  const col = (n: string): string | null => ref.columns.get(n) ?? null;
  const translated = index.parts.map((p) => (p.column === null ? translatePgExpression(p.expression ?? '', { columnName: col }) : { ok: true as const, sql: quoteMysqlIdent(col(p.column) ?? p.column) }));
  const failed = translated.find((t) => !t.ok);
  if (failed && !failed.ok) return { ok: false, reason: `expression not translated: ${failed.reason}` };
  const sqls = translated.map((t) => (t.ok ? t.sql : ''));
  const statement = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteMysqlIdent(index.name)} ON ${quoteMysqlQualified(ref.db, ref.target.name)} (${sqls.map((s, i) => (index.parts[i]!.column === null ? `(${s})` : s)).join(', ')});`;
  const columns: string[] = [];
  const added: Column[] = [];
  let narrowed = false;
  for (const [i, part] of index.parts.entries()) {
    if (part.column !== null) {
      columns.push(col(part.column) ?? part.column);
      continue;
    }
    const m = STRING_FUNCTION.exec(sqls[i]!);
    const base = m ? ref.target.columns.find((c) => c.name === m[1]!.replaceAll('``', '`')) : undefined;
    const type = base ? generatedType(base.type, index) : null;
    if (base?.type.kind === 'text' && type?.kind === 'varchar') narrowed = true;
    if (!base || !type) return { ok: false, reason: `${part.expression ?? ''} is not a string function of one column`, statement };
    const name = ref.columnNames.claim(`${index.name}_${i + 1}`);
    const column: Column = { name, type, nullable: true, default: null, generated: { expression: sqls[i]!, stored: false }, attrs: { invisible: 'YES' } };
    if (base.collation) column.collation = base.collation;
    added.push(column);
    columns.push(name);
  }
  return { ok: true, columns, added, narrowed };
}

export type PartialUniqueParts = { ok: true; columns: string[]; added: Column[]; narrowed: boolean } | { ok: false; reason: string };

/** Generated columns that keep a partial UNIQUE index unique over its predicate only. `columns` are MySQL names. */
export function partialUniqueColumns(ref: TableRef, index: Index, columns: readonly string[]): PartialUniqueParts {
  const tr = translatePgExpression(index.predicate ?? '', { columnName: (n) => ref.columns.get(n) ?? null });
  if (!tr.ok) return { ok: false, reason: `predicate not translated: ${tr.reason}` };
  const added: Column[] = [];
  let narrowed = false;
  for (const [i, name] of columns.entries()) {
    const base = ref.target.columns.find((c) => c.name === name);
    // MySQL refuses a generated column over an AUTO_INCREMENT one (error 3109).
    if (!base || base.identity || base.default?.kind === 'sequence' || base.type.kind === 'json' || base.type.kind === 'blob' || base.type.kind === 'geometry') return { ok: false, reason: `column ${name} cannot be copied into a generated column` };
    const type = base.type.kind === 'text' ? generatedType(base.type, index) : { ...base.type };
    if (!type) return { ok: false, reason: `column ${name} has no keyable type` };
    if (base.type.kind === 'text') narrowed = true;
    const column: Column = {
      name: ref.columnNames.claim(`${index.name}_${i + 1}`),
      type,
      nullable: true,
      default: null,
      generated: { expression: `CASE WHEN ${tr.sql} THEN ${quoteMysqlIdent(name)} END`, stored: false },
      attrs: { invisible: 'YES' },
    };
    if (base.collation) column.collation = base.collation;
    added.push(column);
  }
  return { ok: true, columns: added.map((c) => c.name), added, narrowed };
}

/**
 * The generated column's type: the base column's, except unlimited text. A UNIQUE index
 * needs the whole value keyed, so it gets a VARCHAR (longer values are refused, an item says
 * so); a plain index keeps LONGTEXT and is indexed on a prefix.
 */
function generatedType(base: DataType, index: Index): DataType | null {
  if (base.kind === 'varchar' || base.kind === 'char') return { ...base };
  if (base.kind !== 'text') return null;
  if (!index.unique) return { ...base };
  const length = Math.floor(KEY_CHARS / index.parts.length);
  return { kind: 'varchar', raw: `varchar(${length})`, length };
}

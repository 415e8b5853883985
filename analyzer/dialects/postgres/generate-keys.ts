/** Post-data statements of a table: indexes, UNIQUE, CHECK and other constraints, foreign keys. */
import type { CheckConstraint, ForeignKey, Index, IndexPart, Schema, Table, UniqueConstraint } from '../../model/schema.js';
import { collateClause } from './generate-tables.js';
import { qualifyName, quoteIdent } from './quote.js';

/** Index methods PostgreSQL has; MySQL's FULLTEXT/SPATIAL reach here only if no converter replaced them. */
const PG_METHODS = new Set(['btree', 'hash', 'gin', 'gist', 'brin', 'spgist']);

/** Whether the first `(` of `expr` closes at its very end (strings and quoted names skipped). */
function isParenthesized(expr: string): boolean {
  if (!expr.startsWith('(')) return false;
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i === expr.length - 1;
  }
  return false;
}

/** An index expression needs its own parentheses, once. */
const parenthesize = (expr: string): string => (isParenthesized(expr) ? expr : `(${expr})`);

function indexPart(p: IndexPart): string {
  let sql = p.column !== null ? quoteIdent(p.column) : parenthesize(p.expression ?? 'NULL');
  sql += collateClause(p.collation);
  if (p.opclass) sql += ` ${p.opclass}`;
  if (p.descending) sql += ' DESC';
  if (p.nullsFirst !== undefined) sql += p.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
  return sql;
}

/** CREATE [UNIQUE] INDEX with method, parts, INCLUDE, NULLS NOT DISTINCT and predicate. */
export function createIndexSql(schema: Schema, table: Table, index: Index): string {
  const method = PG_METHODS.has(index.method) ? index.method : 'btree';
  let sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON ${qualifyName(schema.name, table.name)}`;
  if (method !== 'btree') sql += ` USING ${method}`;
  sql += ` (${index.parts.map(indexPart).join(', ')})`;
  if (index.include?.length) sql += ` INCLUDE (${index.include.map(quoteIdent).join(', ')})`;
  if (index.nullsNotDistinct) sql += ' NULLS NOT DISTINCT';
  if (index.predicate) sql += ` WHERE ${index.predicate}`;
  return `${sql};`;
}

const alterTable = (schema: Schema, table: Table): string => `ALTER TABLE ${qualifyName(schema.name, table.name)}`;

/** ALTER TABLE … ADD CONSTRAINT … UNIQUE. */
export function addUniqueSql(schema: Schema, table: Table, u: UniqueConstraint): string {
  const nnd = u.nullsNotDistinct ? ' NULLS NOT DISTINCT' : '';
  const deferrable = u.deferrable ? ' DEFERRABLE' : '';
  return `${alterTable(schema, table)} ADD CONSTRAINT ${quoteIdent(u.name)} UNIQUE${nnd} (${u.columns.map(quoteIdent).join(', ')})${deferrable};`;
}

/** ALTER TABLE … ADD CONSTRAINT … CHECK. */
export function addCheckSql(schema: Schema, table: Table, c: CheckConstraint): string {
  return `${alterTable(schema, table)} ADD CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expression})${c.notValid ? ' NOT VALID' : ''};`;
}

/** ALTER TABLE … ADD CONSTRAINT with the catalog's definition (EXCLUDE, …). */
export function addOtherConstraintSql(schema: Schema, table: Table, c: { name: string; definition: string }): string {
  return `${alterTable(schema, table)} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`;
}

/** ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY with its rules. */
export function addForeignKeySql(schema: Schema, table: Table, fk: ForeignKey): string {
  let sql = `${alterTable(schema, table)} ADD CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')})`;
  sql += ` REFERENCES ${qualifyName(fk.ref.schema, fk.ref.table)} (${fk.ref.columns.map(quoteIdent).join(', ')})`;
  if (fk.match === 'full') sql += ' MATCH FULL';
  sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()} ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.deferrable) sql += fk.initiallyDeferred ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE';
  if (fk.notValid) sql += ' NOT VALID';
  return `${sql};`;
}

/**
 * STATISTICS, TABLE_CONSTRAINTS + KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS and
 * CHECK_CONSTRAINTS rows of one table → primary key, indexes, foreign keys and checks.
 * MySQL has no unique constraint apart from its unique index, so UNIQUE keys stay indexes.
 */
import type { CheckConstraint, FkAction, ForeignKey, Index, IndexMethod, IndexPart, PrimaryKey } from '../../model/schema.js';
import { groupRows, int, text, textOr, type RawRow } from './read-row.js';

const METHODS: Record<string, IndexMethod> = { BTREE: 'btree', HASH: 'hash', FULLTEXT: 'fulltext', SPATIAL: 'spatial', RTREE: 'spatial' };

/** STATISTICS rows of one table → its primary key and its other indexes. */
export function readIndexes(rows: readonly RawRow[]): { primaryKey?: PrimaryKey; indexes: Index[] } {
  const out: { primaryKey?: PrimaryKey; indexes: Index[] } = { indexes: [] };
  for (const [name, parts] of groupRows(rows, (r) => textOr(r, 'index_name'))) {
    const sorted = [...parts].sort((a, b) => (int(a, 'seq_in_index') ?? 0) - (int(b, 'seq_in_index') ?? 0));
    if (name === 'PRIMARY') {
      const pk: PrimaryKey = { name, columns: sorted.map((r) => textOr(r, 'column_name')) };
      const prefixes = sorted.map((r) => int(r, 'sub_part'));
      if (prefixes.some((p) => p !== null)) pk.prefixLengths = prefixes;
      out.primaryKey = pk;
      continue;
    }
    const first = sorted[0]!;
    const rawMethod = textOr(first, 'index_type');
    const method = METHODS[rawMethod.toUpperCase()] ?? 'unknown';
    const index: Index = {
      name,
      unique: textOr(first, 'non_unique') === '0',
      method,
      rawMethod,
      parts: sorted.map((r) => readPart(r, method === 'spatial')),
    };
    const comment = text(first, 'index_comment');
    if (comment) index.comment = comment;
    // MySQL 8 invisible indexes, MariaDB 10.6 ignored indexes: the optimizer skips them.
    if (textOr(first, 'is_visible').toUpperCase() === 'NO' || textOr(first, 'ignored').toUpperCase() === 'YES') index.attrs = { visible: 'NO' };
    out.indexes.push(index);
  }
  return out;
}

/** One key part; a SPATIAL index indexes whole geometries (MariaDB still reports SUB_PART 32 on them, which no DDL accepts). */
function readPart(row: RawRow, spatial: boolean): IndexPart {
  const column = text(row, 'column_name');
  const part: IndexPart = { column };
  const expression = text(row, 'expression');
  if (column === null && expression) part.expression = expression;
  const sub = int(row, 'sub_part');
  if (sub !== null && !spatial) part.prefixLength = sub;
  // COLLATION: A ascending, D descending (MySQL 8 / MariaDB 10.8), NULL not sorted (FULLTEXT, HASH).
  if (textOr(row, 'collation') === 'D') part.descending = true;
  return part;
}

const RULES: Record<string, FkAction> = {
  'NO ACTION': 'no action',
  RESTRICT: 'restrict',
  CASCADE: 'cascade',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
};

/**
 * The FOREIGN KEY constraints of one table: `constraints` and `keyColumns` are the table's
 * rows, `rules` the REFERENTIAL_CONSTRAINTS rows by constraint name.
 */
export function readForeignKeys(constraints: readonly RawRow[], keyColumns: Map<string, RawRow[]>, rules: Map<string, RawRow>): ForeignKey[] {
  const fks: ForeignKey[] = [];
  for (const c of constraints) {
    if (textOr(c, 'constraint_type') !== 'FOREIGN KEY') continue;
    const name = textOr(c, 'constraint_name');
    const cols = [...(keyColumns.get(name) ?? [])].sort((a, b) => (int(a, 'ordinal_position') ?? 0) - (int(b, 'ordinal_position') ?? 0));
    const first = cols[0];
    if (!first) continue;
    const rule = rules.get(name);
    fks.push({
      name,
      columns: cols.map((r) => textOr(r, 'column_name')),
      ref: {
        schema: textOr(first, 'referenced_table_schema'),
        table: textOr(first, 'referenced_table_name'),
        columns: cols.map((r) => textOr(r, 'referenced_column_name')),
      },
      onUpdate: RULES[textOr(rule ?? {}, 'update_rule').toUpperCase()] ?? 'restrict',
      onDelete: RULES[textOr(rule ?? {}, 'delete_rule').toUpperCase()] ?? 'restrict',
    });
  }
  return fks;
}

/** The automatic CHECK MariaDB adds to a JSON column: `json_valid(`col`)`, named after the column. */
export function jsonValidColumn(row: RawRow): string | null {
  const m = /^json_valid\(`((?:[^`]|``)+)`\)$/i.exec(textOr(row, 'check_clause').trim());
  if (!m) return null;
  const column = m[1]!.replaceAll('``', '`');
  return textOr(row, 'constraint_name') === column ? column : null;
}

/** CHECK_CONSTRAINTS rows of one table → checks, leaving out MariaDB's JSON checks (the column becomes kind json). */
export function readChecks(rows: readonly RawRow[], jsonColumns: ReadonlySet<string>): CheckConstraint[] {
  const checks: CheckConstraint[] = [];
  for (const row of rows) {
    const json = jsonValidColumn(row);
    if (json !== null && jsonColumns.has(json)) continue;
    const check: CheckConstraint = { name: textOr(row, 'constraint_name'), expression: textOr(row, 'check_clause') };
    if (textOr(row, 'level') === 'Column') check.columnLevel = true;
    if (textOr(row, 'enforced').toUpperCase() === 'NO') check.notEnforced = true;
    checks.push(check);
  }
  return checks;
}

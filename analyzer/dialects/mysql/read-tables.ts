/**
 * TABLES rows of one schema with their columns, keys, checks and partitions → model tables.
 * Rows of every kind are grouped by table once (Map-based), so reading stays linear in the
 * number of rows.
 */
import type { ModelProblem, Partitioning, Table } from '../../model/schema.js';
import { readColumn } from './read-columns.js';
import { jsonValidColumn, readChecks, readForeignKeys, readIndexes } from './read-keys.js';
import { bigText, groupRows, int, text, textOr, type RawRow } from './read-row.js';

/** One schema's rows of the kinds a table is built from. */
export interface TableRows {
  tables: RawRow[];
  columns: RawRow[];
  indexes: RawRow[];
  constraints: RawRow[];
  keyColumns: RawRow[];
  foreignKeys: RawRow[];
  checks: RawRow[];
  partitions: RawRow[];
}

const byTable = (rows: readonly RawRow[]): Map<string, RawRow[]> => groupRows(rows, (r) => textOr(r, 'table_name'));

/** Reads every base table; `literals` says how COLUMN_DEFAULT is written (see parse-default.ts). */
export function readTables(schema: string, rows: TableRows, literals: boolean, problems: ModelProblem[]): Table[] {
  const columns = byTable(rows.columns);
  const indexes = byTable(rows.indexes);
  const constraints = byTable(rows.constraints);
  const keyColumns = byTable(rows.keyColumns);
  const foreignKeys = byTable(rows.foreignKeys);
  const checks = byTable(rows.checks);
  const partitions = byTable(rows.partitions);
  const tables: Table[] = [];
  for (const row of rows.tables) {
    if (textOr(row, 'table_type').toUpperCase() !== 'BASE TABLE' && textOr(row, 'table_type').toUpperCase() !== 'SYSTEM VERSIONED') continue;
    const name = textOr(row, 'table_name');
    const colRows = columns.get(name) ?? [];
    const checkRows = checks.get(name) ?? [];
    const jsonColumns = mariadbJsonColumns(colRows, checkRows);
    const ctx = { schema, table: name, literals, autoIncrementNext: bigText(row, 'auto_increment'), jsonColumns, problems };
    const keys = readIndexes(indexes.get(name) ?? []);
    const rules = new Map((foreignKeys.get(name) ?? []).map((r) => [textOr(r, 'constraint_name'), r]));
    const table: Table = {
      name,
      kind: 'table',
      columns: byOrdinal(colRows).map((c) => readColumn(c, ctx)),
      uniques: [],
      foreignKeys: readForeignKeys(constraints.get(name) ?? [], groupRows(keyColumns.get(name) ?? [], (r) => textOr(r, 'constraint_name')), rules),
      checks: readChecks(checkRows, jsonColumns),
      indexes: keys.indexes,
      otherConstraints: [],
      attrs: tableAttrs(row),
    };
    if (keys.primaryKey) table.primaryKey = keys.primaryKey;
    const partitioning = readPartitioning(partitions.get(name) ?? []);
    if (partitioning) {
      table.kind = 'partitioned';
      table.partitioning = partitioning;
    }
    const comment = text(row, 'table_comment');
    if (comment) table.comment = comment;
    const rowsEstimate = int(row, 'table_rows');
    if (rowsEstimate !== null) table.rows = rowsEstimate;
    const dataBytes = int(row, 'data_length');
    if (dataBytes !== null) table.dataBytes = dataBytes;
    const indexBytes = int(row, 'index_length');
    if (indexBytes !== null) table.indexBytes = indexBytes;
    tables.push(table);
  }
  return tables;
}

/** COLUMNS rows in ORDINAL_POSITION order (stable), each position read once rather than per comparison. */
function byOrdinal(rows: readonly RawRow[]): RawRow[] {
  return rows
    .map((row) => ({ row, position: int(row, 'ordinal_position') ?? 0 }))
    .sort((a, b) => a.position - b.position)
    .map((r) => r.row);
}

/** MariaDB stores JSON as LONGTEXT with an automatic CHECK (json_valid(`col`)) named after the column. */
function mariadbJsonColumns(columns: readonly RawRow[], checks: readonly RawRow[]): Set<string> {
  const out = new Set<string>();
  const candidates = checks.map(jsonValidColumn).filter((c): c is string => c !== null);
  // Most tables have no json_valid() check: their column types need no look.
  if (candidates.length === 0) return out;
  const longtext = new Set(columns.filter((c) => textOr(c, 'column_type').toLowerCase() === 'longtext').map((c) => textOr(c, 'column_name')));
  for (const column of candidates) if (longtext.has(column)) out.add(column);
  return out;
}

function tableAttrs(row: RawRow): Record<string, string> {
  const attrs: Record<string, string> = {};
  const engine = text(row, 'engine');
  const rowFormat = text(row, 'row_format');
  const collation = text(row, 'table_collation');
  const options = text(row, 'create_options');
  if (engine) attrs.engine = engine;
  if (rowFormat) attrs.row_format = rowFormat;
  if (collation) {
    attrs.collation = collation;
    // A collation name starts with its character set (utf8mb4_general_ci → utf8mb4).
    attrs.charset = collation.split('_')[0]!;
  }
  if (options) attrs.create_options = options;
  return attrs;
}

/** PARTITIONS rows (one per partition, or per subpartition) → partitioning; subpartitions are folded into their partition. */
function readPartitioning(rows: readonly RawRow[]): Partitioning | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const seen = new Set<string>();
  const partitions: Partitioning['partitions'] = [];
  for (const row of rows) {
    const name = textOr(row, 'partition_name');
    if (seen.has(name)) continue;
    seen.add(name);
    partitions.push({ name, bound: textOr(row, 'partition_description') });
  }
  return { method: textOr(first, 'partition_method').toLowerCase(), expression: textOr(first, 'partition_expression'), partitions };
}

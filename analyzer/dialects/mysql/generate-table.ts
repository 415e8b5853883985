/**
 * MySQL CREATE TABLE: columns, the primary key, the key an AUTO_INCREMENT column needs when
 * it is not the primary key's first column (MySQL wants that key at creation), and the table
 * options (ENGINE, charset, collation, AUTO_INCREMENT counter, ROW_FORMAT, COMMENT).
 * https://dev.mysql.com/doc/refman/8.0/en/create-table.html
 */
import type { Index, Table } from '../../model/schema.js';
import { mysqlColumnDefinition } from './generate-column.js';
import { mysqlIndexPart } from './generate-keys.js';
import { quoteMysqlIdent, quoteMysqlQualified, quoteMysqlString } from './quote.js';

/**
 * The index that must be created with the table: MySQL requires an AUTO_INCREMENT column to
 * be the first column of some key ("there can be only one auto column and it must be defined
 * as a key"), so a table whose counter is not first in its primary key takes that index inline.
 */
export function inlineKeyFor(table: Table): Index | null {
  const auto = table.columns.find((c) => c.identity);
  if (!auto) return null;
  if (table.primaryKey?.columns[0] === auto.name) return null;
  return table.indexes.find((i) => i.parts[0]?.column === auto.name && i.method !== 'fulltext' && i.method !== 'spatial') ?? null;
}

/** Table options after the closing parenthesis, from attrs and the model's fields. */
function tableOptions(table: Table): string {
  const opts: string[] = [];
  const a = table.attrs;
  opts.push(`ENGINE=${a['engine'] && /^\w+$/.test(a['engine']) ? a['engine'] : 'InnoDB'}`);
  const charset = a['charset'] ?? 'utf8mb4';
  if (/^\w+$/.test(charset)) opts.push(`DEFAULT CHARSET=${charset}`);
  const collation = a['collation'];
  if (collation && /^\w+$/.test(collation)) opts.push(`COLLATE=${collation}`);
  const next = table.columns.find((c) => c.identity)?.identity?.next;
  if (next && /^\d+$/.test(next) && next !== '1') opts.push(`AUTO_INCREMENT=${next}`);
  const rowFormat = a['row_format'];
  // ROW_FORMAT=Dynamic is InnoDB's default; a COMPRESSED or COMPACT one is the source's choice.
  if (rowFormat && /^\w+$/.test(rowFormat) && rowFormat.toLowerCase() !== 'dynamic') opts.push(`ROW_FORMAT=${rowFormat.toUpperCase()}`);
  if (table.comment) opts.push(`COMMENT=${quoteMysqlString(table.comment)}`);
  return opts.join(' ');
}

/**
 * PARTITION BY of a MySQL partitioned table, from the PARTITIONS rows the model keeps:
 * RANGE [COLUMNS] bounds are LESS THAN values, LIST [COLUMNS] bounds are IN lists, HASH and KEY
 * give a partition count. Subpartitions are not in the model (they are folded into partitions).
 * https://dev.mysql.com/doc/refman/8.0/en/partitioning-types.html
 */
export function mysqlPartitionClause(table: Table): string {
  const p = table.partitioning;
  if (table.kind !== 'partitioned' || !p || p.partitions.length === 0) return '';
  const method = p.method.toUpperCase();
  if (!/^(LINEAR )?(RANGE|LIST|HASH|KEY)( COLUMNS)?$/.test(method)) return '';
  const by = `PARTITION BY ${method}${method.includes('COLUMNS') ? '' : ' '}(${p.expression})`;
  if (/HASH|KEY/.test(method)) return ` ${by} PARTITIONS ${p.partitions.length}`;
  const parts = p.partitions.map((part) => {
    const bound = method.startsWith('RANGE') ? (/^MAXVALUE(,\s*MAXVALUE)*$/i.test(part.bound) && !method.includes('COLUMNS') ? 'LESS THAN MAXVALUE' : `LESS THAN (${part.bound})`) : `IN (${part.bound})`;
    return `PARTITION ${quoteMysqlIdent(part.name)} VALUES ${bound}`;
  });
  return ` ${by} (${parts.join(', ')})`;
}

/** The full CREATE TABLE statement of `table` in database `db`. */
export function mysqlCreateTable(db: string, table: Table): string {
  const lines = table.columns.map((c) => `  ${mysqlColumnDefinition(c)}`);
  const pk = table.primaryKey;
  if (pk && pk.columns.length > 0) {
    const cols = pk.columns.map((c, i) => {
      const len = pk.prefixLengths?.[i];
      return `${quoteMysqlIdent(c)}${len ? `(${len})` : ''}`;
    });
    lines.push(`  PRIMARY KEY (${cols.join(', ')})`);
  }
  const inline = inlineKeyFor(table);
  if (inline) lines.push(`  ${inline.unique ? 'UNIQUE ' : ''}KEY ${quoteMysqlIdent(inline.name)} (${inline.parts.map(mysqlIndexPart).join(', ')})`);
  return `CREATE TABLE ${quoteMysqlQualified(db, table.name)} (\n${lines.join(',\n')}\n) ${tableOptions(table)}${mysqlPartitionClause(table)};`;
}

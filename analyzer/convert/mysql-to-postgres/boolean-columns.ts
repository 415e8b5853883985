/**
 * Which TINYINT(1) columns stay numbers instead of becoming boolean: AUTO_INCREMENT ones (a
 * counter, and identity needs an integer), and those joined by a foreign key to a column that
 * does not become boolean (MySQL lets TINYINT(1) reference TINYINT(4): the display width is
 * not part of the type; on PostgreSQL boolean cannot reference smallint).
 */
import type { Column, Schema, Table } from '../../model/schema.js';
import type { ConvertOptions } from '../options.js';

const key = (table: string, column: string): string => `${table}\u0000${column.toLowerCase()}`;

const becomesBoolean = (c: Column | undefined, options: ConvertOptions): boolean =>
  !!c && c.type.kind === 'int8' && c.type.displayWidth === 1 && !c.type.unsigned && options.tinyint1As === 'boolean' && c.identity?.kind !== 'auto_increment';

/** `table\0column` keys (column lower case) of TINYINT(1) columns that must stay numeric. */
export function numericTinyint1Columns(schema: Schema, options: ConvertOptions): Set<string> {
  const tables = new Map<string, Table>(schema.tables.map((t) => [t.name, t]));
  const column = (table: string, name: string): Column | undefined => tables.get(table)?.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const keep = new Set<string>();
  const isBool = (table: string, name: string): boolean => becomesBoolean(column(table, name), options) && !keep.has(key(table, name));
  // A chain of foreign keys can pass the decision along: repeat until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of schema.tables) {
      for (const fk of t.foreignKeys) {
        if (fk.ref.schema !== schema.name) continue;
        fk.columns.forEach((c, i) => {
          const p = fk.ref.columns[i] ?? '';
          if (isBool(t.name, c) === isBool(fk.ref.table, p)) return;
          for (const [table, name] of [[t.name, c], [fk.ref.table, p]] as const) {
            if (becomesBoolean(column(table, name), options) && !keep.has(key(table, name))) {
              keep.add(key(table, name));
              changed = true;
            }
          }
        });
      }
    }
  }
  return keep;
}

/** Whether the column is in the set numericTinyint1Columns returned. */
export const keepsNumber = (keep: ReadonlySet<string>, table: string, column: string): boolean => keep.has(key(table, column));

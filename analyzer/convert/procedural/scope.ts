/**
 * What the procedural converter needs to know about the converted schema: target names of
 * tables, columns and routines, which columns became boolean, and how MySQL type texts map
 * to PostgreSQL. The MySQL → PostgreSQL converter's state provides it (scopeFromState);
 * unit tests build one by hand.
 */
import { parseMysqlType } from '../../dialects/mysql/parse-type.js';
import { fitIdentifier } from '../../dialects/postgres/quote.js';
import { pgTypeName } from '../../dialects/postgres/type-names.js';
import type { Column } from '../../model/schema.js';
import type { SchemaState } from '../mysql-to-postgres/state.js';
import { mapColumnType } from '../mysql-to-postgres/types.js';

/** A user routine of the schema, as calls to it are printed. */
export interface RoutineRef {
  target: string;
  kind: 'function' | 'procedure';
  /** Its return type on PostgreSQL (functions). */
  returns: string | null;
}

export interface ProceduralScope {
  /** The target schema: routines are created there and resolve names in it. */
  schema: string;
  /** Source table or view name → target name; null when unknown (a temporary table, say). */
  relation(name: string): string | null;
  /** A column's target name in `table` (the trigger's table), or the folded name. */
  column(table: string | null, name: string): string;
  /** The target name of a column some table of the schema has, or null. */
  knownColumn(name: string): string | null;
  /** Whether the column is boolean on the target (a TINYINT(1) that became boolean). */
  isBooleanColumn(table: string | null, name: string): boolean;
  routine(name: string): RoutineRef | null;
  /** A MySQL type text (`decimal(5,2)`, `tinyint(1)`) → PostgreSQL type text. */
  mapType(text: string): string;
}

/** Maps a MySQL type text the way columns are mapped (ranges are not kept for variables). */
export function mapTypeText(text: string, options: SchemaState['ctx']['options']): string {
  // A character set or collation clause changes nothing on PostgreSQL (one encoding per database).
  const bare = text.replace(/\s+(?:CHARACTER\s+SET|CHARSET|COLLATE)\s*=?\s*[\w$]+/gi, '').trim();
  const col: Column = { name: 'v', type: parseMysqlType(bare), nullable: true, default: null };
  const mapped = mapColumnType(col, 'routine', options);
  // A variable cannot use an enum type created for a column: its labels are text.
  if (mapped.enumValues) return 'text';
  return pgTypeName(mapped.type);
}

/** The scope of a converted MySQL schema. */
export function scopeFromState(state: SchemaState): ProceduralScope {
  const preserve = state.ctx.options.identifiers === 'preserve';
  const fold = (name: string): string => fitIdentifier(preserve ? name : name.toLowerCase());
  const tableOf = (table: string | null) => (table === null ? undefined : [...state.tables.values()].find((t) => t.source.name.toLowerCase() === table.toLowerCase()));
  const booleanNames = new Map<string, boolean>();
  for (const t of state.tables.values()) {
    for (const c of t.columns.all()) {
      const key = c.source.toLowerCase();
      const isBool = c.reference === 'boolean';
      booleanNames.set(key, (booleanNames.get(key) ?? isBool) && isBool);
    }
  }
  const routines = new Map<string, RoutineRef>();
  for (const r of state.source.routines) {
    const kind = r.kind === 'procedure' ? 'procedure' : 'function';
    routines.set(r.name.toLowerCase(), { target: fold(r.name), kind, returns: r.returns ? mapTypeText(r.returns, state.ctx.options) : null });
  }
  return {
    schema: state.target.name,
    relation: (name) => state.relationNames.get(name) ?? [...state.relationNames.entries()].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null,
    column: (table, name) => tableOf(table)?.columns.get(name)?.target ?? fold(name),
    knownColumn: (name) => {
      for (const t of state.tables.values()) {
        const c = t.columns.get(name);
        if (c) return c.target;
      }
      return null;
    },
    isBooleanColumn: (table, name) => {
      const t = tableOf(table);
      if (t) return t.columns.get(name)?.reference === 'boolean';
      return booleanNames.get(name.toLowerCase()) ?? false;
    },
    routine: (name) => routines.get(name.toLowerCase()) ?? null,
    mapType: (text) => mapTypeText(text, state.ctx.options),
  };
}

/** What the conversion of one MySQL schema carries from step to step. */
import type { OwnerRef } from '../action-item.js';
import type { ConversionContext } from '../context.js';
import type { Schema, Table } from '../../model/schema.js';
import type { NameSpace } from './names.js';
import type { TableColumns } from './scope.js';

/** A source table, its target table and the name maps other steps need (foreign keys, views). */
export interface ConvertedTable {
  source: Table;
  target: Table;
  columns: TableColumns;
  /** Constraint names of the table (PostgreSQL: unique per table). */
  constraints: NameSpace;
  /** Target column lists PostgreSQL accepts as a foreign key's referenced key (PK and plain unique indexes). */
  keys: string[][];
  owner: OwnerRef;
}

/** The source schema, the target schema being built, and its namespaces. */
export interface SchemaState {
  ctx: ConversionContext;
  source: Schema;
  target: Schema;
  /** Relations, indexes and types of the target schema: one namespace on PostgreSQL. */
  relations: NameSpace;
  /** Source table, view or sequence name → target name. */
  relationNames: Map<string, string>;
  tables: Map<string, ConvertedTable>;
  /** Set when a column uses the schema's case-insensitive ICU collation. */
  usesCiCollation: boolean;
  /** Set when a column uses citext. */
  usesCitext: boolean;
  /** TINYINT(1) columns that stay numeric (boolean-columns.ts). */
  numericTinyint1: ReadonlySet<string>;
}

/** `first.part.part…`: called for every column, so no intermediate array. */
function dotted(first: string, parts: readonly string[]): string {
  let out = first;
  for (const part of parts) out += `.${part}`;
  return out;
}

/** `schema.name` of a source object, for items and renames. */
export const sourceName = (state: SchemaState, ...parts: string[]): string => dotted(state.source.name, parts);

/** `schema.name` of a target object. */
export const targetName = (state: SchemaState, ...parts: string[]): string => dotted(state.target.name, parts);

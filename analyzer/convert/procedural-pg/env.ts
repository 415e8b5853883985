/**
 * What the translators need to know about the routine being converted: its variables and
 * parameters, the trigger rows and constants, the schema's tables and routines, and where
 * to record what could not be translated (constructs) and what changed (notes).
 */

/** The little type inference the translators do: enough to refuse date arithmetic and pick CONCAT. */
export type Kind = 'number' | 'text' | 'bool' | 'date' | 'timestamp' | 'interval' | 'unknown';

export interface VarInfo {
  /** MySQL name of the variable (unquoted). */
  name: string;
  kind: Kind;
  /** MySQL type text, for variables the printer declares. */
  type: string;
}

export interface RoutineInfo {
  /** Quoted, qualified MySQL name. */
  target: string;
  kind: 'function' | 'procedure';
  returns: Kind;
}

export interface Note {
  code: string;
  message: string;
}

export interface TranslateEnv {
  /** A variable or parameter visible here, by (lower-case) name. */
  variable(name: string): VarInfo | null;
  /** `$n` parameter. */
  param(n: number): VarInfo | null;
  /** A record variable's field (FOR rec IN query): the MySQL variable holding it. */
  recordField(record: string, field: string): VarInfo | null;
  /** Trigger: NEW/OLD are rows of this table (null outside triggers). */
  triggerRow(which: 'new' | 'old', column: string): VarInfo | null;
  /** TG_OP, TG_TABLE_NAME, … as a MySQL literal; null outside triggers or for TG_ARGV. */
  triggerConstant(name: string): string | null;
  /** A relation named in FROM/JOIN/INTO/UPDATE: its MySQL name text (quoted); `spelling` is the name as written. */
  relation(schema: string | null, name: string, spelling?: string): string;
  /** A column name as MySQL spells it. */
  column(name: string): string;
  /** The kind of a column found by name in the schema's tables (unknown when ambiguous). */
  columnKind(name: string): Kind;
  /** A routine of the source schema (user function) by name. */
  routine(schema: string | null, name: string): RoutineInfo | null;
  /** A user aggregate that is the concatenating idiom GROUP_CONCAT replaces: its separator. */
  concatAggregate(name: string): string | null;
  /** FOUND, as a MySQL expression (the printer keeps a flag when the body reads it). */
  found(): string | null;
  /** SQLERRM / SQLSTATE inside an exception handler. */
  handlerValue(name: 'sqlerrm' | 'sqlstate'): string | null;
  /** A PostgreSQL type (as written in a body or a catalog) → the MySQL type and its kind; null when MySQL has none. */
  mapType(text: string): { sql: string; kind: Kind } | null;
  unsupported(construct: string): void;
  note(code: string, message: string): void;
}

/** `name` → `` `name` `` (quoted always: MySQL takes quoted local variables and columns alike). */
export const q = (name: string): string => `\`${name.replaceAll('`', '``')}\``;

/**
 * The neutral schema model: plain, JSON-serializable objects built from a bundle's raw
 * catalog rows (dialects/<engine>/from-catalog.ts) and written out as DDL by a dialect's
 * generator. Cross-references are qualified names, never object pointers.
 *
 * Expression texts (CHECK clauses, generated columns, index expressions, view and routine
 * bodies, default expressions the model has no neutral kind for) stay in the source's SQL
 * dialect, which `DatabaseModel.source.dialect` names once; translating them is the
 * converter's job. Engine-only details that have no neutral field go in `attrs`.
 *
 * Numbers that can exceed 2^53 (sequence values, AUTO_INCREMENT counters, bounds) are
 * decimal strings.
 */
import type { DataType, TypeRef } from './data-types.js';

/** The SQL dialect expression texts are written in. */
export type SourceDialect = 'mysql' | 'postgres';

/** A schema-qualified object name; for MySQL the schema is the database. */
export interface QualifiedName {
  schema: string;
  name: string;
}

export type Attrs = Record<string, string>;

export type ColumnDefault =
  | { kind: 'null' }
  /** A string literal, unescaped (the value, not SQL text). */
  | { kind: 'string'; value: string }
  /** A numeric literal as written (`0`, `-1.5`, `1e3`). */
  | { kind: 'number'; value: string }
  | { kind: 'bool'; value: boolean }
  /** A binary literal as hex digits, no prefix. */
  | { kind: 'bytes'; hex: string }
  /** A bit-string literal: '0'/'1' characters. */
  | { kind: 'bit'; bits: string }
  /** CURRENT_TIMESTAMP / now() / localtimestamp, with fractional-second precision when given. */
  | { kind: 'current_timestamp'; precision?: number }
  | { kind: 'current_date' }
  | { kind: 'current_time'; precision?: number }
  /** uuid() / gen_random_uuid() / uuid_generate_v4(). */
  | { kind: 'uuid' }
  /** nextval() of a sequence that is not the column's own identity. */
  | { kind: 'sequence'; sequence: QualifiedName }
  /** Anything else, in the source dialect. */
  | { kind: 'expression'; text: string };

/** Auto-generated keys: MySQL AUTO_INCREMENT, PostgreSQL identity or serial (owned sequence + nextval default). */
export interface Identity {
  kind: 'auto_increment' | 'always' | 'by_default' | 'serial';
  /** The next value the source would hand out (MySQL AUTO_INCREMENT counter, sequence last_value + increment). */
  next?: string;
  start?: string;
  increment?: string;
  minValue?: string;
  maxValue?: string;
  cycle?: boolean;
  /** The owned sequence of identity and serial columns. */
  sequence?: QualifiedName;
}

export interface Column {
  name: string;
  type: DataType;
  nullable: boolean;
  default: ColumnDefault | null;
  identity?: Identity;
  /** A generated column: expression in the source dialect; stored or virtual. */
  generated?: { expression: string; stored: boolean };
  /** MySQL `ON UPDATE CURRENT_TIMESTAMP[(n)]`. */
  onUpdateCurrentTimestamp?: { precision?: number };
  /** Column collation and character set when they are set (MySQL: always reported; PostgreSQL: non-default only). */
  collation?: string;
  charset?: string;
  comment?: string;
  attrs?: Attrs;
}

export type IndexMethod = 'btree' | 'hash' | 'gin' | 'gist' | 'brin' | 'spgist' | 'fulltext' | 'spatial' | 'unknown';

export interface IndexPart {
  /** The column, or null for an expression part. */
  column: string | null;
  /** Expression text in the source dialect (PostgreSQL expression index, MySQL 8 functional key part). */
  expression?: string;
  /** MySQL prefix length (characters for strings, bytes for binary). */
  prefixLength?: number;
  descending?: boolean;
  nullsFirst?: boolean;
  /** Non-default operator class (PostgreSQL). */
  opclass?: string;
  collation?: string;
}

export interface Index {
  name: string;
  unique: boolean;
  method: IndexMethod;
  /** The method as the source named it (BTREE, FULLTEXT, gin, …). */
  rawMethod: string;
  parts: IndexPart[];
  /** Partial index predicate (PostgreSQL), source dialect. */
  predicate?: string;
  /** INCLUDE columns (PostgreSQL). */
  include?: string[];
  /** PostgreSQL NULLS NOT DISTINCT. */
  nullsNotDistinct?: boolean;
  comment?: string;
  attrs?: Attrs;
}

export interface PrimaryKey {
  name: string;
  columns: string[];
  /** MySQL prefix lengths per column, when a PK part is a prefix (rare). */
  prefixLengths?: (number | null)[];
}

/** A UNIQUE constraint (PostgreSQL) or unique index that backs a key (MySQL UNIQUE KEY is in indexes). */
export interface UniqueConstraint {
  name: string;
  columns: string[];
  nullsNotDistinct?: boolean;
  deferrable?: boolean;
}

export type FkAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKey {
  name: string;
  columns: string[];
  ref: { schema: string; table: string; columns: string[] };
  onUpdate: FkAction;
  onDelete: FkAction;
  match?: 'simple' | 'full' | 'partial';
  deferrable?: boolean;
  initiallyDeferred?: boolean;
  /** PostgreSQL NOT VALID. */
  notValid?: boolean;
}

export interface CheckConstraint {
  name: string;
  /** The condition, source dialect, without the CHECK keyword and outer parentheses where the catalog gives them. */
  expression: string;
  /** MariaDB column-level check (the `LEVEL` column), or a PostgreSQL NOT VALID check. */
  columnLevel?: boolean;
  notValid?: boolean;
  /** MySQL 8 NOT ENFORCED. */
  notEnforced?: boolean;
}

/** A constraint kind the model has no field for (PostgreSQL EXCLUDE, say): kept as the source definition. */
export interface OtherConstraint {
  name: string;
  kind: string;
  definition: string;
}

export interface Partitioning {
  /** range, list, hash, key, … as the source names it, lower case. */
  method: string;
  /** Partition key expression or column list, source dialect. */
  expression: string;
  partitions: { name: string; bound: string }[];
}

export interface Table {
  name: string;
  /** 'table' (regular), 'partitioned' (the parent), 'foreign'. */
  kind: 'table' | 'partitioned' | 'foreign';
  columns: Column[];
  primaryKey?: PrimaryKey;
  uniques: UniqueConstraint[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  /** Indexes that are not the PK's or a UNIQUE constraint's own index. */
  indexes: Index[];
  otherConstraints: OtherConstraint[];
  partitioning?: Partitioning;
  /** A PostgreSQL partition: its parent and bound text. */
  partitionOf?: { parent: QualifiedName; bound: string };
  /** PostgreSQL table inheritance parents (not partitioning). */
  inherits?: QualifiedName[];
  comment?: string;
  /** Estimated rows and bytes, when the catalog knew them. */
  rows?: number;
  dataBytes?: number;
  indexBytes?: number;
  /** MySQL: engine, row_format, charset, collation, create_options; PostgreSQL: persistence (unlogged), reloptions, tablespace. */
  attrs: Attrs;
}

export interface View {
  name: string;
  /** The SELECT, source dialect, as the catalog gave it. */
  definition: string;
  materialized: boolean;
  /** CASCADED / LOCAL, when set. */
  checkOption?: string;
  comment?: string;
  /** MySQL: algorithm, security_type, definer; PostgreSQL: reloptions. */
  attrs: Attrs;
}

export interface RoutineParameter {
  mode: 'in' | 'out' | 'inout' | 'variadic';
  name: string | null;
  /** Type text in the source dialect. */
  type: string;
}

export interface Routine {
  name: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window';
  language: string;
  parameters: RoutineParameter[];
  /** Return type text in the source dialect (null for procedures). */
  returns: string | null;
  returnsSet?: boolean;
  /** The body only. Null when the collecting user could not read it (a limitation says so). */
  body: string | null;
  /** The whole CREATE statement when the catalog gives it (PostgreSQL pg_get_functiondef). */
  definition?: string;
  deterministic?: boolean;
  securityDefiner?: boolean;
  comment?: string;
  attrs: Attrs;
}

export interface Trigger {
  name: string;
  table: string;
  timing: 'before' | 'after' | 'instead of';
  events: ('insert' | 'update' | 'delete' | 'truncate')[];
  /** PostgreSQL statement-level triggers; MySQL is always row-level. */
  forEach: 'row' | 'statement';
  /** MySQL: the trigger body (source dialect); PostgreSQL: null (it calls `function`). */
  body: string | null;
  /** PostgreSQL: the trigger function and the full CREATE TRIGGER text. */
  function?: QualifiedName;
  definition?: string;
  /** PostgreSQL WHEN condition and UPDATE OF columns when they can be read off the definition. */
  when?: string;
  updateOf?: string[];
  /** MySQL ACTION_ORDER (FOLLOWS/PRECEDES). */
  order?: number;
  attrs: Attrs;
}

export interface Sequence {
  name: string;
  /** Data type of the sequence (PostgreSQL: smallint/integer/bigint). */
  dataType?: string;
  start: string;
  increment: string;
  minValue: string;
  maxValue: string;
  cache: string;
  cycle: boolean;
  /** The next value nextval() would return, when known. */
  next?: string;
  /** The column that owns it (serial/identity); owned sequences are generated with their column. */
  ownedBy?: { table: string; column: string };
  attrs: Attrs;
}

export interface EnumType {
  name: string;
  values: string[];
  comment?: string;
}

export interface Domain {
  name: string;
  base: DataType;
  notNull: boolean;
  default: ColumnDefault | null;
  checks: CheckConstraint[];
  collation?: string;
  comment?: string;
}

/** A type the model carries only by definition (composite, range, base types from C). */
export interface OtherType {
  name: string;
  kind: string;
  definition: string;
}

export interface Schema {
  name: string;
  tables: Table[];
  views: View[];
  routines: Routine[];
  triggers: Trigger[];
  sequences: Sequence[];
  enums: EnumType[];
  domains: Domain[];
  otherTypes: OtherType[];
  /** MySQL events, scheduled jobs: listed, never converted. */
  events: { name: string; definition: string | null; attrs: Attrs }[];
  comment?: string;
  /** MySQL: default charset and collation of the database. */
  attrs: Attrs;
}

/** Something in the catalog rows the model could not take in (an unknown row shape, a dangling reference). */
export interface ModelProblem {
  object: string;
  message: string;
}

export interface DatabaseModel {
  /** The database as the bundle names it (MySQL: the schema; PostgreSQL: the database). */
  name: string;
  source: {
    dialect: SourceDialect;
    /** mysql | mariadb | percona | aurora-mysql | rds-mysql | postgres | aurora-postgresql | rds-postgresql … */
    flavor: string;
    version: string;
    /** 80036 for 8.0.36, 101106 for MariaDB 10.11.6, 150004 for PostgreSQL 15.4. */
    versionNum: number;
  };
  schemas: Schema[];
  /** PostgreSQL extensions installed in the database. */
  extensions: { name: string; version: string; schema: string }[];
  /** Server settings that change how the schema behaves (sql_mode, lower_case_table_names, encoding, …). */
  settings: Attrs;
  problems: ModelProblem[];
}

/** `schema.name`, for messages and object keys. */
export const qualified = (q: QualifiedName): string => `${q.schema}.${q.name}`;

export type { DataType, TypeRef };

/** A schema with no objects: the start of every schema a reader, a converter or a test builds. */
export function emptySchema(name: string, over: Partial<Omit<Schema, 'name'>> = {}): Schema {
  return { name, tables: [], views: [], routines: [], triggers: [], sequences: [], enums: [], domains: [], otherTypes: [], events: [], attrs: {}, ...over };
}

/** A table with no columns, keys or indexes yet. */
export function emptyTable(name: string, over: Partial<Omit<Table, 'name'>> = {}): Table {
  return { name, kind: 'table', columns: [], uniques: [], foreignKeys: [], checks: [], indexes: [], otherConstraints: [], attrs: {}, ...over };
}

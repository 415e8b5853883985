/**
 * The neutral data type. `kind` is a closed union: adding a kind is a compile error in every
 * type map until each target maps it. `raw` always keeps the source's own type text
 * (`int(10) unsigned`, `character varying(255)`), so nothing the source said is lost even
 * when a kind is `unknown`.
 */
export type DataTypeKind =
  | 'bool'
  | 'int8' // 1-byte integer (MySQL TINYINT)
  | 'int16'
  | 'int24' // MySQL MEDIUMINT
  | 'int32'
  | 'int64'
  | 'decimal' // precision/scale; no precision = PostgreSQL unconstrained numeric
  | 'float32' // MySQL FLOAT, PostgreSQL real
  | 'float64' // MySQL DOUBLE, PostgreSQL double precision
  | 'money'
  | 'char' // fixed length, `length` in characters
  | 'varchar' // `length` in characters; none = PostgreSQL varchar without limit
  | 'text' // `size`: tiny | medium | long on MySQL (255 B, 16 MiB, 4 GiB); none = regular / unlimited
  | 'binary' // fixed length bytes
  | 'varbinary'
  | 'blob' // `size` as for text
  | 'date'
  | 'time' // `precision` = fractional seconds; MySQL TIME spans ±838:59:59 (attrs.range = 'mysql')
  | 'timetz'
  | 'timestamp' // without time zone (MySQL DATETIME, PostgreSQL timestamp)
  | 'timestamptz' // with time zone semantics (MySQL TIMESTAMP stores UTC, PostgreSQL timestamptz)
  | 'interval'
  | 'year'
  | 'json'
  | 'jsonb'
  | 'uuid'
  | 'enum' // `values`; `typeRef` when it is a named type (PostgreSQL CREATE TYPE … AS ENUM)
  | 'set' // MySQL SET: `values`
  | 'bit' // `length` bits, fixed
  | 'varbit'
  | 'geometry' // `subtype`: point, linestring, polygon, …; `srid`
  | 'inet'
  | 'cidr'
  | 'macaddr'
  | 'xml'
  | 'tsvector'
  | 'tsquery'
  | 'range' // `typeRef` names the range type (int4range, tstzrange, or a user one)
  | 'domain' // `typeRef` names the domain; `base` is its underlying type
  | 'composite' // a user composite type, `typeRef`
  | 'unknown'; // not understood: raw is all there is (an action item says so)

export type SizeClass = 'tiny' | 'medium' | 'long';

export interface TypeRef {
  schema: string;
  name: string;
}

export interface DataType {
  kind: DataTypeKind;
  /** The source's type text, exactly as its catalog gave it. */
  raw: string;
  /** Characters for char/varchar, bytes for binary/varbinary, bits for bit/varbit. */
  length?: number;
  /** decimal precision; fractional-second digits for time/timestamp; float precision bits when given. */
  precision?: number;
  scale?: number;
  /** MySQL integer, decimal and float UNSIGNED. */
  unsigned?: boolean;
  zerofill?: boolean;
  /** MySQL display width, kept only for tinyint(1) detection and same-engine output. */
  displayWidth?: number;
  /** TEXT/BLOB size class on MySQL. */
  size?: SizeClass;
  /** enum and set labels, in order. */
  values?: string[];
  /** Array dimensions (PostgreSQL); 0 or absent = not an array. */
  arrayDims?: number;
  /** Named user type: enum type, domain, range, composite. */
  typeRef?: TypeRef;
  /** The domain's underlying type. */
  base?: DataType;
  /** geometry subtype (point, polygon, …) and SRID. */
  subtype?: string;
  srid?: number;
}

/** Integer kinds with their signed bounds, smallest first. */
export const INTEGER_KINDS = ['int8', 'int16', 'int24', 'int32', 'int64'] as const;
export type IntegerKind = (typeof INTEGER_KINDS)[number];

export const isIntegerKind = (k: DataTypeKind): k is IntegerKind => (INTEGER_KINDS as readonly string[]).includes(k);

/** Bits of storage per integer kind. */
export const INTEGER_BITS: Record<IntegerKind, number> = { int8: 8, int16: 16, int24: 24, int32: 32, int64: 64 };

/** Broad category of a kind, for comparing a source column with its converted target. */
export type TypeCategory = 'boolean' | 'integer' | 'numeric' | 'float' | 'string' | 'binary' | 'temporal' | 'json' | 'other';

export function typeCategory(t: DataType): TypeCategory {
  const k = t.kind === 'domain' && t.base ? t.base.kind : t.kind;
  if (k === 'bool') return 'boolean';
  if (isIntegerKind(k) || k === 'year') return 'integer';
  if (k === 'decimal' || k === 'money') return 'numeric';
  if (k === 'float32' || k === 'float64') return 'float';
  if (k === 'char' || k === 'varchar' || k === 'text' || k === 'enum' || k === 'set') return 'string';
  if (k === 'binary' || k === 'varbinary' || k === 'blob') return 'binary';
  if (k === 'date' || k === 'time' || k === 'timetz' || k === 'timestamp' || k === 'timestamptz' || k === 'interval') return 'temporal';
  if (k === 'json' || k === 'jsonb') return 'json';
  return 'other';
}

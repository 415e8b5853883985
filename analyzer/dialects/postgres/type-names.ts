/**
 * A neutral DataType printed as PostgreSQL type text. The model handed to the generator is
 * target-ready (a converter has already chosen kinds PostgreSQL has), so this is a printer,
 * not a type map: kinds PostgreSQL has no type for fall back to their closest carrier, and
 * `unknown` prints its raw text (a --mapping rule's target type, or a PostgreSQL type the
 * model has no kind for).
 * https://www.postgresql.org/docs/15/datatype.html
 */
import type { DataType, DataTypeKind } from '../../model/data-types.js';
import { qualifyName } from './quote.js';

const withArgs = (name: string, ...args: (number | undefined)[]): string => {
  const given = args.filter((a): a is number => a !== undefined);
  return given.length ? `${name}(${given.join(',')})` : name;
};

const named = (t: DataType, fallback: string): string => (t.typeRef ? qualifyName(t.typeRef.schema, t.typeRef.name) : fallback);

/** PostGIS type modifiers: geometry(Point,4326). */
function geometryName(t: DataType): string {
  const sub = t.subtype && t.subtype !== 'geometry' ? t.subtype : null;
  if (!sub && t.srid === undefined) return 'geometry';
  return `geometry(${sub ?? 'Geometry'}${t.srid !== undefined ? `,${t.srid}` : ''})`;
}

const PRINTERS: Record<DataTypeKind, (t: DataType) => string> = {
  bool: () => 'boolean',
  int8: () => 'smallint',
  int16: () => 'smallint',
  int24: () => 'integer',
  int32: () => 'integer',
  int64: () => 'bigint',
  decimal: (t) => (t.precision !== undefined ? withArgs('numeric', t.precision, t.scale ?? 0) : 'numeric'),
  float32: () => 'real',
  float64: () => 'double precision',
  money: () => 'money',
  char: (t) => withArgs('character', t.length ?? 1),
  varchar: (t) => withArgs('character varying', t.length),
  text: () => 'text',
  binary: () => 'bytea',
  varbinary: () => 'bytea',
  blob: () => 'bytea',
  date: () => 'date',
  time: (t) => `${withArgs('time', t.precision)} without time zone`,
  timetz: (t) => `${withArgs('time', t.precision)} with time zone`,
  timestamp: (t) => `${withArgs('timestamp', t.precision)} without time zone`,
  timestamptz: (t) => `${withArgs('timestamp', t.precision)} with time zone`,
  // Interval field restrictions (DAY TO SECOND) live only in PostgreSQL's own type text.
  interval: (t) => (/^interval\b/i.test(t.raw) ? t.raw : withArgs('interval', t.precision)),
  year: () => 'smallint',
  json: () => 'json',
  jsonb: () => 'jsonb',
  uuid: () => 'uuid',
  enum: (t) => named(t, 'text'),
  set: () => 'text[]',
  bit: (t) => withArgs('bit', t.length ?? 1),
  varbit: (t) => withArgs('bit varying', t.length),
  geometry: geometryName,
  inet: () => 'inet',
  cidr: () => 'cidr',
  macaddr: () => 'macaddr',
  xml: () => 'xml',
  tsvector: () => 'tsvector',
  tsquery: () => 'tsquery',
  range: (t) => named(t, t.raw),
  domain: (t) => named(t, t.raw),
  composite: (t) => named(t, t.raw),
  unknown: (t) => t.raw,
};

/** PostgreSQL type text for a column, domain or cast, with array brackets. */
export function pgTypeName(t: DataType): string {
  const base = PRINTERS[t.kind](t);
  return base + '[]'.repeat(t.arrayDims ?? 0);
}

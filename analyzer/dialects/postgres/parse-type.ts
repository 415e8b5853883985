/**
 * PostgreSQL `format_type()` text → the neutral DataType. The catalog gives the type's kind
 * (pg_type.typtype) and its schema and name next to the text, so user types (enum, domain,
 * range, composite) are recognised by kind, and only built-in base types are parsed from text.
 * Anything not understood becomes kind `unknown` with the text kept in `raw`; it never throws.
 */
import type { DataType, DataTypeKind, TypeRef } from '../../model/data-types.js';

/** What the columns row says about a type besides its text. */
export interface PgTypeInfo {
  /** format_type(atttypid, atttypmod). */
  text: string;
  /** pg_type.typtype: b base, e enum, d domain, r range, m multirange, c composite, p pseudo. */
  typeKind?: string | null;
  typeSchema?: string | null;
  typeName?: string | null;
  /** attndims (declared array dimensions; 0 for `int[]` declared through a domain or in old dumps). */
  dimensions?: number | null;
}

/** Named user types the reader already knows: enum labels and domain base types. */
export interface PgTypeLookup {
  enumValues(ref: TypeRef): string[] | undefined;
  domainBase(ref: TypeRef): DataType | undefined;
}

const SIMPLE: Record<string, DataTypeKind> = {
  smallint: 'int16',
  integer: 'int32',
  bigint: 'int64',
  real: 'float32',
  'double precision': 'float64',
  money: 'money',
  text: 'text',
  citext: 'text',
  bytea: 'blob',
  boolean: 'bool',
  date: 'date',
  json: 'json',
  jsonb: 'jsonb',
  uuid: 'uuid',
  inet: 'inet',
  cidr: 'cidr',
  macaddr: 'macaddr',
  macaddr8: 'macaddr',
  xml: 'xml',
  tsvector: 'tsvector',
  tsquery: 'tsquery',
};

/** PostgreSQL's built-in geometric types, kept as a geometry subtype. */
const GEOMETRIC = new Set(['point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle']);

/** Built-in range types (typtype 'r' in pg_catalog). */
const BUILTIN_RANGES = /^(int4|int8|num|ts|tstz|date)(multi)?range$/;

/** Splits `name(args)` into the name and the numbers in parentheses. */
function modifiers(text: string): { base: string; args: number[] } {
  const m = /^(.*?)\s*\(([^)]*)\)(.*)$/.exec(text);
  if (!m) return { base: text, args: [] };
  const args = m[2]!
    .split(',')
    .map((a) => Number(a.trim()))
    .filter((n) => Number.isInteger(n));
  return { base: `${m[1]!}${m[3]!}`.trim(), args };
}

/** Parses a built-in base type's text (no array brackets); null when it is not one. */
export function parseBaseType(text: string): Omit<DataType, 'raw'> | null {
  const t = text.trim();
  const simple = SIMPLE[t];
  if (simple) return { kind: simple };
  const { base, args } = modifiers(t);
  const [a0, a1] = args;
  switch (base) {
    case 'numeric':
      return a0 === undefined ? { kind: 'decimal' } : { kind: 'decimal', precision: a0, scale: a1 ?? 0 };
    case 'character varying':
      return a0 === undefined ? { kind: 'varchar' } : { kind: 'varchar', length: a0 };
    case 'character':
      return { kind: 'char', length: a0 ?? 1 };
    // The internal one-byte "char" type and `name` (63 bytes) behave like short strings.
    case '"char"':
      return { kind: 'char', length: 1 };
    case 'name':
      return { kind: 'varchar', length: 63 };
    case 'bit':
      return { kind: 'bit', length: a0 ?? 1 };
    case 'bit varying':
      return a0 === undefined ? { kind: 'varbit' } : { kind: 'varbit', length: a0 };
    case 'time without time zone':
      return withPrecision('time', a0);
    case 'time with time zone':
      return withPrecision('timetz', a0);
    case 'timestamp without time zone':
      return withPrecision('timestamp', a0);
    case 'timestamp with time zone':
      return withPrecision('timestamptz', a0);
    case 'float':
      return { kind: a0 !== undefined && a0 <= 24 ? 'float32' : 'float64' };
  }
  // interval, with an optional field restriction and precision: `interval day to second(3)`.
  if (/^interval\b/.test(base)) return withPrecision('interval', a0);
  if (GEOMETRIC.has(base)) return { kind: 'geometry', subtype: base };
  const postgis = /^(geometry|geography)(?:\((\w+)(?:,\s*(\d+))?\))?$/i.exec(t);
  if (postgis) {
    const out: Omit<DataType, 'raw'> = { kind: 'geometry', subtype: (postgis[2] ?? 'geometry').toLowerCase() };
    if (postgis[3]) out.srid = Number(postgis[3]);
    return out;
  }
  return null;
}

/** parseBaseType's answers by text: a schema repeats a handful of type texts across thousands of columns. Bounded. */
const baseTypes = new Map<string, Omit<DataType, 'raw'> | null>();
const BASE_TYPES_LIMIT = 10_000;

/** parseBaseType through the cache; the answer is only read (spread into a new type), never handed out. */
function cachedBaseType(text: string): Omit<DataType, 'raw'> | null {
  let base = baseTypes.get(text);
  if (base === undefined) {
    if (baseTypes.size >= BASE_TYPES_LIMIT) baseTypes.clear();
    base = parseBaseType(text);
    baseTypes.set(text, base);
  }
  return base;
}

function withPrecision(kind: DataTypeKind, precision: number | undefined): Omit<DataType, 'raw'> {
  return precision === undefined ? { kind } : { kind, precision };
}

/** Removes trailing `[]` pairs; returns the element text and how many there were. */
function stripArray(text: string): { element: string; dims: number } {
  let element = text.trim();
  let dims = 0;
  while (element.endsWith('[]')) {
    element = element.slice(0, -2).trimEnd();
    dims += 1;
  }
  return { element, dims };
}

/**
 * Parses one column's (or domain base's) type. `unknown` results are reported through the
 * returned flag so the caller can add a model problem naming the object.
 */
export function parsePgType(info: PgTypeInfo, lookup: PgTypeLookup): { type: DataType; understood: boolean } {
  const raw = info.text;
  const { element, dims: bracketDims } = stripArray(raw);
  const dims = Math.max(bracketDims, info.dimensions ?? 0);
  const kind = info.typeKind ?? 'b';
  // Nearly every column: a built-in base type, read from the text alone (what the last steps below do).
  if (kind === 'b' && bracketDims === 0) {
    const base = cachedBaseType(element);
    if (base) return { type: dims > 0 ? { ...base, raw, arrayDims: dims } : { ...base, raw }, understood: true };
  }
  const withDims = (t: DataType): DataType => (dims > 0 ? { ...t, arrayDims: dims } : t);
  // An array column's pg_type row is the array type (`_mood`, typtype 'b'): the element is what a reference names.
  const typeName = info.typeName && bracketDims > 0 && info.typeName.startsWith('_') ? info.typeName.slice(1) : info.typeName;
  const ref: TypeRef | undefined = info.typeSchema && typeName ? { schema: info.typeSchema, name: typeName } : undefined;

  if (kind === 'e' && ref) return { type: withDims({ kind: 'enum', raw, typeRef: ref, values: lookup.enumValues(ref) ?? [] }), understood: true };
  if (kind === 'd' && ref) {
    const base = lookup.domainBase(ref);
    const t: DataType = { kind: 'domain', raw, typeRef: ref };
    if (base) t.base = base;
    return { type: withDims(t), understood: base !== undefined };
  }
  if ((kind === 'r' || kind === 'm') && ref) return { type: withDims({ kind: 'range', raw, typeRef: ref }), understood: true };
  if (kind === 'c' && ref) return { type: withDims({ kind: 'composite', raw, typeRef: ref }), understood: true };

  if (bracketDims > 0 && ref) {
    const values = lookup.enumValues(ref);
    if (values) return { type: withDims({ kind: 'enum', raw, typeRef: ref, values }), understood: true };
    const domainBase = lookup.domainBase(ref);
    if (domainBase) return { type: withDims({ kind: 'domain', raw, typeRef: ref, base: domainBase }), understood: true };
  }
  const base = cachedBaseType(element);
  if (base) return { type: withDims({ ...base, raw }), understood: true };
  if (BUILTIN_RANGES.test(element)) return { type: withDims({ kind: 'range', raw, typeRef: { schema: 'pg_catalog', name: element } }), understood: true };
  const t: DataType = { kind: 'unknown', raw };
  if (ref) t.typeRef = ref;
  return { type: withDims(t), understood: false };
}

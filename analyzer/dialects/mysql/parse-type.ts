/**
 * MySQL/MariaDB COLUMN_TYPE text → neutral DataType. COLUMN_TYPE is the full type as the
 * server normalised it (`int(10) unsigned zerofill`, `enum('a','it''s')`, `decimal(10,2)`),
 * so it is the one source. Never throws: a type
 * it does not know becomes kind `unknown` with the raw text kept.
 * https://dev.mysql.com/doc/refman/8.0/en/data-types.html
 */
import type { DataType, DataTypeKind, SizeClass } from '../../model/data-types.js';

const SIMPLE: Record<string, { kind: DataTypeKind; size?: SizeClass }> = {
  tinyint: { kind: 'int8' },
  smallint: { kind: 'int16' },
  mediumint: { kind: 'int24' },
  int: { kind: 'int32' },
  integer: { kind: 'int32' },
  bigint: { kind: 'int64' },
  decimal: { kind: 'decimal' },
  numeric: { kind: 'decimal' },
  dec: { kind: 'decimal' },
  fixed: { kind: 'decimal' },
  float: { kind: 'float32' },
  double: { kind: 'float64' },
  'double precision': { kind: 'float64' },
  real: { kind: 'float64' },
  bool: { kind: 'bool' },
  boolean: { kind: 'bool' },
  char: { kind: 'char' },
  varchar: { kind: 'varchar' },
  tinytext: { kind: 'text', size: 'tiny' },
  text: { kind: 'text' },
  mediumtext: { kind: 'text', size: 'medium' },
  longtext: { kind: 'text', size: 'long' },
  binary: { kind: 'binary' },
  varbinary: { kind: 'varbinary' },
  tinyblob: { kind: 'blob', size: 'tiny' },
  blob: { kind: 'blob' },
  mediumblob: { kind: 'blob', size: 'medium' },
  longblob: { kind: 'blob', size: 'long' },
  date: { kind: 'date' },
  time: { kind: 'time' },
  datetime: { kind: 'timestamp' },
  timestamp: { kind: 'timestamptz' },
  year: { kind: 'year' },
  json: { kind: 'json' },
  enum: { kind: 'enum' },
  set: { kind: 'set' },
  bit: { kind: 'bit' },
  // MariaDB 10.5+/10.7+/10.10+ native types.
  inet6: { kind: 'inet' },
  inet4: { kind: 'inet' },
  uuid: { kind: 'uuid' },
};

const GEOMETRY = new Set(['geometry', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon', 'geometrycollection', 'geomcollection']);

/** Splits `name(args) flags` into its parts; args are left as text (enum labels hold parentheses). */
function splitType(raw: string): { name: string; args: string | null; flags: string[] } {
  const s = raw.trim();
  const open = s.indexOf('(');
  if (open < 0) {
    const words = s.toLowerCase().split(/\s+/);
    // `double precision` is the one two-word name.
    if (words[0] === 'double' && words[1] === 'precision') return { name: 'double precision', args: null, flags: words.slice(2) };
    return { name: words[0] ?? '', args: null, flags: words.slice(1) };
  }
  const close = findClosingParen(s, open);
  return {
    name: s.slice(0, open).trim().toLowerCase(),
    args: s.slice(open + 1, close),
    flags: s.slice(close + 1).trim().toLowerCase().split(/\s+/).filter(Boolean),
  };
}

/** The index of the parenthesis closing the one at `open`, skipping quoted labels. */
function findClosingParen(s: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) {
        if (s[i + 1] === quote) i++;
        else quote = null;
      }
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return s.length;
}

/**
 * Reads the quoted labels of enum(...)/set(...): `'a','it''s','x,y'`. Labels may hold commas,
 * doubled quotes and backslash escapes.
 */
export function parseLabels(args: string): string[] {
  const labels: string[] = [];
  let i = 0;
  while (i < args.length) {
    while (i < args.length && (args[i] === ',' || /\s/.test(args[i]!))) i++;
    const quote = args[i];
    if (quote !== "'" && quote !== '"') break;
    i++;
    let label = '';
    while (i < args.length) {
      const ch = args[i]!;
      if (ch === '\\' && i + 1 < args.length) {
        label += unescapeChar(args[i + 1]!);
        i += 2;
      } else if (ch === quote && args[i + 1] === quote) {
        label += quote;
        i += 2;
      } else if (ch === quote) {
        i++;
        break;
      } else {
        label += ch;
        i++;
      }
    }
    labels.push(label);
  }
  return labels;
}

/** MySQL string escapes (https://dev.mysql.com/doc/refman/8.0/en/string-literals.html). */
export function unescapeChar(ch: string): string {
  switch (ch) {
    case '0':
      return '\0';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'b':
      return '\b';
    case 'Z':
      return '\x1a';
    default:
      return ch;
  }
}

const numbers = (args: string | null): number[] =>
  (args ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => /^\d+$/.test(a))
    .map(Number);

/**
 * Parsed types by `srid\0raw`: a schema repeats a handful of type texts across thousands of
 * columns. Bounded, so reading many databases in one process cannot grow it without limit.
 */
const parsed = new Map<string, DataType>();
const PARSED_LIMIT = 10_000;

/** Parses COLUMN_TYPE; `srid` is MySQL 8's SRS_ID when the column has one. Every call returns a fresh object. */
export function parseMysqlType(raw: string, srid?: number | null): DataType {
  const key = `${srid ?? ''}\u0000${raw}`;
  let t = parsed.get(key);
  if (!t) {
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    t = parseType(raw, srid);
    parsed.set(key, t);
  }
  // Callers own what they get (they may change it): a copy, labels included.
  return t.values ? { ...t, values: [...t.values] } : { ...t };
}

function parseType(raw: string, srid: number | null | undefined): DataType {
  const { name, args, flags } = splitType(raw);
  if (GEOMETRY.has(name)) {
    const t: DataType = { kind: 'geometry', raw, subtype: name === 'geomcollection' ? 'geometrycollection' : name };
    if (srid !== null && srid !== undefined) t.srid = srid;
    return t;
  }
  const entry = SIMPLE[name];
  if (!entry) return { kind: 'unknown', raw };
  const t: DataType = { kind: entry.kind, raw };
  if (entry.size) t.size = entry.size;
  if (flags.includes('unsigned')) t.unsigned = true;
  if (flags.includes('zerofill')) {
    // ZEROFILL implies UNSIGNED on every MySQL version.
    t.zerofill = true;
    t.unsigned = true;
  }
  if (entry.kind === 'enum' || entry.kind === 'set') {
    t.values = parseLabels(args ?? '');
    return t;
  }
  const [a, b] = numbers(args);
  switch (entry.kind) {
    case 'int8':
    case 'int16':
    case 'int24':
    case 'int32':
    case 'int64':
      if (a !== undefined) t.displayWidth = a;
      break;
    case 'decimal':
      // DECIMAL without arguments is DECIMAL(10,0) on MySQL.
      t.precision = a ?? 10;
      t.scale = b ?? 0;
      break;
    case 'float32':
    case 'float64':
      if (a !== undefined) t.precision = a;
      if (b !== undefined) t.scale = b;
      break;
    case 'char':
    case 'binary':
      t.length = a ?? 1;
      break;
    case 'varchar':
    case 'varbinary':
    case 'bit':
      if (a !== undefined) t.length = a;
      else if (entry.kind === 'bit') t.length = 1;
      break;
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      t.precision = a ?? 0;
      break;
    case 'year':
      if (a !== undefined) t.displayWidth = a;
      break;
    default:
      break;
  }
  return t;
}

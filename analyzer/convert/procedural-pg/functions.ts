/**
 * PostgreSQL built-in functions → MySQL, each checked to give the same value for the
 * arguments it accepts. A function not listed has no translation (the routine becomes
 * manual); a few translations change an edge case and raise a note.
 */
import { quoteMysqlString } from '../../dialects/mysql/quote.js';
import type { Kind, TranslateEnv } from './env.js';

/** A translated expression: MySQL text, its kind, and whether it needs parentheses as an operand. */
export interface Out {
  sql: string;
  kind: Kind;
  atom: boolean;
  /** The operator at the top (for flattening chains of the same operator). */
  op?: string;
  /** A string literal's value (formats, separators, intervals). */
  literal?: string;
}

export const atom = (sql: string, kind: Kind, literal?: string): Out => (literal === undefined ? { sql, kind, atom: true } : { sql, kind, atom: true, literal });

type FnTranslator = (args: Out[], env: TranslateEnv) => Out | null;

const same = (name: string, kind: Kind | ((args: Out[]) => Kind), arity?: number[]): FnTranslator => (args) => {
  if (arity && !arity.includes(args.length)) return null;
  return atom(`${name}(${args.map((a) => a.sql).join(', ')})`, typeof kind === 'function' ? kind(args) : kind);
};

const firstKind = (args: Out[]): Kind => args.find((a) => a.kind !== 'unknown')?.kind ?? 'unknown';

/** PostgreSQL to_char/to_date pattern → MySQL DATE_FORMAT/STR_TO_DATE pattern; null when a field has no equivalent. */
export function dateFormat(pattern: string): string | null {
  const map: [string, string][] = [
    ['YYYY', '%Y'], ['YY', '%y'], ['MONTH', '%M'], ['Month', '%M'], ['MON', '%b'], ['Mon', '%b'], ['MM', '%m'], ['DD', '%d'], ['HH24', '%H'], ['HH12', '%h'], ['HH', '%h'], ['MI', '%i'], ['SS', '%s'], ['US', '%f'], ['AM', '%p'], ['PM', '%p'], ['Day', '%W'], ['DAY', '%W'], ['Dy', '%a'], ['DDD', '%j'],
  ];
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const hit = map.filter(([k]) => pattern.startsWith(k, i)).sort((a, b) => b[0].length - a[0].length)[0];
    if (hit) {
      out += hit[1];
      i += hit[0].length;
      continue;
    }
    const c = pattern[i]!;
    if (/[A-Za-z]/.test(c)) return null;
    out += c === '%' ? '%%' : c;
    i += 1;
  }
  return out;
}

const FUNCTIONS: Record<string, FnTranslator> = {
  coalesce: same('COALESCE', firstKind),
  nullif: same('NULLIF', firstKind, [2]),
  greatest: same('GREATEST', firstKind),
  least: same('LEAST', firstKind),
  lower: same('LOWER', 'text', [1]),
  upper: same('UPPER', 'text', [1]),
  length: same('CHAR_LENGTH', 'number', [1]),
  char_length: same('CHAR_LENGTH', 'number', [1]),
  character_length: same('CHAR_LENGTH', 'number', [1]),
  octet_length: same('OCTET_LENGTH', 'number', [1]),
  abs: same('ABS', 'number', [1]),
  round: same('ROUND', 'number', [1, 2]),
  floor: same('FLOOR', 'number', [1]),
  ceil: same('CEIL', 'number', [1]),
  ceiling: same('CEILING', 'number', [1]),
  sign: same('SIGN', 'number', [1]),
  mod: same('MOD', 'number', [2]),
  sqrt: same('SQRT', 'number', [1]),
  power: same('POW', 'number', [2]),
  pow: same('POW', 'number', [2]),
  exp: same('EXP', 'number', [1]),
  ln: same('LN', 'number', [1]),
  log: (a) => (a.length === 1 ? atom(`LOG10(${a[0]!.sql})`, 'number') : a.length === 2 ? atom(`LOG(${a[0]!.sql}, ${a[1]!.sql})`, 'number') : null),
  trunc: (a) => (a.length === 1 ? atom(`TRUNCATE(${a[0]!.sql}, 0)`, 'number') : a.length === 2 ? atom(`TRUNCATE(${a[0]!.sql}, ${a[1]!.sql})`, 'number') : null),
  random: same('RAND', 'number', [0]),
  substr: same('SUBSTRING', 'text', [2, 3]),
  substring: same('SUBSTRING', 'text', [2, 3]),
  left: same('LEFT', 'text', [2]),
  right: same('RIGHT', 'text', [2]),
  lpad: same('LPAD', 'text', [3]),
  rpad: same('RPAD', 'text', [3]),
  ltrim: same('LTRIM', 'text', [1]),
  rtrim: same('RTRIM', 'text', [1]),
  btrim: same('TRIM', 'text', [1]),
  replace: same('REPLACE', 'text', [3]),
  repeat: same('REPEAT', 'text', [2]),
  reverse: same('REVERSE', 'text', [1]),
  md5: same('MD5', 'text', [1]),
  concat: same('CONCAT', 'text'),
  concat_ws: same('CONCAT_WS', 'text'),
  strpos: (a) => (a.length === 2 ? atom(`LOCATE(${a[1]!.sql}, ${a[0]!.sql})`, 'number') : null),
  now: (a) => (a.length === 0 ? atom('CURRENT_TIMESTAMP(6)', 'timestamp') : null),
  clock_timestamp: (a) => (a.length === 0 ? atom('SYSDATE(6)', 'timestamp') : null),
  gen_random_uuid: (a) => (a.length === 0 ? atom('UUID()', 'text') : null),
  count: same('COUNT', 'number', [1]),
  sum: same('SUM', firstKind, [1]),
  avg: same('AVG', 'number', [1]),
  min: same('MIN', firstKind, [1]),
  max: same('MAX', firstKind, [1]),
  // quote_literal(NULL) is NULL in PostgreSQL, 'NULL' in MySQL's QUOTE: the same only for non-NULL values.
  quote_literal: (a, env) => {
    if (a.length !== 1) return null;
    env.note('pg_procedural_expression_changed', 'quote_literal() became QUOTE(), which returns the word NULL for a NULL argument and escapes backslashes');
    return atom(`QUOTE(${a[0]!.sql})`, 'text');
  },
  to_date: (a) => {
    const fmt = a[1]?.literal;
    const f = a.length === 2 && fmt !== undefined ? dateFormat(fmt) : null;
    return f === null ? null : atom(`STR_TO_DATE(${a[0]!.sql}, ${quoteMysqlString(f)})`, 'date');
  },
  to_char: (a) => {
    const fmt = a[1]?.literal;
    const f = a.length === 2 && fmt !== undefined && (a[0]!.kind === 'date' || a[0]!.kind === 'timestamp') ? dateFormat(fmt) : null;
    return f === null ? null : atom(`DATE_FORMAT(${a[0]!.sql}, ${quoteMysqlString(f)})`, 'text');
  },
  date_part: (a) => {
    const field = a[0]?.literal?.toLowerCase();
    const unit = field === undefined ? undefined : EXTRACT_FIELDS[field];
    return a.length === 2 && unit ? atom(unit(a[1]!.sql), 'number') : null;
  },
  string_agg: (a) => {
    const sep = a[1]?.literal;
    return a.length === 2 && sep !== undefined ? atom(`GROUP_CONCAT(${a[0]!.sql} SEPARATOR ${quoteMysqlString(sep)})`, 'text') : null;
  },
};

/** EXTRACT / date_part fields with the same value on MySQL (SECOND without fractions is not). */
export const EXTRACT_FIELDS: Record<string, (e: string) => string> = {
  year: (e) => `EXTRACT(YEAR FROM ${e})`,
  month: (e) => `EXTRACT(MONTH FROM ${e})`,
  day: (e) => `EXTRACT(DAY FROM ${e})`,
  hour: (e) => `EXTRACT(HOUR FROM ${e})`,
  minute: (e) => `EXTRACT(MINUTE FROM ${e})`,
  quarter: (e) => `EXTRACT(QUARTER FROM ${e})`,
  dow: (e) => `(DAYOFWEEK(${e}) - 1)`,
  isodow: (e) => `(WEEKDAY(${e}) + 1)`,
  doy: (e) => `DAYOFYEAR(${e})`,
};

/** A built-in call → MySQL, or null when it has no checked translation. */
export function translateFunction(name: string, args: Out[], env: TranslateEnv): Out | null {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  return fn ? fn(args, env) : null;
}

/**
 * MySQL built-in functions → PostgreSQL, for expressions inside stored programs. The same
 * choices as the view translator's map (views/functions-mysql-to-postgres.ts): each keeps
 * MySQL's result (NULL on any NULL argument for CONCAT, integer date parts, DATE results of
 * date arithmetic on dates). A name not listed here is an unsupported function: the routine
 * goes to manual work with the name, never passed through to mean something else.
 */
import { quoteLiteral } from '../../dialects/postgres/quote.js';
import { mysqlFormatToPostgres } from '../views/date-format.js';
import type { Tok } from './tokens.js';

/** One call: its arguments printed for PostgreSQL, and as source tokens (for literal checks). */
export interface CallArgs {
  sql: string[];
  raw: Tok[][];
}

/** A warning a rewrite brings (raised by the caller). */
export interface CallNote {
  code: string;
  message: string;
}

type Printer = (a: CallArgs, note: (n: CallNote) => void) => string | null;

/** Same name and meaning on MySQL 8 / MariaDB 10.11 and PostgreSQL 15. */
const SAME = new Set([
  'abs', 'ceil', 'ceiling', 'floor', 'round', 'mod', 'coalesce', 'nullif', 'lower', 'upper', 'trim', 'ltrim', 'rtrim', 'char_length',
  'character_length', 'replace', 'reverse', 'left', 'right', 'lpad', 'rpad', 'md5', 'sign', 'sqrt', 'power', 'exp', 'ln', 'log10',
  'concat_ws', 'repeat', 'ascii', 'octet_length', 'bit_length', 'count', 'sum', 'avg', 'min', 'max', 'pi', 'radians', 'degrees',
  // Not a MySQL function: group-by.ts writes it for columns MySQL reads from any row of a group.
  'array_agg',
]);

const RENAMED: Record<string, string> = { ifnull: 'coalesce', lcase: 'lower', ucase: 'upper', pow: 'power', length: 'octet_length', rand: 'random', truncate: 'trunc' };

const DATE_PARTS: Record<string, string> = { year: 'YEAR', month: 'MONTH', day: 'DAY', dayofmonth: 'DAY', hour: 'HOUR', minute: 'MINUTE', quarter: 'QUARTER', dayofyear: 'DOY' };

const fixed =
  (n: number, f: (s: string[]) => string): Printer =>
  (a) =>
    a.sql.length === n ? f(a.sql) : null;

const isPositiveLiteral = (raw: Tok[] | undefined): boolean => raw?.length === 1 && raw[0]!.kind === 'number' && /^[1-9]\d*$/.test(raw[0]!.text);

const formatLiteral = (raw: Tok[] | undefined): string | null => (raw?.length === 1 && raw[0]!.kind === 'string' ? mysqlFormatToPostgres(raw[0]!.value) : null);

/** Whether a date argument is a date (so arithmetic on it stays a DATE as on MySQL). */
const looksLikeDate = (raw: Tok[] | undefined): boolean => !!raw && /^(CURRENT_DATE|CURDATE)\b/i.test(raw[0]?.text ?? '');

const PRINTERS: Record<string, Printer> = {
  if: fixed(3, ([c, a, b]) => `(CASE WHEN ${c} THEN ${a} ELSE ${b} END)`),
  concat: (a) => (a.sql.length ? `(${a.sql.map((s) => `CAST(${s} AS text)`).join(' || ')})` : null),
  now: (a) => (a.sql.length === 0 ? 'LOCALTIMESTAMP(0)' : isPositiveLiteral(a.raw[0]) ? `LOCALTIMESTAMP(${a.sql[0]})` : null),
  current_timestamp: (a) => (a.sql.length === 0 ? 'LOCALTIMESTAMP(0)' : null),
  sysdate: fixed(0, () => 'CAST(clock_timestamp() AS timestamp(0))'),
  curdate: fixed(0, () => 'CURRENT_DATE'),
  current_date: fixed(0, () => 'CURRENT_DATE'),
  curtime: fixed(0, () => 'LOCALTIME(0)'),
  date: fixed(1, ([x]) => `CAST(${x} AS date)`),
  to_days: fixed(1, ([x]) => `(CAST(${x} AS date) - DATE '0001-01-01' + 366)`),
  datediff: fixed(2, ([x, y]) => `(CAST(${x} AS date) - CAST(${y} AS date))`),
  last_day: fixed(1, ([x]) => `CAST(date_trunc('month', ${x}) + INTERVAL '1 month - 1 day' AS date)`),
  str_to_date: (a) => {
    const f = formatLiteral(a.raw[1]);
    if (a.sql.length !== 2 || f === null) return null;
    return /HH|MI|SS/.test(f) ? `CAST(to_timestamp(${a.sql[0]}, ${quoteLiteral(f)}) AS timestamp)` : `to_date(${a.sql[0]}, ${quoteLiteral(f)})`;
  },
  date_format: (a) => {
    const f = formatLiteral(a.raw[1]);
    return a.sql.length === 2 && f !== null ? `to_char(${a.sql[0]}, ${quoteLiteral(f)})` : null;
  },
  date_add: (a) => dateArith(a, '+'),
  adddate: (a) => dateArith(a, '+'),
  date_sub: (a) => dateArith(a, '-'),
  subdate: (a) => dateArith(a, '-'),
  last_insert_id: (a, note) => {
    note({ code: 'procedural_expression_changed', message: "LAST_INSERT_ID() became lastval(), the session's last sequence value: an insert by a trigger into another identity table changes it (MySQL restores its value)" });
    return a.sql.length === 0 ? 'lastval()' : null;
  },
  uuid: fixed(0, () => 'CAST(gen_random_uuid() AS text)'),
  locate: fixed(2, ([n, h]) => `strpos(${h}, ${n})`),
  instr: fixed(2, ([h, n]) => `strpos(${h}, ${n})`),
  substring: (a) => (a.sql.length >= 2 && a.sql.length <= 3 && isPositiveLiteral(a.raw[1]) ? `substr(${a.sql.join(', ')})` : null),
  substr: (a) => (a.sql.length >= 2 && a.sql.length <= 3 && isPositiveLiteral(a.raw[1]) ? `substr(${a.sql.join(', ')})` : null),
  isnull: fixed(1, ([x]) => `((${x}) IS NULL)`),
  greatest: (a, note) => nullStrict('greatest', a, note),
  least: (a, note) => nullStrict('least', a, note),
  sleep: (a, note) => {
    note({ code: 'procedural_sleep', message: 'SLEEP() became pg_sleep(), which returns void instead of 0' });
    return a.sql.length === 1 ? `pg_sleep(${a.sql[0]})` : null;
  },
};

/** MySQL GREATEST/LEAST are NULL when any argument is; PostgreSQL's skip NULLs: a CASE keeps MySQL's result. */
function nullStrict(name: string, a: CallArgs, note: (n: CallNote) => void): string | null {
  if (a.sql.length < 2) return null;
  note({ code: 'procedural_expression_changed', message: `${name.toUpperCase()}() is wrapped so a NULL argument still gives NULL, as on MySQL` });
  return `(CASE WHEN ${a.sql.map((s) => `(${s}) IS NULL`).join(' OR ')} THEN NULL ELSE ${name}(${a.sql.join(', ')}) END)`;
}

/** DATE_ADD(x, INTERVAL n unit): the interval is printed by the rewriter; a DATE stays a DATE for whole-day units. */
function dateArith(a: CallArgs, op: '+' | '-'): string | null {
  if (a.sql.length !== 2 || !/INTERVAL '1 \w+'\)$/.test(a.sql[1]!)) return null;
  const sum = `${a.sql[0]} ${op} ${a.sql[1]}`;
  return looksLikeDate(a.raw[0]) && /'1 (day|week|month|year)'/.test(a.sql[1]!) ? `CAST(${sum} AS date)` : `(${sum})`;
}

/** The PostgreSQL call, or null when the function has no checked equivalent. */
export function printBuiltin(name: string, a: CallArgs, note: (n: CallNote) => void): string | null {
  if (SAME.has(name)) return `${name}(${a.sql.join(', ')})`;
  const renamed = RENAMED[name];
  if (renamed) return `${renamed}(${a.sql.join(', ')})`;
  const part = DATE_PARTS[name];
  if (part && a.sql.length === 1) return `CAST(EXTRACT(${part} FROM ${a.sql[0]}) AS integer)`;
  return PRINTERS[name]?.(a, note) ?? null;
}

/**
 * MySQL/MariaDB functions → PostgreSQL, each keeping MySQL's result (NULL handling,
 * integer results of date parts, 1-based positions). See sqlglot's generators/postgres.py
 * for the same choices.
 */
import { asNode, ensure, type Node } from './ast.js';
import { findInSet } from './column-forms.js';
import { mysqlFormatToPostgres } from './date-format.js';
import { arity, isStringLiteral, positiveIntegerLiteral, type FunctionPrinter } from './functions.js';
import { decodeString } from './literals.js';
import { printOrderItem } from './print-query.js';
import type { ViewPrinter } from './printer.js';

const asText = (p: ViewPrinter, x: unknown): string => (isStringLiteral(x) ? p.expr(x) : `CAST(${p.expr(x)} AS text)`);

/** EXTRACT fields whose MySQL function returns an integer. */
const DATE_PARTS: Record<string, string> = {
  year: 'YEAR',
  month: 'MONTH',
  day: 'DAY',
  dayofmonth: 'DAY',
  hour: 'HOUR',
  minute: 'MINUTE',
  quarter: 'QUARTER',
  dayofyear: 'DOY',
};

const datePart = (field: string): FunctionPrinter => (p, args) => {
  arity(field, args, 1);
  return `CAST(EXTRACT(${field} FROM ${p.expr(args[0])}) AS integer)`;
};

/** MySQL NOW()/LOCALTIME: the session's local time without fraction unless asked, as a timestamp. */
const localTimestamp: FunctionPrinter = (p, args) => {
  ensure(args.length === 0 || positiveOrZero(args[0]), 'function:now', 'NOW() with a non-literal precision');
  return `LOCALTIMESTAMP(${args.length ? String(asNode(args[0])!.value) : '0'})`;
};

const positiveOrZero = (x: unknown): boolean => asNode(x)?.type === 'number' && /^\d$/.test(String(asNode(x)!.value));

const dateArith = (op: '+' | '-'): FunctionPrinter => (p, args) => {
  arity('date_add', args, 2);
  ensure(asNode(args[1])?.type === 'interval', 'function:date_add', 'DATE_ADD/DATE_SUB with a day count instead of an INTERVAL');
  return `(${p.expr(args[0])} ${op} ${p.expr(args[1])})`;
};

const substring: FunctionPrinter = (p, args) => {
  arity('substring', args, 2, 3);
  // MySQL counts a negative position from the end, PostgreSQL does not: only literal positions are safe.
  ensure(positiveIntegerLiteral(args[1]), 'substring_position', 'SUBSTRING with a position that is not a positive literal');
  return `substr(${args.map((a) => p.expr(a)).join(', ')})`;
};

const groupConcat: FunctionPrinter = (p, _args, node) => {
  const a = asNode(node.args);
  ensure(!!a && asNode(a.expr)?.type !== 'expr_list', 'group_concat', 'GROUP_CONCAT of several expressions');
  const order = Array.isArray(a.orderby) ? a.orderby : [];
  // PostgreSQL requires DISTINCT aggregates to order by their argument only.
  ensure(!(a.distinct && order.length), 'group_concat_distinct_order', 'GROUP_CONCAT(DISTINCT … ORDER BY …): PostgreSQL cannot order a DISTINCT string_agg by another expression');
  const sepNode = asNode(asNode(a.separator)?.value);
  const sep = sepNode ? p.expr(sepNode) : p.string(',');
  const orderSql = order.length ? ` ORDER BY ${order.map((o) => printOrderItem(p, o)).join(', ')}` : '';
  return `string_agg(${a.distinct ? 'DISTINCT ' : ''}${asText(p, a.expr)}, ${sep}${orderSql})`;
};

const extract: FunctionPrinter = (p, _args, node) => {
  const a = asNode(node.args);
  const field = String(a?.field ?? '').toLowerCase();
  if (field === 'second') return `CAST(floor(EXTRACT(SECOND FROM ${p.expr(a?.source)})) AS integer)`;
  const pgField = DATE_PARTS[field];
  ensure(!!pgField, `extract:${field}`, `EXTRACT(${field.toUpperCase()} FROM …)`);
  return `CAST(EXTRACT(${pgField} FROM ${p.expr(a?.source)}) AS integer)`;
};

/** MySQL function name (lower case) → its PostgreSQL printer. */
export const MYSQL_TO_POSTGRES_FUNCTIONS: Record<string, FunctionPrinter> = {
  ifnull: (p, args) => (arity('ifnull', args, 2), `COALESCE(${p.expr(args[0])}, ${p.expr(args[1])})`),
  isnull: (p, args) => (arity('isnull', args, 1), `(${p.expr(args[0])} IS NULL)`),
  if: (p, args) => (arity('if', args, 3), `CASE WHEN ${p.cond(args[0])} THEN ${p.expr(args[1])} ELSE ${p.expr(args[2])} END`),
  // MySQL CONCAT is NULL when any argument is NULL, as `||` is; CAST keeps numbers and dates working.
  concat: (p, args) => (ensure(args.length > 0, 'function:concat', 'CONCAT()'), `(${args.map((a) => asText(p, a)).join(' || ')})`),
  group_concat: groupConcat,
  now: localTimestamp,
  current_timestamp: localTimestamp,
  localtimestamp: localTimestamp,
  localtime: localTimestamp,
  curdate: (p, args) => (arity('curdate', args, 0), 'CURRENT_DATE'),
  current_date: (p, args) => (arity('current_date', args, 0), 'CURRENT_DATE'),
  curtime: (p, args) => (arity('curtime', args, 0), 'LOCALTIME(0)'),
  current_time: (p, args) => (arity('current_time', args, 0), 'LOCALTIME(0)'),
  date_format: (p, args) => {
    arity('date_format', args, 2);
    const fmt = isStringLiteral(args[1]) ? mysqlFormatToPostgres(decodeString('mysql', String(asNode(args[1])!.value))) : null;
    ensure(fmt !== null, 'date_format', 'DATE_FORMAT with a format that is not a literal of common specifiers');
    return `to_char(${p.expr(args[0])}, ${p.string(fmt)})`;
  },
  date_add: dateArith('+'),
  adddate: dateArith('+'),
  date_sub: dateArith('-'),
  subdate: dateArith('-'),
  // TO_DAYS counts days from year 0, where 0001-01-01 is day 366 (MariaDB prints DATEDIFF this way).
  to_days: (p, args) => (arity('to_days', args, 1), `(CAST(${p.expr(args[0])} AS date) - DATE '0001-01-01' + 366)`),
  datediff: (p, args) => (arity('datediff', args, 2), `(CAST(${p.expr(args[0])} AS date) - CAST(${p.expr(args[1])} AS date))`),
  unix_timestamp: (p, args) => {
    arity('unix_timestamp', args, 0, 1);
    // timestamptz reads the value in the session's time zone, as MySQL does.
    return args.length === 0 ? 'CAST(floor(EXTRACT(EPOCH FROM now())) AS bigint)' : `EXTRACT(EPOCH FROM CAST(${p.expr(args[0])} AS timestamptz))`;
  },
  year: datePart('YEAR'),
  month: datePart('MONTH'),
  day: datePart('DAY'),
  dayofmonth: datePart('DAY'),
  hour: datePart('HOUR'),
  minute: datePart('MINUTE'),
  quarter: datePart('QUARTER'),
  dayofyear: datePart('DOY'),
  second: (p, args) => (arity('second', args, 1), `CAST(floor(EXTRACT(SECOND FROM ${p.expr(args[0])})) AS integer)`),
  // MySQL DAYOFWEEK: 1 = Sunday; PostgreSQL DOW: 0 = Sunday.
  dayofweek: (p, args) => (arity('dayofweek', args, 1), `(CAST(EXTRACT(DOW FROM ${p.expr(args[0])}) AS integer) + 1)`),
  extract,
  substring,
  substr: substring,
  mid: substring,
  find_in_set: (p, args) => (arity('find_in_set', args, 2), findInSet(p, args)),
  locate: (p, args) => (arity('locate', args, 2), `strpos(${p.expr(args[1])}, ${p.expr(args[0])})`),
  instr: (p, args) => (arity('instr', args, 2), `strpos(${p.expr(args[0])}, ${p.expr(args[1])})`),
  lcase: (p, args) => (arity('lcase', args, 1), `lower(${p.expr(args[0])})`),
  ucase: (p, args) => (arity('ucase', args, 1), `upper(${p.expr(args[0])})`),
  // MySQL LENGTH counts bytes; PostgreSQL length counts characters.
  length: (p, args) => (arity('length', args, 1), `octet_length(${p.expr(args[0])})`),
  octet_length: (p, args) => (arity('octet_length', args, 1), `octet_length(${p.expr(args[0])})`),
  char_length: (p, args) => (arity('char_length', args, 1), `char_length(${p.expr(args[0])})`),
  character_length: (p, args) => (arity('character_length', args, 1), `char_length(${p.expr(args[0])})`),
  trim: (p, args) => (arity('trim', args, 1), `trim(${p.expr(args[0])})`),
  ltrim: (p, args) => (arity('ltrim', args, 1), `ltrim(${p.expr(args[0])})`),
  rtrim: (p, args) => (arity('rtrim', args, 1), `rtrim(${p.expr(args[0])})`),
  // PostgreSQL has round(double) half-even and no round(double, int): numeric rounds half away from zero like MySQL.
  round: (p, args) => (arity('round', args, 1, 2), `round(${[`CAST(${p.expr(args[0])} AS numeric)`, ...args.slice(1).map((a) => p.expr(a))].join(', ')})`),
  truncate: (p, args) => (arity('truncate', args, 2), `trunc(CAST(${p.expr(args[0])} AS numeric), ${p.expr(args[1])})`),
  pow: (p, args) => (arity('pow', args, 2), `power(${p.expr(args[0])}, ${p.expr(args[1])})`),
  // MySQL LOG(x) is the natural logarithm; PostgreSQL log(x) is base 10.
  log: (p, args) => (arity('log', args, 1, 2), args.length === 1 ? `ln(${p.expr(args[0])})` : `log(CAST(${p.expr(args[0])} AS numeric), CAST(${p.expr(args[1])} AS numeric))`),
  ln: (p, args) => (arity('ln', args, 1), `ln(${p.expr(args[0])})`),
  log10: (p, args) => (arity('log10', args, 1), `log(${p.expr(args[0])})`),
  // MySQL STD/STDDEV/VARIANCE are the population forms; PostgreSQL's stddev/variance are the sample ones.
  std: (p, args, node) => aggregateAs(p, 'stddev_pop', args, node),
  stddev: (p, args, node) => aggregateAs(p, 'stddev_pop', args, node),
  variance: (p, args, node) => aggregateAs(p, 'var_pop', args, node),
  exists: (p, args) => (arity('exists', args, 1), `EXISTS ${p.expr(args[0])}`),
  not: (p, args) => (arity('not', args, 1), `(NOT ${p.cond(args[0])})`),
  convert: (p, args) => {
    arity('convert', args, 2);
    const target = asNode(args[1]);
    ensure(target?.type === 'datatype', 'convert_using', 'CONVERT(… USING charset)');
    return p.expr({ type: 'cast', expr: args[0], target: [target] } satisfies Node);
  },
};

function aggregateAs(p: ViewPrinter, name: string, args: unknown[], node: Node): string {
  if (node.type === 'function') return (arity(name, args, 1), `${name}(${p.expr(args[0])})`);
  const a = asNode(node.args);
  ensure(!!a && !a.distinct, `function:${name}`, `${name}(DISTINCT …)`);
  return `${name}(${p.expr(a.expr)})`;
}


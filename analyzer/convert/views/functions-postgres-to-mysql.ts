/**
 * PostgreSQL functions and operators (as pg_get_viewdef prints them) → MySQL 8.0 /
 * MariaDB 10.11, each keeping PostgreSQL's result.
 */
import { asNode, ensure, nodeType, Untranslatable, type Node } from './ast.js';
import { booleanAsText } from './column-forms.js';
import { postgresFormatToMysql } from './date-format.js';
import { arity, isStringLiteral, positiveIntegerLiteral, type FunctionPrinter } from './functions.js';
import { printStringAgg } from './group-concat.js';
import { decodeString } from './literals.js';
import type { ViewPrinter } from './printer.js';

/** Operands of a chain `a || b || c`, left to right. */
function concatOperands(x: unknown): unknown[] {
  const n = asNode(x);
  if (n && nodeType(n) === 'binary_expr' && n.operator === '||') return [...concatOperands(n.left), ...concatOperands(n.right)];
  return [x];
}

/**
 * PostgreSQL widens a date to a timestamp for to_char and date_part (`(d)::timestamp with
 * time zone`); MySQL's DATE_FORMAT and EXTRACT read dates as they are.
 */
function withoutTimestampCast(x: unknown): unknown {
  const n = asNode(x);
  const target = asNode(Array.isArray(n?.target) && n.target.length === 1 ? n.target[0] : null);
  return n && nodeType(n) === 'cast' && String(target?.dataType).toUpperCase() === 'TIMESTAMP' ? n.expr : x;
}

/** date_part / EXTRACT fields MySQL's EXTRACT reads the same way. */
const SAME_FIELDS = new Set(['year', 'month', 'day', 'hour', 'minute', 'quarter']);

function datePart(p: ViewPrinter, field: string, source: unknown): string {
  const f = field.toLowerCase();
  const src = p.expr(source);
  if (SAME_FIELDS.has(f)) return `EXTRACT(${f.toUpperCase()} FROM ${src})`;
  if (f === 'dow') return `(DAYOFWEEK(${src}) - 1)`;
  if (f === 'doy') return `DAYOFYEAR(${src})`;
  // PostgreSQL's seconds carry the fraction.
  if (f === 'second') return `(SECOND(${src}) + MICROSECOND(${src}) / 1000000)`;
  if (f === 'epoch') return `UNIX_TIMESTAMP(${src})`;
  throw new Untranslatable(`extract:${f}`, `EXTRACT(${f.toUpperCase()} FROM …)`);
}

const substring: FunctionPrinter = (p, args) => {
  arity('substring', args, 2, 3);
  ensure(positiveIntegerLiteral(args[1]), 'substring_position', 'substring with a position that is not a positive literal');
  return `SUBSTRING(${args.map((a) => p.expr(a)).join(', ')})`;
};

const currentTimestamp: FunctionPrinter = (p, args) => (arity('now', args, 0), 'CURRENT_TIMESTAMP(6)');

/** PostgreSQL function name (lower case; `concat_operator` for `||`) → its MySQL printer. */
export const POSTGRES_TO_MYSQL_FUNCTIONS: Record<string, FunctionPrinter> = {
  // `a || b` on text: NULL when either side is NULL, as MySQL CONCAT is.
  concat_operator: (p, _args, node) => `CONCAT(${concatOperands(node).map((a) => booleanAsText(p, a) ?? p.expr(a)).join(', ')})`,
  substring,
  substr: substring,
  strpos: (p, args) => (arity('strpos', args, 2), `LOCATE(${p.expr(args[1])}, ${p.expr(args[0])})`),
  // PostgreSQL length counts characters; MySQL LENGTH counts bytes.
  length: (p, args) => (arity('length', args, 1), `CHAR_LENGTH(${p.expr(args[0])})`),
  char_length: (p, args) => (arity('char_length', args, 1), `CHAR_LENGTH(${p.expr(args[0])})`),
  character_length: (p, args) => (arity('character_length', args, 1), `CHAR_LENGTH(${p.expr(args[0])})`),
  octet_length: (p, args) => (arity('octet_length', args, 1), `LENGTH(${p.expr(args[0])})`),
  btrim: (p, args) => (arity('btrim', args, 1), `TRIM(${p.expr(args[0])})`),
  ltrim: (p, args) => (arity('ltrim', args, 1), `LTRIM(${p.expr(args[0])})`),
  rtrim: (p, args) => (arity('rtrim', args, 1), `RTRIM(${p.expr(args[0])})`),
  string_agg: printStringAgg,
  now: currentTimestamp,
  transaction_timestamp: currentTimestamp,
  current_timestamp: currentTimestamp,
  localtimestamp: currentTimestamp,
  current_date: (p, args) => (arity('current_date', args, 0), 'CURRENT_DATE'),
  date_part: (p, args) => {
    arity('date_part', args, 2);
    const field = asNode(args[0]);
    const literal = field && nodeType(field) === 'cast' ? asNode(field.expr) : field;
    ensure(isStringLiteral(literal), 'date_part', 'date_part with a field that is not a literal');
    return datePart(p, decodeString('postgres', String(literal!.value)), withoutTimestampCast(args[1]));
  },
  extract: (p, _args, node) => {
    const a = asNode(node.args);
    return datePart(p, String(a?.field ?? ''), a?.source);
  },
  to_char: (p, args) => {
    arity('to_char', args, 2);
    const fmt = isStringLiteral(args[1]) ? postgresFormatToMysql(decodeString('postgres', String(asNode(args[1])!.value))) : null;
    ensure(fmt !== null, 'to_char', 'to_char with a pattern that is not a literal of common date patterns');
    return `DATE_FORMAT(${p.expr(withoutTimestampCast(args[0]))}, ${p.string(fmt)})`;
  },
  round: (p, args) => (arity('round', args, 1, 2), `ROUND(${args.map((a) => p.expr(a)).join(', ')})`),
  trunc: (p, args) => (arity('trunc', args, 1, 2), `TRUNCATE(${p.expr(args[0])}, ${args.length === 2 ? p.expr(args[1]) : '0'})`),
  ln: (p, args) => (arity('ln', args, 1), `LN(${p.expr(args[0])})`),
  // PostgreSQL log(x) is base 10.
  log: (p, args) => (arity('log', args, 1, 2), args.length === 1 ? `LOG10(${p.expr(args[0])})` : `LOG(${p.expr(args[0])}, ${p.expr(args[1])})`),
  stddev: (p, _args, node) => aggregateAs(p, 'STDDEV_SAMP', node),
  variance: (p, _args, node) => aggregateAs(p, 'VAR_SAMP', node),
  exists: (p, args) => (arity('exists', args, 1), `EXISTS ${p.expr(args[0])}`),
  not: (p, args) => (arity('not', args, 1), `(NOT ${p.cond(args[0])})`),
};

function aggregateAs(p: ViewPrinter, name: string, node: Node): string {
  const a = asNode(node.args);
  ensure(!!a && !a.distinct && node.filter == null, `function:${name.toLowerCase()}`, `${name}(DISTINCT …) or with FILTER`);
  return `${name}(${p.expr(a.expr)})`;
}

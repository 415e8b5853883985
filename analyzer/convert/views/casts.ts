/**
 * Casts: MySQL `CAST(x AS SIGNED|CHAR|DECIMAL|DATE|DATETIME|…)` ↔ PostgreSQL `x::type`.
 * Only target types with the same meaning are produced; a cast whose meaning differs
 * (MySQL UNSIGNED wraps negatives, PostgreSQL casts to arrays, json or OIDs) stops the
 * translation. PostgreSQL's `'literal'::text` noise from pg_get_viewdef is dropped.
 */
import { asArray, asNode, ensure, nodeType, Untranslatable, type Node } from './ast.js';
import { booleanAsText } from './column-forms.js';
import type { ViewPrinter } from './printer.js';

interface CastTarget {
  dataType: string;
  length?: number;
  scale?: number;
  suffix: string[];
}

function readTarget(x: unknown): CastTarget {
  const t = asNode(x);
  ensure(!!t && typeof t.dataType === 'string', 'cast', 'a cast target the translator cannot read');
  return {
    dataType: t.dataType.toUpperCase(),
    ...(typeof t.length === 'number' ? { length: t.length } : {}),
    ...(typeof t.scale === 'number' ? { scale: t.scale } : {}),
    suffix: asArray(t.suffix).map((s) => String(s).toUpperCase()),
  };
}

const withLength = (base: string, t: CastTarget): string => (t.length === undefined ? base : `${base}(${t.length})`);

/** MySQL CAST target → PostgreSQL type (https://dev.mysql.com/doc/refman/8.0/en/cast-functions.html). */
function mysqlToPostgresType(t: CastTarget): string {
  switch (t.dataType) {
    case 'SIGNED':
    case 'INT':
    case 'INTEGER':
      return 'bigint';
    case 'CHAR':
    case 'NCHAR':
      // CAST(x AS CHAR(n)) cuts to n characters, as a PostgreSQL varchar(n) cast does.
      return t.length === undefined ? 'text' : `varchar(${t.length})`;
    case 'DECIMAL':
      // MySQL's DECIMAL without precision is DECIMAL(10,0).
      return `numeric(${t.length ?? 10},${t.scale ?? 0})`;
    case 'DATE':
      return 'date';
    case 'DATETIME':
      return `timestamp(${t.length ?? 0})`;
    case 'TIME':
      return `time(${t.length ?? 0})`;
    case 'DOUBLE':
    case 'REAL':
      return 'double precision';
    case 'FLOAT':
      return t.length !== undefined && t.length > 24 ? 'double precision' : 'real';
    default:
      return ensureNever(`cast:${t.dataType.toLowerCase()}`, `CAST(… AS ${t.dataType}) has no equivalent of the same meaning on PostgreSQL`);
  }
}

/** PostgreSQL type → MySQL CAST target. */
function postgresToMysqlType(t: CastTarget): string {
  const withTz = t.suffix.includes('WITH');
  switch (t.dataType) {
    case 'TEXT':
    case 'VARCHAR':
    case 'CHARACTER VARYING':
    case 'CHAR':
    case 'CHARACTER':
    case 'BPCHAR':
    case 'NAME':
      return withLength('CHAR', t);
    case 'SMALLINT':
    case 'INT2':
    case 'INTEGER':
    case 'INT':
    case 'INT4':
    case 'BIGINT':
    case 'INT8':
      return 'SIGNED';
    case 'NUMERIC':
    case 'DECIMAL':
      ensure(t.length !== undefined, 'cast:numeric', 'a cast to numeric without precision (MySQL DECIMAL needs one)');
      return `DECIMAL(${t.length},${t.scale ?? 0})`;
    case 'DATE':
      return 'DATE';
    case 'TIMESTAMP':
      ensure(!withTz, 'cast:timestamptz', 'a cast to timestamp with time zone');
      return `DATETIME(${t.length ?? 6})`;
    case 'TIME':
      ensure(!withTz, 'cast:timetz', 'a cast to time with time zone');
      return `TIME(${t.length ?? 6})`;
    case 'DOUBLE PRECISION':
    case 'FLOAT8':
      return 'DOUBLE';
    case 'UUID':
      return 'CHAR(36)';
    default:
      return ensureNever(`cast:${t.dataType.toLowerCase()}`, `a cast to ${t.dataType.toLowerCase()} has no equivalent of the same meaning on MySQL`);
  }
}

function ensureNever(construct: string, reason: string): never {
  throw new Untranslatable(construct, reason);
}

/** PostgreSQL interval output units (`6 mons`, `1 day`) → MySQL INTERVAL units. */
const INTERVAL_UNITS: Record<string, string> = {
  year: 'YEAR', years: 'YEAR', mon: 'MONTH', mons: 'MONTH', month: 'MONTH', months: 'MONTH',
  day: 'DAY', days: 'DAY', hour: 'HOUR', hours: 'HOUR', min: 'MINUTE', mins: 'MINUTE', minute: 'MINUTE', minutes: 'MINUTE',
  sec: 'SECOND', secs: 'SECOND', second: 'SECOND', seconds: 'SECOND',
};

/** `'6 mons'::interval` → `INTERVAL 6 MONTH`; other interval texts (several fields, hh:mm:ss) stop the translation. */
function mysqlInterval(text: string): string {
  const m = /^\s*(-?\d+)\s+([a-z]+)\s*$/i.exec(text);
  const unit = m ? INTERVAL_UNITS[m[2]!.toLowerCase()] : undefined;
  ensure(!!m && !!unit, 'interval_literal', `the interval '${text}' has no single-unit MySQL form`);
  return `INTERVAL ${m[1]} ${unit}`;
}

const TEXT_TARGETS = new Set(['TEXT', 'VARCHAR', 'CHARACTER VARYING', 'BPCHAR', 'CHAR', 'CHARACTER']);

/** Casts to text-like types that pg_get_viewdef adds to string literals and columns: dropped on MySQL. */
const LITERAL_NOISE = new Set(['TEXT', 'VARCHAR', 'CHARACTER VARYING', 'BPCHAR', 'UNKNOWN']);

/** A cast node (`CAST(x AS t)` or a chain of `::t`) for the target; stops on a type without a same-meaning equivalent. */
export function printCast(p: ViewPrinter, n: Node): string {
  // Read and clear at once: only this cast, not the expression inside it, is the operand of + or -.
  const intervalAllowed = p.intervalOperand;
  p.intervalOperand = false;
  const targets = asArray(n.target).map(readTarget);
  ensure(targets.length > 0, 'cast', 'a cast without a target type');
  // PostgreSQL's text of a boolean is 'true' / 'false': a text cast of a boolean column keeps it on MySQL.
  const boolText = p.to === 'mysql' && TEXT_TARGETS.has(targets[0]!.dataType) && targets[0]!.length === undefined ? booleanAsText(p, n.expr) : null;
  if (boolText !== null && targets.length === 1) return boolText;
  let sql = p.expr(n.expr);
  const literal = nodeType(asNode(n.expr) ?? {}) === 'single_quote_string';
  const numberLiteral = nodeType(asNode(n.expr) ?? {}) === 'number';
  // pg_get_viewdef casts varchar columns to text for its operators; a MySQL string column needs no cast.
  const column = nodeType(asNode(n.expr) ?? {}) === 'column_ref';
  for (const [i, t] of targets.entries()) {
    ensure(!t.suffix.includes('[]'), 'cast:array', 'a cast to an array type');
    if (p.to === 'mysql') {
      if (i === 0 && (literal || column) && LITERAL_NOISE.has(t.dataType) && t.length === undefined) continue;
      // pg_get_viewdef writes numeric literals as `(0)::numeric`; a MySQL literal is exact already.
      if (i === 0 && numberLiteral && (t.dataType === 'NUMERIC' || t.dataType === 'DECIMAL') && t.length === undefined) continue;
      if (i === 0 && literal && t.dataType === 'INTERVAL') {
        // MySQL has interval values only as the right operand of + and -.
        ensure(intervalAllowed, 'interval_literal', 'an interval value outside date arithmetic (+/-)');
        p.note('view_translated_with_changes', 'Date arithmetic: on MySQL, DATE + INTERVAL gives a DATE where PostgreSQL gives a timestamp.');
        sql = mysqlInterval(String(asNode(n.expr)!.value));
        continue;
      }
      sql = `CAST(${sql} AS ${postgresToMysqlType(t)})`;
    } else sql = `CAST(${sql} AS ${mysqlToPostgresType(t)})`;
  }
  return sql;
}

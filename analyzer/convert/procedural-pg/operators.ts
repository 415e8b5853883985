/**
 * PostgreSQL casts and binary operators → MySQL, for the expression translator: `||` as
 * CONCAT, comparisons, LIKE and regular expressions, date ± interval / days, integer
 * division, and casts written as CAST or dropped where MySQL converts the same way. What has
 * no translation with the same meaning is refused through env.unsupported.
 */
import type { Kind, TranslateEnv } from './env.js';
import { atom, type Out } from './functions.js';

/** Intervals MySQL can write as INTERVAL n UNIT. */
const INTERVAL_UNITS: Record<string, string> = {
  second: 'SECOND', seconds: 'SECOND', sec: 'SECOND', secs: 'SECOND', minute: 'MINUTE', minutes: 'MINUTE', min: 'MINUTE', mins: 'MINUTE', hour: 'HOUR', hours: 'HOUR',
  day: 'DAY', days: 'DAY', week: 'WEEK', weeks: 'WEEK', month: 'MONTH', months: 'MONTH', mon: 'MONTH', mons: 'MONTH', year: 'YEAR', years: 'YEAR',
};

export const COMPARISON = new Set(['=', '<', '>', '<=', '>=', '<>', '!=']);
const LIKE_OPS: Record<string, string> = { '~~': 'LIKE', '!~~': 'NOT LIKE', '~': 'REGEXP', '!~': 'NOT REGEXP' };

export interface Interval {
  n: string;
  unit: string;
}

/** A translated expression with what the operators need: an interval's parts, a CONCAT's arguments. */
export type OutI = Out & { interval?: Interval; concat?: string[] };

export function parseInterval(text: string): Interval | null {
  const m = /^\s*([+-]?\d+)\s*([a-z]+)\s*$/i.exec(text);
  const unit = m ? INTERVAL_UNITS[m[2]!.toLowerCase()] : undefined;
  return m && unit ? { n: m[1]!, unit } : null;
}

export const intervalOut = (iv: Interval): OutI => ({ sql: `INTERVAL ${iv.n} ${iv.unit}`, kind: 'interval', atom: false, interval: iv });

/** `e` as an operand: parenthesised unless atomic or the same associative operator. */
export function wrap(e: Out, op?: string): string {
  return e.atom || (op !== undefined && e.op === op) ? e.sql : `(${e.sql})`;
}

/** Refuses a construct: records it and returns a placeholder never emitted. */
export function refuse(env: TranslateEnv, construct: string, kind: Kind = 'unknown'): OutI {
  env.unsupported(construct);
  return atom('NULL', kind);
}

/** `e::type` / CAST(e AS type). */
export function castTo(env: TranslateEnv, e: OutI, typeText: string): OutI {
  const ty = typeText.toLowerCase();
  if (/^interval\b/.test(ty)) {
    const iv = e.literal !== undefined ? parseInterval(e.literal) : null;
    return iv ? intervalOut(iv) : refuse(env, `cast to interval of ${e.literal !== undefined ? `'${e.literal}'` : 'an expression'}`, 'interval');
  }
  if (ty === 'boolean' || ty === 'bool') {
    const v = e.literal?.trim().toLowerCase();
    if (v !== undefined && ['t', 'true', 'y', 'yes', 'on', '1'].includes(v)) return atom('TRUE', 'bool');
    if (v !== undefined && ['f', 'false', 'n', 'no', 'off', '0'].includes(v)) return atom('FALSE', 'bool');
    if (e.kind === 'bool') return e;
    return refuse(env, 'cast to boolean', 'bool');
  }
  const mapped = env.mapType(ty);
  if (!mapped) return refuse(env, `cast to ${typeText}`);
  switch (mapped.kind) {
    case 'text':
      if (e.kind === 'text') return e;
      return atom(`CAST(${e.sql} AS CHAR)`, 'text');
    case 'number': {
      if (/^(tinyint|smallint|mediumint|int|bigint)/.test(mapped.sql)) return atom(`CAST(${e.sql} AS SIGNED)`, 'number');
      if (/^(float|double)/.test(mapped.sql)) return atom(`CAST(${e.sql} AS DOUBLE)`, 'number');
      return atom(`CAST(${e.sql} AS ${mapped.sql.toUpperCase()})`, 'number');
    }
    case 'date':
      return atom(`CAST(${e.sql} AS DATE)`, 'date');
    case 'timestamp':
      return atom(`CAST(${e.sql} AS DATETIME(6))`, 'timestamp');
    default:
      // An enum or domain over text: the value is the text.
      if (/^(enum|varchar|char|longtext|text)/.test(mapped.sql)) return e;
      return refuse(env, `cast to ${typeText}`);
  }
}

/** `l op r`. */
export function binaryOp(env: TranslateEnv, op: string, l: OutI, r: OutI): OutI {
  if (op === '||') {
    const args = [...(l.concat ?? [l.sql]), ...(r.concat ?? [r.sql])];
    return { sql: `CONCAT(${args.join(', ')})`, kind: 'text', atom: true, op: 'concat', concat: args };
  }
  if (COMPARISON.has(op)) return { sql: `${wrap(l)} ${op === '!=' ? '<>' : op} ${wrap(r)}`, kind: 'bool', atom: false };
  const like = LIKE_OPS[op];
  if (like) {
    if (op === '~' || op === '!~') env.note('pg_procedural_expression_changed', `the regular expression operator ${op} became ${like}, whose syntax (ICU or PCRE) differs in places from PostgreSQL's`);
    return { sql: `${wrap(l)} ${like} ${wrap(r)}`, kind: 'bool', atom: false };
  }
  const dateLike = (k: Kind): boolean => k === 'date' || k === 'timestamp';
  switch (op) {
    case '+':
    case '-': {
      if (l.interval && r.interval) return refuse(env, 'interval arithmetic', 'interval');
      if (dateLike(l.kind) && r.kind === 'interval') return { sql: `${wrap(l)} ${op} ${r.sql}`, kind: 'timestamp', atom: false };
      if (l.kind === 'interval' && dateLike(r.kind) && op === '+') return { sql: `${wrap(r)} + ${l.sql}`, kind: 'timestamp', atom: false };
      if (l.kind === 'date' && r.kind === 'number') return atom(`${op === '+' ? 'DATE_ADD' : 'DATE_SUB'}(${l.sql}, INTERVAL ${wrap(r)} DAY)`, 'date');
      if (l.kind === 'number' && r.kind === 'date' && op === '+') return atom(`DATE_ADD(${r.sql}, INTERVAL ${wrap(l)} DAY)`, 'date');
      if (l.kind === 'date' && r.kind === 'date' && op === '-') return atom(`DATEDIFF(${l.sql}, ${r.sql})`, 'number');
      if (dateLike(l.kind) || dateLike(r.kind) || l.kind === 'interval' || r.kind === 'interval') return refuse(env, 'date/time arithmetic other than date ± interval or date ± days', 'unknown');
      return { sql: `${wrap(l, op === '+' ? '+' : undefined)} ${op} ${wrap(r)}`, kind: 'number', atom: false, op };
    }
    case '*': {
      // n * interval '1 day' → INTERVAL n DAY
      if (r.interval?.n === '1' && l.kind !== 'interval') return intervalOut({ n: wrap(l), unit: r.interval.unit });
      if (l.interval?.n === '1' && r.kind !== 'interval') return intervalOut({ n: wrap(r), unit: l.interval.unit });
      if (l.kind === 'interval' || r.kind === 'interval') return refuse(env, 'interval arithmetic');
      return { sql: `${wrap(l, '*')} * ${wrap(r)}`, kind: 'number', atom: false, op: '*' };
    }
    case '/': {
      const int = (e: Out): boolean => e.literal !== undefined && /^\d+$/.test(e.literal) && e.kind === 'number';
      if (int(l) && int(r)) return { sql: `${wrap(l)} DIV ${wrap(r)}`, kind: 'number', atom: false };
      const decimal = (e: Out): boolean => e.literal !== undefined && /[.eE]/.test(e.literal) && e.kind === 'number';
      if (!decimal(l) && !decimal(r)) env.note('pg_procedural_division', 'a division whose operands may both be integers: PostgreSQL truncates the result, MySQL does not (use DIV where both are integers)');
      return { sql: `${wrap(l)} / ${wrap(r)}`, kind: 'number', atom: false };
    }
    case '%':
      return { sql: `${wrap(l)} % ${wrap(r)}`, kind: 'number', atom: false };
    case '^':
      return atom(`POW(${l.sql}, ${r.sql})`, 'number');
  }
  return refuse(env, `operator ${op}`);
}

/**
 * PostgreSQL default expressions (pg_get_expr text) → the neutral ColumnDefault: literals with
 * their casts removed, booleans, the current-time functions, UUID generators and nextval();
 * anything else stays an `expression` in PostgreSQL's dialect for the converter to judge.
 */
import type { ColumnDefault } from '../../model/schema.js';
import { splitQualifiedName } from './parse-names.js';

/** A nextval() default: the sequence as written (schema null when unqualified). */
export interface NextvalRef {
  schema: string | null;
  name: string;
}

export type ParsedDefault = { kind: 'value'; value: ColumnDefault } | { kind: 'nextval'; sequence: NextvalRef };

/** Removes one layer of enclosing parentheses when they wrap the whole text. */
function stripParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')') && wrapsWhole(t)) t = t.slice(1, -1).trim();
  return t;
}

/** True when the parenthesis at 0 closes at the very end (quotes respected). */
function wrapsWhole(t: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (quote) {
      if (c === quote) {
        if (t[i + 1] === quote) i += 1;
        else quote = null;
      }
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0 && i < t.length - 1) return false;
    }
  }
  return depth === 0;
}

/** A trailing `::type` (type text may hold spaces, quotes, parentheses and brackets). */
const CAST_SUFFIX = /::(?:"(?:[^"]|"")+"|[a-z_][\w$]*)(?:\.(?:"(?:[^"]|"")+"|[a-z_][\w$]*))?(?: (?:varying|precision|with(?:out)? time zone))*(?:\(\d+(?:,\s*\d+)?\))?(?: with(?:out)? time zone)?(?:\[\])*$/i;

/** Strips every trailing cast and the parentheses around what is left: `('x'::text)::varchar` → `'x'`. Returns the last cast's type text too. */
export function stripCasts(text: string): { core: string; castTo: string | null } {
  let t = stripParens(text);
  let castTo: string | null = null;
  for (;;) {
    const m = CAST_SUFFIX.exec(t);
    if (!m || m.index === 0) break;
    castTo ??= m[0].slice(2).toLowerCase();
    t = stripParens(t.slice(0, m.index));
  }
  return { core: t, castTo };
}

/** A single-quoted literal (optionally E'' with backslash escapes) → its value; null when it is not one literal. */
export function readStringLiteral(text: string): string | null {
  const escaped = /^[eE]'/.test(text);
  const body = escaped ? text.slice(1) : text;
  if (!body.startsWith("'") || !body.endsWith("'") || body.length < 2) return null;
  const inner = body.slice(1, -1);
  // Any lone quote inside means it is more than one literal (e.g. 'a' || 'b').
  if (inner.replace(/''/g, '').includes("'")) return null;
  let value = inner.replace(/''/g, "'");
  if (escaped) value = value.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
  return value;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NUMERIC_CAST = /^(smallint|integer|bigint|numeric|real|double precision|int[248]|float[48]|money)\b/;

const TIMESTAMP_FUNCS = /^(now\(\)|current_timestamp|localtimestamp|transaction_timestamp\(\)|statement_timestamp\(\))(?:\((\d)\))?$/i;
const UUID_FUNCS = /^(?:public\.)?(gen_random_uuid|uuid_generate_v4|uuid_generate_v1|uuid_generate_v1mc)\(\)$/i;

/** Parses one default expression; `null` input means no default. */
export function parsePgDefault(text: string | null): ParsedDefault | null {
  if (text === null || text.trim() === '') return null;
  const value = (v: ColumnDefault): ParsedDefault => ({ kind: 'value', value: v });
  const trimmed = text.trim();

  const nextval = /^nextval\(\(?('(?:[^']|'')+')(?:::text\))?::regclass\)$/i.exec(trimmed);
  if (nextval) {
    const name = readStringLiteral(nextval[1]!);
    const parts = name === null ? null : splitQualifiedName(name);
    if (parts && parts.length <= 2) return { kind: 'nextval', sequence: parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { schema: null, name: parts[0]! } };
    return value({ kind: 'expression', text: trimmed });
  }

  const { core, castTo } = stripCasts(trimmed);
  if (/^null$/i.test(core)) return value({ kind: 'null' });
  if (/^true$/i.test(core)) return value({ kind: 'bool', value: true });
  if (/^false$/i.test(core)) return value({ kind: 'bool', value: false });
  if (NUMBER.test(core)) return value({ kind: 'number', value: core });

  const ts = TIMESTAMP_FUNCS.exec(core);
  if (ts) return value(ts[2] === undefined ? { kind: 'current_timestamp' } : { kind: 'current_timestamp', precision: Number(ts[2]) });
  if (/^current_date$/i.test(core)) return value({ kind: 'current_date' });
  const time = /^(?:current_time|localtime)(?:\((\d)\))?$/i.exec(core);
  if (time) return value(time[1] === undefined ? { kind: 'current_time' } : { kind: 'current_time', precision: Number(time[1]) });
  if (UUID_FUNCS.test(core)) return value({ kind: 'uuid' });

  const literal = readStringLiteral(core);
  if (literal !== null) {
    // The old spelling of a current-time default: 'now'::text::timestamp.
    if (literal.toLowerCase() === 'now' && castTo && /^(timestamp|date|time)/.test(castTo)) {
      return value(castTo.startsWith('date') ? { kind: 'current_date' } : castTo.startsWith('time ') || castTo.startsWith('time(') ? { kind: 'current_time' } : { kind: 'current_timestamp' });
    }
    if (castTo && NUMERIC_CAST.test(castTo) && NUMBER.test(literal.trim())) return value({ kind: 'number', value: literal.trim() });
    if (castTo === 'boolean' && /^(t|true|f|false)$/i.test(literal)) return value({ kind: 'bool', value: /^t/i.test(literal) });
    if (castTo === 'bytea' && /^\\x[0-9a-f]*$/i.test(literal)) return value({ kind: 'bytes', hex: literal.slice(2).toLowerCase() });
    if (castTo && /^("bit"|bit\b|bit varying)/.test(castTo) && /^[01]*$/.test(literal)) return value({ kind: 'bit', bits: literal });
    return value({ kind: 'string', value: literal });
  }
  const bits = /^B'([01]*)'$/.exec(core);
  if (bits) return value({ kind: 'bit', bits: bits[1]! });
  return value({ kind: 'expression', text: trimmed });
}

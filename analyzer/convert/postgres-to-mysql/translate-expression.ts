/**
 * Translates the small PostgreSQL expressions of CHECK constraints, defaults, generated
 * columns and index expressions (pg_get_expr / pg_get_constraintdef output) into MySQL.
 * Token based and deliberately strict: what it does not know for certain it refuses (null
 * with a reason), so no expression ever changes meaning on the way.
 *
 * Handled: identifiers (columns renamed through `columnName`), literals (backslashes doubled
 * for MySQL), casts to text, numeric and date types dropped or written as CAST, `~~` LIKE,
 * `~` REGEXP, `= ANY (ARRAY[…])` → IN, `<> ALL (ARRAY[…])` → NOT IN, a list of functions with
 * the same meaning on both sides. Refused: `||` (OR in MySQL), `/` and `^` (integer division
 * and power differ), other arrays, subqueries, and unknown functions.
 */
import { quoteMysqlIdent, quoteMysqlString } from '../../dialects/mysql/quote.js';
import { serialize, tokenize, type Token } from './pg-tokens.js';

const KEYWORDS = new Set(['and', 'or', 'not', 'is', 'null', 'true', 'false', 'like', 'in', 'between', 'case', 'when', 'then', 'else', 'end', 'escape', 'unknown']);

/** Functions whose meaning is the same in MySQL, with the MySQL name. length() counts characters in PostgreSQL. */
const FUNCTIONS: Record<string, string> = {
  lower: 'LOWER',
  upper: 'UPPER',
  length: 'CHAR_LENGTH',
  char_length: 'CHAR_LENGTH',
  character_length: 'CHAR_LENGTH',
  octet_length: 'OCTET_LENGTH',
  abs: 'ABS',
  round: 'ROUND',
  floor: 'FLOOR',
  ceil: 'CEIL',
  ceiling: 'CEILING',
  coalesce: 'COALESCE',
  nullif: 'NULLIF',
  greatest: 'GREATEST',
  least: 'LEAST',
  btrim: 'TRIM',
  ltrim: 'LTRIM',
  rtrim: 'RTRIM',
  substr: 'SUBSTR',
  mod: 'MOD',
  sign: 'SIGN',
};

/** Cast target → MySQL: `drop` when MySQL's implicit conversion gives the same value, else a CAST type. */
function castTarget(type: string): 'drop' | string | null {
  const ty = type.toLowerCase();
  if (/^(text|character varying|varchar|bpchar|character|char|name|citext)\b/.test(ty)) return 'drop';
  if (/^(integer|int|int4|bigint|int8|smallint|int2|numeric|decimal|real|double precision|float[48])\b/.test(ty)) return 'drop';
  if (/^date$/.test(ty)) return 'DATE';
  if (/^timestamp\b/.test(ty)) return 'DATETIME(6)';
  if (/^time\b/.test(ty)) return 'TIME(6)';
  // A cast to an enum or domain type (a user type name): the value is the text.
  if (/^"?[a-z_][\w$]*"?$/.test(ty)) return 'drop';
  return null;
}

export type Translation = { ok: true; sql: string } | { ok: false; reason: string };

export interface TranslateOptions {
  /** Source column → MySQL column; null when the column is not known (refused). */
  columnName(name: string): string | null;
}

/** Reads a cast's type text starting at `i` (words, quoted names, parenthesised modifiers, [] suffixes). */
function readCastType(tokens: Token[], i: number): { text: string; next: number } | null {
  const parts: string[] = [];
  let j = i;
  while (j < tokens.length) {
    const tok = tokens[j]!;
    if (tok.t === 'word' || tok.t === 'qid') {
      // Type names made of several words: character varying, double precision, timestamp with time zone.
      if (parts.length > 0 && !/^(varying|precision|with|without|time|zone)$/i.test(tok.v)) break;
      parts.push(tok.t === 'qid' ? `"${tok.v}"` : tok.v);
      j += 1;
    } else if (tok.t === 'punct' && tok.v === '(' && parts.length > 0) {
      const close = tokens.findIndex((x, k) => k > j && x.t === 'punct' && x.v === ')');
      if (close < 0) return null;
      j = close + 1;
    } else if (tok.t === 'punct' && tok.v === '[' && tokens[j + 1]?.v === ']') {
      return null; // casts to arrays
    } else if (tok.t === 'punct' && tok.v === '.' && parts.length > 0) {
      parts.length = 0; // schema-qualified type: the last part names it
      j += 1;
    } else break;
  }
  return parts.length > 0 ? { text: parts.join(' '), next: j } : null;
}

/** Index of the token that starts the operand ending at `end` (exclusive): a literal, a name, a call or a parenthesised group. */
function operandStart(out: string[], groupStarts: number[]): number {
  const last = out.length - 1;
  if (last < 0) return -1;
  if (out[last] === ')') return groupStarts.pop() ?? -1;
  return last;
}

/** Translates one PostgreSQL expression; `ok: false` names the construct refused. */
export function translatePgExpression(text: string, options: TranslateOptions): Translation {
  const tokens = tokenize(text);
  if (!tokens) return { ok: false, reason: 'unreadable expression (escape string or unknown operator)' };
  const out: string[] = [];
  /** For each emitted ')', the out index of its matching '(' (or the function name before it). */
  const closed: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const next = tokens[i + 1];
    switch (tok.t) {
      case 'str':
        out.push(quoteMysqlString(tok.v));
        break;
      case 'num':
        out.push(tok.v);
        break;
      case 'qid':
      case 'word': {
        const lower = tok.v.toLowerCase();
        if (tok.t === 'word' && KEYWORDS.has(lower)) {
          out.push(lower.toUpperCase());
          break;
        }
        if (tok.t === 'word' && next?.t === 'punct' && next.v === '(') {
          if (lower === 'any' || lower === 'all' || lower === 'array' || lower === 'select' || lower === 'exists') return { ok: false, reason: `${tok.v}(…) not supported` };
          const fn = FUNCTIONS[lower];
          if (!fn) return { ok: false, reason: `function ${tok.v}() has no known MySQL equivalent` };
          out.push(fn);
          break;
        }
        if (tok.t === 'word' && (lower === 'array' || lower === 'select')) return { ok: false, reason: `${tok.v} not supported` };
        const name = options.columnName(tok.t === 'qid' ? tok.v : lower);
        if (name === null) return { ok: false, reason: `unknown name ${tok.v}` };
        out.push(quoteMysqlIdent(name));
        break;
      }
      case 'punct':
        if (tok.v === '(') {
          open.push(out.length > 0 && FUNCTIONS_OUT.has(out[out.length - 1]!) ? out.length - 1 : out.length);
          out.push('(');
        } else if (tok.v === ')') {
          out.push(')');
          closed.push(open.pop() ?? 0);
        } else if (tok.v === ',') out.push(',');
        else return { ok: false, reason: `'${tok.v}' not supported` };
        break;
      case 'op': {
        const v = tok.v;
        if (v === '::') {
          const cast = readCastType(tokens, i + 1);
          if (!cast) return { ok: false, reason: 'cast to an array or unreadable type' };
          const target = castTarget(cast.text);
          if (target === null) return { ok: false, reason: `cast to ${cast.text}` };
          const start = operandStart(out, closed);
          if (start < 0) return { ok: false, reason: 'cast without operand' };
          if (target !== 'drop') {
            const operand = out.splice(start);
            out.push(`CAST(${join(operand)} AS ${target})`);
          }
          i = cast.next - 1;
          break;
        }
        if ((v === '=' || v === '<>' || v === '!=') && tokens[i + 1]?.t === 'word' && /^(any|all)$/i.test(tokens[i + 1]!.v)) {
          const list = readArrayList(tokens, i + 2);
          if (!list) return { ok: false, reason: `${tokens[i + 1]!.v}(…) over something other than ARRAY[…]` };
          const isAny = /^any$/i.test(tokens[i + 1]!.v);
          if (isAny !== (v === '=')) return { ok: false, reason: `${v} ${tokens[i + 1]!.v}(…)` };
          const items: string[] = [];
          for (const itemText of list.items) {
            const sub = translatePgExpression(itemText, options);
            if (!sub.ok) return sub;
            items.push(sub.sql);
          }
          out.push(isAny ? 'IN' : 'NOT IN', `(${items.join(', ')})`);
          i = list.next - 1;
          break;
        }
        const mapped = OPERATOR_MAP[v];
        if (mapped === undefined) return { ok: false, reason: `operator ${v} differs in MySQL` };
        out.push(mapped);
        break;
      }
    }
  }
  return { ok: true, sql: join(out) };
}

const FUNCTIONS_OUT = new Set(Object.values(FUNCTIONS));

/** Operators with the same meaning (or a MySQL spelling of it). `~` is REGEXP: case-sensitive under utf8mb4_bin, as in PostgreSQL. */
const OPERATOR_MAP: Record<string, string> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '+': '+',
  '-': '-',
  '*': '*',
  '%': '%',
  '~~': 'LIKE',
  '!~~': 'NOT LIKE',
  '~': 'REGEXP',
  '!~': 'NOT REGEXP',
};

/**
 * `(ARRAY[a, b])` starting at `i`, also as PostgreSQL deparses a varchar list:
 * `((ARRAY['a'::varchar, 'b'::varchar])::text[])` → the item texts, re-serialised from tokens.
 */
function readArrayList(tokens: Token[], i: number): { items: string[]; next: number } | null {
  let j = i;
  let opened = 0;
  while (tokens[j]?.t === 'punct' && tokens[j]!.v === '(') {
    opened += 1;
    j += 1;
  }
  if (opened === 0 || !/^array$/i.test(tokens[j]?.v ?? '') || tokens[j + 1]?.v !== '[') return null;
  const items: string[] = [];
  let current: Token[] = [];
  let depth = 0;
  for (j += 2; j < tokens.length; j++) {
    const tok = tokens[j]!;
    if (tok.t === 'punct' && (tok.v === '(' || tok.v === '[')) depth += 1;
    if (tok.t === 'punct' && (tok.v === ')' || tok.v === ']')) {
      if (depth === 0) break;
      depth -= 1;
    }
    if (tok.t === 'punct' && tok.v === ',' && depth === 0) {
      items.push(serialize(current));
      current = [];
    } else current.push(tok);
  }
  if (tokens[j]?.v !== ']') return null;
  if (current.length > 0) items.push(serialize(current));
  j += 1;
  // Close the parentheses opened before ARRAY, skipping a cast of the whole array (`::text[]`).
  while (opened > 0 && j < tokens.length) {
    const tok = tokens[j]!;
    if (tok.t === 'punct' && tok.v === ')') {
      opened -= 1;
      j += 1;
    } else if (tok.t === 'op' && tok.v === '::') {
      j += 1;
      while (j < tokens.length && (tokens[j]!.t === 'word' || tokens[j]!.t === 'qid' || tokens[j]!.v === '[' || tokens[j]!.v === ']')) j += 1;
    } else return null;
  }
  return opened === 0 ? { items, next: j } : null;
}

/** After these a `-` is a sign, not a subtraction. */
const BEFORE_SIGN = /^(\(|,|=|<>|<|>|<=|>=|\+|-|\*|%|AND|OR|NOT|LIKE|REGEXP|IN|BETWEEN|WHEN|THEN|ELSE)$/;

/** Joins output tokens with spaces, without one after `(` or a sign, before `)` and `,`, nor between a function and its `(`. */
function join(out: string[]): string {
  let s = '';
  let previous = '';
  let sign = false;
  for (const part of out) {
    const tight = s === '' || part === ')' || part === ',' || previous === '(' || sign || (part === '(' && FUNCTIONS_OUT.has(previous));
    sign = part === '-' && (previous === '' || BEFORE_SIGN.test(previous));
    s += tight ? part : ` ${part}`;
    previous = part;
  }
  return s;
}

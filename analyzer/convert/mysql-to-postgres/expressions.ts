/**
 * MySQL expression text → PostgreSQL expression text, for CHECK clauses, generated columns,
 * expression defaults and functional index parts. Column references go through the scope
 * (target names, casts for columns whose type changed); functions are rewritten from a fixed
 * list; anything else stops the translation with a reason, so no SQL that would fail (or
 * mean something else) is emitted.
 */
import { quoteLiteral } from '../../dialects/postgres/quote.js';
import { tokenize, type Token } from './expression-tokens.js';

/** How an expression's column references are written in the target. */
export interface ExpressionScope {
  /** The target SQL for a source column reference, or null when the column is not known. */
  column(name: string): string | null;
}

/** The PostgreSQL text, or why there is none. */
export type ExpressionTranslation = { ok: true; sql: string } | { ok: false; reason: string };

class Untranslatable extends Error {}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'NULL', 'IS', 'IN', 'BETWEEN', 'LIKE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'TRUE', 'FALSE', 'DISTINCT', 'ESCAPE', 'UNKNOWN']);

const COMPARISONS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', '<=>', '&&', '||', '!']);
const BOOLEAN_WORDS = new Set(['AND', 'OR', 'NOT', 'IS', 'IN', 'BETWEEN', 'LIKE', 'TRUE', 'FALSE', 'REGEXP', 'RLIKE']);

/** Same name and meaning on both. */
const SAME = new Set([
  'abs', 'ceil', 'ceiling', 'floor', 'round', 'mod', 'greatest', 'least', 'coalesce', 'nullif', 'lower', 'upper', 'trim', 'ltrim', 'rtrim',
  'char_length', 'character_length', 'replace', 'reverse', 'left', 'right', 'lpad', 'rpad', 'md5', 'sign', 'sqrt', 'power', 'exp', 'ln',
  'log10', 'substr', 'substring', 'concat_ws', 'repeat', 'ascii', 'octet_length', 'bit_length',
]);

const RENAMED: Record<string, string> = { ifnull: 'coalesce', lcase: 'lower', ucase: 'upper', pow: 'power', length: 'octet_length' };

const EXTRACT = new Set(['year', 'month', 'day', 'dayofmonth', 'hour', 'minute', 'second']);

/** MySQL CAST target → PostgreSQL type. */
function castType(text: string): string {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const char = /^(?:char|nchar|varchar)(?:\((\d+)\))?$/.exec(t);
  if (char) return char[1] ? `varchar(${char[1]})` : 'text';
  const dec = /^decimal(?:\((\d+)(?:,(\d+))?\))?$/.exec(t.replace(/\s/g, ''));
  if (dec) return dec[1] ? `numeric(${dec[1]},${dec[2] ?? 0})` : 'numeric';
  const simple: Record<string, string> = {
    signed: 'bigint', 'signed integer': 'bigint', unsigned: 'numeric(20,0)', 'unsigned integer': 'numeric(20,0)', date: 'date',
    datetime: 'timestamp', time: 'interval', double: 'double precision', float: 'real', json: 'jsonb', binary: 'bytea',
  };
  const out = simple[t];
  if (!out) throw new Untranslatable(`CAST to ${text.trim()}`);
  return out;
}

class Translator {
  constructor(
    private readonly tokens: Token[],
    private readonly scope: ExpressionScope,
  ) {}

  /** Index of the `)` matching the `(` at `open`. */
  private closing(open: number): number {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'op' && t.text === '(') depth++;
      else if (t.kind === 'op' && t.text === ')' && --depth === 0) return i;
    }
    throw new Untranslatable('unbalanced parentheses');
  }

  private nextSolid(i: number): number {
    while (i < this.tokens.length && this.tokens[i]!.kind === 'space') i++;
    return i;
  }

  /** Translates tokens [start, end). */
  range(start: number, end: number): string {
    let out = '';
    for (let i = start; i < end; i++) {
      const t = this.tokens[i]!;
      switch (t.kind) {
        case 'space':
          out += ' ';
          break;
        case 'ident': {
          const ref = this.scope.column(t.name);
          if (ref === null) throw new Untranslatable(`column ${t.name} cannot be read here`);
          out += ref;
          break;
        }
        case 'string':
          if (t.value.includes('\0')) throw new Untranslatable('a NUL character in a string');
          out += quoteLiteral(t.value);
          break;
        case 'number':
          out += t.text;
          break;
        case 'bytes':
          out += `'\\x${t.hex}'::bytea`;
          break;
        case 'bits':
          out += `B'${t.bits}'`;
          break;
        case 'op':
          out += this.operator(t.text);
          break;
        case 'word': {
          const next = this.nextSolid(i + 1);
          const upper = t.text.toUpperCase();
          if (KEYWORDS.has(upper)) out += upper;
          else if (this.tokens[next]?.kind === 'op' && (this.tokens[next] as { text: string }).text === '(') {
            const close = this.closing(next);
            out += this.call(t.text.toLowerCase(), next, close);
            i = close;
          } else out += this.word(t.text);
          break;
        }
      }
    }
    return out;
  }

  private operator(op: string): string {
    switch (op) {
      case '&&':
        return ' AND ';
      case '||':
        // MySQL's || is OR unless sql_mode has PIPES_AS_CONCAT; the catalog prints OR for it anyway.
        return ' OR ';
      case '!':
        return ' NOT ';
      case '<=>':
        return ' IS NOT DISTINCT FROM ';
      case ':=':
      case '->':
      case '->>':
      case '^':
      case '~':
      case '.':
        throw new Untranslatable(`operator ${op}`);
      default:
        return op;
    }
  }

  private word(text: string): string {
    const upper = text.toUpperCase();
    if (upper === 'DIV') return '/';
    if (upper === 'MOD') return '%';
    if (upper === 'REGEXP' || upper === 'RLIKE') return '~*';
    if (upper === 'CURRENT_DATE') return 'CURRENT_DATE';
    const ref = this.scope.column(text);
    if (ref !== null) return ref;
    throw new Untranslatable(`keyword or name ${text}`);
  }

  /** Whether tokens [start, end) are a condition: a comparison or logical operator at their top level. */
  private isBoolean([start, end]: [number, number]): boolean {
    let depth = 0;
    for (let i = start; i < end; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'op' && t.text === '(') depth++;
      else if (t.kind === 'op' && t.text === ')') depth--;
      else if (depth === 0 && t.kind === 'op' && COMPARISONS.has(t.text)) return true;
      else if (depth === 0 && t.kind === 'word' && BOOLEAN_WORDS.has(t.text.toUpperCase())) return true;
    }
    return false;
  }

  /** Arguments of the call whose parentheses are at [open, close]: token ranges split at top-level commas. */
  private args(open: number, close: number): [number, number][] {
    const out: [number, number][] = [];
    let depth = 0;
    let start = open + 1;
    for (let i = open + 1; i < close; i++) {
      const t = this.tokens[i]!;
      if (t.kind !== 'op') continue;
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (t.text === ',' && depth === 0) {
        out.push([start, i]);
        start = i + 1;
      }
    }
    if (this.nextSolid(start) < close || out.length > 0) out.push([start, close]);
    return out;
  }

  private call(name: string, open: number, close: number): string {
    const ranges = this.args(open, close);
    if (name === 'cast') return this.cast(open, close);
    const args = ranges.map(([s, e]) => this.range(s, e).trim());
    const arg = (n: number): string => {
      const a = args[n];
      if (a === undefined) throw new Untranslatable(`${name}() with too few arguments`);
      return a;
    };
    if (SAME.has(name)) return `${name}(${args.join(', ')})`;
    const renamed = RENAMED[name];
    if (renamed) return `${renamed}(${args.join(', ')})`;
    if (EXTRACT.has(name)) return `(EXTRACT(${name === 'dayofmonth' ? 'DAY' : name.toUpperCase()} FROM ${arg(0)}))::integer`;
    switch (name) {
      case 'if': {
        // MySQL booleans are the integers 0 and 1 (the catalog prints TRUE as 1); a CASE mixing
        // a condition with 0/1 needs them as booleans on PostgreSQL.
        const [, then, otherwise] = ranges;
        const asBool = (r: [number, number] | undefined, other: [number, number] | undefined, sql: string): string =>
          r && other && this.isBoolean(other) && /^[01]$/.test(sql) ? (sql === '1' ? 'TRUE' : 'FALSE') : sql;
        return `(CASE WHEN ${arg(0)} THEN ${asBool(then, otherwise, arg(1))} ELSE ${asBool(otherwise, then, arg(2))} END)`;
      }
      case 'concat':
        // MySQL CONCAT is NULL when any argument is NULL, as || is.
        return `(${args.map((a) => `(${a})::text`).join(' || ')})`;
      case 'json_valid':
        // PostgreSQL 15 has no IS JSON: the cast fails on invalid JSON, so the CHECK still rejects it.
        return `((${arg(0)})::jsonb IS NOT DISTINCT FROM (${arg(0)})::jsonb)`;
      case 'isnull':
        return `((${arg(0)}) IS NULL)`;
      case 'date':
        return `(${arg(0)})::date`;
      case 'curdate':
      case 'current_date':
        return 'CURRENT_DATE';
      case 'now':
      case 'current_timestamp':
        return args.length ? `CURRENT_TIMESTAMP(${arg(0)})` : 'CURRENT_TIMESTAMP';
      case 'localtimestamp':
        return args.length ? `LOCALTIMESTAMP(${arg(0)})` : 'LOCALTIMESTAMP';
      default:
        throw new Untranslatable(`function ${name}()`);
    }
  }

  /** CAST(expr AS type): the type is the text after the last top-level AS. */
  private cast(open: number, close: number): string {
    let as = -1;
    let depth = 0;
    for (let i = open + 1; i < close; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'op' && t.text === '(') depth++;
      else if (t.kind === 'op' && t.text === ')') depth--;
      else if (depth === 0 && t.kind === 'word' && t.text.toUpperCase() === 'AS') as = i;
    }
    if (as < 0) throw new Untranslatable('CAST without AS');
    const typeText = this.tokens
      .slice(as + 1, close)
      .map((t) => (t.kind === 'word' ? t.text : t.kind === 'number' ? t.text : t.kind === 'op' ? t.text : ' '))
      .join('');
    return `CAST(${this.range(open + 1, as).trim()} AS ${castType(typeText)})`;
  }
}

/** Translates a MySQL expression; `{ ok: false, reason }` names the construct that stopped it. */
export function translateMysqlExpression(text: string, scope: ExpressionScope): ExpressionTranslation {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, reason: tokens };
  try {
    const sql = new Translator(tokens, scope).range(0, tokens.length).replace(/\s+/g, ' ').trim();
    return sql ? { ok: true, sql } : { ok: false, reason: 'empty expression' };
  } catch (err) {
    if (err instanceof Untranslatable) return { ok: false, reason: err.message };
    throw err;
  }
}

/**
 * Rewrites MySQL expressions and SQL statements (as tokens) into PostgreSQL text inside a
 * PL/pgSQL body: variables, NEW/OLD columns and table names get their target names, built-in
 * functions go through functions.ts, operators and literals are respelled. Anything without a
 * checked equivalent is recorded in `env.unsupported` (the routine then goes to manual work)
 * and printed as written, so the text stays readable in the commented-out output.
 */
import { quoteIdent, quoteLiteral } from '../../dialects/postgres/quote.js';
import { rewriteCondition } from './conditions.js';
import { printBuiltin, type CallNote } from './functions.js';
import type { ProceduralScope } from './scope.js';
import { isOp, isWord, type Tok } from './tokens.js';

/** What a rewrite reads (scope, variables in scope) and collects (unsupported constructs, notes). */
export interface RewriteEnv {
  scope: ProceduralScope;
  /** Variables and parameters in scope: lower-cased name → PostgreSQL type. */
  vars: Map<string, string>;
  /** The trigger's table, for NEW.x / OLD.x. */
  triggerTable: string | null;
  unsupported: Set<string>;
  notes: CallNote[];
  /** The body calls ROW_COUNT(): DML statements keep a variable up to date with GET DIAGNOSTICS. */
  usesRowCount: boolean;
}

/** Words that may precede `(` without being a function name. */
const NOT_CALLS = new Set([
  'IN', 'EXISTS', 'VALUES', 'VALUE', 'AS', 'USING', 'ON', 'AND', 'OR', 'NOT', 'INTO', 'FROM', 'JOIN', 'WHERE', 'SELECT', 'THEN', 'ELSE', 'WHEN',
  'RETURN', 'ANY', 'ALL', 'SOME', 'KEY', 'INDEX', 'UNIQUE', 'PRIMARY', 'OVER', 'WITH', 'BY', 'HAVING', 'CHECK', 'REFERENCES', 'LIKE', 'BETWEEN',
  'IS', 'UNION', 'TABLE', 'SET', 'CASE', 'DISTINCT', 'LIMIT', 'OFFSET', 'EXCEPT', 'INTERSECT',
]);
/** Words after which a name is a relation, so `t (a, b)` is not a call. */
const RELATION_BEFORE = new Set(['INTO', 'TABLE', 'UPDATE', 'JOIN', 'FROM', 'REFERENCES', 'EXISTS']);
const INTERVAL_UNITS: Record<string, string> = { SECOND: '1 second', MINUTE: '1 minute', HOUR: '1 hour', DAY: '1 day', WEEK: '1 week', MONTH: '1 month', QUARTER: '3 months', YEAR: '1 year' };

const nameOf = (t: Tok | undefined): string | null => (t?.kind === 'word' || t?.kind === 'ident' ? t.value : null);

/** A user variable's placeholder setting name: `mysql_uservar.<name>` with only safe characters. */
export const userVariableSetting = (name: string): string => `mysql_uservar.${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;

class Rewriter {
  private out = '';
  private last = '';

  constructor(
    private readonly t: Tok[],
    private readonly env: RewriteEnv,
  ) {}

  private glue(piece: string): void {
    const tight = piece === ')' || piece === ',' || piece === '.' || piece === ']' || this.last === '(' || this.last === '.' || this.last === '[' || this.out === '';
    this.out += (tight ? '' : ' ') + piece;
    this.last = piece;
  }

  private closing(open: number): number {
    let depth = 0;
    for (let i = open; i < this.t.length; i++) {
      if (isOp(this.t[i], '(')) depth++;
      else if (isOp(this.t[i], ')') && --depth === 0) return i;
    }
    this.env.unsupported.add('unbalanced parentheses');
    return this.t.length - 1;
  }

  /** Index after the primary expression starting at `i`. */
  private primaryEnd(i: number): number {
    const x = this.t[i];
    if (isOp(x, '(')) return this.closing(i) + 1;
    if (isOp(x, '-') || isOp(x, '+')) return this.primaryEnd(i + 1);
    if (nameOf(x) !== null && isOp(this.t[i + 1], '(')) return this.closing(i + 1) + 1;
    if (nameOf(x) !== null && isOp(this.t[i + 1], '.')) return this.primaryEnd(i + 2);
    return i + 1;
  }

  /** Rewrites tokens [start, end) as one string. */
  sub(start: number, end: number): string {
    return new Rewriter(this.t.slice(start, end), this.env).all();
  }

  all(): string {
    for (let i = 0; i < this.t.length; i = this.token(i));
    return this.out;
  }

  /** Prints the token at `i` (and what it owns); returns the next index. */
  private token(i: number): number {
    const x = this.t[i]!;
    const prev = this.t[i - 1];
    const next = this.t[i + 1];
    switch (x.kind) {
      case 'string':
        if (x.value.includes('\0')) this.env.unsupported.add('a NUL character in a string');
        this.glue(quoteLiteral(x.value));
        return i + 1;
      case 'number':
        this.glue(x.text);
        return i + 1;
      case 'hex':
        this.glue(`convert_from(decode('${x.value}', 'hex'), 'UTF8')`);
        return i + 1;
      case 'bits':
        this.glue(`B'${x.value}'`);
        return i + 1;
      case 'uservar':
        this.env.notes.push({ code: 'procedural_user_variable', message: `reads user variable @${x.value} as text from a session setting` });
        this.glue(`current_setting(${quoteLiteral(userVariableSetting(x.value))}, true)`);
        return i + 1;
      case 'sysvar':
        this.env.unsupported.add(`system variable @@${x.value}`);
        this.glue(x.text);
        return i + 1;
      case 'versioned_comment':
        this.env.unsupported.add('versioned_comment');
        return i + 1;
      case 'op':
        return this.operator(i);
      default:
        break;
    }
    const upper = x.kind === 'word' ? x.text.toUpperCase() : '';
    if (isOp(next, '(') && !NOT_CALLS.has(upper) && !isWord(prev, ...RELATION_BEFORE) && !(prev && isOp(prev, '.'))) return this.call(i);
    if ((upper === 'NEW' || upper === 'OLD') && isOp(next, '.') && this.env.triggerTable !== null && nameOf(this.t[i + 2]) !== null) {
      const col = nameOf(this.t[i + 2])!;
      this.glue(`${upper}.${quoteIdent(this.env.scope.column(this.env.triggerTable, col))}`);
      return this.booleanLiteral(i + 3, this.env.scope.isBooleanColumn(this.env.triggerTable, col));
    }
    if (upper === 'INTERVAL') return this.interval(i);
    if (upper === 'LIMIT' && this.t[i + 2] && isOp(this.t[i + 2], ',')) {
      this.glue(`LIMIT ${this.sub(i + 3, i + 4)} OFFSET ${this.sub(i + 1, i + 2)}`);
      return i + 4;
    }
    if (upper === 'DIV' || upper === 'XOR') this.env.unsupported.add(`operator ${upper}`);
    if (upper === 'MOD' && !isOp(next, '(')) {
      this.glue('%');
      return i + 1;
    }
    if (upper === 'REGEXP' || upper === 'RLIKE') {
      this.env.notes.push({ code: 'procedural_expression_changed', message: 'REGEXP became ~* (case-insensitive, POSIX regular expressions)' });
      this.glue('~*');
      return i + 1;
    }
    const name = x.value;
    const afterDot = prev !== undefined && isOp(prev, '.');
    const qualifier = isOp(next, '.');
    const variable = this.env.vars.get(name.toLowerCase());
    if (variable !== undefined && !afterDot && !qualifier) {
      this.glue(quoteIdent(name.toLowerCase()));
      return this.booleanLiteral(i + 1, variable === 'boolean');
    }
    const relation = afterDot ? null : this.env.scope.relation(name);
    if (relation !== null) {
      this.glue(quoteIdent(relation));
      return i + 1;
    }
    if (x.kind === 'ident' || afterDot) {
      this.glue(quoteIdent(qualifier ? name : this.env.scope.column(null, name)));
      return this.booleanLiteral(i + 1, !qualifier && this.env.scope.isBooleanColumn(null, name));
    }
    // Unquoted, PostgreSQL folds the name to lower case: quoting is needed only where the column's target name is not that.
    const known = qualifier ? null : this.env.scope.knownColumn(name);
    this.glue(known !== null && known !== name.toLowerCase() ? quoteIdent(known) : x.text);
    return this.booleanLiteral(i + 1, !qualifier && this.env.scope.isBooleanColumn(null, name));
  }

  /** After a boolean operand, `= 1` / `<> 0` compare with TRUE/FALSE (MySQL booleans are 0 and 1). */
  private booleanLiteral(i: number, isBoolean: boolean): number {
    const op = this.t[i];
    const lit = this.t[i + 1];
    if (!isBoolean || op?.kind !== 'op' || !['=', '<>', '!='].includes(op.text) || lit?.kind !== 'number' || !/^[01]$/.test(lit.text)) return i;
    this.glue(op.text);
    this.glue(lit.text === '1' ? 'TRUE' : 'FALSE');
    return i + 2;
  }

  private operator(i: number): number {
    const op = this.t[i]!.text;
    switch (op) {
      case '&&':
        this.glue('AND');
        return i + 1;
      case '||':
        this.glue('OR');
        return i + 1;
      case '!':
        this.glue('NOT');
        return i + 1;
      case '<=>':
        this.glue('IS NOT DISTINCT FROM');
        return i + 1;
      case '^':
        this.glue('#');
        return i + 1;
      case ':=':
      case '->':
      case '->>':
      case ':':
        this.env.unsupported.add(`operator ${op}`);
        this.glue(op);
        return i + 1;
      case '/': {
        // MySQL's / gives a decimal even for integers; PostgreSQL's integer / truncates.
        const end = this.primaryEnd(i + 1);
        this.glue('/');
        this.glue(`CAST(${this.sub(i + 1, end)} AS numeric)`);
        return end;
      }
      default:
        this.glue(op);
        return i + 1;
    }
  }

  /** INTERVAL n UNIT → (n) * INTERVAL '1 unit'. */
  private interval(i: number): number {
    const end = this.primaryEnd(i + 1);
    const unit = this.t[end];
    const span = unit?.kind === 'word' ? INTERVAL_UNITS[unit.text.toUpperCase()] : undefined;
    if (span === undefined) {
      this.env.unsupported.add(`INTERVAL unit ${unit?.text ?? '(none)'}`);
      this.glue('INTERVAL');
      return i + 1;
    }
    this.glue(`((${this.sub(i + 1, end)}) * INTERVAL '${span}')`);
    return end + 1;
  }

  /** Top-level comma-separated argument ranges of the call whose `(` is at `open`. */
  private args(open: number, close: number): [number, number][] {
    const out: [number, number][] = [];
    let depth = 0;
    let start = open + 1;
    for (let i = open + 1; i < close; i++) {
      if (isOp(this.t[i], '(')) depth++;
      else if (isOp(this.t[i], ')')) depth--;
      else if (depth === 0 && isOp(this.t[i], ',')) {
        out.push([start, i]);
        start = i + 1;
      }
    }
    if (start < close) out.push([start, close]);
    return out;
  }

  private call(i: number): number {
    const name = this.t[i]!.value.toLowerCase();
    const close = this.closing(i + 1);
    const ranges = this.args(i + 1, close);
    const user = this.env.scope.routine(name);
    const sql = ranges.map(([s, e], n) => (name === 'if' && n === 0 ? rewriteCondition(this.t.slice(s, e), this.env) : this.sub(s, e)));
    let printed: string | null;
    if (name === 'row_count' && ranges.length === 0) printed = quoteIdent('scout_row_count');
    else if (name === 'cast' || name === 'convert') printed = this.cast(i + 1, close, name);
    else if (name === 'extract') printed = `CAST(EXTRACT(${this.sub(i + 2, close)}) AS integer)`;
    else if (user !== null) printed = `${quoteIdent(user.target)}(${sql.join(', ')})`;
    else printed = printBuiltin(name, { sql, raw: ranges.map(([s, e]) => this.t.slice(s, e)) }, (n) => this.env.notes.push(n));
    if (printed === null) {
      this.env.unsupported.add(`function ${name}()`);
      printed = `${name}(${sql.join(', ')})`;
    }
    this.glue(printed);
    return this.booleanLiteral(close + 1, user?.returns === 'boolean');
  }

  /** CAST(x AS type) / CONVERT(x, type): the type through the scope's type mapping. */
  private cast(open: number, close: number, name: string): string | null {
    let sep = -1;
    let depth = 0;
    for (let k = open + 1; k < close; k++) {
      if (isOp(this.t[k], '(')) depth++;
      else if (isOp(this.t[k], ')')) depth--;
      else if (depth === 0 && (name === 'cast' ? isWord(this.t[k], 'AS') : isOp(this.t[k], ','))) sep = k;
    }
    if (sep < 0) return null;
    const typeText = this.t.slice(sep + 1, close).map((x) => x.text).join(' ').replace(/\s*([(),])\s*/g, '$1');
    const simple: Record<string, string> = { signed: 'bigint', 'signed integer': 'bigint', unsigned: 'numeric(20,0)', 'unsigned integer': 'numeric(20,0)', char: 'text' };
    const target = simple[typeText.toLowerCase()] ?? (/^(char|decimal|date|datetime|time|double|float|binary|json|nchar|varchar)\b/i.test(typeText) ? this.env.scope.mapType(typeText.replace(/^n?char\b/i, 'varchar')) : null);
    return target === null ? null : `CAST(${this.sub(open + 1, sep)} AS ${target})`;
  }
}

/** Rewrites an expression or a whole SQL statement. */
export function rewriteTokens(tokens: Tok[], env: RewriteEnv): string {
  return new Rewriter(tokens, env).all();
}

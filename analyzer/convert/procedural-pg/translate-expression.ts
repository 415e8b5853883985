/**
 * PostgreSQL expressions → MySQL text, parsed with PostgreSQL's operator precedence (a Pratt
 * parser) and printed with explicit parentheses, so a difference in MySQL's precedence cannot
 * change them. Names resolve through the environment (variables, trigger rows, record
 * fields, columns); calls go to the function map or the schema's routines. Anything without
 * a checked translation is reported to env.unsupported (the routine then stays manual); the
 * text returned for it is a placeholder never emitted. Subqueries are statements: the
 * subclass (translate-sql.ts) walks them.
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-PRECEDENCE
 */
import { quoteMysqlString } from '../../dialects/mysql/quote.js';
import { q, type Kind, type TranslateEnv } from './env.js';
import { EXTRACT_FIELDS, atom, translateFunction } from './functions.js';
import { COMPARISON, binaryOp, castTo, intervalOut, refuse, wrap, type OutI } from './operators.js';
import { isOp, isWord, type Tok } from './tokens.js';

export class TranslateError extends Error {}

export const BP = { or: 1, and: 2, not: 3, is: 4, cmp: 5, like: 6, other: 7, add: 8, mul: 9, pow: 10, unary: 11, cast: 12 } as const;

export abstract class ExpressionTranslator {
  protected i = 0;
  /**
   * The expression is the value stored into a tsvector column (a FULLTEXT-indexed text
   * column on MySQL): a whole-expression to_tsvector([config,] text) becomes the text.
   */
  tsvectorTarget = false;

  constructor(
    protected readonly t: readonly Tok[],
    protected readonly env: TranslateEnv,
  ) {}

  protected peek(n = 0): Tok | undefined {
    return this.t[this.i + n];
  }

  protected fail(message: string): never {
    const near = this.t.slice(this.i, this.i + 5).map((x) => x.value).join(' ');
    throw new TranslateError(`${message} (near "${near}")`);
  }

  protected expectOp(op: string): void {
    if (!isOp(this.peek(), op)) this.fail(`expected ${op}`);
    this.i += 1;
  }

  protected expectWord(w: string): void {
    if (!isWord(this.peek(), w)) this.fail(`expected ${w.toUpperCase()}`);
    this.i += 1;
  }

  get done(): boolean {
    return this.i >= this.t.length;
  }

  /** Refuses a construct: records it and returns a placeholder. */
  protected refuse(construct: string, kind: Kind = 'unknown'): OutI {
    return refuse(this.env, construct, kind);
  }

  // ---- expressions --------------------------------------------------------------------

  expression(minBp = 0): OutI {
    let left = this.prefix();
    for (;;) {
      const x = this.peek();
      if (!x) break;
      const bp = this.infixPower(x);
      if (bp === null || bp <= minBp) break;
      left = this.infix(left, bp);
    }
    return left;
  }

  protected infixPower(x: Tok): number | null {
    if (x.kind === 'op') {
      switch (x.value) {
        case '::':
          return BP.cast;
        case '^':
          return BP.pow;
        case '*':
        case '/':
        case '%':
          return BP.mul;
        case '+':
        case '-':
          return BP.add;
        case '||':
        case '~~':
        case '!~~':
        case '~':
        case '!~':
        case '~*':
        case '!~*':
        case '~~*':
        case '!~~*':
          return BP.other;
        case '[':
          return BP.cast;
      }
      return COMPARISON.has(x.value) ? BP.cmp : null;
    }
    if (x.kind !== 'word') return null;
    switch (x.lower) {
      case 'and':
        return BP.and;
      case 'or':
        return BP.or;
      case 'is':
      case 'isnull':
      case 'notnull':
        return BP.is;
      case 'like':
      case 'ilike':
      case 'similar':
      case 'between':
      case 'in':
        return BP.like;
      case 'not':
        return isWord(this.peek(1), 'like', 'ilike', 'similar', 'between', 'in') ? BP.like : null;
      case 'operator':
        return isOp(this.peek(1), '(') ? BP.other : null;
    }
    return null;
  }

  private prefix(): OutI {
    const x = this.peek();
    if (!x) this.fail('expression expected');
    this.i += 1;
    switch (x.kind) {
      case 'number':
        return atom(x.value, 'number', x.value);
      case 'string':
        return atom(quoteMysqlString(x.value), 'text', x.value);
      case 'param': {
        const v = this.env.param(Number(x.value));
        return v ? atom(q(v.name), v.kind) : this.refuse(`parameter $${x.value}`);
      }
      case 'ident':
        this.i -= 1;
        return this.nameOrCall();
      case 'op':
        return this.prefixOp(x.value);
      case 'word':
        return this.prefixWord(x);
    }
  }

  private prefixOp(op: string): OutI {
    if (op === '(') {
      if (isWord(this.peek(), 'select', 'with', 'values')) {
        const sub = this.statementUntilClose();
        this.expectOp(')');
        return atom(`(${sub})`, 'unknown');
      }
      const e = this.expression();
      if (isOp(this.peek(), ',')) {
        const items = [e.sql];
        while (isOp(this.peek(), ',')) {
          this.i += 1;
          items.push(this.expression().sql);
        }
        this.expectOp(')');
        return { sql: `(${items.join(', ')})`, kind: 'unknown', atom: true, op: 'row' };
      }
      this.expectOp(')');
      return { ...e, sql: e.atom ? e.sql : `(${e.sql})`, atom: true };
    }
    if (op === '-' || op === '+') {
      const e = this.expression(BP.unary);
      if (op === '+') return e;
      if (e.interval) return intervalOut({ n: e.interval.n.startsWith('-') ? e.interval.n.slice(1) : `-${e.interval.n}`, unit: e.interval.unit });
      return { sql: `-${wrap(e)}`, kind: e.kind, atom: false, op: 'neg' };
    }
    if (op === '*') return atom('*', 'unknown');
    return this.fail(`operator ${op} at the start of an expression`);
  }

  private prefixWord(x: Tok): OutI {
    const w = x.lower;
    const next = this.peek();
    switch (w) {
      case 'not': {
        const e = this.expression(BP.not);
        return { sql: `NOT ${wrap(e)}`, kind: 'bool', atom: false, op: 'not' };
      }
      case 'true':
        return atom('TRUE', 'bool');
      case 'false':
        return atom('FALSE', 'bool');
      case 'null':
        return atom('NULL', 'unknown');
      case 'case':
        return this.caseExpression();
      case 'exists': {
        this.expectOp('(');
        const sub = this.statementUntilClose();
        this.expectOp(')');
        return atom(`EXISTS (${sub})`, 'bool');
      }
      case 'cast': {
        this.expectOp('(');
        const e = this.expression();
        this.expectWord('as');
        const type = this.typeText();
        this.expectOp(')');
        return castTo(this.env, e, type);
      }
      case 'extract': {
        this.expectOp('(');
        const f = this.peek();
        this.i += 1;
        const field = f?.kind === 'string' ? f.value.toLowerCase() : (f?.lower ?? '');
        this.expectWord('from');
        const e = this.expression();
        this.expectOp(')');
        const fn = EXTRACT_FIELDS[field];
        return fn ? atom(fn(e.sql), 'number') : this.refuse(`EXTRACT(${field.toUpperCase()} …)`, 'number');
      }
      case 'position': {
        if (!isOp(next, '(')) break;
        this.i += 1;
        const needle = this.expression(BP.like);
        this.expectWord('in');
        const hay = this.expression();
        this.expectOp(')');
        return atom(`LOCATE(${needle.sql}, ${hay.sql})`, 'number');
      }
      case 'current_date':
        return atom('CURRENT_DATE', 'date');
      case 'current_timestamp':
      case 'localtimestamp':
        this.skipPrecision();
        return atom('CURRENT_TIMESTAMP(6)', 'timestamp');
      case 'current_time':
      case 'localtime':
        this.skipPrecision();
        return atom('CURRENT_TIME(6)', 'unknown');
      case 'current_user':
      case 'session_user':
      case 'user':
        if (!isOp(next, '(') && !isOp(next, '.')) return this.refuse(`${w.toUpperCase()} (MySQL returns user@host)`, 'text');
        break;
      case 'array': {
        // ARRAY[…] or ARRAY(subquery): skipped whole, refused.
        if (isOp(next, '[', '(')) {
          let depth = 0;
          do {
            if (isOp(this.peek(), '[', '(')) depth += 1;
            if (isOp(this.peek(), ']', ')')) depth -= 1;
            this.i += 1;
          } while (!this.done && depth > 0);
        }
        return this.refuse('arrays');
      }
      case 'interval':
      case 'date':
      case 'timestamp':
      case 'timestamptz':
      case 'time':
        if (next?.kind === 'string') {
          this.i += 1;
          return castTo(this.env, atom(quoteMysqlString(next.value), 'text', next.value), w);
        }
        break;
      case 'found':
        if (!isOp(next, '(') && !isOp(next, '.')) {
          const f = this.env.found();
          return f === null ? this.refuse('FOUND') : atom(f, 'bool');
        }
        break;
      case 'sqlerrm':
      case 'sqlstate': {
        const v = this.env.handlerValue(w);
        return v === null ? this.refuse(w.toUpperCase()) : atom(v, 'text');
      }
    }
    if (/^tg_/.test(w) && !isOp(next, '(') && !isOp(next, '.')) {
      const c = this.env.triggerConstant(w);
      if (c !== null) return atom(c, 'text');
      return this.refuse(`trigger variable ${w.toUpperCase()}`);
    }
    this.i -= 1;
    return this.nameOrCall();
  }

  private skipPrecision(): void {
    if (isOp(this.peek(), '(') && this.peek(1)?.kind === 'number' && isOp(this.peek(2), ')')) this.i += 3;
  }

  /** A (dotted) name: a variable, column, row field, or a function call. */
  private nameOrCall(): OutI {
    const start = this.i;
    const parts: string[] = [];
    const first = this.peek()!;
    parts.push(first.kind === 'ident' ? first.value : first.lower);
    this.i += 1;
    while (isOp(this.peek(), '.')) {
      const n = this.peek(1);
      if (n?.kind === 'word' || n?.kind === 'ident') {
        parts.push(n.kind === 'ident' ? n.value : n.lower);
        this.i += 2;
      } else if (isOp(n, '*')) {
        this.i += 2;
        return atom(`${parts.map(q).join('.')}.*`, 'unknown');
      } else break;
    }
    if (isOp(this.peek(), '(')) return this.call(parts, start);
    return this.resolveName(parts);
  }

  private resolveName(parts: string[]): OutI {
    const env = this.env;
    if (parts.length === 1) {
      const v = env.variable(parts[0]!);
      if (v) return atom(q(v.name), v.kind);
      return atom(q(env.column(parts[0]!)), env.columnKind(parts[0]!));
    }
    if (parts.length === 2) {
      const [a, b] = parts as [string, string];
      if (a === 'new' || a === 'old') {
        const row = env.triggerRow(a, b);
        if (row) return atom(`${a.toUpperCase()}.${q(row.name)}`, row.kind);
      }
      const field = env.recordField(a, b);
      if (field) return atom(q(field.name), field.kind);
      return atom(`${q(a)}.${q(env.column(b))}`, env.columnKind(b));
    }
    if (parts.length === 3) return atom(`${env.relation(parts[0]!, parts[1]!)}.${q(env.column(parts[2]!))}`, env.columnKind(parts[2]!));
    return this.refuse(`name ${parts.join('.')}`);
  }

  private call(parts: string[], start: number): OutI {
    this.expectOp('(');
    const name = parts[parts.length - 1]!;
    const schema = parts.length > 1 ? parts[parts.length - 2]! : null;
    let distinct = false;
    const args: OutI[] = [];
    let star = false;
    if (isWord(this.peek(), 'distinct')) {
      distinct = true;
      this.i += 1;
    } else if (isWord(this.peek(), 'all')) this.i += 1;
    if (isOp(this.peek(), '*') && isOp(this.peek(1), ')')) {
      star = true;
      this.i += 1;
    }
    // substring(x FROM a [FOR b]) and trim([both|leading|trailing] [x] FROM y): the SQL-standard forms MySQL also has.
    if (!star && !isOp(this.peek(), ')')) {
      if (name === 'trim' && isWord(this.peek(), 'both', 'leading', 'trailing')) {
        const side = this.peek()!.lower.toUpperCase();
        this.i += 1;
        const chars = isWord(this.peek(), 'from') ? null : this.expression();
        this.expectWord('from');
        const e = this.expression();
        this.expectOp(')');
        return atom(`TRIM(${side} ${chars ? `${chars.sql} ` : ''}FROM ${e.sql})`, 'text');
      }
      for (;;) {
        args.push(this.expression());
        if (name === 'substring' && isWord(this.peek(), 'from', 'for')) {
          const parts2: string[] = [args[0]!.sql];
          while (isWord(this.peek(), 'from', 'for')) {
            const kw = this.peek()!.lower.toUpperCase();
            this.i += 1;
            parts2.push(`${kw} ${this.expression().sql}`);
          }
          this.expectOp(')');
          return atom(`SUBSTRING(${parts2.join(' ')})`, 'text');
        }
        if (name === 'trim' && isWord(this.peek(), 'from')) {
          this.i += 1;
          const e = this.expression();
          this.expectOp(')');
          return atom(`TRIM(BOTH ${args[0]!.sql} FROM ${e.sql})`, 'text');
        }
        if (isWord(this.peek(), 'order')) return this.skipCall('ORDER BY inside an aggregate call');
        if (!isOp(this.peek(), ',')) break;
        this.i += 1;
      }
    }
    this.expectOp(')');
    if (name === 'to_tsvector' && (schema === null || schema === 'pg_catalog') && this.tsvectorTarget && start === 0 && this.done && !distinct && (args.length === 1 || args.length === 2)) return this.tsvectorAsText(args);
    if (isWord(this.peek(), 'filter')) return this.refuse('aggregate FILTER (WHERE …)');
    if (isWord(this.peek(), 'over')) return this.refuse('window function (OVER …)');
    const routine = this.env.routine(schema, name);
    if (routine) {
      if (routine.kind !== 'function') return this.refuse(`call of set-returning function ${name}() in an expression`);
      return atom(`${routine.target}(${args.map((a) => a.sql).join(', ')})`, routine.returns);
    }
    const sep = schema === null || schema === 'public' ? this.env.concatAggregate(name) : null;
    if (sep !== null && args.length === 1) return atom(`GROUP_CONCAT(${distinct ? 'DISTINCT ' : ''}${args[0]!.sql} SEPARATOR ${quoteMysqlString(sep)})`, 'text');
    if (schema !== null && schema !== 'pg_catalog') return this.refuse(`function ${schema}.${name}()`);
    if (star) return name === 'count' ? atom('COUNT(*)', 'number') : this.refuse(`${name}(*)`);
    if (distinct) {
      if (!['count', 'sum', 'avg', 'min', 'max'].includes(name) || args.length !== 1) return this.refuse(`${name}(DISTINCT …)`);
      return atom(`${name.toUpperCase()}(DISTINCT ${args[0]!.sql})`, name === 'count' || name === 'avg' ? 'number' : args[0]!.kind);
    }
    const fn = translateFunction(name, args, this.env);
    if (fn) return fn;
    if (/^(to_tsvector|to_tsquery|plainto_tsquery|websearch_to_tsquery|ts_rank|ts_rank_cd|setweight|ts_headline)$/.test(name)) return this.refuse(`function ${name}() (full-text search: use a FULLTEXT index and MATCH … AGAINST)`);
    return this.refuse(`function ${name}(): not a PostgreSQL built-in with a checked MySQL translation, nor a function of the schema`);
  }

  /**
   * to_tsvector([config,] text) as the whole value of a tsvector column: MySQL keeps the text
   * and its FULLTEXT index does the tokenizing (without the configuration's stemming and stop
   * words). A NULL text stays NULL on both.
   */
  private tsvectorAsText(args: OutI[]): OutI {
    const text = args[args.length - 1]!;
    const config = args.length === 2 ? (args[0]!.literal !== undefined ? `'${args[0]!.literal}'` : args[0]!.sql) : 'default_text_search_config';
    this.env.note('pg_fulltext_as_text', `to_tsvector(${config}, …) into a tsvector column became the text itself: MySQL's FULLTEXT parser tokenizes it (no stemming or stop words of ${config}; queries need MATCH … AGAINST)`);
    return { sql: text.sql, kind: 'text', atom: text.atom };
  }

  /** Skips to the closing parenthesis of a call being read, refusing it. */
  private skipCall(construct: string): OutI {
    let depth = 1;
    while (!this.done && depth > 0) {
      if (isOp(this.peek(), '(')) depth += 1;
      if (isOp(this.peek(), ')')) depth -= 1;
      this.i += 1;
    }
    return this.refuse(construct);
  }

  private caseExpression(): OutI {
    const subject = isWord(this.peek(), 'when') ? null : this.expression();
    const parts: string[] = ['CASE'];
    if (subject) parts.push(subject.sql);
    let kind: Kind = 'unknown';
    while (isWord(this.peek(), 'when')) {
      this.i += 1;
      const c = this.expression();
      this.expectWord('then');
      const v = this.expression();
      if (kind === 'unknown') kind = v.kind;
      parts.push(`WHEN ${c.sql} THEN ${v.sql}`);
    }
    if (isWord(this.peek(), 'else')) {
      this.i += 1;
      const v = this.expression();
      if (kind === 'unknown') kind = v.kind;
      parts.push(`ELSE ${v.sql}`);
    }
    this.expectWord('end');
    parts.push('END');
    return atom(parts.join(' '), kind);
  }

  /** Type text after `::` or AS: words (several for multi-word types), dotted names, (n[,m]); arrays refused. */
  private typeText(): string {
    const words: string[] = [];
    for (;;) {
      const x = this.peek();
      if (x?.kind === 'word' || x?.kind === 'ident') {
        if (words.length > 0 && !/^(varying|precision|with|without|time|zone)$/.test(x.lower)) break;
        words.push(x.kind === 'ident' ? x.value : x.lower);
        this.i += 1;
        if (isOp(this.peek(), '.')) {
          words.length = 0;
          this.i += 1;
        }
      } else if (isOp(x, '(') && words.length > 0) {
        const close = this.t.findIndex((y, k) => k > this.i && isOp(y, ')'));
        if (close < 0) this.fail('unclosed type modifier');
        words.push(`(${this.t.slice(this.i + 1, close).map((y) => y.value).join('')})`);
        this.i = close + 1;
      } else if (isOp(x, '[')) {
        this.fail('cast to an array');
      } else break;
    }
    if (words.length === 0) this.fail('type expected');
    return words.join(' ').replace(/ \(/g, '(');
  }

  private infix(left: OutI, bp: number): OutI {
    const x = this.peek()!;
    this.i += 1;
    if (x.kind === 'op') {
      const op = x.value;
      if (op === '::') return castTo(this.env, left, this.typeText());
      if (op === '[') return this.refuse('array subscript');
      const right = this.expression(bp);
      return binaryOp(this.env, op, left, right);
    }
    switch (x.lower) {
      case 'and':
      case 'or': {
        const right = this.expression(bp);
        const op = x.lower.toUpperCase();
        return { sql: `${wrap(left, op)} ${op} ${wrap(right, op)}`, kind: 'bool', atom: false, op };
      }
      case 'isnull':
        return { sql: `${wrap(left)} IS NULL`, kind: 'bool', atom: false };
      case 'notnull':
        return { sql: `${wrap(left)} IS NOT NULL`, kind: 'bool', atom: false };
      case 'is': {
        const not = isWord(this.peek(), 'not');
        if (not) this.i += 1;
        const w = this.peek();
        if (isWord(w, 'null', 'true', 'false', 'unknown')) {
          this.i += 1;
          return { sql: `${wrap(left)} IS ${not ? 'NOT ' : ''}${w!.lower === 'unknown' ? 'NULL' : w!.lower.toUpperCase()}`, kind: 'bool', atom: false };
        }
        if (isWord(w, 'distinct')) {
          this.i += 1;
          this.expectWord('from');
          const right = this.expression(BP.is);
          return not ? { sql: `${wrap(left)} <=> ${wrap(right)}`, kind: 'bool', atom: false } : { sql: `NOT (${wrap(left)} <=> ${wrap(right)})`, kind: 'bool', atom: false };
        }
        return this.refuse('IS with something other than NULL, TRUE, FALSE or DISTINCT FROM', 'bool');
      }
      case 'not':
      case 'like':
      case 'ilike':
      case 'similar':
      case 'between':
      case 'in': {
        let not = false;
        let word: string = x.lower;
        if (word === 'not') {
          not = true;
          word = this.peek()!.lower;
          this.i += 1;
        }
        const n = not ? 'NOT ' : '';
        if (word === 'similar') {
          this.expectWord('to');
          this.expression(BP.like);
          return this.refuse('SIMILAR TO', 'bool');
        }
        if (word === 'between') {
          if (isWord(this.peek(), 'symmetric')) return this.refuse('BETWEEN SYMMETRIC', 'bool');
          const lo = this.expression(BP.like);
          this.expectWord('and');
          const hi = this.expression(BP.like);
          return { sql: `${wrap(left)} ${n}BETWEEN ${wrap(lo)} AND ${wrap(hi)}`, kind: 'bool', atom: false };
        }
        if (word === 'in') {
          this.expectOp('(');
          if (isWord(this.peek(), 'select', 'with', 'values')) {
            const sub = this.statementUntilClose();
            this.expectOp(')');
            return { sql: `${wrap(left)} ${n}IN (${sub})`, kind: 'bool', atom: false };
          }
          const items: string[] = [];
          for (;;) {
            items.push(this.expression().sql);
            if (!isOp(this.peek(), ',')) break;
            this.i += 1;
          }
          this.expectOp(')');
          return { sql: `${wrap(left)} ${n}IN (${items.join(', ')})`, kind: 'bool', atom: false };
        }
        const pattern = this.expression(BP.like);
        let escape = '';
        if (isWord(this.peek(), 'escape')) {
          this.i += 1;
          escape = ` ESCAPE ${this.expression(BP.like).sql}`;
        }
        if (word === 'ilike') return { sql: `LOWER(${left.sql}) ${n}LIKE LOWER(${pattern.sql})${escape}`, kind: 'bool', atom: false };
        return { sql: `${wrap(left)} ${n}LIKE ${wrap(pattern)}${escape}`, kind: 'bool', atom: false };
      }
      case 'operator': {
        // operator(pg_catalog.||) — pg_get_functiondef's spelling of a plain operator.
        this.expectOp('(');
        let op = '';
        while (!this.done && !isOp(this.peek(), ')')) {
          const y = this.peek()!;
          if (y.kind === 'op' && y.value !== '.') op = y.value;
          this.i += 1;
        }
        this.expectOp(')');
        const right = this.expression(this.infixPower({ kind: 'op', value: op, lower: op }) ?? BP.other);
        return binaryOp(this.env, op, left, right);
      }
    }
    return this.fail(`operator ${x.value}`);
  }

  /** A statement (or subquery) up to its end or an unmatched `)` (not consumed). */
  abstract statementUntilClose(): string;
}

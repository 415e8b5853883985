/**
 * The SQL statements inside PL/pgSQL bodies → MySQL text, walked clause by clause: keywords
 * pass (or are refused where MySQL lacks them: RETURNING, ON CONFLICT, DISTINCT ON, NULLS
 * FIRST), relations are renamed, CREATE TEMPORARY TABLE column types mapped, and every
 * expression goes through the expression translator (translate-expression.ts).
 */
import { q, type TranslateEnv } from './env.js';
import type { OutI } from './operators.js';
import { isOp, isWord, type Tok } from './tokens.js';
import { BP, ExpressionTranslator, TranslateError } from './translate-expression.js';

export { TranslateError } from './translate-expression.js';

/** Words that end an expression inside a statement (clause keywords). */
const CLAUSE_WORDS = new Set([
  'select', 'from', 'where', 'group', 'by', 'having', 'order', 'limit', 'offset', 'union', 'all', 'intersect', 'except', 'join', 'left', 'right', 'inner', 'outer', 'cross',
  'on', 'using', 'as', 'insert', 'into', 'values', 'update', 'set', 'delete', 'returning', 'distinct', 'asc', 'desc', 'with', 'recursive', 'create', 'drop', 'truncate', 'table',
  'temporary', 'temp', 'if', 'window', 'for', 'nulls', 'natural', 'full', 'lateral', 'only', 'default', 'then', 'else', 'end', 'when', 'loop', 'fetch',
]);

export class SqlTranslator extends ExpressionTranslator {
  /** A statement (or subquery) up to its end or an unmatched `)` (not consumed). */
  statementUntilClose(): string {
    const out: string[] = [];
    let expectRelation = false;
    let sawLimit = false;
    while (!this.done) {
      const x = this.peek()!;
      if (isOp(x, ')')) break;
      if (isOp(x, ';')) break;
      if (isOp(x, ',')) {
        out.push(',');
        this.i += 1;
        continue;
      }
      if (isOp(x, '(') && !isWord(this.peek(1), 'select', 'with', 'values')) {
        // A column list or VALUES row: names and expressions inside.
        this.i += 1;
        const inner = this.statementUntilClose();
        this.expectOp(')');
        out.push(`(${inner})`);
        continue;
      }
      if (x.kind === 'word' && CLAUSE_WORDS.has(x.lower)) {
        this.i += 1;
        const w = x.lower;
        switch (w) {
          case 'from':
          case 'join':
          case 'update':
          case 'into':
          case 'table':
            expectRelation = true;
            out.push(w.toUpperCase());
            continue;
          case 'returning':
            this.refuse('RETURNING (6066)');
            continue;
          case 'nulls':
            this.refuse('NULLS FIRST / NULLS LAST');
            continue;
          case 'lateral':
            this.refuse('LATERAL');
            continue;
          case 'full':
            this.refuse('FULL OUTER JOIN');
            continue;
          case 'only':
            continue;
          case 'fetch':
            this.refuse('FETCH FIRST');
            continue;
          case 'distinct':
            if (isWord(this.peek(), 'on')) this.refuse('DISTINCT ON');
            out.push('DISTINCT');
            continue;
          case 'on':
            if (isWord(this.peek(), 'conflict')) this.refuse('ON CONFLICT');
            else if (isWord(this.peek(), 'commit')) this.refuse('ON COMMIT');
            out.push('ON');
            continue;
          case 'limit':
            sawLimit = true;
            if (isWord(this.peek(), 'all')) this.refuse('LIMIT ALL');
            out.push('LIMIT');
            continue;
          case 'offset':
            if (!sawLimit) this.refuse('OFFSET without LIMIT');
            out.push('OFFSET');
            continue;
          case 'as': {
            out.push('AS');
            const a = this.peek();
            if (a && (a.kind === 'ident' || a.kind === 'word')) {
              out.push(q(a.kind === 'ident' ? a.value : a.lower));
              this.i += 1;
            }
            continue;
          }
          case 'if': {
            out.push('IF');
            if (isWord(this.peek(), 'not')) {
              out.push('NOT');
              this.i += 1;
            }
            if (isWord(this.peek(), 'exists')) {
              out.push('EXISTS');
              this.i += 1;
            }
            continue;
          }
          case 'create':
            out.push(this.createTable());
            continue;
          case 'temp':
            out.push('TEMPORARY');
            continue;
        }
        out.push(w.toUpperCase());
        continue;
      }
      if (expectRelation && (x.kind === 'word' || x.kind === 'ident')) {
        expectRelation = false;
        const parts: string[] = [x.kind === 'ident' ? x.value : x.lower];
        let spelling = x.value;
        this.i += 1;
        while (isOp(this.peek(), '.') && (this.peek(1)?.kind === 'word' || this.peek(1)?.kind === 'ident')) {
          const n = this.peek(1)!;
          parts.push(n.kind === 'ident' ? n.value : n.lower);
          spelling = n.value;
          this.i += 2;
        }
        if (isOp(this.peek(), '(') && !isWord(this.peek(1), 'select') && out[out.length - 1] !== 'INTO' && out[out.length - 1] !== 'TABLE') {
          this.refuse('a function in FROM (table function, 6603)');
          continue;
        }
        out.push(parts.length === 1 ? this.env.relation(null, parts[0]!, spelling) : this.env.relation(parts[0]!, parts[1]!, spelling));
        const alias = this.peek();
        if (alias && (alias.kind === 'ident' || (alias.kind === 'word' && !CLAUSE_WORDS.has(alias.lower) && !isWord(alias, 'on', 'where', 'set')))) {
          out.push(q(alias.kind === 'ident' ? alias.value : alias.lower));
          this.i += 1;
        }
        continue;
      }
      expectRelation = false;
      const e = this.expression();
      out.push(e.sql);
      // A select-list alias without AS.
      const a = this.peek();
      if (a && (a.kind === 'ident' || (a.kind === 'word' && !CLAUSE_WORDS.has(a.lower) && this.infixPower(a) === null))) {
        out.push(q(a.kind === 'ident' ? a.value : a.lower));
        this.i += 1;
      }
    }
    return joinSql(out);
  }

  /** CREATE [TEMP] TABLE name (column type …, …): column types mapped; other CREATE statements refused. */
  private createTable(): string {
    const parts: string[] = ['CREATE'];
    if (isWord(this.peek(), 'temporary', 'temp')) {
      this.i += 1;
      parts.push('TEMPORARY');
    }
    if (!isWord(this.peek(), 'table')) {
      this.refuse('CREATE other than CREATE TABLE');
      return 'CREATE';
    }
    this.i += 1;
    parts.push('TABLE');
    if (isWord(this.peek(), 'if')) {
      this.i += 3;
      parts.push('IF NOT EXISTS');
    }
    const n = this.peek();
    if (n?.kind !== 'word' && n?.kind !== 'ident') this.fail('table name expected');
    this.i += 1;
    parts.push(this.env.relation(null, n.kind === 'ident' ? n.value : n.lower, n.value));
    if (!isOp(this.peek(), '(')) return parts.join(' ');
    this.i += 1;
    const defs: string[] = [];
    for (;;) {
      const c = this.peek();
      if (c && (c.kind === 'ident' || (c.kind === 'word' && !isWord(c, 'primary', 'unique', 'constraint', 'foreign', 'check')))) {
        this.i += 1;
        const typeStart = this.i;
        while (!this.done && !isOp(this.peek(), ',', ')') && !isWord(this.peek(), 'not', 'null', 'primary', 'unique', 'default', 'references', 'check', 'constraint', 'collate')) {
          if (isOp(this.peek(), '(')) {
            while (!this.done && !isOp(this.peek(), ')')) this.i += 1;
          }
          this.i += 1;
        }
        const typeText = this.t.slice(typeStart, this.i).map((y) => y.value).join(' ').replace(/ \( /g, '(').replace(/ \)/g, ')').replace(/ , /g, ',');
        const mapped = this.env.mapType(typeText.toLowerCase());
        if (!mapped) this.refuse(`column type ${typeText}`);
        const rest = this.statementUntilComma();
        defs.push(`${q(c.kind === 'ident' ? c.value : c.lower)} ${mapped?.sql ?? 'NULL'}${rest ? ` ${rest}` : ''}`);
      } else defs.push(this.statementUntilComma());
      if (!isOp(this.peek(), ',')) break;
      this.i += 1;
    }
    this.expectOp(')');
    return `${parts.join(' ')} (${defs.join(', ')})`;
  }

  /** Column constraints (NOT NULL, NULL, PRIMARY KEY, UNIQUE, DEFAULT e, CHECK (e)) up to `,` or `)`. */
  private statementUntilComma(): string {
    const out: string[] = [];
    while (!this.done && !isOp(this.peek(), ',', ')')) {
      const x = this.peek()!;
      this.i += 1;
      if (isWord(x, 'not') && isWord(this.peek(), 'null')) {
        this.i += 1;
        out.push('NOT NULL');
      } else if (isWord(x, 'null')) out.push('NULL');
      else if (isWord(x, 'primary') && isWord(this.peek(), 'key')) {
        this.i += 1;
        out.push('PRIMARY KEY');
        if (isOp(this.peek(), '(')) out.push(this.nameList());
      } else if (isWord(x, 'unique')) {
        out.push('UNIQUE');
        if (isOp(this.peek(), '(')) out.push(this.nameList());
      } else if (isWord(x, 'default')) out.push(`DEFAULT ${this.expression(BP.is).sql}`);
      else if (isWord(x, 'check')) {
        this.expectOp('(');
        const e = this.expression();
        this.expectOp(')');
        out.push(`CHECK (${e.sql})`);
      } else {
        this.refuse(`${x.value.toUpperCase()} in CREATE TABLE`);
        while (!this.done && !isOp(this.peek(), ',', ')')) this.i += 1;
      }
    }
    return out.join(' ');
  }

  /** `(a, b)` column names. */
  private nameList(): string {
    this.expectOp('(');
    const names: string[] = [];
    while (!this.done && !isOp(this.peek(), ')')) {
      const x = this.peek()!;
      if (x.kind === 'word' || x.kind === 'ident') names.push(q(this.env.column(x.kind === 'ident' ? x.value : x.lower)));
      this.i += 1;
    }
    this.expectOp(')');
    return `(${names.join(', ')})`;
  }
}

/** Joins statement pieces with single spaces, none before `,`. */
function joinSql(parts: string[]): string {
  return parts.reduce((s, p) => (s === '' ? p : p === ',' ? `${s},` : `${s} ${p}`), '');
}

/** One expression (all tokens); `tsvectorTarget` when its value is stored into a tsvector column. */
export function translateExpression(tokens: readonly Tok[], env: TranslateEnv, tsvectorTarget = false): OutI {
  const tr = new SqlTranslator(tokens, env);
  tr.tsvectorTarget = tsvectorTarget;
  const out = tr.expression();
  if (!tr.done) throw new TranslateError(`text after the expression: ${tokens.map((x) => x.value).join(' ')}`);
  return out;
}

/** One SQL statement (all tokens). */
export function translateStatement(tokens: readonly Tok[], env: TranslateEnv): string {
  const tr = new SqlTranslator(tokens, env);
  const out = tr.statementUntilClose();
  if (!tr.done) throw new TranslateError(`statement not fully read: ${tokens.map((x) => x.value).join(' ')}`);
  return out;
}

/**
 * A recursive-descent parser for PL/pgSQL bodies: the block structure (DECLARE, BEGIN … END,
 * EXCEPTION WHEN), control flow (IF/ELSIF, CASE, LOOP, WHILE, FOR over an integer range, a
 * query or a cursor, EXIT/CONTINUE with labels), and the statements (assignment, SQL with
 * INTO, PERFORM, EXECUTE, RETURN [NEXT|QUERY], RAISE, GET DIAGNOSTICS, OPEN/FETCH/CLOSE).
 * Statements it does not know become `unsupported` nodes naming the construct; a body it
 * cannot follow throws ParseError.
 * https://www.postgresql.org/docs/current/plpgsql-statements.html
 */
import type { Decl, Handler, RaiseStmt, Stmt, Toks } from './ast.js';
import { isOp, isWord, type Tok } from './tokens.js';

export class ParseError extends Error {}

const RAISE_LEVELS = new Set(['exception', 'warning', 'notice', 'info', 'log', 'debug']);

export class BodyParser {
  private i = 0;

  constructor(private readonly t: Tok[]) {}

  /** The whole body: one block (with an optional label), an optional `;` after it. */
  program(): Stmt {
    const label = this.label();
    if (!isWord(this.peek(), 'declare', 'begin')) throw this.error('the body does not start with DECLARE or BEGIN');
    const block = this.block(label);
    if (isOp(this.peek(), ';')) this.i += 1;
    if (this.i < this.t.length) throw this.error('text after the final END');
    return block;
  }

  private peek(n = 0): Tok | undefined {
    return this.t[this.i + n];
  }

  private error(message: string): ParseError {
    const near = this.t.slice(this.i, this.i + 6).map((x) => x.value).join(' ');
    return new ParseError(`${message} (near "${near}")`);
  }

  private expectWord(...words: string[]): Tok {
    const x = this.peek();
    if (!isWord(x, ...words)) throw this.error(`expected ${words.join(' or ').toUpperCase()}`);
    this.i += 1;
    return x!;
  }

  private expectOp(op: string): void {
    if (!isOp(this.peek(), op)) throw this.error(`expected ${op}`);
    this.i += 1;
  }

  private name(): string {
    const x = this.peek();
    if (x?.kind !== 'word' && x?.kind !== 'ident') throw this.error('expected a name');
    this.i += 1;
    return x.lower;
  }

  /** `<<label>>`, or null. */
  private label(): string | null {
    if (!isOp(this.peek(), '<<')) return null;
    this.i += 1;
    const name = this.name();
    this.expectOp('>>');
    return name;
  }

  /**
   * Tokens up to (not including) a stop word or operator at nesting depth 0; parentheses,
   * brackets and CASE … END expressions nest.
   */
  private until(stopWords: string[], stopOps: string[] = [';']): Toks {
    const start = this.i;
    let depth = 0;
    let caseDepth = 0;
    while (this.i < this.t.length) {
      const x = this.t[this.i]!;
      if (depth === 0 && caseDepth === 0 && ((x.kind === 'word' && stopWords.includes(x.lower)) || (x.kind === 'op' && stopOps.includes(x.value)))) break;
      if (isOp(x, '(', '[')) depth += 1;
      else if (isOp(x, ')', ']')) depth -= 1;
      else if (isWord(x, 'case')) caseDepth += 1;
      else if (isWord(x, 'end') && caseDepth > 0) caseDepth -= 1;
      if (depth < 0) throw this.error('unbalanced parentheses');
      this.i += 1;
    }
    if (this.i >= this.t.length) throw this.error(`missing ${[...stopWords, ...stopOps].join(' / ').toUpperCase()}`);
    return this.t.slice(start, this.i);
  }

  private statementEnd(): void {
    this.expectOp(';');
  }

  /** [DECLARE decls] BEGIN stmts [EXCEPTION handlers] END [label] ; */
  private block(label: string | null): Stmt {
    const decls: Decl[] = [];
    if (isWord(this.peek(), 'declare')) {
      this.i += 1;
      while (!isWord(this.peek(), 'begin')) {
        if (this.i >= this.t.length) throw this.error('DECLARE without BEGIN');
        if (isWord(this.peek(), 'declare')) {
          this.i += 1;
          continue;
        }
        decls.push(this.declaration());
      }
    }
    this.expectWord('begin');
    const body = this.statements(['exception', 'end']);
    let handlers: Handler[] | null = null;
    if (isWord(this.peek(), 'exception')) {
      this.i += 1;
      handlers = [];
      while (isWord(this.peek(), 'when')) {
        this.i += 1;
        const conditions: string[] = [];
        for (;;) {
          if (isWord(this.peek(), 'sqlstate')) {
            this.i += 1;
            const s = this.peek();
            if (s?.kind !== 'string') throw this.error('SQLSTATE without a code');
            this.i += 1;
            conditions.push(`sqlstate ${s.value}`);
          } else conditions.push(this.name());
          if (!isWord(this.peek(), 'or')) break;
          this.i += 1;
        }
        this.expectWord('then');
        handlers.push({ conditions, body: this.statements(['when', 'end']) });
      }
    }
    this.expectWord('end');
    const after = this.peek();
    if ((after?.kind === 'word' || after?.kind === 'ident') && label !== null && after.lower === label) this.i += 1;
    return { k: 'block', label, decls, body, handlers };
  }

  private declaration(): Decl {
    const name = this.name();
    if (isWord(this.peek(), 'alias')) {
      this.i += 1;
      this.expectWord('for');
      const of = this.until([]);
      this.statementEnd();
      return { k: 'alias', name, of };
    }
    if (isWord(this.peek(), 'no', 'scroll', 'cursor')) {
      while (isWord(this.peek(), 'no', 'scroll')) this.i += 1;
      this.expectWord('cursor');
      let args: Toks | null = null;
      if (isOp(this.peek(), '(')) {
        this.i += 1;
        args = this.until([], [')']);
        this.i += 1;
      }
      this.expectWord('for', 'is');
      const query = this.until([]);
      this.statementEnd();
      return { k: 'cursor', name, args, query };
    }
    let constant = false;
    if (isWord(this.peek(), 'constant')) {
      constant = true;
      this.i += 1;
    }
    const type = this.until(['not', 'default', 'collate'], [';', ':=', '=']);
    let notNull = false;
    if (isWord(this.peek(), 'collate')) {
      this.i += 2;
    }
    if (isWord(this.peek(), 'not')) {
      this.i += 1;
      this.expectWord('null');
      notNull = true;
    }
    let init: Toks | null = null;
    if (isOp(this.peek(), ':=', '=') || isWord(this.peek(), 'default')) {
      this.i += 1;
      init = this.until([]);
    }
    this.statementEnd();
    if (type.length === 0) throw this.error(`variable ${name} without a type`);
    return { k: 'var', name, type, constant, notNull, init };
  }

  /** Statements up to one of the closing words (not consumed). */
  private statements(closers: string[]): Stmt[] {
    const out: Stmt[] = [];
    while (!(this.peek()?.kind === 'word' && closers.includes(this.peek()!.lower))) {
      if (this.i >= this.t.length) throw this.error(`missing ${closers.join(' / ').toUpperCase()}`);
      out.push(this.statement());
    }
    return out;
  }

  private statement(): Stmt {
    const label = this.label();
    const x = this.peek();
    if (!x) throw this.error('unexpected end of body');
    if (x.kind === 'word') {
      switch (x.lower) {
        case 'declare':
        case 'begin': {
          const b = this.block(label);
          this.statementEnd();
          return b;
        }
        case 'if':
          return this.ifStmt();
        case 'case':
          return this.caseStmt();
        case 'loop':
          this.i += 1;
          return this.loopBody(label, (body) => ({ k: 'loop', label, body }));
        case 'while': {
          this.i += 1;
          const cond = this.until(['loop']);
          this.i += 1;
          return this.loopBody(label, (body) => ({ k: 'while', label, cond, body }));
        }
        case 'for':
          return this.forStmt(label);
        case 'foreach': {
          this.i += 1;
          this.until(['loop']);
          this.i += 1;
          this.loopBody(label, (body) => ({ k: 'loop', label, body }));
          return { k: 'unsupported', construct: 'FOREACH over an array' };
        }
        case 'exit':
        case 'continue': {
          this.i += 1;
          const target = (this.peek()?.kind === 'word' && !isWord(this.peek(), 'when')) || this.peek()?.kind === 'ident' ? this.name() : null;
          let when: Toks | null = null;
          if (isWord(this.peek(), 'when')) {
            this.i += 1;
            when = this.until([]);
          }
          this.statementEnd();
          return { k: x.lower as 'exit' | 'continue', label: target, when };
        }
        case 'return':
          return this.returnStmt();
        case 'raise':
          return this.raiseStmt();
        case 'perform': {
          this.i += 1;
          const query = this.until([]);
          this.statementEnd();
          return { k: 'perform', query };
        }
        case 'execute':
          return this.executeStmt();
        case 'get':
          return this.diagnostics();
        case 'open': {
          this.i += 1;
          const cursor = this.name();
          if (isWord(this.peek(), 'no', 'scroll')) return this.skip('OPEN … SCROLL');
          let query: Toks | null = null;
          if (isWord(this.peek(), 'for')) {
            this.i += 1;
            if (isWord(this.peek(), 'execute')) return this.skip('OPEN … FOR EXECUTE (dynamic cursor)');
            query = this.until([]);
          } else if (isOp(this.peek(), '(')) return this.skip('a cursor with arguments');
          this.statementEnd();
          return { k: 'open', cursor, query };
        }
        case 'fetch': {
          this.i += 1;
          if (isWord(this.peek(), 'next')) this.i += 1;
          else if (isWord(this.peek(), 'prior', 'first', 'last', 'absolute', 'relative', 'forward', 'backward')) return this.skip('FETCH in a direction other than NEXT');
          if (isWord(this.peek(), 'from', 'in')) this.i += 1;
          const cursor = this.name();
          this.expectWord('into');
          const into = this.targets([]);
          this.statementEnd();
          return { k: 'fetch', cursor, into };
        }
        case 'close': {
          this.i += 1;
          const cursor = this.name();
          this.statementEnd();
          return { k: 'close', cursor };
        }
        case 'move':
          return this.skip('MOVE on a cursor');
        case 'null':
          if (isOp(this.peek(1), ';')) {
            this.i += 2;
            return { k: 'null' };
          }
          break;
        case 'commit':
        case 'rollback':
        case 'savepoint':
          return this.skip('transaction control');
        case 'assert':
          return this.skip('ASSERT');
        case 'call':
          return this.sqlStmt();
      }
    }
    // Assignment: name[.name…][[…]] := | = expr
    const save = this.i;
    if (x.kind === 'word' || x.kind === 'ident') {
      let j = this.i + 1;
      while (isOp(this.t[j], '.') && (this.t[j + 1]?.kind === 'word' || this.t[j + 1]?.kind === 'ident')) j += 2;
      if (isOp(this.t[j], '[')) return this.skip('array element assignment');
      if (isOp(this.t[j], ':=', '=') && !isWord(x, 'select', 'insert', 'update', 'delete', 'with')) {
        const target = this.t.slice(this.i, j);
        this.i = j + 1;
        const expr = this.until([]);
        this.statementEnd();
        return { k: 'assign', target, expr };
      }
    }
    this.i = save;
    if (x.kind === 'word') return this.sqlStmt();
    throw this.error('statement not understood');
  }

  /** Skips to the end of the statement, recording the construct. */
  private skip(construct: string): Stmt {
    let depth = 0;
    while (this.i < this.t.length && !(depth === 0 && isOp(this.peek(), ';'))) {
      if (isOp(this.peek(), '(')) depth += 1;
      if (isOp(this.peek(), ')')) depth -= 1;
      this.i += 1;
    }
    this.statementEnd();
    return { k: 'unsupported', construct };
  }

  /** Body of LOOP … END LOOP [label] ; (LOOP already read). */
  private loopBody(label: string | null, make: (body: Stmt[]) => Stmt): Stmt {
    const body = this.statements(['end']);
    this.expectWord('end');
    this.expectWord('loop');
    if (this.peek()?.kind === 'word' || this.peek()?.kind === 'ident') this.i += 1;
    this.statementEnd();
    return make(body);
  }

  private ifStmt(): Stmt {
    this.i += 1;
    const branches: { cond: Toks; body: Stmt[] }[] = [];
    let cond = this.until(['then']);
    this.i += 1;
    branches.push({ cond, body: this.statements(['elsif', 'elseif', 'else', 'end']) });
    let otherwise: Stmt[] | null = null;
    for (;;) {
      if (isWord(this.peek(), 'elsif', 'elseif')) {
        this.i += 1;
        cond = this.until(['then']);
        this.i += 1;
        branches.push({ cond, body: this.statements(['elsif', 'elseif', 'else', 'end']) });
      } else if (isWord(this.peek(), 'else')) {
        this.i += 1;
        otherwise = this.statements(['end']);
      } else break;
    }
    this.expectWord('end');
    this.expectWord('if');
    this.statementEnd();
    return { k: 'if', branches, otherwise };
  }

  private caseStmt(): Stmt {
    this.i += 1;
    const subject = isWord(this.peek(), 'when') ? null : this.until(['when']);
    const whens: { cond: Toks; body: Stmt[] }[] = [];
    while (isWord(this.peek(), 'when')) {
      this.i += 1;
      const cond = this.until(['then']);
      this.i += 1;
      whens.push({ cond, body: this.statements(['when', 'else', 'end']) });
    }
    let otherwise: Stmt[] | null = null;
    if (isWord(this.peek(), 'else')) {
      this.i += 1;
      otherwise = this.statements(['end']);
    }
    this.expectWord('end');
    this.expectWord('case');
    this.statementEnd();
    return { k: 'case', subject, whens, otherwise };
  }

  private forStmt(label: string | null): Stmt {
    this.i += 1;
    const variable = this.name();
    if (isOp(this.peek(), ',')) {
      this.until(['loop']);
      this.i += 1;
      this.loopBody(label, (body) => ({ k: 'loop', label, body }));
      return { k: 'unsupported', construct: 'FOR over a query into several variables' };
    }
    this.expectWord('in');
    if (isWord(this.peek(), 'execute')) {
      this.i += 1;
      const query = this.until(['loop', 'using']);
      const using = this.usingList(['loop']);
      this.i += 1;
      return this.loopBody(label, (body) => ({ k: 'for_query', label, variable, query, dynamic: true, using, body }));
    }
    let reverse = false;
    if (isWord(this.peek(), 'reverse')) {
      reverse = true;
      this.i += 1;
    }
    const range = this.until(['loop']);
    this.i += 1;
    const dots = topLevelIndex(range, (x) => isOp(x, '..'));
    if (dots >= 0) {
      const by = topLevelIndex(range, (x) => isWord(x, 'by'));
      const from = range.slice(0, dots);
      const to = range.slice(dots + 1, by >= 0 ? by : range.length);
      return this.loopBody(label, (body) => ({ k: 'for_range', label, variable, reverse, from, to, by: by >= 0 ? range.slice(by + 1) : null, body }));
    }
    if (range.length === 1 && (range[0]!.kind === 'word' || range[0]!.kind === 'ident') && !isWord(range[0], 'select', 'with', 'values')) {
      return this.loopBody(label, (body) => ({ k: 'for_cursor', label, variable, cursor: range[0]!.lower, body }));
    }
    if (!isWord(range[0], 'select', 'with', 'values', 'table')) return this.loopBody(label, () => ({ k: 'unsupported', construct: 'FOR over something other than a range, a query or a cursor' }));
    return this.loopBody(label, (body) => ({ k: 'for_query', label, variable, query: range, dynamic: false, using: [], body }));
  }

  /** `USING a, b` (when present) up to a stop word or `;`. */
  private usingList(stopWords: string[]): Toks[] {
    if (!isWord(this.peek(), 'using')) return [];
    this.i += 1;
    const out: Toks[] = [];
    for (;;) {
      out.push(this.until([...stopWords], [';', ',']));
      if (!isOp(this.peek(), ',')) break;
      this.i += 1;
    }
    return out;
  }

  private returnStmt(): Stmt {
    this.i += 1;
    if (isWord(this.peek(), 'next')) {
      this.i += 1;
      const expr = isOp(this.peek(), ';') ? null : this.until([]);
      this.statementEnd();
      return { k: 'return_next', expr };
    }
    if (isWord(this.peek(), 'query')) {
      this.i += 1;
      if (isWord(this.peek(), 'execute')) {
        this.i += 1;
        const query = this.until(['using']);
        const using = this.usingList([]);
        this.statementEnd();
        return { k: 'return_query', query, dynamic: true, using };
      }
      const query = this.until([]);
      this.statementEnd();
      return { k: 'return_query', query, dynamic: false, using: [] };
    }
    const expr = isOp(this.peek(), ';') ? null : this.until([]);
    this.statementEnd();
    return { k: 'return', expr };
  }

  private raiseStmt(): Stmt {
    this.i += 1;
    const r: RaiseStmt = { k: 'raise', level: 'exception', format: null, args: [], condition: null, using: new Map(), reraise: false };
    if (isOp(this.peek(), ';')) {
      this.i += 1;
      r.reraise = true;
      return r;
    }
    if (this.peek()?.kind === 'word' && RAISE_LEVELS.has(this.peek()!.lower)) {
      r.level = this.peek()!.lower;
      this.i += 1;
    }
    const x = this.peek();
    if (x?.kind === 'string') {
      r.format = x.value;
      this.i += 1;
      while (isOp(this.peek(), ',')) {
        this.i += 1;
        r.args.push(this.until(['using'], [';', ',']));
      }
    } else if (isWord(x, 'sqlstate')) {
      this.i += 1;
      const s = this.peek();
      if (s?.kind !== 'string') throw this.error('SQLSTATE without a code');
      r.condition = `sqlstate ${s.value}`;
      this.i += 1;
    } else if (x?.kind === 'word' && !isWord(x, 'using')) {
      r.condition = x.lower;
      this.i += 1;
    }
    if (isWord(this.peek(), 'using')) {
      this.i += 1;
      for (;;) {
        const opt = this.name();
        if (!isOp(this.peek(), '=', ':=')) throw this.error('USING option without =');
        this.i += 1;
        r.using.set(opt, this.until([], [';', ',']));
        if (!isOp(this.peek(), ',')) break;
        this.i += 1;
      }
    }
    this.statementEnd();
    return r;
  }

  private executeStmt(): Stmt {
    this.i += 1;
    const expr = this.until(['into', 'using']);
    let into: { targets: Toks[]; strict: boolean } | null = null;
    if (isWord(this.peek(), 'into')) {
      this.i += 1;
      const strict = isWord(this.peek(), 'strict');
      if (strict) this.i += 1;
      into = { targets: this.targets(['using']), strict };
    }
    const using = this.usingList([]);
    this.statementEnd();
    return { k: 'execute', expr, into, using };
  }

  /** Comma-separated assignment targets up to a stop word or `;`. */
  private targets(stopWords: string[]): Toks[] {
    const out: Toks[] = [];
    for (;;) {
      out.push(this.until(stopWords, [';', ',']));
      if (!isOp(this.peek(), ',')) break;
      this.i += 1;
    }
    return out;
  }

  private diagnostics(): Stmt {
    this.i += 1;
    let stacked = false;
    if (isWord(this.peek(), 'current', 'stacked')) {
      stacked = this.peek()!.lower === 'stacked';
      this.i += 1;
    }
    this.expectWord('diagnostics');
    const items: { target: Toks; item: string }[] = [];
    for (;;) {
      const target = this.until([], ['=', ':=']);
      this.i += 1;
      items.push({ target, item: this.name() });
      if (!isOp(this.peek(), ',')) break;
      this.i += 1;
    }
    this.statementEnd();
    return { k: 'get_diagnostics', stacked, items };
  }

  /** An SQL statement; SELECT … INTO targets and … RETURNING … INTO targets are split off. */
  private sqlStmt(): Stmt {
    const tokens = this.until([]);
    this.statementEnd();
    const first = tokens[0]!.lower;
    let into: { targets: Toks[]; strict: boolean } | null = null;
    // The INTO of a SELECT (at depth 0, not INSERT INTO) or after RETURNING.
    const canInto = first === 'select' || first === 'with' || tokens.some((x, n) => isWord(x, 'returning') && depthAt(tokens, n) === 0);
    const at = canInto ? tokens.findIndex((x, n) => isWord(x, 'into') && depthAt(tokens, n) === 0 && !isWord(tokens[n - 1], 'insert')) : -1;
    if (at >= 0) {
      let j = at + 1;
      const strict = isWord(tokens[j], 'strict');
      if (strict) j += 1;
      const targets: Toks[] = [];
      let current: Toks = [];
      // Targets: names (a.b) separated by commas.
      for (;;) {
        const x = tokens[j];
        if (x && (x.kind === 'word' || x.kind === 'ident') && !(x.kind === 'word' && SQL_CLAUSE_WORDS.has(x.lower))) {
          current.push(x);
          j += 1;
          while (isOp(tokens[j], '.') && tokens[j + 1]) {
            current.push(tokens[j]!, tokens[j + 1]!);
            j += 2;
          }
          targets.push(current);
          current = [];
          if (isOp(tokens[j], ',') && !(first === 'select' && isWord(tokens[j + 1], 'from'))) {
            // A comma after the targets may also belong to the select list (`SELECT INTO a x, y`): only names follow a target comma.
            j += 1;
            continue;
          }
        }
        break;
      }
      into = { targets, strict };
      tokens.splice(at, j - at);
    }
    return { k: 'sql', tokens, into };
  }
}

/** Words that end an INTO target list. */
const SQL_CLAUSE_WORDS = new Set(['from', 'where', 'group', 'having', 'order', 'limit', 'offset', 'union', 'intersect', 'except', 'window', 'for', 'returning']);

/** Parenthesis depth just before tokens[n]. */
function depthAt(tokens: Toks, n: number): number {
  let depth = 0;
  for (let k = 0; k < n; k++) {
    if (isOp(tokens[k], '(', '[')) depth += 1;
    else if (isOp(tokens[k], ')', ']')) depth -= 1;
  }
  return depth;
}

/** Index of the first token matching at depth 0, or -1. */
export function topLevelIndex(tokens: Toks, match: (t: Tok) => boolean): number {
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const x = tokens[k]!;
    if (depth === 0 && match(x)) return k;
    if (isOp(x, '(', '[')) depth += 1;
    else if (isOp(x, ')', ']')) depth -= 1;
  }
  return -1;
}

/** The pieces between the separators `sep` outside parentheses (empty pieces kept). */
export function splitTopLevel(tokens: Toks, sep: string): Toks[] {
  const parts: Toks[] = [];
  let cur: Toks = [];
  let depth = 0;
  for (const t of tokens) {
    if (isOp(t, '(')) depth += 1;
    if (isOp(t, ')')) depth -= 1;
    if (depth === 0 && isOp(t, sep)) {
      parts.push(cur);
      cur = [];
    } else cur.push(t);
  }
  parts.push(cur);
  return parts;
}

/** Parses a PL/pgSQL body. */
export function parsePlpgsql(tokens: Tok[]): Stmt {
  return new BodyParser(tokens).program();
}

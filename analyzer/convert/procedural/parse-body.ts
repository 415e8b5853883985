/**
 * A recursive-descent parser for MySQL stored-program bodies: BEGIN…END blocks with their
 * DECLAREs, IF/CASE/WHILE/REPEAT/LOOP with labels, LEAVE/ITERATE, SET, RETURN, cursors,
 * SIGNAL/RESIGNAL; every other statement is kept as its tokens (up to the `;`). A form it
 * does not know raises ParseError with the construct's name, so the routine goes to manual
 * work instead of being guessed at.
 */
import type { Decl, Stmt, Tokens } from './ast.js';
import { isOp, isWord, type Tok } from './tokens.js';

/** The body could not be read: `construct` names what stopped it. */
export class ParseError extends Error {
  constructor(
    readonly construct: string,
    message: string,
  ) {
    super(message);
  }
}

const nameOf = (t: Tok | undefined): string | null => (t?.kind === 'word' || t?.kind === 'ident' ? t.value : null);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(n = 0): Tok | undefined {
    return this.toks[this.i + n];
  }

  private fail(construct: string, message: string): never {
    throw new ParseError(construct, message);
  }

  private expectWord(...words: string[]): void {
    if (!isWord(this.peek(), ...words)) this.fail('syntax', `expected ${words.join(' or ')} near ${this.peek()?.text ?? 'the end'}`);
    this.i++;
  }

  private acceptWord(...words: string[]): boolean {
    if (!isWord(this.peek(), ...words)) return false;
    this.i++;
    return true;
  }

  private name(): string {
    const n = nameOf(this.peek());
    if (n === null) this.fail('syntax', `expected a name near ${this.peek()?.text ?? 'the end'}`);
    this.i++;
    return n;
  }

  private endStatement(): void {
    if (isOp(this.peek(), ';')) this.i++;
    else if (this.i < this.toks.length && !isWord(this.peek(), 'END', 'ELSE', 'ELSEIF', 'WHEN', 'UNTIL')) this.fail('syntax', `expected ; near ${this.peek()!.text}`);
  }

  /**
   * Tokens up to one of `stops` at nesting depth 0: parentheses, and CASE…END inside
   * expressions (a CASE expression's THEN/END must not end an IF condition).
   */
  private until(stops: (t: Tok, next: Tok | undefined) => boolean): Tokens {
    const start = this.i;
    let depth = 0;
    let cases = 0;
    for (; this.i < this.toks.length; this.i++) {
      const t = this.toks[this.i]!;
      if (depth === 0 && cases === 0 && stops(t, this.toks[this.i + 1])) break;
      if (isOp(t, '(')) depth++;
      else if (isOp(t, ')')) depth--;
      else if (isWord(t, 'CASE')) cases++;
      else if (isWord(t, 'END') && cases > 0) cases--;
    }
    return this.toks.slice(start, this.i);
  }

  private expression(...stopWords: string[]): Tokens {
    const e = this.until((t) => isOp(t, ';') || isWord(t, ...stopWords));
    if (!e.length) this.fail('syntax', 'an empty expression');
    return e;
  }

  program(): Stmt {
    const s = this.statement();
    if (isOp(this.peek(), ';')) this.i++;
    if (this.i < this.toks.length) this.fail('syntax', `text after the end of the body: ${this.peek()!.text}`);
    return s;
  }

  /** Statements until END/ELSE/ELSEIF/WHEN/UNTIL. */
  private list(): Stmt[] {
    const out: Stmt[] = [];
    while (this.i < this.toks.length && !isWord(this.peek(), 'END', 'ELSE', 'ELSEIF', 'WHEN', 'UNTIL')) {
      out.push(this.statement());
      this.endStatement();
    }
    return out;
  }

  private statement(): Stmt {
    let label: string | null = null;
    if (nameOf(this.peek()) !== null && isOp(this.peek(1), ':') && !isWord(this.peek(), 'BEGIN')) {
      label = this.name().toLowerCase();
      this.i++;
    }
    const t = this.peek();
    if (t?.kind === 'versioned_comment') this.fail('versioned_comment', 'a versioned comment (/*! … */), which MySQL runs as code');
    if (!t || t.kind !== 'word') {
      if (label !== null) this.fail('syntax', 'a label without a statement');
      return { kind: 'sql', tokens: this.until((x) => isOp(x, ';')) };
    }
    const kw = t.text.toUpperCase();
    if (label !== null && !['BEGIN', 'LOOP', 'WHILE', 'REPEAT'].includes(kw)) this.fail('syntax', `a label before ${kw}`);
    switch (kw) {
      case 'BEGIN':
        if (isWord(this.peek(1), 'WORK')) break;
        return this.block(label);
      case 'IF':
        return this.ifStatement();
      case 'CASE':
        return this.caseStatement();
      case 'WHILE': {
        this.i++;
        const cond = this.expression('DO');
        this.expectWord('DO');
        const body = this.list();
        this.endLoop('WHILE', label);
        return { kind: 'while', label, cond, body };
      }
      case 'REPEAT': {
        this.i++;
        const body = this.list();
        this.expectWord('UNTIL');
        const until = this.until((x, next) => isWord(x, 'END') && isWord(next, 'REPEAT'));
        this.endLoop('REPEAT', label);
        return { kind: 'repeat', label, body, until };
      }
      case 'LOOP': {
        this.i++;
        const body = this.list();
        this.endLoop('LOOP', label);
        return { kind: 'loop', label, body };
      }
      case 'LEAVE':
      case 'ITERATE':
        this.i++;
        return { kind: kw === 'LEAVE' ? 'leave' : 'iterate', label: this.name().toLowerCase() };
      case 'SET':
        if (this.isAssignment()) return this.setStatement();
        break;
      case 'RETURN':
        this.i++;
        return { kind: 'return', expr: this.expression() };
      case 'OPEN':
      case 'CLOSE':
        this.i++;
        return { kind: kw === 'OPEN' ? 'open' : 'close', cursor: this.name().toLowerCase() };
      case 'FETCH':
        return this.fetch();
      case 'SIGNAL':
      case 'RESIGNAL':
        return this.signal(kw === 'RESIGNAL');
      case 'DECLARE':
        this.fail('declare_position', 'DECLARE outside the start of a BEGIN…END block');
    }
    return { kind: 'sql', tokens: this.until((x) => isOp(x, ';')) };
  }

  /** SET a = …, SET NEW.x = …, SET @u = …; not SET TRANSACTION / SET NAMES / SET SESSION. */
  private isAssignment(): boolean {
    const next = this.peek(1);
    return !isWord(next, 'TRANSACTION', 'NAMES', 'CHARACTER', 'SESSION', 'GLOBAL', 'LOCAL', 'PASSWORD', 'ROLE', 'AUTOCOMMIT', 'SQL_MODE') && next?.kind !== 'sysvar';
  }

  private endLoop(word: string, label: string | null): void {
    this.expectWord('END');
    this.expectWord(word);
    if (label !== null && nameOf(this.peek()) !== null && !isOp(this.peek(), ';')) this.i++;
  }

  private block(label: string | null): Stmt {
    this.expectWord('BEGIN');
    if (isWord(this.peek(), 'NOT') && isWord(this.peek(1), 'ATOMIC')) this.fail('begin_not_atomic', 'BEGIN NOT ATOMIC');
    const decls: Decl[] = [];
    while (isWord(this.peek(), 'DECLARE')) {
      decls.push(this.declare());
      this.endStatement();
    }
    const body = this.list();
    this.expectWord('END');
    if (label !== null && nameOf(this.peek()) !== null && !isOp(this.peek(), ';')) this.i++;
    return { kind: 'block', label, decls, body };
  }

  private declare(): Decl {
    this.expectWord('DECLARE');
    if (isWord(this.peek(), 'CONTINUE', 'EXIT', 'UNDO') && isWord(this.peek(1), 'HANDLER')) {
      const action = this.peek()!.text.toLowerCase() as 'continue' | 'exit' | 'undo';
      this.i += 2;
      this.expectWord('FOR');
      const conditions: string[] = [];
      do {
        conditions.push(this.handlerCondition());
      } while (isOp(this.peek(), ',') && ++this.i);
      return { kind: 'handler', action, conditions, body: this.statement() };
    }
    const names = [this.name()];
    while (isOp(this.peek(), ',')) {
      this.i++;
      names.push(this.name());
    }
    if (names.length === 1 && isWord(this.peek(), 'CURSOR')) {
      this.i++;
      this.expectWord('FOR');
      return { kind: 'cursor', name: names[0]!.toLowerCase(), query: this.until((x) => isOp(x, ';')) };
    }
    if (names.length === 1 && isWord(this.peek(), 'CONDITION')) {
      this.i++;
      this.expectWord('FOR');
      return { kind: 'condition', name: names[0]!.toLowerCase(), value: this.handlerCondition() };
    }
    const type = this.until((x) => isOp(x, ';') || isWord(x, 'DEFAULT'));
    if (!type.length) this.fail('syntax', 'DECLARE without a type');
    const dflt = this.acceptWord('DEFAULT') ? this.expression() : null;
    const typeText = type
      .map((x) => x.text)
      .join(' ')
      .replace(/\s*([(),])\s*/g, '$1');
    return { kind: 'var', names: names.map((n) => n.toLowerCase()), type: typeText, default: dflt };
  }

  /** NOT FOUND, SQLEXCEPTION, SQLWARNING, SQLSTATE [VALUE] '…', an error number, or a condition name; normalised. */
  private handlerCondition(): string {
    if (this.acceptWord('NOT')) {
      this.expectWord('FOUND');
      return 'NOT FOUND';
    }
    if (this.acceptWord('SQLEXCEPTION')) return 'SQLEXCEPTION';
    if (this.acceptWord('SQLWARNING')) return 'SQLWARNING';
    if (this.acceptWord('SQLSTATE')) {
      this.acceptWord('VALUE');
      const s = this.peek();
      if (s?.kind !== 'string') this.fail('syntax', 'SQLSTATE without a string');
      this.i++;
      return `SQLSTATE ${s.value}`;
    }
    const t = this.peek();
    if (t?.kind === 'number') {
      this.i++;
      return `ERROR ${t.text}`;
    }
    return `NAME ${this.name().toLowerCase()}`;
  }

  private ifStatement(): Stmt {
    this.expectWord('IF');
    const branches: { cond: Tokens; body: Stmt[] }[] = [];
    let otherwise: Stmt[] | null = null;
    for (;;) {
      const cond = this.expression('THEN');
      this.expectWord('THEN');
      branches.push({ cond, body: this.list() });
      if (this.acceptWord('ELSEIF')) continue;
      if (this.acceptWord('ELSE')) otherwise = this.list();
      break;
    }
    this.expectWord('END');
    this.expectWord('IF');
    return { kind: 'if', branches, otherwise };
  }

  private caseStatement(): Stmt {
    this.expectWord('CASE');
    const subject = isWord(this.peek(), 'WHEN') ? null : this.expression('WHEN');
    const branches: { cond: Tokens; body: Stmt[] }[] = [];
    while (this.acceptWord('WHEN')) {
      const cond = this.expression('THEN');
      this.expectWord('THEN');
      branches.push({ cond, body: this.list() });
    }
    const otherwise = this.acceptWord('ELSE') ? this.list() : null;
    this.expectWord('END');
    this.expectWord('CASE');
    return { kind: 'case', subject, branches, otherwise };
  }

  private setStatement(): Stmt {
    this.expectWord('SET');
    const assigns: { target: Tokens; value: Tokens }[] = [];
    do {
      const target = this.until((x) => isOp(x, '=') || isOp(x, ':=') || isOp(x, ';'));
      if (!isOp(this.peek(), '=') && !isOp(this.peek(), ':=')) this.fail('syntax', 'SET without =');
      this.i++;
      const value = this.until((x) => isOp(x, ',') || isOp(x, ';') || isWord(x, 'END'));
      if (!target.length || !value.length) this.fail('syntax', 'an incomplete SET');
      assigns.push({ target, value });
    } while (isOp(this.peek(), ',') && ++this.i);
    return { kind: 'set', assigns };
  }

  private fetch(): Stmt {
    this.expectWord('FETCH');
    if (this.acceptWord('NEXT')) this.expectWord('FROM');
    else this.acceptWord('FROM');
    const cursor = this.name().toLowerCase();
    this.expectWord('INTO');
    const into: Tokens[] = [];
    do {
      into.push(this.until((x) => isOp(x, ',') || isOp(x, ';')));
    } while (isOp(this.peek(), ',') && ++this.i);
    return { kind: 'fetch', cursor, into };
  }

  private signal(resignal: boolean): Stmt {
    this.i++;
    const condition = this.until((x) => isOp(x, ';') || isWord(x, 'SET'));
    const items: { name: string; value: Tokens }[] = [];
    if (this.acceptWord('SET')) {
      do {
        const name = this.name().toUpperCase();
        if (!isOp(this.peek(), '=')) this.fail('syntax', 'SIGNAL … SET without =');
        this.i++;
        items.push({ name, value: this.until((x) => isOp(x, ',') || isOp(x, ';')) });
      } while (isOp(this.peek(), ',') && ++this.i);
    }
    return { kind: 'signal', resignal, condition, items };
  }
}

/** Parses a body: one statement, usually a BEGIN…END block. Throws ParseError. */
export function parseBody(tokens: Tok[]): Stmt {
  return new Parser(tokens).program();
}

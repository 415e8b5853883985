/**
 * The corpus SQL filter: rewrites a corpus file so that everything it creates lands in the
 * database we chose for it. Several corpus files create and switch to their own database
 * (`CREATE DATABASE x; USE x;`, psql's `\c x`); the filter blanks those statements and, on
 * MySQL, points `x.table` qualifiers at our database, so nothing lands in (or reads from) a
 * database of the corpus's own name. Removed lines become empty lines, so the clients' error
 * messages keep the corpus file's line numbers.
 *
 * A small lexer follows strings, quoted identifiers, comments and (PostgreSQL) dollar quotes
 * line by line, so that a statement is only recognized where a statement can start (not in
 * the middle of a string or a function body), and so that MySQL qualifiers are only rewritten
 * in SQL text, never in data or comments.
 */

/** The two engines of the corpus. */
export type Engine = 'mysql' | 'postgres';

type Mode = 'code' | 'string' | 'ident' | 'block' | 'dollar';

interface LexState {
  mode: Mode;
  /** The character that closes the current string or quoted identifier. */
  close: string;
  /** Whether a backslash escapes the next character in the current string. */
  backslash: boolean;
  /** PostgreSQL: nested block comment depth; dollar-quote tag. */
  depth: number;
  tag: string;
  /** MySQL `/*! … *\/`: executable text that looks like a comment. */
  versioned: boolean;
}

interface Segment {
  code: boolean;
  text: string;
}

const initialState = (): LexState => ({ mode: 'code', close: '', backslash: false, depth: 0, tag: '', versioned: false });
const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$]/.test(c);

/** Splits one line into code and non-code (strings, comments) segments, carrying the state to the next line. */
function scanLine(line: string, engine: Engine, start: LexState): { segments: Segment[]; end: LexState } {
  const st = { ...start };
  const segments: Segment[] = [];
  const emit = (text: string, code: boolean): void => {
    const last = segments.at(-1);
    if (last && last.code === code) last.text += text;
    else segments.push({ code, text });
  };
  let i = 0;
  while (i < line.length) {
    const step = st.mode === 'code' ? scanCode(line, i, engine, st) : scanQuoted(line, i, engine, st);
    emit(line.slice(i, i + step.length), step.code);
    i += step.length;
  }
  return { segments, end: st };
}

/** One token in code mode: how many characters, and whether they are SQL text. Updates the state. */
function scanCode(line: string, i: number, engine: Engine, st: LexState): { length: number; code: boolean } {
  const c = line[i]!;
  const two = line.slice(i, i + 2);
  const rest = line.length - i;
  // Line comments: MySQL needs whitespace (or the end) after `--`; `#` is MySQL only.
  if (two === '--' && (engine === 'postgres' || i + 2 >= line.length || /\s/.test(line[i + 2]!))) return { length: rest, code: false };
  if (c === '#' && engine === 'mysql') return { length: rest, code: false };
  if (two === '/*') {
    if (engine === 'mysql' && /^\/\*M?!/.test(line.slice(i, i + 4))) {
      st.versioned = true;
      return { length: line[i + 2] === 'M' ? 4 : 3, code: true };
    }
    Object.assign(st, { mode: 'block', depth: 1 });
    return { length: 2, code: false };
  }
  if (two === '*/' && st.versioned) {
    st.versioned = false;
    return { length: 2, code: true };
  }
  if (c === "'") {
    // PostgreSQL: backslash escapes only in E'…' strings (standard_conforming_strings is on).
    const escapes = engine === 'mysql' || (/[Ee]/.test(line[i - 1] ?? '') && !isIdentChar(line[i - 2]));
    Object.assign(st, { mode: 'string', close: "'", backslash: escapes });
    return { length: 1, code: false };
  }
  if (c === '"') {
    // MySQL (default sql_mode): a string; PostgreSQL: a quoted identifier.
    if (engine === 'mysql') Object.assign(st, { mode: 'string', close: '"', backslash: true });
    else Object.assign(st, { mode: 'ident', close: '"' });
    return { length: 1, code: engine === 'postgres' };
  }
  if (c === '`' && engine === 'mysql') {
    Object.assign(st, { mode: 'ident', close: '`' });
    return { length: 1, code: true };
  }
  if (c === '$' && engine === 'postgres' && !isIdentChar(line[i - 1])) {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(line.slice(i));
    if (m) {
      Object.assign(st, { mode: 'dollar', tag: m[0] });
      return { length: m[0].length, code: false };
    }
  }
  return { length: 1, code: true };
}

/** One token inside a string, quoted identifier, block comment or dollar quote. Updates the state. */
function scanQuoted(line: string, i: number, engine: Engine, st: LexState): { length: number; code: boolean } {
  const c = line[i]!;
  const two = line.slice(i, i + 2);
  switch (st.mode) {
    case 'string':
      if (c === '\\' && st.backslash) return { length: Math.min(2, line.length - i), code: false };
      if (c === st.close) st.mode = 'code';
      return { length: 1, code: false };
    case 'ident':
      if (c === st.close) st.mode = 'code';
      return { length: 1, code: true };
    case 'block':
      if (two === '/*' && engine === 'postgres') {
        st.depth++;
        return { length: 2, code: false };
      }
      if (two === '*/') {
        st.depth--;
        if (st.depth === 0) st.mode = 'code';
        return { length: 2, code: false };
      }
      return { length: 1, code: false };
    case 'dollar':
      if (line.startsWith(st.tag, i)) {
        st.mode = 'code';
        return { length: st.tag.length, code: false };
      }
      return { length: 1, code: false };
    case 'code':
      throw new Error('scanQuoted called in code mode');
  }
}

/** Carried from file to file of one plan: the database names the files create or switch to, and the MySQL delimiter. */
export interface FilterContext {
  engine: Engine;
  target: string;
  ownNames: Set<string>;
  delimiter: string;
}

/** A statement that switches or creates databases: `line` is a client command that ends with its line. */
interface Removal {
  kind: 'line' | 'statement';
  name: string | null;
}

const MYSQL_DB_STATEMENT = /^\s*(?:CREATE|DROP)\s+(?:DATABASE|SCHEMA)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?`?([^`\s;]+)`?/i;
const MYSQL_USE = /^\s*USE\s+`?([^`\s;]+)`?/i;
const PG_CONNECT = /^\s*\\c(?:onnect)?(?:\s|$)/;
const PG_DB_STATEMENT = /^\s*(?:CREATE|DROP)\s+DATABASE\b/i;

function removalFor(line: string, engine: Engine): Removal | null {
  if (engine === 'mysql') {
    const use = MYSQL_USE.exec(line);
    if (use) return { kind: 'line', name: use[1] ?? null };
    const db = MYSQL_DB_STATEMENT.exec(line);
    return db ? { kind: 'statement', name: db[1] ?? null } : null;
  }
  if (PG_CONNECT.test(line)) return { kind: 'line', name: null };
  return PG_DB_STATEMENT.test(line) ? { kind: 'statement', name: null } : null;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `sakila.film`, `` `northwind`.`orders` `` → `` `scout_corpus_x`.film ``: a view or table that
 * names the corpus's own database would otherwise need (or silently use) a database of that
 * name. Only in SQL text. Caveat: a table named like the database (employees.employees) would
 * make `employees.col` ambiguous; no corpus file writes such a column reference.
 */
function rewriteQualifiers(segments: readonly Segment[], ctx: FilterContext): string {
  if (ctx.ownNames.size === 0) return segments.map((s) => s.text).join('');
  const alternatives = [...ctx.ownNames].map((n) => `\`${escapeRegExp(n)}\`|${escapeRegExp(n)}`).join('|');
  const qualifier = new RegExp(`(^|[^A-Za-z0-9_$\`.])(?:${alternatives})\\s*\\.(?=\\s*[\`A-Za-z_])`, 'g');
  return segments.map((s) => (s.code ? s.text.replace(qualifier, `$1\`${ctx.target}\`.`) : s.text)).join('');
}

/**
 * The file as the client should run it in our database. Removed lines become empty lines, so
 * the clients' error messages keep the corpus file's line numbers.
 */
export function filterSql(text: string, ctx: FilterContext): string {
  // COPY … FROM stdin data is not SQL: the lexer would misread it. No corpus file has any.
  if (ctx.engine === 'postgres' && /^\s*COPY\b[^;]*\bFROM\s+stdin\b/im.test(text)) {
    throw new Error('COPY … FROM stdin data blocks are not supported by the corpus filter');
  }
  const out: string[] = [];
  let state = initialState();
  let skipping = false;
  for (const line of text.split('\n')) {
    const atStatementStart = state.mode === 'code' && !skipping;
    const { segments, end } = scanLine(line, ctx.engine, state);
    state = end;
    const code = segments.filter((s) => s.code).map((s) => s.text).join('');
    const terminator = ctx.engine === 'mysql' ? ctx.delimiter : ';';
    if (skipping) {
      out.push('');
      skipping = !code.includes(terminator);
      continue;
    }
    const removal = atStatementStart ? removalFor(line, ctx.engine) : null;
    if (removal) {
      if (removal.name) ctx.ownNames.add(removal.name);
      out.push('');
      skipping = removal.kind === 'statement' && !code.includes(terminator);
      continue;
    }
    const delimiter = atStatementStart && ctx.engine === 'mysql' ? /^\s*DELIMITER\s+(\S+)/i.exec(line) : null;
    if (delimiter) ctx.delimiter = delimiter[1]!;
    out.push(ctx.engine === 'mysql' && !delimiter ? rewriteQualifiers(segments, ctx) : line);
  }
  // Every corpus file ends in plain SQL; ending inside a string or comment means the lexer misread it.
  if (state.mode !== 'code' || state.versioned) throw new Error(`the corpus filter lost track of the SQL (file ends inside a ${state.versioned ? 'versioned comment' : state.mode})`);
  return out.join('\n');
}


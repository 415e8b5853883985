/**
 * A tokenizer for PL/pgSQL and LANGUAGE sql bodies (pg_proc.prosrc). Whitespace and comments
 * are dropped (the printer lays out its own text); strings (standard, E'…' escape and
 * dollar-quoted) and quoted names are unquoted, so nothing from the catalog reaches the
 * output unescaped. Unquoted words keep their spelling; `lower` is the folded name.
 */

export interface Tok {
  kind: 'word' | 'ident' | 'string' | 'number' | 'op' | 'param';
  /** Word: source spelling; ident: unquoted name; string: value; op: the operator; param: the digits of $n. */
  value: string;
  /** Word: lower case (PostgreSQL folds unquoted names); others: the value. */
  lower: string;
}

/** Longest first. `:=` before `:`, `::` before `:`. */
const OPERATORS = ['<<', '>>', ':=', '::', '<>', '!=', '<=', '>=', '||', '=>', '..', '!~~*', '!~~', '~~*', '~~', '!~*', '!~', '~*', '->>', '->', '(', ')', '[', ']', ',', ';', ':', '+', '-', '*', '/', '%', '^', '=', '<', '>', '~', '.', '@', '&', '|', '#'];

const tok = (kind: Tok['kind'], value: string, lower = value): Tok => ({ kind, value, lower });

/** E'…' content → its value (backslash escapes as PostgreSQL reads them). */
function unescapeE(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === undefined) return null;
    const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (simple[n] !== undefined) out += simple[n];
    else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out += String.fromCharCode(parseInt(m, 8));
      i += m.length - 1;
    } else if (n === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
      if (!m) return null;
      out += String.fromCharCode(parseInt(m[0], 16));
      i += m[0].length;
    } else if (n === 'u' || n === 'U') return null;
    else out += n;
  }
  return out;
}

/** Reads a quoted run starting at `i` (the opening quote); `''` doubles a quote; backslash skips for E strings. */
function readQuoted(text: string, i: number, q: string, backslash: boolean): { raw: string; end: number } | null {
  let j = i + 1;
  let raw = '';
  while (j < text.length) {
    const c = text[j]!;
    if (backslash && c === '\\') {
      raw += text.slice(j, j + 2);
      j += 2;
    } else if (c === q && text[j + 1] === q) {
      raw += backslash ? `\\${q}` : q;
      j += 2;
    } else if (c === q) return { raw, end: j + 1 };
    else {
      raw += c;
      j += 1;
    }
  }
  return null;
}

/** Tokens of a PostgreSQL body, or the reason it could not be read. */
export function tokenizePg(text: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const c = text[i]!;
    let m: RegExpExecArray | null;
    if ((m = /^\s+/.exec(rest))) {
      i += m[0].length;
    } else if (rest.startsWith('--')) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (rest.startsWith('/*')) {
      // PostgreSQL block comments nest.
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text.startsWith('/*', j)) {
          depth += 1;
          j += 1;
        } else if (text.startsWith('*/', j)) {
          depth -= 1;
          j += 1;
          if (depth === 0) break;
        }
      }
      if (depth !== 0) return 'unterminated comment';
      i = j + 1;
    } else if ((c === 'E' || c === 'e') && text[i + 1] === "'") {
      const q = readQuoted(text, i + 1, "'", true);
      if (!q) return 'unterminated string';
      const v = unescapeE(q.raw);
      if (v === null) return 'escape string not understood';
      out.push(tok('string', v));
      i = q.end;
    } else if (c === "'") {
      const q = readQuoted(text, i, "'", false);
      if (!q) return 'unterminated string';
      out.push(tok('string', q.raw));
      i = q.end;
    } else if (c === '"') {
      const q = readQuoted(text, i, '"', false);
      if (!q) return 'unterminated quoted name';
      out.push(tok('ident', q.raw));
      i = q.end;
    } else if ((m = /^\$([A-Za-z_][A-Za-z_0-9]*)?\$/.exec(rest))) {
      const close = text.indexOf(m[0], i + m[0].length);
      if (close < 0) return 'unterminated dollar-quoted string';
      out.push(tok('string', text.slice(i + m[0].length, close)));
      i = close + m[0].length;
    } else if ((m = /^\$(\d+)/.exec(rest))) {
      out.push(tok('param', m[1]!));
      i += m[0].length;
    } else if ((m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest)) && !(m[2] === '.' && text[i + m[0].length] === '.')) {
      out.push(tok('number', m[0]));
      i += m[0].length;
    } else if ((m = /^\d+/.exec(rest))) {
      // `1..10`: the integer before a range.
      out.push(tok('number', m[0]));
      i += m[0].length;
    } else if ((m = /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/.exec(rest))) {
      out.push(tok('word', m[0], m[0].toLowerCase()));
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) return `character ${JSON.stringify(c)} not understood`;
      out.push(tok('op', op));
      i += op.length;
    }
  }
  return out;
}

export const isWord = (t: Tok | undefined, ...words: string[]): boolean => t?.kind === 'word' && words.includes(t.lower);
export const isOp = (t: Tok | undefined, ...ops: string[]): boolean => t?.kind === 'op' && ops.includes(t.value);

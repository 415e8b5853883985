/**
 * A tokenizer for MySQL stored-program bodies (ROUTINE_DEFINITION, ACTION_STATEMENT).
 * Whitespace and comments are dropped (the printer lays out its own text); strings and
 * quoted names are unquoted, so nothing from the catalog reaches the output unescaped.
 * Conditional comments (`/*! … *\/`) run as code on MySQL: they are kept as one token the
 * parser refuses, never dropped silently.
 */
import { readQuoted } from '../../dialects/mysql/read-quoted.js';

/** One lexical unit; `text` is the source spelling, `value` the unquoted content. */
export interface Tok {
  kind: 'word' | 'ident' | 'string' | 'number' | 'op' | 'uservar' | 'sysvar' | 'hex' | 'bits' | 'versioned_comment';
  text: string;
  /** Unquoted name (ident, uservar), string value, hex digits or bits. */
  value: string;
}

const OPERATORS = ['<=>', '->>', ':=', '<>', '!=', '<=', '>=', '||', '&&', '->', '<<', '>>', '(', ')', ',', ';', ':', '+', '-', '*', '/', '%', '=', '<', '>', '!', '~', '^', '&', '|', '.'];

/** Tokens of `text`, or the reason it could not be read. */
export function tokenizeBody(text: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  const push = (kind: Tok['kind'], t: string, value = t): void => {
    out.push({ kind, text: t, value });
  };
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i]!;
    let m: RegExpExecArray | null;
    if ((m = /^\s+/.exec(rest))) i += m[0].length;
    else if (rest.startsWith('/*!') || rest.startsWith('/*M!')) {
      const close = text.indexOf('*/', i);
      const end = close < 0 ? text.length : close + 2;
      push('versioned_comment', text.slice(i, end));
      i = end;
    } else if (rest.startsWith('/*')) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return 'unterminated comment';
      i = close + 2;
    } else if (/^(--(\s|$)|#)/.test(rest)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (ch === '`') {
      const q = readQuoted(text, i, false);
      if (!q) return 'unterminated quoted name';
      push('ident', text.slice(i, q.end), q.body);
      i = q.end;
    } else if (ch === "'" || ch === '"') {
      const q = readQuoted(text, i, true);
      if (!q) return 'unterminated string';
      push('string', text.slice(i, q.end), q.body);
      i = q.end;
    } else if ((m = /^_[a-zA-Z0-9]+(?=\s*')/.exec(rest))) {
      // A charset introducer (_utf8mb4'x'): PostgreSQL strings have the database encoding.
      i += m[0].length;
    } else if ((m = /^[xX]'([0-9a-fA-F]*)'/.exec(rest)) || (m = /^0x([0-9a-fA-F]+)\b/.exec(rest))) {
      push('hex', m[0], m[1]!.toLowerCase());
      i += m[0].length;
    } else if ((m = /^[bB]'([01]*)'/.exec(rest))) {
      push('bits', m[0], m[1]!);
      i += m[0].length;
    } else if ((m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(?![\w$])/.exec(rest))) {
      push('number', m[0]);
      i += m[0].length;
    } else if ((m = /^@@(?:(?:global|session|local)\.)?([A-Za-z_][\w$]*)/i.exec(rest))) {
      push('sysvar', m[0], m[1]!.toLowerCase());
      i += m[0].length;
    } else if (ch === '@') {
      const q = text[i + 1] === '`' || text[i + 1] === "'" || text[i + 1] === '"' ? readQuoted(text, i + 1, text[i + 1] !== '`') : null;
      if (q) {
        push('uservar', text.slice(i, q.end), q.body.toLowerCase());
        i = q.end;
      } else if ((m = /^@([\w$.]+)/.exec(rest))) {
        push('uservar', m[0], m[1]!.toLowerCase());
        i += m[0].length;
      } else return 'a lone @';
    } else if ((m = /^[\p{L}\p{N}_$]+/u.exec(rest))) {
      push('word', m[0]);
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => rest.startsWith(o));
      if (!op) return `unexpected character ${JSON.stringify(ch)}`;
      push('op', op);
      i += op.length;
    }
  }
  return out;
}

/** Whether `t` is the word `w` (case-insensitive). */
export const isWord = (t: Tok | undefined, ...words: string[]): boolean => t?.kind === 'word' && words.includes(t.text.toUpperCase());

/** Whether `t` is the operator `op`. */
export const isOp = (t: Tok | undefined, op: string): boolean => t?.kind === 'op' && t.text === op;

/**
 * A tokenizer for the MySQL expressions the catalog hands back (CHECK clauses, generated
 * columns, expression defaults, functional index parts). Those texts are short and already
 * normalised by the server, so a token stream is enough to rewrite them; anything it does not
 * recognise stops the translation instead of passing through.
 */
import { readQuoted } from '../../dialects/mysql/read-quoted.js';

/** One lexical unit of a MySQL expression; strings and identifiers are already unquoted. */
export type Token =
  | { kind: 'space' }
  | { kind: 'ident'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'bytes'; hex: string }
  | { kind: 'bits'; bits: string }
  | { kind: 'word'; text: string }
  | { kind: 'op'; text: string };

const OPERATORS = ['<=>', '->>', '<>', '!=', '<=', '>=', '||', '&&', ':=', '->', '<<', '>>', '(', ')', ',', '+', '-', '*', '/', '%', '=', '<', '>', '!', '~', '^', '&', '|', '.'];

/** Tokens of `text`, or the reason it could not be read. */
export function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const ch = text[i]!;
    let m: RegExpExecArray | null;
    if ((m = /^\s+/.exec(rest))) {
      tokens.push({ kind: 'space' });
      i += m[0].length;
    } else if (ch === '`') {
      const q = readQuoted(text, i, false);
      if (!q) return 'unterminated quoted identifier';
      tokens.push({ kind: 'ident', name: q.body });
      i = q.end;
    } else if (ch === "'" || ch === '"') {
      const q = readQuoted(text, i, true);
      if (!q) return 'unterminated string';
      tokens.push({ kind: 'string', value: q.body });
      i = q.end;
    } else if ((m = /^[xX]'([0-9a-fA-F]*)'/.exec(rest)) || (m = /^0x([0-9a-fA-F]+)/.exec(rest))) {
      tokens.push({ kind: 'bytes', hex: m[1]!.toLowerCase() });
      i += m[0].length;
    } else if ((m = /^[bB]'([01]*)'/.exec(rest))) {
      tokens.push({ kind: 'bits', bits: m[1]! });
      i += m[0].length;
    } else if ((m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(rest))) {
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if ((m = /^_[a-zA-Z0-9]+(?=\s*')/.exec(rest))) {
      // A charset introducer (_utf8mb4'x'): PostgreSQL strings have the database encoding.
      i += m[0].length;
    } else if ((m = /^[A-Za-z_$][\w$]*/.exec(rest))) {
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => rest.startsWith(o));
      if (!op) return `unexpected character ${JSON.stringify(ch)}`;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

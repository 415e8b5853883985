/**
 * A small tokenizer for PostgreSQL expressions as the server deparses them: standard string
 * literals ('' doubled), quoted identifiers ("" doubled), numbers, words, operators and
 * punctuation. It refuses escape strings rather than guess at them.
 */
import { readDoubledQuoted } from '../../dialects/quoted-run.js';

/** One lexical token of a PostgreSQL expression. */
export type Token =
  | { t: 'str'; v: string }
  | { t: 'qid'; v: string }
  | { t: 'word'; v: string }
  | { t: 'num'; v: string }
  | { t: 'op'; v: string }
  | { t: 'punct'; v: string };

const OPERATORS = ['!~~*', '!~~', '~~*', '<>', '!=', '>=', '<=', '::', '||', '~~', '!~', '~*', '->>', '->', '=', '<', '>', '+', '-', '*', '/', '%', '~', '^', '@', '&', '|', '#', '?'];

/** Splits an expression into tokens; null on an escape string (E'…') or a character it does not know. */
export function tokenize(text: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if ((c === 'E' || c === 'e') && text[i + 1] === "'") return null; // E'' escape strings: refused rather than guessed
    if (c === "'" || c === '"') {
      const q = readDoubledQuoted(text, i);
      if (!q) return null;
      out.push({ t: c === "'" ? 'str' : 'qid', v: q.body });
      i = q.end;
      continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/.exec(text.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    if ('(),[].'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i += 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) return null;
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

/** Tokens back to PostgreSQL text (for a sub-expression translated on its own). */
export function serialize(tokens: Token[]): string {
  return tokens
    .map((tok) => (tok.t === 'str' ? `'${tok.v.replaceAll("'", "''")}'` : tok.t === 'qid' ? `"${tok.v.replaceAll('"', '""')}"` : tok.v))
    .join(' ');
}


/**
 * Reading identifiers back out of PostgreSQL's deparsed text (regclass literals, trigger
 * definitions): `"Sales Ü"."seq"`, `app.invoice_no`, `seq`. Quoted parts keep their case and
 * un-double their quotes; unquoted parts are folded to lower case, as the server does.
 */
import { readDoubledQuoted } from '../quoted-run.js';

/** Splits a possibly qualified, possibly quoted name into its parts; null when malformed. */
export function splitQualifiedName(text: string): string[] | null {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    if (s[i] === '"') {
      const q = readDoubledQuoted(s, i);
      if (!q) return null;
      parts.push(q.body);
      i = q.end;
    } else {
      const m = /^[^."\s]+/.exec(s.slice(i));
      if (!m) return null;
      parts.push(m[0].toLowerCase());
      i += m[0].length;
    }
    if (i < s.length) {
      if (s[i] !== '.') return null;
      i += 1;
    }
  }
  return parts.length > 0 ? parts : null;
}

/** Splits a comma-separated list of (possibly quoted) identifiers: `a, "B c", d`. */
export function splitIdentifierList(text: string): string[] | null {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    const m = /^("(?:[^"]|"")*"|[^,\s"]+)\s*(,\s*|$)/.exec(rest);
    if (!m) return null;
    const one = splitQualifiedName(m[1]!);
    if (!one || one.length !== 1) return null;
    out.push(one[0]!);
    rest = rest.slice(m[0].length);
  }
  return out;
}

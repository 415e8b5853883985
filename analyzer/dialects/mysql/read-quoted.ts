/**
 * MySQL's quoted runs: `identifiers` (doubled backticks) and 'strings' or "strings" (doubled
 * quotes, backslash escapes unless NO_BACKSLASH_ESCAPES). Shared by the expression and the
 * stored-program tokenizers.
 * https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
 */
import { unescapeChar } from './parse-type.js';

/** The body of the quoted run opening at `start` and the index after it, or null when unterminated. */
export function readQuoted(s: string, start: number, backslash: boolean): { body: string; end: number } | null {
  const quote = s[start]!;
  let body = '';
  for (let i = start + 1; i < s.length; i++) {
    const ch = s[i]!;
    if (backslash && ch === '\\' && i + 1 < s.length) {
      const next = s[i + 1]!;
      // MySQL keeps the backslash of \% and \_ (they matter to LIKE only).
      body += next === '%' || next === '_' ? `\\${next}` : unescapeChar(next);
      i++;
    } else if (ch === quote) {
      if (s[i + 1] !== quote) return { body, end: i + 1 };
      body += quote;
      i++;
    } else body += ch;
  }
  return null;
}

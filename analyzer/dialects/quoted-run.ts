/**
 * Quoted runs in SQL text as both engines write them ('strings', "identifiers", `identifiers`):
 * the quote character written twice stands for itself; with `backslash` (MySQL strings) a
 * backslash also escapes the next character. Decoding an engine's escapes stays with the
 * engine (dialects/mysql/read-quoted.ts; PostgreSQL E'' strings in convert/procedural-pg/tokens.ts).
 */

/** The index after the quoted run opening at `start`; the end of the text when it is not closed. */
export function quotedRunEnd(text: string, start: number, backslash: boolean): number {
  const q = text[start]!;
  let j = start + 1;
  while (j < text.length) {
    const c = text[j]!;
    if (backslash && c === '\\') j += 2;
    else if (c === q && text[j + 1] === q) j += 2;
    else if (c === q) return j + 1;
    else j++;
  }
  return text.length;
}

/** The body of the quoted run opening at `start` (doubled quotes made single, no backslash escapes) and the index after it; null when it is not closed. */
export function readDoubledQuoted(text: string, start: number): { body: string; end: number } | null {
  const q = text[start]!;
  let body = '';
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] !== q) body += text[j];
    else if (text[j + 1] === q) {
      body += q;
      j++;
    } else return { body, end: j + 1 };
  }
  return null;
}

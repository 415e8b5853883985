/**
 * String literals and identifiers between the two dialects: the parser keeps a literal's
 * text as written (escapes included), so it is decoded with the source's rules and
 * re-encoded with the target's.
 */
import type { SourceDialect } from '../../model/schema.js';
import { quoteMysqlIdent, quoteMysqlString } from '../../dialects/mysql/quote.js';
import { quoteIdent as quotePostgresIdent, quoteLiteral } from '../../dialects/postgres/quote.js';
import { Untranslatable } from './ast.js';

/** MySQL backslash escapes inside quoted strings (sql_mode without NO_BACKSLASH_ESCAPES). */
const MYSQL_ESCAPES: Record<string, string> = { '0': '\0', "'": "'", '"': '"', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a', '\\': '\\' };

/**
 * Decodes a literal's text. MySQL: `''` and backslash escapes; `\%` and `\_` keep their
 * backslash (MySQL keeps it so LIKE patterns still escape). PostgreSQL standard strings:
 * only `''`.
 */
export function decodeString(dialect: SourceDialect, text: string): string {
  if (dialect === 'postgres') return text.replaceAll("''", "'");
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      out += MYSQL_ESCAPES[next] ?? (next === '%' || next === '_' ? `\\${next}` : next);
      i++;
    } else if (c === "'" && text[i + 1] === "'") {
      out += "'";
      i++;
    } else out += c;
  }
  return out;
}

/**
 * A string literal for the target, written by the dialect's quoting module. PostgreSQL text
 * cannot hold NUL, so a literal with one has no equivalent there.
 */
export function quoteString(dialect: SourceDialect, value: string): string {
  if (dialect === 'mysql') return quoteMysqlString(value);
  if (value.includes('\0')) throw new Untranslatable('nul_in_string', 'a string literal holds a NUL character, which PostgreSQL text cannot store');
  return quoteLiteral(value);
}

/** An always-quoted identifier for the target, written by the dialect's quoting module. */
export function quoteIdent(dialect: SourceDialect, name: string): string {
  if (name.includes('\0')) throw new Untranslatable('nul_in_identifier', 'an identifier holds a NUL character');
  return dialect === 'postgres' ? quotePostgresIdent(name) : quoteMysqlIdent(name);
}

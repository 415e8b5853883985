/**
 * The one place PostgreSQL identifiers and literals are written. Every identifier is quoted
 * (names come from customer catalogs: reserved words, quotes, newlines, unicode), literals use
 * standard '' doubling (standard_conforming_strings is on since PostgreSQL 9.1), and names
 * longer than PostgreSQL's 63-byte limit are cut on a character boundary with a stable hash.
 * https://www.postgresql.org/docs/15/sql-syntax-lexical.html
 */
import { createHash } from 'node:crypto';

/** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

/** `"name"`, with embedded double quotes doubled. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** `"schema"."name"`. */
export const qualifyName = (schema: string, name: string): string => `${quoteIdent(schema)}.${quoteIdent(name)}`;

/** `'text'`, with embedded single quotes doubled. */
export const quoteLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** A dollar-quote tag that does not occur in `body`, so the body needs no escaping. */
export function dollarQuote(body: string): string {
  let tag = '$scout$';
  for (let n = 1; body.includes(tag); n++) tag = `$scout${n}$`;
  return `${tag}${body}${tag}`;
}

/** Text made safe inside a `--` line comment: one line, no control characters. */
export const commentLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f]/g, '?');

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Cuts `s` to at most `bytes` UTF-8 bytes without splitting a character. */
function cutToBytes(s: string, bytes: number): string {
  let out = '';
  for (const ch of s) {
    if (utf8Bytes(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}

/**
 * The name as PostgreSQL will keep it: unchanged when it fits in 63 bytes, otherwise cut on a
 * character boundary and ended with `_` and 8 hex digits of the full name's SHA-1, so two long
 * names that share a prefix stay distinct and the result is the same on every run.
 */
export function fitIdentifier(name: string): string {
  if (utf8Bytes(name) <= MAX_IDENTIFIER_BYTES) return name;
  const hash = createHash('sha1').update(name, 'utf8').digest('hex').slice(0, 8);
  return `${cutToBytes(name, MAX_IDENTIFIER_BYTES - 9)}_${hash}`;
}

/**
 * Type parsers for the catalog queries' rows: pg's own, except integer arrays (int2[], int4[],
 * oid[]: key and index column numbers, operator classes, collations), which pg parses with a
 * general array parser that cost a tenth of a second on 30,000 constraint and index rows. A
 * one-dimensional array of integers is split here; anything else (more dimensions, quoted
 * elements) goes to pg's parser, so the values are the same.
 */
import pg from 'pg';

const INT2_ARRAY = 1005;
const INT4_ARRAY = 1007;
const OID_ARRAY = 1028;

/** `{1,2,NULL}`, after an optional lower-bound prefix such as `[0:1]=` (int2vector cast to int2[]). */
const FLAT_INTEGER_ARRAY = /^(?:\[-?\d+:-?\d+\]=)?\{((?:-?\d+|NULL)(?:,(?:-?\d+|NULL))*)?\}$/;

export function parseIntegerArray(text: string, fallback: (text: string) => unknown): unknown {
  const m = FLAT_INTEGER_ARRAY.exec(text);
  if (!m) return fallback(text);
  if (m[1] === undefined) return [];
  return m[1].split(',').map((v) => (v === 'NULL' ? null : Number.parseInt(v, 10)));
}

type Parser = (text: string) => unknown;
const getTypeParser = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => Parser;

/** Per-query `types` for client.query: pg's parsers with the integer arrays above. */
export const CATALOG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): Parser {
    const base = getTypeParser(oid, format);
    if ((format ?? 'text') !== 'text' || (oid !== INT2_ARRAY && oid !== INT4_ARRAY && oid !== OID_ARRAY)) return base;
    return (text: string) => parseIntegerArray(text, base);
  },
};

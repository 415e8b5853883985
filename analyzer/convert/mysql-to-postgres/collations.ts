/**
 * Case-insensitive MySQL collations (`*_ci`, the default of nearly every MySQL column) on
 * PostgreSQL, per the `collation` option:
 * - icu: a nondeterministic ICU collation (`und-u-ks-level2`: case-insensitive,
 *   accent-sensitive) created once per schema; comparisons, UNIQUE and GROUP BY stay
 *   case-insensitive. PostgreSQL 15 refuses LIKE and regular expressions on such columns.
 *   https://www.postgresql.org/docs/15/collation.html#COLLATION-NONDETERMINISTIC
 * - citext: the citext extension's type (length kept with a CHECK);
 * - none: default collation, and an item that comparisons became case-sensitive.
 */
import type { DataType } from '../../model/data-types.js';
import type { Column } from '../../model/schema.js';
import { qualifyName } from '../../dialects/postgres/quote.js';
import type { ConvertOptions } from '../options.js';
import type { TypeCheck } from './types.js';

/** The name of the collation created in each target schema. */
export const CI_COLLATION = 'ci';

/** CREATE COLLATION for the icu option. */
export const createCiCollationSql = (schema: string): string =>
  `CREATE COLLATION IF NOT EXISTS ${qualifyName(schema, CI_COLLATION)} (provider = icu, locale = 'und-u-ks-level2', deterministic = false);`;

/** MySQL names case-insensitive collations `*_ci` (utf8mb4_general_ci, utf8mb4_0900_ai_ci, …). */
export const isCaseInsensitive = (collation: string | undefined): boolean => collation !== undefined && /_ci$/i.test(collation);

/** A string column after the collation option: its type, collation and any CHECK it needs. */
export interface CollationResult {
  type: DataType;
  /** Model collation (`<schema>.ci`) for the icu option. */
  collation?: string;
  checks: TypeCheck[];
  /** Which option applied, for the table's item; null when the column keeps the default collation. */
  applied: ConvertOptions['collationAs'] | null;
}

/** Applies the collation option to a converted string column. */
export function convertCollation(source: Column, type: DataType, schema: string, options: ConvertOptions): CollationResult {
  const stringKind = type.kind === 'char' || type.kind === 'varchar' || type.kind === 'text';
  if (!stringKind || type.arrayDims || !isCaseInsensitive(source.collation)) return { type, checks: [], applied: null };
  if (options.collationAs === 'icu') return { type, collation: `${schema}.${CI_COLLATION}`, checks: [], applied: 'icu' };
  if (options.collationAs === 'citext') {
    const checks: TypeCheck[] = [];
    const length = type.length;
    if (type.kind !== 'text' && length !== undefined) checks.push({ suffix: 'length', condition: (c) => `char_length(${c}) <= ${length}` });
    return { type: { kind: 'unknown', raw: qualifyName(schema, 'citext') }, checks, applied: 'citext' };
  }
  return { type, checks: [], applied: 'none' };
}

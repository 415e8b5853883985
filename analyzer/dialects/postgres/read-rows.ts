/**
 * Typed access to raw PostgreSQL catalog rows. Rows are untrusted JSON: every getter checks
 * the value's type and falls back (null, false, []) instead of throwing, so a row shape from
 * another agent version degrades to a model problem, never a crash.
 */
import type { DatabaseServer } from '../../../agent/bundle/index.js';

/** One raw catalog row, as the bundle stores it. */
export type RawRow = DatabaseServer['databases'][number]['rows'][string][number];

/** Rows of one kind (`tables`, `columns`, …); missing kinds read as no rows. */
export function rowsOf(rows: Record<string, RawRow[]>, kind: string): RawRow[] {
  const list = rows[kind];
  return Array.isArray(list) ? list : [];
}

/** A text value; numbers are given as their decimal text (bigint columns arrive as strings or numbers). */
export function str(row: RawRow, key: string): string | null {
  const v = row[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

export function bool(row: RawRow, key: string): boolean {
  const v = row[key];
  return v === true || v === 't' || v === 'true';
}

export function num(row: RawRow, key: string): number | null {
  const v = row[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** A text[] column (array of strings; nulls dropped). */
export function strList(row: RawRow, key: string): string[] {
  const v = row[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A json column holding an array of objects (json_agg results). */
export function objList(row: RawRow, key: string): RawRow[] {
  const v = row[key];
  return Array.isArray(v) ? v.filter((x): x is RawRow => typeof x === 'object' && x !== null && !Array.isArray(x)) : [];
}

/** `schema\u0000name`: map key for qualified lookups. */
export const key2 = (schema: string, name: string): string => `${schema}\u0000${name}`;

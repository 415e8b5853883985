/**
 * Typed access to raw MySQL catalog rows. Drivers hand back numbers as numbers or strings
 * (BIGINT, DECIMAL) and the bundle keeps whatever came: every reader here accepts both and
 * never throws, so one odd row cannot stop a whole model.
 */
import type { RawRows } from '../../../agent/bundle/index.js';

/** One catalog row as the bundle keeps it. */
export type RawRow = RawRows[number];

/** The value as text, or null when absent or SQL NULL. */
export function text(row: RawRow, key: string): string | null {
  const v = row[key];
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** The value as text, '' when absent. */
export const textOr = (row: RawRow, key: string): string => text(row, key) ?? '';

/** A whole number, or null when absent or not a number. */
export function int(row: RawRow, key: string): number | null {
  const s = text(row, key);
  if (s === null || !/^-?\d+$/.test(s.trim())) return null;
  return Number(s.trim());
}

/** An unsigned counter kept as a decimal string (AUTO_INCREMENT can exceed 2^53). */
export function bigText(row: RawRow, key: string): string | null {
  const s = text(row, key);
  return s !== null && /^\d+$/.test(s.trim()) ? s.trim().replace(/^0+(?=\d)/, '') : null;
}

/** Groups rows by a key, keeping the catalog's order inside each group. */
export function groupRows(rows: readonly RawRow[], key: (row: RawRow) => string): Map<string, RawRow[]> {
  const out = new Map<string, RawRow[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/** `table\u0000name`: a map key that no identifier can fake. */
export const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

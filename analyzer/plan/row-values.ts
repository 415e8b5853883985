/** Typed reads of raw bundle rows for the planner: drivers give numbers as numbers or strings. */
import type { RawRows } from '../../agent/bundle/index.js';

export type RawRow = RawRows[number];

export function rowText(row: RawRow | undefined, key: string): string | null {
  const v = row?.[key];
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

export function rowNumber(row: RawRow | undefined, key: string): number | null {
  const s = rowText(row, key);
  if (s === null || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Seconds between two ISO times; null when not positive. */
export function secondsBetween(from: string, to: string): number | null {
  const s = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(s) && s > 0 ? s : null;
}

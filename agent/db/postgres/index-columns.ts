/**
 * Builds each index row's `columns` entries from the arrays the INDEXES query sends (indkey,
 * indoption, indclass, indcollation and the expression columns' texts, the `_`-led columns),
 * with operator class and collation names from INDEX_LOOKUPS; then drops those arrays, so the
 * row is what the bundle has always held. An entry's `column` is the attnum here (null for an
 * expression); attribute-names.ts names it.
 *
 * Entry: position (1-based), column, expression, key (false for an INCLUDE column), and for
 * key columns descending (indoption bit 0), nulls_first (bit 1), opclass, opclass_is_default
 * and collation (null when the column has none); INCLUDE columns have none of those
 * (indoption, indclass and indcollation cover the key columns only).
 */
import type { RawRows } from '../../bundle/schema.js';

type Row = RawRows[number];
type Json = Row[string];

/** The helper columns of an INDEXES row, removed once the entries are built. */
const HELPERS = ['_attnums', '_options', '_opclasses', '_collations', '_expressions'] as const;

const numbers = (v: Json | undefined): (number | null)[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : null)) : []);
const texts = (v: Json | undefined): (string | null)[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : null)) : []);

/** One column of an index; `column` is the attnum until attribute-names.ts names it. */
export type IndexEntry = {
  position: number;
  column: number | string | null;
  expression: string | null;
  key: boolean;
  descending: boolean | null;
  nulls_first: boolean | null;
  opclass: string | null;
  opclass_is_default: boolean | null;
  collation: string | null;
};

export class IndexColumns {
  private readonly opclasses = new Map<number, { name: string; isDefault: boolean | null }>();
  private readonly collations = new Map<number, string>();

  /** The INDEX_LOOKUPS rows (none when that query failed: operator classes and collations are then null). */
  setLookups(rows: RawRows): void {
    for (const r of rows) {
      if (typeof r.oid !== 'number' || typeof r.name !== 'string') continue;
      if (r.kind === 'opclass') this.opclasses.set(r.oid, { name: r.name, isDefault: typeof r.is_default === 'boolean' ? r.is_default : null });
      else if (r.kind === 'collation') this.collations.set(r.oid, r.name);
    }
  }

  /** Replaces each row's `columns` with its entries and drops the helper columns (rows without them are left as they are). */
  build(rows: RawRows): void {
    for (const r of rows) {
      if (!('_attnums' in r)) continue;
      r.columns = this.entries(r);
      for (const h of HELPERS) delete r[h];
    }
  }

  private entries(r: Row): Json {
    const keyCount = typeof r.key_column_count === 'number' ? r.key_column_count : null;
    return this.entriesOf(numbers(r._attnums), numbers(r._options), numbers(r._opclasses), numbers(r._collations), texts(r._expressions), keyCount);
  }

  /** An index's entries from its arrays (see the file's comment); null when it has no columns. `keyCount` null: all are key columns. */
  entriesOf(
    attnums: readonly (number | null)[],
    options: readonly (number | null)[],
    opclasses: readonly (number | null)[],
    collations: readonly (number | null)[],
    expressions: readonly (string | null)[],
    keyCount: number | null,
  ): IndexEntry[] | null {
    if (attnums.length === 0) return null;
    const keys = keyCount ?? attnums.length;
    return attnums.map((attnum, i) => {
      const key = i < keys;
      const opt = key ? options[i] : null;
      const opclass = key && opclasses[i] != null ? this.opclasses.get(opclasses[i]!) : undefined;
      const coll = key && collations[i] ? this.collations.get(collations[i]!) : undefined;
      return {
        position: i + 1,
        column: attnum === null || attnum === 0 ? null : attnum,
        expression: attnum === 0 ? (expressions[i] ?? null) : null,
        key,
        descending: opt == null ? null : (opt & 1) !== 0,
        nulls_first: opt == null ? null : (opt & 2) !== 0,
        opclass: opclass?.name ?? null,
        opclass_is_default: opclass?.isDefault ?? null,
        collation: coll ?? null,
      };
    });
  }
}

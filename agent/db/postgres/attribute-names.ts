/**
 * Names the attributes that constraints and indexes refer to by number. Their queries return
 * attnums with the relation's oid (`table_oid`, `ref_table_oid`), and this names them from the
 * columns rows the same read fetched, as pg_dump does, instead of each query joining
 * pg_attribute (which hashed every attribute of the database, system catalogs included).
 *
 * The rows are named in place: a number in a name slot is an attnum still to name; once named
 * it is the attribute's name, or null when it could not be found. An attribute the columns rows
 * do not have (a foreign key to an extension's table, or a columns query that failed) is asked
 * of the server in one query, with bound parameters, at the end of the read.
 */
import type { Limitation, RawRows } from '../../bundle/schema.js';

type Row = RawRows[number];
type Json = Row[string];

/** The kinds whose rows name attributes by number, and how to reach those numbers. */
const NAMED_KINDS = ['constraints', 'indexes'] as const;
type NamedKind = (typeof NAMED_KINDS)[number];

export function namesAttributes(kind: string): kind is NamedKind {
  return (NAMED_KINDS as readonly string[]).includes(kind);
}

/** Attribute names by relation oid, indexed by attnum. */
type NameMap = Map<number, (string | undefined)[]>;

/** The oid/attnum pairs a lookup query takes, as two parallel arrays (bound as oid[] and int2[]). */
export interface AttributePairs {
  readonly relations: number[];
  readonly attnums: number[];
}

function addNames(into: NameMap, rows: RawRows, relKey: string, numKey: string): void {
  for (const r of rows) {
    const rel = r[relKey];
    const num = r[numKey];
    const name = r.name;
    // System columns have negative attnums (a CHECK may use tableoid); 0 is no attribute.
    if (typeof rel !== 'number' || typeof num !== 'number' || typeof name !== 'string' || num === 0) continue;
    let names = into.get(rel);
    if (!names) into.set(rel, (names = []));
    names[num] = name;
  }
}

/**
 * Names an attnum of relation `rel`. Not found: the number stays, added to `missing`, or (on
 * the last pass, `missing` null) becomes null. Returns the value to store and whether it is
 * still unnamed.
 */
function nameOne(v: number, rel: Json, names: NameMap, missing: Map<number, Set<number>> | null): { value: string | number | null; unnamed: boolean } {
  const name = typeof rel === 'number' ? names.get(rel)?.[v] : undefined;
  if (name !== undefined) return { value: name, unnamed: false };
  if (missing && typeof rel === 'number') {
    let set = missing.get(rel);
    if (!set) missing.set(rel, (set = new Set()));
    set.add(v);
    return { value: v, unnamed: true };
  }
  return { value: null, unnamed: true };
}

/** Names the attnums of a list in place; true when one is still unnamed. */
function nameList(list: Json, rel: Json, names: NameMap, missing: Map<number, Set<number>> | null): boolean {
  if (!Array.isArray(list)) return false;
  let unnamed = false;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number') continue;
    const named = nameOne(v, rel, names, missing);
    list[i] = named.value;
    unnamed ||= named.unnamed;
  }
  return unnamed;
}

/**
 * Names one kind's rows in place; `missing` null means this is the last pass (numbers left
 * become null). Returns how many rows still have an unnamed attribute.
 */
function nameRows(kind: NamedKind, rows: RawRows, names: NameMap, missing: Map<number, Set<number>> | null): number {
  let unnamedRows = 0;
  for (const r of rows) {
    let unnamed = false;
    if (kind === 'constraints') {
      unnamed = nameList(r.columns ?? null, r.table_oid ?? null, names, missing);
      unnamed = nameList(r.ref_columns ?? null, r.ref_table_oid ?? null, names, missing) || unnamed;
    } else if (Array.isArray(r.columns)) {
      for (const e of r.columns) {
        if (e === null || typeof e !== 'object' || Array.isArray(e) || typeof e.column !== 'number') continue;
        const named = nameOne(e.column, r.table_oid ?? null, names, missing);
        e.column = named.value;
        unnamed ||= named.unnamed;
      }
    }
    if (unnamed) unnamedRows++;
  }
  return unnamedRows;
}

/**
 * One database read's naming: `take` each kind's rows as they arrive (over one connection or
 * several, in any order); it returns the lists that are final (named, or needing no names), to
 * be packed for the bundle at once. `finish` names what is left once every query has run.
 */
export class AttributeNamer {
  private readonly names: NameMap = new Map();
  private haveColumns = false;
  /** Rows taken before the columns rows, or with attributes the columns rows lack. */
  private readonly waiting = new Map<NamedKind, RawRows>();
  private readonly missing = new Map<number, Set<number>>();

  /** One column's name, as the columns rows pass (see columnsRead). */
  addName(rel: number, attnum: number, name: string): void {
    if (!Number.isInteger(rel) || !Number.isInteger(attnum) || attnum === 0) return;
    let names = this.names.get(rel);
    if (!names) this.names.set(rel, (names = []));
    names[attnum] = name;
  }

  /** The name of relation rel's attribute attnum, when a columns row (or addName) gave it. */
  nameOf(rel: number, attnum: number): string | undefined {
    return this.names.get(rel)?.[attnum];
  }

  /** Every column's name is in (addName): names the rows that waited; returns those now final. */
  columnsRead(): RawRows[] {
    this.haveColumns = true;
    const ready: RawRows[] = [];
    for (const [k, list] of [...this.waiting]) if (this.nameNow(k, list)) ready.push(list);
    return ready;
  }

  take(kind: string, rows: RawRows): RawRows[] {
    if (kind === 'columns') {
      addNames(this.names, rows, 'table_oid', 'ordinal');
      return [rows, ...this.columnsRead()];
    }
    if (!namesAttributes(kind)) return [rows];
    if (!this.haveColumns) {
      this.waiting.set(kind, rows);
      return [];
    }
    return this.nameNow(kind, rows) ? [rows] : [];
  }

  /** Names a kind from the columns rows; true when nothing is left to ask the server. */
  private nameNow(kind: NamedKind, rows: RawRows): boolean {
    if (nameRows(kind, rows, this.names, this.missing) === 0) {
      this.waiting.delete(kind);
      return true;
    }
    this.waiting.set(kind, rows);
    return false;
  }

  /** The attributes still to name (none when everything was in the columns rows). */
  pending(): AttributePairs {
    // Rows that waited for columns rows that never came: every number in them is missing.
    if (!this.haveColumns) for (const [k, list] of this.waiting) nameRows(k, list, this.names, this.missing);
    const relations: number[] = [];
    const attnums: number[] = [];
    for (const [rel, set] of this.missing) {
      for (const num of set) {
        relations.push(rel);
        attnums.push(num);
      }
    }
    return { relations, attnums };
  }

  /**
   * Names what is left with the rows of the lookup query (null when it failed or was not
   * needed); an attribute still unknown becomes null and is stated as a limitation. Returns
   * the lists that became final.
   */
  finish(lookup: RawRows | null, database: string, limit: (l: Limitation) => void): RawRows[] {
    if (lookup) addNames(this.names, lookup, 'table_oid', 'ordinal');
    const ready: RawRows[] = [];
    for (const [kind, list] of this.waiting) {
      const unnamed = nameRows(kind, list, this.names, null);
      if (unnamed > 0) {
        const why = lookup ? 'the attributes were not found' : 'the attribute lookup failed';
        limit({ collector: `db:${kind}`, code: 'not_available', message: `${database}: some column names unknown (${why})`, affected: unnamed });
      }
      ready.push(list);
    }
    this.waiting.clear();
    this.missing.clear();
    return ready;
  }
}

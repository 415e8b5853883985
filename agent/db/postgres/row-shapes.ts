/**
 * The constraints and indexes rows read as COPY text (copy-text-json.ts) carry attribute
 * numbers and index arrays where the bundle holds names and index column entries. These
 * shapes compute those columns as each row is written, so the rows need no row objects:
 * - constraints: `columns` and `ref_columns` name the attnums of conkey and confkey from the
 *   columns rows read before them (AttributeNamer);
 * - indexes: `columns` holds the entries IndexColumns builds from indkey, indoption, indclass,
 *   indcollation and the expression texts (the `_`-led columns, left out of the JSON), their
 *   attributes named likewise.
 * The text is what JSON.stringify gives for the rows the object path makes (toJsonValue, then
 * naming and the entries). An attribute whose name is not known yet (the columns rows came
 * over another connection, or failed; a foreign key to an extension's table; a system column)
 * is written as its number and counted in `unnamed`: the collector then takes that kind's rows
 * back as objects and names them as before (`namingLeft`), asking the server for what is still
 * missing.
 */
import pg from 'pg';
import { toJsonValue } from '../query-recorder.js';
import type { AttributeNamer } from './attribute-names.js';
import type { ColumnRule, CopyRow, RowShape } from './copy-text-json.js';
import { parseIntegerArray } from './fast-types.js';
import type { IndexColumns } from './index-columns.js';

type Parser = (text: string) => unknown;
const arrayParser = (oid: number): Parser => pg.types.getTypeParser(oid as Parameters<typeof pg.types.getTypeParser>[0], 'text') as Parser;
const INT_ARRAY = arrayParser(1005);
const TEXT_ARRAY = arrayParser(1009);

/** An int2[], int4[] or oid[] field as numbers (others as null); [] for SQL NULL. */
function integers(row: CopyRow, i: number): (number | null)[] {
  const text = row.text(i);
  if (text === null) return [];
  const list = parseIntegerArray(text, INT_ARRAY);
  return Array.isArray(list) ? list.map((v) => (typeof v === 'number' ? v : null)) : [];
}

/** The attnums of a constraint's key, each named where the name is known. */
class NamedList {
  constructor(
    private readonly namer: AttributeNamer,
    private readonly shape: { unnamed: number },
  ) {}

  json(row: CopyRow, relAt: number, listAt: number): string {
    if (row.isNull(listAt)) return 'null';
    const rel = row.integer(relAt);
    const list: (string | number | null)[] = integers(row, listAt);
    let unnamed = false;
    for (let k = 0; k < list.length; k++) {
      const attnum = list[k];
      if (typeof attnum !== 'number') continue;
      const name = rel === null ? undefined : this.namer.nameOf(rel, attnum);
      if (name === undefined) unnamed = true;
      else list[k] = name;
    }
    if (unnamed) this.shape.unnamed++;
    return JSON.stringify(list);
  }
}

/** Where a query's columns are, by name; null when one is missing (the rows are then written as they are). */
function positions<K extends string>(names: readonly string[], wanted: readonly K[]): Record<K, number> | null {
  const at = {} as Record<K, number>;
  for (const w of wanted) {
    const i = names.indexOf(w);
    if (i < 0) return null;
    at[w] = i;
  }
  return at;
}

/**
 * What a shape left to the object path: rows written with an attribute number still to name,
 * or (the query's columns were not the expected ones, so the rows were written as the server
 * sent them) all of them.
 */
abstract class NamingShape implements RowShape {
  unnamed = 0;
  protected applied = false;

  get namingLeft(): boolean {
    return !this.applied || this.unnamed > 0;
  }

  abstract rules(names: readonly string[]): (ColumnRule | null)[];
}

/** CONSTRAINTS: `columns` and `ref_columns` as names. */
export class ConstraintsShape extends NamingShape {
  private readonly lists: NamedList;

  constructor(namer: AttributeNamer) {
    super();
    this.lists = new NamedList(namer, this);
  }

  rules(names: readonly string[]): (ColumnRule | null)[] {
    const at = positions(names, ['table_oid', 'columns', 'ref_table_oid', 'ref_columns']);
    if (!at) return [];
    this.applied = true;
    const rules: (ColumnRule | null)[] = names.map(() => null);
    rules[at.columns] = (row) => this.lists.json(row, at.table_oid, at.columns);
    rules[at.ref_columns] = (row) => this.lists.json(row, at.ref_table_oid, at.ref_columns);
    return rules;
  }
}

const INDEX_HELPERS = ['_attnums', '_options', '_opclasses', '_collations', '_expressions'] as const;

/** INDEXES: `columns` as entries, the helper arrays left out. */
export class IndexesShape extends NamingShape {
  constructor(
    private readonly namer: AttributeNamer,
    private readonly indexColumns: IndexColumns,
    private readonly maxChars: number,
  ) {
    super();
  }

  rules(names: readonly string[]): (ColumnRule | null)[] {
    const at = positions(names, ['table_oid', 'columns', 'key_column_count', ...INDEX_HELPERS]);
    if (!at) return [];
    this.applied = true;
    const rules: (ColumnRule | null)[] = names.map(() => null);
    for (const h of INDEX_HELPERS) rules[at[h]] = 'hide';
    rules[at.columns] = (row) => this.entries(row, at);
    return rules;
  }

  private entries(row: CopyRow, at: Record<'table_oid' | 'key_column_count' | (typeof INDEX_HELPERS)[number], number>): string {
    // The expression texts as the object path has them: toJsonValue cuts a text over maxChars.
    const exprText = row.text(at._expressions);
    const parsed = exprText === null ? null : toJsonValue(TEXT_ARRAY(exprText), this.maxChars);
    const expressions = Array.isArray(parsed) ? parsed.map((v) => (typeof v === 'string' ? v : null)) : [];
    const entries = this.indexColumns.entriesOf(
      integers(row, at._attnums),
      integers(row, at._options),
      integers(row, at._opclasses),
      integers(row, at._collations),
      expressions,
      row.integer(at.key_column_count),
    );
    if (entries === null) return 'null';
    const rel = row.integer(at.table_oid);
    let unnamed = false;
    for (const e of entries) {
      if (typeof e.column !== 'number') continue;
      const name = rel === null ? undefined : this.namer.nameOf(rel, e.column);
      if (name === undefined) unnamed = true;
      else e.column = name;
    }
    if (unnamed) this.unnamed++;
    return JSON.stringify(entries);
  }
}

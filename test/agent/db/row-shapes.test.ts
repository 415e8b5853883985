/**
 * The constraints and indexes row shapes on COPY text written here (against the server's own
 * rows, byte for byte with the object path, in postgres-attribute-names.integration.test.ts):
 * names where known, numbers left to name, and rows left whole to the object path when the
 * query's columns are not the expected ones.
 */
import { describe, expect, it } from 'vitest';
import { AttributeNamer } from '../../../agent/db/postgres/attribute-names.js';
import { CopyTextJson } from '../../../agent/db/postgres/copy-text-json.js';
import { IndexColumns } from '../../../agent/db/postgres/index-columns.js';
import { ConstraintsShape, IndexesShape } from '../../../agent/db/postgres/row-shapes.js';

const TEXT = 25;
const INT4 = 23;
const OID = 26;
const INT2_ARRAY = 1005;
const OID_ARRAY = 1028;
const TEXT_ARRAY = 1009;

const decoder = new TextDecoder();
const write = (w: CopyTextJson, lines: string[]) => {
  w.write(Buffer.from(lines.map((l) => `${l}\n`).join('')));
  return JSON.parse(`[${w.end().map((c) => decoder.decode(c)).join('')}]`) as Record<string, unknown>[];
};

describe('row shapes', () => {
  const namer = new AttributeNamer();
  namer.addName(100, 1, 'id');
  namer.addName(100, 2, 'Name "x"');
  namer.addName(200, 1, 'ref');

  it('constraints: key columns named where known, numbers left (and counted) where not, null stays null', () => {
    const shape = new ConstraintsShape(namer);
    const w = new CopyTextJson(['name', 'table_oid', 'columns', 'ref_table_oid', 'ref_columns'], [TEXT, OID, INT2_ARRAY, OID, INT2_ARRAY], 10, 100, null, shape);
    const rows = write(w, ['pk\t100\t{2,1}\t\\N\t\\N', 'fk\t100\t{1}\t200\t{1}', 'ext\t100\t{1}\t300\t{4}', 'sys\t100\t{-6,1}\t\\N\t\\N']);
    expect(rows).toEqual([
      { name: 'pk', table_oid: 100, columns: ['Name "x"', 'id'], ref_table_oid: null, ref_columns: null },
      { name: 'fk', table_oid: 100, columns: ['id'], ref_table_oid: 200, ref_columns: ['ref'] },
      { name: 'ext', table_oid: 100, columns: ['id'], ref_table_oid: 300, ref_columns: [4] },
      { name: 'sys', table_oid: 100, columns: [-6, 'id'], ref_table_oid: null, ref_columns: null },
    ]);
    expect(shape.unnamed).toBe(2);
    expect(shape.namingLeft).toBe(true);
  });

  it('indexes: entries built and named, helper arrays left out', () => {
    const lookups = new IndexColumns();
    lookups.setLookups([
      { kind: 'opclass', oid: 1978, name: 'int4_ops', is_default: true },
      { kind: 'collation', oid: 950, name: 'C', is_default: null },
    ]);
    const shape = new IndexesShape(namer, lookups, 8);
    const names = ['name', 'table_oid', 'key_column_count', 'columns', '_attnums', '_options', '_opclasses', '_collations', '_expressions'];
    const w = new CopyTextJson(names, [TEXT, OID, INT4, TEXT, INT2_ARRAY, INT2_ARRAY, OID_ARRAY, OID_ARRAY, TEXT_ARRAY], 10, 100, null, shape);
    const rows = write(w, ['ix\t100\t1\t\\N\t{2,0,1}\t{3}\t{1978}\t{950}\t{NULL,"lower(name) || \'a very long text\'",NULL}']);
    expect(rows).toEqual([
      {
        name: 'ix',
        table_oid: 100,
        key_column_count: 1,
        columns: [
          { position: 1, column: 'Name "x"', expression: null, key: true, descending: true, nulls_first: true, opclass: 'int4_ops', opclass_is_default: true, collation: 'C' },
          // The expression text is cut at maxChars (8), as the object path cuts it.
          { position: 2, column: null, expression: "lower(na…[truncated]", key: false, descending: null, nulls_first: null, opclass: null, opclass_is_default: null, collation: null },
          { position: 3, column: 'id', expression: null, key: false, descending: null, nulls_first: null, opclass: null, opclass_is_default: null, collation: null },
        ],
      },
    ]);
    expect(shape.namingLeft).toBe(false);
  });

  it('a query without the expected columns is written as sent and left whole to the object path', () => {
    const shape = new ConstraintsShape(namer);
    const w = new CopyTextJson(['name', 'table_oid', 'columns'], [TEXT, OID, INT2_ARRAY], 10, 100, null, shape);
    expect(write(w, ['pk\t100\t{1}'])).toEqual([{ name: 'pk', table_oid: 100, columns: [1] }]);
    expect(shape.unnamed).toBe(0);
    expect(shape.namingLeft).toBe(true);
  });
});

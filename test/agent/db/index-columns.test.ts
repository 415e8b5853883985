/** IndexColumns (pure): index column entries from the INDEXES arrays, as the server's grouped json_agg used to give them. */
import { describe, expect, it } from 'vitest';
import type { RawRows } from '../../../agent/bundle/schema.js';
import { IndexColumns } from '../../../agent/db/postgres/index-columns.js';

const LOOKUPS: RawRows = [
  { kind: 'opclass', oid: 3124, name: 'int8_ops', is_default: true },
  { kind: 'opclass', oid: 3126, name: 'text_ops', is_default: true },
  { kind: 'opclass', oid: 4037, name: 'jsonb_path_ops', is_default: false },
  { kind: 'collation', oid: 950, name: 'C' },
  { kind: 'collation', oid: 100, name: 'default' },
];

const row = (over: Record<string, unknown>): RawRows[number] =>
  ({ name: 'ix', key_column_count: 2, columns: null, locked: false, _attnums: [], _options: [], _opclasses: [], _collations: [], _expressions: null, ...over }) as RawRows[number];

describe('IndexColumns', () => {
  it('builds key and INCLUDE entries: sort options, operator class, collation; INCLUDE ones have none', () => {
    const ic = new IndexColumns();
    ic.setLookups(LOOKUPS);
    const rows = [row({ _attnums: [3, 1, 4], _options: [3, 0], _opclasses: [3124, 3126], _collations: [0, 950] })];
    ic.build(rows);
    expect(rows[0]).toEqual({
      name: 'ix',
      key_column_count: 2,
      locked: false,
      columns: [
        { position: 1, column: 3, expression: null, key: true, descending: true, nulls_first: true, opclass: 'int8_ops', opclass_is_default: true, collation: null },
        { position: 2, column: 1, expression: null, key: true, descending: false, nulls_first: false, opclass: 'text_ops', opclass_is_default: true, collation: 'C' },
        { position: 3, column: 4, expression: null, key: false, descending: null, nulls_first: null, opclass: null, opclass_is_default: null, collation: null },
      ],
    });
  });

  it('an expression column takes its text (null when the relation was locked), a non-default operator class says so', () => {
    const ic = new IndexColumns();
    ic.setLookups(LOOKUPS);
    const rows = [
      row({ key_column_count: 2, _attnums: [0, 2], _options: [0, 0], _opclasses: [3126, 4037], _collations: [100, 0], _expressions: ['lower(name)', null] }),
      row({ key_column_count: 1, _attnums: [0], _options: [0], _opclasses: [3126], _collations: [100], _expressions: null, locked: true }),
    ];
    ic.build(rows);
    expect(rows[0]!.columns).toEqual([
      expect.objectContaining({ position: 1, column: null, expression: 'lower(name)', collation: 'default' }),
      expect.objectContaining({ position: 2, column: 2, expression: null, opclass: 'jsonb_path_ops', opclass_is_default: false }),
    ]);
    expect(rows[1]!.columns).toEqual([expect.objectContaining({ column: null, expression: null })]);
  });

  it('without lookups (the query failed) operator classes and collations are null; rows without the arrays are left alone', () => {
    const ic = new IndexColumns();
    const rows = [row({ key_column_count: 1, _attnums: [1], _options: [0], _opclasses: [3124], _collations: [950] }), { name: 'old', columns: [{ position: 1 }] }] as RawRows;
    ic.build(rows);
    expect(rows[0]!.columns).toEqual([expect.objectContaining({ column: 1, opclass: null, opclass_is_default: null, collation: null, descending: false })]);
    expect(rows[1]).toEqual({ name: 'old', columns: [{ position: 1 }] });
  });
});

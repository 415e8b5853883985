/** AttributeNamer (pure): naming in place, in any arrival order, with a lookup for what the columns rows lack. */
import { describe, expect, it } from 'vitest';
import type { Limitation, RawRows } from '../../../agent/bundle/schema.js';
import { AttributeNamer } from '../../../agent/db/postgres/attribute-names.js';

const columns = (): RawRows => [
  { table_oid: 10, ordinal: 1, name: 'id' },
  { table_oid: 10, ordinal: 2, name: 'Parent "Id"' },
  { table_oid: 20, ordinal: 1, name: 'code' },
];
const constraints = (): RawRows => [
  { name: 'fk', table_oid: 10, columns: [2, 1], ref_table_oid: 20, ref_columns: [1, 1] },
  { name: 'ck', table_oid: 10, columns: [], ref_table_oid: null, ref_columns: null },
];
const indexes = (): RawRows => [
  { name: 'ix', table_oid: 10, columns: [{ position: 1, column: 2, expression: null }, { position: 2, column: null, expression: 'lower(x)' }] },
];

describe('AttributeNamer', () => {
  it('names constraints and indexes from the columns rows, whichever arrives first', () => {
    const namer = new AttributeNamer();
    const cons = constraints();
    expect(namer.take('constraints', cons)).toEqual([]); // waits for the columns rows
    const cols = columns();
    expect(namer.take('columns', cols)).toEqual([cols, cons]);
    const idx = indexes();
    expect(namer.take('indexes', idx)).toEqual([idx]);
    expect(namer.take('views', [])).toEqual([[]]);
    expect(cons[0]).toMatchObject({ columns: ['Parent "Id"', 'id'], ref_columns: ['code', 'code'] });
    expect(cons[1]).toMatchObject({ columns: [], ref_columns: null });
    expect(idx[0]!.columns).toEqual([{ position: 1, column: 'Parent "Id"', expression: null }, { position: 2, column: null, expression: 'lower(x)' }]);
    expect(namer.pending()).toEqual({ relations: [], attnums: [] });
    expect(namer.finish(null, 'db', () => undefined)).toEqual([]);
  });

  it('asks for what the columns rows lack, once, and names it from the lookup rows', () => {
    const namer = new AttributeNamer();
    namer.take('columns', columns().filter((r) => r.table_oid === 10));
    const cons = constraints();
    expect(namer.take('constraints', cons)).toEqual([]);
    expect(namer.pending()).toEqual({ relations: [20], attnums: [1] });
    expect(namer.finish([{ table_oid: 20, ordinal: 1, name: 'code' }], 'db', () => undefined)).toEqual([cons]);
    expect(cons[0]).toMatchObject({ columns: ['Parent "Id"', 'id'], ref_columns: ['code', 'code'] });
  });

  it('without columns rows everything is asked; a failed lookup leaves null names and says so', () => {
    const namer = new AttributeNamer();
    const cons = constraints();
    const idx = indexes();
    namer.take('constraints', cons);
    namer.take('indexes', idx);
    const pairs = namer.pending();
    expect(pairs.relations.map((r, i) => `${r}.${pairs.attnums[i]}`).sort()).toEqual(['10.1', '10.2', '20.1']);
    const limits: Limitation[] = [];
    expect(namer.finish(null, 'shop', (l) => limits.push(l))).toHaveLength(2);
    expect(cons[0]).toMatchObject({ columns: [null, null], ref_columns: [null, null] });
    expect(idx[0]!.columns).toEqual([{ position: 1, column: null, expression: null }, { position: 2, column: null, expression: 'lower(x)' }]);
    expect(limits).toEqual([
      expect.objectContaining({ collector: 'db:constraints', code: 'not_available', affected: 1 }),
      expect.objectContaining({ collector: 'db:indexes', code: 'not_available', affected: 1 }),
    ]);
    expect(limits[0]!.message).toContain('shop');
  });
});

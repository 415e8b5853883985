/** Same engine with a schema map: references and qualifiers follow the new name; bare words do not. */
import { describe, expect, it } from 'vitest';
import { ConversionContext } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import { renameSchemas } from '../../analyzer/convert/same-engine/rename-schemas.js';
import { emptySchema, type DatabaseModel, type Schema } from '../../analyzer/model/schema.js';

const schema = (name: string, over: Partial<Schema> = {}): Schema => emptySchema(name, over);

function model(dialect: 'mysql' | 'postgres', schemas: Schema[]): DatabaseModel {
  return { name: 'db', source: { dialect, flavor: dialect, version: '1', versionNum: 1 }, schemas, extensions: [], settings: {}, problems: [] };
}

describe('renameSchemas', () => {
  it('MySQL: moves the schema, its FK targets and the `db`. qualifiers of view bodies', () => {
    const m = model('mysql', [
      schema('shop', {
        tables: [{ name: 'o', kind: 'table', columns: [], uniques: [], checks: [], indexes: [], otherConstraints: [], attrs: {}, foreignKeys: [{ name: 'fk', columns: ['c'], ref: { schema: 'shop', table: 'c', columns: ['id'] }, onUpdate: 'no action', onDelete: 'cascade' }] }],
        views: [{ name: 'v', definition: 'select `shop`.`o`.`shop` AS `shop` from `shop` . `o` where `o`.`note` = \'`shop`.x\'', materialized: false, attrs: {} }],
      }),
    ]);
    const ctx = new ConversionContext(m, 'mysql', { ...DEFAULT_OPTIONS, schemaMap: { shop: 'store' } });
    const out = renameSchemas(ctx, m);
    expect(out.schemas[0]!.name).toBe('store');
    expect(out.schemas[0]!.tables[0]!.foreignKeys[0]!.ref.schema).toBe('store');
    // The string literal holds a qualifier-looking text too: rewritten as well, the one known limit of a textual rewrite.
    expect(out.schemas[0]!.views[0]!.definition).toBe('select `store`.`o`.`shop` AS `shop` from `store` . `o` where `o`.`note` = \'`store`.x\'');
    expect(m.schemas[0]!.name).toBe('shop');
    expect(ctx.renames).toEqual([{ type: 'schema', source: 'shop', target: 'store' }]);
  });

  it('PostgreSQL: quoted and unquoted qualifiers, not bare words or longer names', () => {
    const m = model('postgres', [schema('sales', { views: [{ name: 'v', definition: 'SELECT sales.id, presales.x, "sales".y, sales FROM sales.orders', materialized: false, attrs: {} }] })]);
    const ctx = new ConversionContext(m, 'postgresql', { ...DEFAULT_OPTIONS, schemaMap: { sales: 'Sales 2' } });
    expect(renameSchemas(ctx, m).schemas[0]!.views[0]!.definition).toBe('SELECT "Sales 2".id, presales.x, "Sales 2".y, sales FROM "Sales 2".orders');
  });

  it('returns the model itself without a map', () => {
    const m = model('postgres', [schema('public')]);
    expect(renameSchemas(new ConversionContext(m, 'postgresql', DEFAULT_OPTIONS), m)).toBe(m);
  });
});

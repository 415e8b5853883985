/**
 * postgresFromCatalog on a real database: the collector fixture (test/fixtures/db/postgres/
 * fixture.sql, one of every object kind, names that need quoting) loaded into a fresh
 * database, collected with the agent and read into the model.
 * Ran against PostgreSQL 15.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseModel, Schema, Table } from '../../analyzer/model/schema.js';
import { collectModel, createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';

const DB = uniqueName('scout_h2_fc');
let model: DatabaseModel;

const schema = (name: string): Schema => {
  const s = model.schemas.find((x) => x.name === name);
  if (!s) throw new Error(`no schema ${name}`);
  return s;
};
const table = (s: string, name: string): Table => {
  const t = schema(s).tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${s}.${name}`);
  return t;
};
const column = (s: string, t: string, name: string) => table(s, t).columns.find((c) => c.name === name)!;

beforeAll(async () => {
  await createDatabase('postgres', DB);
  await runSql('postgres', DB, readFileSync(new URL('../fixtures/db/postgres/fixture.sql', import.meta.url), 'utf8'));
  model = await collectModel('postgres', DB);
}, 120_000);

afterAll(async () => {
  await runSql('postgres', DB, 'DROP EVENT TRIGGER IF EXISTS scout_fixture_ddl');
  await dropDatabase('postgres', DB);
});

describe('postgresFromCatalog', () => {
  it('reads the schemas and the source', () => {
    expect(model.source.dialect).toBe('postgres');
    expect(model.schemas.map((s) => s.name)).toEqual(expect.arrayContaining(['app', 'Sales Ü', 'public']));
    expect(schema('app').comment).toBe('application schema');
    expect(model.settings['server_encoding']).toBe('UTF8');
    expect(model.extensions.map((e) => e.name)).toEqual(expect.arrayContaining(['citext', 'uuid-ossp', 'btree_gist']));
  });

  it('reads column types, nullability, defaults and identity', () => {
    expect(column('app', 'customers', 'id').identity).toMatchObject({ kind: 'always', next: '3' });
    expect(column('app', 'customers', 'email').type).toMatchObject({ kind: 'domain', typeRef: { schema: 'app', name: 'email' }, base: { kind: 'text', raw: 'citext' } });
    expect(column('app', 'customers', 'name')).toMatchObject({ nullable: false, collation: 'C', type: { kind: 'text' } });
    expect(column('app', 'customers', 'tags')).toMatchObject({ type: { kind: 'text', arrayDims: 1 }, default: { kind: 'string', value: '{}' } });
    expect(column('app', 'customers', 'scores').type).toMatchObject({ kind: 'int32', arrayDims: 2 });
    expect(column('app', 'customers', 'mood')).toMatchObject({ type: { kind: 'enum', values: ['sad', 'ok', 'happy', 'Très "content"'] }, default: { kind: 'string', value: 'ok' } });
    expect(column('app', 'customers', 'external_id').default).toEqual({ kind: 'uuid' });
    expect(column('app', 'customers', 'balance').type).toMatchObject({ kind: 'decimal', precision: 12, scale: 2 });
    expect(column('app', 'customers', 'created_at')).toMatchObject({ type: { kind: 'timestamptz' }, default: { kind: 'current_timestamp' }, nullable: false });
    expect(column('app', 'customers', 'updated_at').type).toMatchObject({ kind: 'timestamp', precision: 3 });
    expect(column('app', 'orders', 'order_id').identity).toMatchObject({ kind: 'serial', sequence: { schema: 'app', name: 'orders_order_id_seq' }, next: '3' });
    expect(column('app', 'orders', 'invoice').default).toEqual({ kind: 'sequence', sequence: { schema: 'app', name: 'invoice_no' } });
    expect(column('app', 'orders', 'status').default).toEqual({ kind: 'string', value: 'new' });
    expect(column('app', 'orders', 'total').generated).toEqual({ expression: '((qty)::numeric * unit_price)', stored: true });
    expect(column('app', 'bookings', 'id').identity).toMatchObject({ kind: 'by_default', start: '10' });
    expect(column('app', 'bookings', 'during').type).toMatchObject({ kind: 'range', typeRef: { name: 'tsrange' } });
    expect(column('Sales Ü', 'Café Ü', 'addr').type).toMatchObject({ kind: 'composite', typeRef: { schema: 'Sales Ü', name: 'address' } });
    expect(column('Sales Ü', 'Café Ü', 'MixedCase').default).toEqual({ kind: 'bool', value: false });
    expect(column('Sales Ü', 'Café Ü', 'Name "quoted"').comment).toBe('a "quoted" column');
    expect(model.problems.filter((p) => /type not understood/.test(p.message))).toEqual([]);
  });

  it('reads keys, foreign keys, checks and exclusion constraints', () => {
    const orders = table('app', 'orders');
    expect(orders.primaryKey).toEqual({ name: 'orders_pkey', columns: ['order_id'] });
    expect(orders.uniques).toEqual([{ name: 'orders_customer_invoice_key', columns: ['customer_id', 'invoice'] }]);
    expect(orders.foreignKeys[0]).toMatchObject({
      name: 'orders_customer_fk',
      ref: { schema: 'app', table: 'customers', columns: ['id'] },
      onDelete: 'cascade',
      onUpdate: 'restrict',
      deferrable: true,
      initiallyDeferred: true,
    });
    expect(orders.checks).toEqual([{ name: 'qty_positive', expression: 'qty > 0' }]);
    expect(table('app', 'customers').checks).toEqual([{ name: 'customers_balance_check', expression: 'balance >= 0::numeric' }]);
    expect(table('app', 'bookings').otherConstraints[0]).toMatchObject({ name: 'no_double_booking', kind: 'exclude' });
    expect(table('Sales Ü', 'select').foreignKeys[0]).toMatchObject({ onDelete: 'set null', ref: { schema: 'Sales Ü', table: 'Café Ü', columns: ['Id'] } });
  });

  it('reads indexes without the constraints\' own', () => {
    const customers = table('app', 'customers');
    expect(customers.indexes.map((i) => i.name).sort()).toEqual(['customers_lower_name_uq', 'customers_profile_gin']);
    expect(customers.indexes.find((i) => i.name === 'customers_lower_name_uq')).toMatchObject({ unique: true, parts: [{ column: null, expression: 'lower(name)' }] });
    expect(customers.indexes.find((i) => i.name === 'customers_profile_gin')).toMatchObject({ method: 'gin', parts: [{ column: 'profile', opclass: 'jsonb_path_ops' }] });
    const orders = table('app', 'orders');
    expect(orders.indexes.find((i) => i.name === 'orders_open_idx')?.predicate).toBe("status::text <> 'done'::text");
    expect(orders.indexes.find((i) => i.name === 'orders_customer_desc_idx')).toMatchObject({
      parts: [{ column: 'customer_id', descending: true, nullsFirst: false }, { column: 'order_id' }],
      include: ['status'],
    });
    expect(table('Sales Ü', 'Café Ü').indexes[0]).toMatchObject({ name: 'Café idx', parts: [{ column: 'Name "quoted"', descending: true }] });
  });

  it('reads partitioning', () => {
    const events = table('app', 'events');
    expect(events.kind).toBe('partitioned');
    expect(events.partitioning).toMatchObject({ method: 'range', expression: 'happened' });
    expect(events.partitioning?.partitions.map((p) => p.name).sort()).toEqual(['events_2024', 'events_2025']);
    const p2024 = table('app', 'events_2024');
    expect(p2024.partitionOf).toEqual({ parent: { schema: 'app', name: 'events' }, bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" });
    // The partition's PK and index come from the parent's.
    expect(p2024.primaryKey).toBeUndefined();
    expect(p2024.indexes).toEqual([]);
  });

  it('reads views, routines, triggers, sequences and types', () => {
    const app = schema('app');
    expect(app.views.find((v) => v.name === 'open_orders')).toMatchObject({ materialized: false, checkOption: 'LOCAL', comment: 'orders not done yet' });
    expect(app.views.find((v) => v.name === 'customer_totals')?.materialized).toBe(true);
    expect(app.routines.find((r) => r.name === 'order_total')).toMatchObject({ kind: 'function', language: 'sql', parameters: [{ mode: 'in', name: 'p_order', type: 'integer' }], returns: 'numeric' });
    expect(app.routines.find((r) => r.name === 'close_order')).toMatchObject({ kind: 'procedure', returns: null });
    expect(app.routines.find((r) => r.name === 'product')).toMatchObject({
      kind: 'aggregate',
      attrs: { agg_kind: 'n', agg_transfn: 'numeric_mul', agg_state_type: 'numeric', agg_initval: '1', agg_arguments: 'numeric' },
    });
    expect(schema('Sales Ü').routines[0]).toMatchObject({ name: 'Grüß "dich"', returnsSet: true, securityDefiner: true, parameters: [{ name: 'who', type: 'text' }] });
    expect(app.triggers[0]).toMatchObject({ name: 'customers_touch', table: 'customers', timing: 'before', events: ['update'], forEach: 'row', function: { schema: 'app', name: 'touch_updated' } });
    expect(schema('Sales Ü').triggers[0]).toMatchObject({ events: ['insert', 'delete'], forEach: 'statement', attrs: { enabled: 'D' } });
    expect(app.sequences.find((s) => s.name === 'invoice_no')).toMatchObject({ start: '1000', increment: '5', maxValue: '999999', cycle: true, next: '1050' });
    expect(app.sequences.find((s) => s.name === 'orders_order_id_seq')?.ownedBy).toEqual({ table: 'orders', column: 'order_id' });
    expect(app.enums).toEqual([{ name: 'mood', values: ['sad', 'ok', 'happy', 'Très "content"'], comment: 'how a customer feels' }]);
    expect(app.domains.find((d) => d.name === 'positive_int')).toMatchObject({ base: { kind: 'int32' }, notNull: true, default: { kind: 'number', value: '1' }, checks: [{ name: 'positive_int_check', expression: 'VALUE > 0' }] });
    expect(app.otherTypes.find((t) => t.name === 'float_range')).toMatchObject({ kind: 'range' });
    expect(schema('Sales Ü').otherTypes[0]).toMatchObject({ name: 'address', kind: 'composite', definition: '("street" text, "city" character varying(80), "zip" character(5))' });
  });
});

/**
 * The PostgreSQL catalog collector against the local PostgreSQL 15 (127.0.0.1:5432, trust
 * auth). Every test creates its own uniquely named databases (and roles) and drops them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRowObjects } from '../../../agent/bundle/build.js';
import { DatabaseServerSchema, type RawRows } from '../../../agent/bundle/schema.js';
import { DATABASE_QUERIES } from '../../../agent/db/postgres/relation-queries.js';
import { flavorOf, postgresCollector } from '../../../agent/db/postgres/collect.js';
import { SERVER_QUERIES, sqlFor } from '../../../agent/db/postgres/queries.js';
import { QueryRecorder, type Fetched, type FetchedRows } from '../../../agent/db/query-recorder.js';
import { Secret } from '../../../agent/db/secret.js';
import { localPgTarget as target, pgAdmin as admin, pgIdent as ident, PG_FIXTURE_SQL as FIXTURE } from './pg-local.js';
import { DEFAULT_CATALOG_OPTIONS, type CatalogOptions, type ServerReading } from '../../../agent/db/types.js';

const RUN = `${process.pid}_${randomBytes(3).toString('hex')}`;
const SECRET = `hunter-${randomBytes(4).toString('hex')}`;

function recorder(opts: Partial<CatalogOptions> = {}): QueryRecorder {
  return new QueryRecorder(pino({ level: 'silent' }), { ...DEFAULT_CATALOG_OPTIONS, ...opts });
}

async function createDb(name: string, sql: string): Promise<void> {
  await admin((c) => c.query(`CREATE DATABASE ${ident(name)}`));
  if (sql) await admin((c) => c.query(sql), name);
}
async function dropDbs(...names: string[]): Promise<void> {
  await admin(async (c) => {
    for (const n of names) await c.query(`DROP DATABASE IF EXISTS ${ident(n)} WITH (FORCE)`);
  });
}

/**
 * Comments on the kinds the fixture leaves uncommented, read through the pg_description joins:
 * a constraint, a trigger, a domain, a composite and a range type; a column owned by a second
 * sequence (owned_sequence is the first by name), and a CHECK that names no column.
 */
const COMMENTS = `COMMENT ON CONSTRAINT qty_positive ON app.orders IS 'at least one';
COMMENT ON TRIGGER customers_touch ON app.customers IS 'keeps updated_at';
COMMENT ON DOMAIN app.positive_int IS 'above zero';
COMMENT ON TYPE "Sales Ü".address IS 'postal';
COMMENT ON TYPE app.float_range IS 'floats';
COMMENT ON COLUMN app.orders.order_id IS 'order number';
CREATE SEQUENCE app.aa_order_id_seq OWNED BY app.orders.order_id;
ALTER TABLE app.bookings ADD CONSTRAINT no_columns CHECK (random() >= 0) NOT VALID;`;

/**
 * What the size and index-definition rules need beyond the fixture: a table created after
 * the fixture's ANALYZE (never processed, so its size is measured rather than estimated) and
 * an index with operator class options (only its definition carries them).
 */
const EXTRAS = `CREATE TABLE app.fresh (doc tsvector);
CREATE INDEX fresh_doc_gist ON app.fresh USING gist (doc tsvector_ops (siglen = 64));`;

const byName = (rows: RawRows | undefined, schema: string, name: string) => rows?.find((r) => r.schema === schema && r.name === name);
const col = (rows: RawRows | undefined, table: string, name: string) => rows?.find((r) => r.table_name === table && r.name === name);

describe('postgres collector: the fixture schema, read by a superuser from PostgreSQL 15', () => {
  const db = `scout fixture Ü ${RUN}`;
  let reading: ServerReading;
  let rec: QueryRecorder;
  let rows: Record<string, RawRows>;
  let ms: number;

  beforeAll(async () => {
    await createDb(db, `${FIXTURE}\n${COMMENTS}\n${EXTRAS}`);
    rec = recorder();
    const started = performance.now();
    // A password over trust auth: never asked for, and never to be seen anywhere.
    reading = await postgresCollector.collectServer(target({ database: db, password: new Secret(SECRET) }), DEFAULT_CATALOG_OPTIONS, rec);
    ms = performance.now() - started;
    rows = allRowObjects(reading.databases[0]?.rows ?? {});
  });
  afterAll(() => dropDbs(db));

  it('reads the server, every server-level query and the one database without an error', () => {
    console.info(`postgres fixture collection: ${ms.toFixed(0)} ms, ${rec.stats.length} queries`);
    expect(rec.errors).toEqual([]);
    expect(reading.server).toMatchObject({ flavor: 'postgresql', flavorEvidence: [], currentUser: 'root' });
    expect(reading.server!.version).toMatch(/^15\.\d+/);
    expect(Math.floor(reading.server!.versionNum / 10000)).toBe(15);
    expect(reading.server!.uptimeSeconds).toBeGreaterThan(0);
    expect(reading.server!.sizeBytes).toBeGreaterThan(0);
    expect(Object.keys(reading.serverRows).sort()).toEqual(['flavor', 'server', ...SERVER_QUERIES.map((q) => q.name)].sort());
    expect(reading.databases.map((d) => d.name)).toEqual([db]);
    expect(reading.databases[0]!.sizeBytes).toBeGreaterThan(0);
    expect(Object.keys(rows).sort()).toEqual(DATABASE_QUERIES.map((q) => q.name).sort());
    expect(rec.stats.filter((s) => s.database === db).map((s) => s.name)).toEqual(['index_lookups', ...DATABASE_QUERIES.map((q) => q.name)]);
  });

  it('fits the bundle schema and carries no password', () => {
    const now = new Date().toISOString();
    const t = target({ database: db });
    const parsed = DatabaseServerSchema.parse({
      engine: 'postgres',
      target: { id: t.id, url: t.id, host: t.host, port: t.port, socket: null, user: t.user, source: t.source },
      connected: true,
      startedAt: now,
      endedAt: now,
      server: reading.server,
      serverRows: reading.serverRows,
      databases: reading.databases.map((d) => ({ ...d, rows: allRowObjects(d.rows) })),
      workload: { start: null, end: reading.workloadEnd },
      queries: rec.stats,
      errors: rec.errors,
      limitations: rec.limitations,
    } as unknown);
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });

  it('server rows: settings, roles without passwords, databases, replication and transactions', () => {
    const setting = (n: string) => reading.serverRows.settings!.find((r) => r.name === n);
    for (const n of ['wal_level', 'max_wal_senders', 'max_replication_slots', 'wal_sender_timeout', 'shared_preload_libraries', 'server_encoding', 'lc_collate', 'lc_ctype', 'TimeZone', 'max_connections']) {
      expect(setting(n), n).toBeDefined();
    }
    expect(Object.keys(setting('max_connections')!).sort()).toEqual(['boot_val', 'context', 'name', 'pending_restart', 'reset_val', 'setting', 'source', 'unit', 'vartype']);
    const roles = reading.serverRows.roles!;
    expect(roles.find((r) => r.rolname === 'root')).toMatchObject({ rolsuper: true, rolcanlogin: true });
    expect(JSON.stringify(roles)).not.toMatch(/rolpassword|\*{8}/);
    expect(reading.serverRows.role_memberships!.some((r) => r.role === 'pg_read_all_settings' && r.member === 'pg_monitor')).toBe(true);
    expect(reading.serverRows.databases!.find((r) => r.datname === db)).toMatchObject({ encoding: 'UTF8', datallowconn: true, datistemplate: false, can_connect: true });
    expect(reading.serverRows.recovery).toEqual([expect.objectContaining({ in_recovery: false })]);
    for (const k of ['replication', 'replication_slots', 'prepared_xacts', 'long_transactions']) expect(Array.isArray(reading.serverRows[k])).toBe(true);
  });

  it('workload at the end: pg_stat_database and activity; readWorkload alone gives the same kinds', async () => {
    expect(reading.workloadEnd!.rows.stat_database!.some((r) => r.datname === db)).toBe(true);
    const act = reading.workloadEnd!.rows.activity!;
    expect(act.find((r) => r.backend_type === 'client backend')).toMatchObject({ max_connections: expect.any(Number), connections: expect.any(Number) });
    const w = await postgresCollector.readWorkload(target({ database: db }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(Object.keys(w!.rows).sort()).toEqual(['activity', 'stat_database', 'wal_position']);
    // The WAL position moves forward with writes: this test's own writes lie between the two reads.
    const walBefore = BigInt(reading.workloadEnd!.rows.wal_position![0]!.bytes as string);
    await admin((c) => c.query('CREATE TABLE app.wal_probe AS SELECT g FROM generate_series(1, 1000) g'), db);
    const after = await postgresCollector.readWorkload(target({ database: db }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(after!.rows.wal_position![0]).toMatchObject({ in_recovery: false, lsn: expect.stringMatching(/^[0-9A-F]+\/[0-9A-F]+$/) });
    expect(BigInt(after!.rows.wal_position![0]!.bytes as string)).toBeGreaterThan(walBefore);
    expect(Date.parse(w!.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(rows.table_stats!.find((r) => r.schemaname === 'app' && r.relname === 'orders')).toMatchObject({ n_tup_ins: '2', seq_scan: expect.any(String) });
  });

  it('schemas, extensions and nothing that belongs to an extension', () => {
    expect(rows.schemas!.map((r) => r.name).sort()).toEqual(['Sales Ü', 'app', 'public'].sort());
    expect(rows.schemas!.find((r) => r.name === 'Sales Ü')).toMatchObject({ comment: 'ventes "quoted"', owner: 'root' });
    expect(Object.fromEntries(rows.extensions!.map((r) => [r.name, r.schema]))).toEqual({ btree_gist: 'public', citext: 'public', plpgsql: 'pg_catalog', 'uuid-ossp': 'public' });
    expect(rows.extensions!.find((r) => r.name === 'citext')!.version).toMatch(/^\d+\.\d+$/);
    expect(rows.routines!.map((r) => r.name)).not.toContain('uuid_generate_v4');
    expect(rows.routines!.map((r) => r.name)).not.toContain('citext_eq');
    expect(rows.domains!.map((r) => r.name)).not.toContain('citext');
  });

  it('tables: kinds, partitioning, options, replica identity, primary keys, sizes, comments', () => {
    const names = rows.tables!.map((r) => `${r.schema}.${r.name}`).sort();
    expect(names).toEqual(['Sales Ü.Café Ü', 'Sales Ü.select', 'app.bookings', 'app.customers', 'app.events', 'app.events_2024', 'app.events_2025', 'app.fresh', 'app.orders'].sort());
    expect(byName(rows.tables, 'app', 'customers')).toMatchObject({ relkind: 'r', relpersistence: 'p', has_primary_key: true, comment: 'Customers of the shop', reltuples: 2, locked: false });
    expect(byName(rows.tables, 'app', 'events_2024')).toMatchObject({ relpages: 1, reltuples: 1 });
    expect(byName(rows.tables, 'app', 'orders')).toMatchObject({ reloptions: ['fillfactor=90'], replica_identity: 'f' });
    expect(byName(rows.tables, 'app', 'bookings')).toMatchObject({ has_primary_key: false, replica_identity: 'd' });
    expect(byName(rows.tables, 'app', 'events')).toMatchObject({ relkind: 'p', partition_key: 'RANGE (happened)', is_partition: false });
    expect(byName(rows.tables, 'app', 'events_2024')).toMatchObject({
      relkind: 'r',
      is_partition: true,
      partition_bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
      parents: [{ schema: 'app', name: 'events' }],
    });
    expect(byName(rows.tables, 'Sales Ü', 'Café Ü')).toMatchObject({ comment: 'café table', has_primary_key: true });
  });

  it('columns: full type text, defaults, identity, serial, generated, collation, comments', () => {
    const c = (t: string, n: string) => rows.columns!.find((r) => r.table_name === t && r.name === n);
    expect(c('customers', 'id')).toMatchObject({ ordinal: 1, data_type: 'bigint', not_null: true, identity: 'a', table_oid: byName(rows.tables, 'app', 'customers')!.oid });
    expect(c('customers', 'email')).toMatchObject({ data_type: 'app.email', type_kind: 'd', not_null: true });
    expect(c('customers', 'name')).toMatchObject({ data_type: 'text', collation: 'C', collation_is_type_default: false });
    expect(c('customers', 'tags')).toMatchObject({ data_type: 'text[]', default_expr: "'{}'::text[]", collation_is_type_default: true });
    expect(c('customers', 'scores')).toMatchObject({ data_type: 'integer[]', dimensions: 2 });
    expect(c('customers', 'profile')).toMatchObject({ data_type: 'jsonb' });
    expect(c('customers', 'mood')).toMatchObject({ data_type: 'app.mood', type_kind: 'e', default_expr: "'ok'::app.mood" });
    expect(c('customers', 'external_id')).toMatchObject({ data_type: 'uuid', default_expr: 'uuid_generate_v4()' });
    expect(c('customers', 'balance')).toMatchObject({ data_type: 'numeric(12,2)' });
    expect(c('customers', 'created_at')).toMatchObject({ data_type: 'timestamp with time zone', default_expr: 'now()' });
    expect(c('customers', 'updated_at')).toMatchObject({ data_type: 'timestamp(3) without time zone', not_null: false });
    expect(c('customers', 'email')!.comment).toBe('login e-mail');
    expect(c('orders', 'order_id')).toMatchObject({ data_type: 'integer', default_expr: "nextval('app.orders_order_id_seq'::regclass)", identity: '', comment: 'order number' });
    // The sequence a column owns is said by the sequences rows only (COMMENTS adds a second one, aa_order_id_seq, owned by orders.order_id).
    for (const r of rows.columns!) expect(Object.keys(r).filter((k) => k.startsWith('owned'))).toEqual([]);
    const owner = (name: string) => byName(rows.sequences, 'app', name);
    expect(owner('customers_id_seq')).toMatchObject({ owned_by_schema: 'app', owned_by_table: 'customers', owned_by_column: 'id', owned_by_deptype: 'i' });
    expect(owner('aa_order_id_seq')).toMatchObject({ owned_by_schema: 'app', owned_by_table: 'orders', owned_by_column: 'order_id', owned_by_deptype: 'a' });
    expect(owner('orders_order_id_seq')).toMatchObject({ owned_by_table: 'orders', owned_by_column: 'order_id', owned_by_deptype: 'a' });
    expect(owner('invoice_no')).toMatchObject({ owned_by_table: null, owned_by_column: null });
    expect(c('customers', 'name')).toMatchObject({ comment: null });
    expect(c('orders', 'total')).toMatchObject({ data_type: 'numeric(12,2)', generated: 's', default_expr: '((qty)::numeric * unit_price)' });
    expect(c('orders', 'invoice')).toMatchObject({ default_expr: "nextval('app.invoice_no'::regclass)" });
    expect(c('orders', 'status')).toMatchObject({ data_type: 'character varying(20)', default_expr: "'new'::character varying" });
    expect(c('bookings', 'id')).toMatchObject({ identity: 'd' });
    expect(c('Café Ü', 'Name "quoted"')).toMatchObject({ data_type: 'text', comment: 'a "quoted" column', ordinal: 2 });
    expect(c('Café Ü', 'addr')).toMatchObject({ data_type: '"Sales Ü".address', type_kind: 'c' });
    expect(c('Café Ü', 'amount')).toMatchObject({ data_type: 'app.positive_int' });
    expect(c('Café Ü', 'MixedCase')).toMatchObject({ data_type: 'boolean', default_expr: 'false' });
    expect(c('select', 'from')).toMatchObject({ data_type: 'integer', not_null: true });
    expect(c('open_orders', 'status')).toMatchObject({ relkind: 'v' });
    expect(rows.columns!.filter((r) => r.table_name === 'customers')).toHaveLength(11);
  });

  it('constraints: primary, unique, foreign (actions, deferrable), check, exclusion', () => {
    const k = (t: string, n: string) => col(rows.constraints, t, n);
    // A foreign key or primary key is said in full by the other columns: no definition read (see CONSTRAINTS).
    expect(k('orders', 'orders_customer_fk')).toMatchObject({
      type: 'f',
      definition: null,
      table_oid: byName(rows.tables, 'app', 'orders')!.oid,
      ref_table_oid: byName(rows.tables, 'app', 'customers')!.oid,
      columns: ['customer_id'],
      ref_schema: 'app',
      ref_table: 'customers',
      ref_columns: ['id'],
      on_update: 'r',
      on_delete: 'c',
      deferrable: true,
      deferred: true,
      validated: true,
    });
    expect(k('select', 'select_cafe_id_fkey')).toMatchObject({ definition: null, columns: ['cafe_id'], ref_schema: 'Sales Ü', ref_table: 'Café Ü', ref_columns: ['Id'], on_delete: 'n' });
    expect(k('orders', 'qty_positive')).toMatchObject({ type: 'c', definition: 'CHECK (qty > 0)', columns: ['qty'], ref_columns: null, comment: 'at least one' });
    expect(k('orders', 'orders_customer_fk')!.comment).toBeNull();
    expect(k('bookings', 'no_columns')).toMatchObject({ type: 'c', columns: [], ref_columns: null, validated: false });
    expect(k('customers', 'customers_balance_check')).toMatchObject({ definition: 'CHECK (balance >= 0::numeric)' });
    expect(k('bookings', 'no_double_booking')).toMatchObject({ type: 'x', definition: 'EXCLUDE USING gist (room WITH =, during WITH &&)', index_name: 'no_double_booking' });
    expect(k('orders', 'orders_customer_invoice_key')).toMatchObject({ type: 'u', columns: ['customer_id', 'invoice'] });
    expect(k('Café Ü', 'Café Ü_pkey')).toMatchObject({ type: 'p', definition: null, columns: ['Id'], index_name: 'Café Ü_pkey' });
    expect(k('select', 'select_pkey')).toMatchObject({ definition: null, columns: ['from'] });
    expect(k('events_2024', 'events_2024_pkey')!.parent_oid).toBe(k('events', 'events_pkey')!.oid);
  });

  it('indexes: unique, partial, expression, GIN, DESC / NULLS, INCLUDE, partitioned', () => {
    const i = (t: string, n: string) => col(rows.indexes, t, n);
    expect(i('customers', 'customers_lower_name_uq')).toMatchObject({ is_unique: true, expressions: 'lower(name)', definition: 'CREATE UNIQUE INDEX customers_lower_name_uq ON app.customers USING btree (lower(name))' });
    expect(i('customers', 'customers_lower_name_uq')!.columns).toEqual([expect.objectContaining({ column: null, expression: 'lower(name)' })]);
    expect(i('orders', 'orders_open_idx')).toMatchObject({ predicate: "status::text <> 'done'::text", definition: "CREATE INDEX orders_open_idx ON app.orders USING btree (customer_id) WHERE status::text <> 'done'::text" });
    // A plain index's definition is left out: the row already says all of it.
    expect(i('customers', 'customers_profile_gin')).toMatchObject({ method: 'gin', definition: null, locked: false });
    expect(i('customers', 'customers_profile_gin')!.columns).toEqual([expect.objectContaining({ opclass: 'jsonb_path_ops', opclass_is_default: false })]);
    expect(i('orders', 'orders_customer_desc_idx')).toMatchObject({ column_count: 3, key_column_count: 2 });
    // INCLUDE columns have no sort options, operator class or collation (indoption, indclass and indcollation cover the key columns).
    expect(i('orders', 'orders_customer_desc_idx')!.columns).toEqual([
      { position: 1, column: 'customer_id', expression: null, key: true, descending: true, nulls_first: false, opclass: 'int8_ops', opclass_is_default: true, collation: null },
      { position: 2, column: 'order_id', expression: null, key: true, descending: false, nulls_first: false, opclass: 'int4_ops', opclass_is_default: true, collation: null },
      { position: 3, column: 'status', expression: null, key: false, descending: null, nulls_first: null, opclass: null, opclass_is_default: null, collation: null },
    ]);
    expect(i('customers', 'customers_lower_name_uq')!.columns).toEqual([
      { position: 1, column: null, expression: 'lower(name)', key: true, descending: false, nulls_first: false, opclass: 'text_ops', opclass_is_default: true, collation: 'C' },
    ]);
    expect(i('Café Ü', 'Café idx')).toMatchObject({ definition: null, locked: false });
    expect(i('fresh', 'fresh_doc_gist')).toMatchObject({ definition: "CREATE INDEX fresh_doc_gist ON app.fresh USING gist (doc tsvector_ops (siglen='64'))" });
    expect(i('Café Ü', 'Café idx')!.columns).toEqual([expect.objectContaining({ column: 'Name "quoted"', descending: true, nulls_first: true })]);
    expect(i('customers', 'customers_pkey')).toMatchObject({ is_primary: true, constraint_name: 'customers_pkey' });
    expect(i('events', 'events_payload_idx')).toMatchObject({ relkind: 'I', method: 'gin' });
    expect(rows.indexes!.find((r) => r.table_name === 'events_2024' && r.parent_index === 'events_payload_idx')).toBeDefined();
    expect(i('customer_totals', 'customer_totals_customer_idx')).toMatchObject({ is_unique: true });
  });

  it('relation sizes: tables, materialized views and indexes, indexes tied to their table', () => {
    const sizes = rows.relation_sizes!;
    const customers = byName(sizes, 'app', 'customers')!;
    expect(customers).toMatchObject({ relkind: 'r', locked: false, table_oid: customers.oid });
    expect(Number(customers.bytes)).toBeGreaterThan(0);
    const customerIndexes = sizes.filter((r) => r.relkind === 'i' && r.table_oid === customers.oid).map((r) => r.name);
    expect(customerIndexes.sort()).toEqual(['customers_email_key', 'customers_lower_name_uq', 'customers_pkey', 'customers_profile_gin']);
    expect(Number(byName(sizes, 'app', 'customer_totals')!.bytes)).toBeGreaterThan(0);
    expect(byName(sizes, 'app', 'events')).toBeUndefined();
    expect(byName(sizes, 'app', 'events_2024')).toMatchObject({ relkind: 'r' });
    // After the fixture's ANALYZE: pages of the table, its TOAST table and TOAST index, as pg_table_size counts them here.
    expect(customers).toMatchObject({ bytes_estimated: true, bytes: '16384' });
    expect(byName(sizes, 'app', 'orders')).toMatchObject({ bytes_estimated: true, bytes: '8192' });
    // Never vacuumed nor analyzed: no page count, so the files are measured.
    expect(byName(sizes, 'app', 'fresh')).toMatchObject({ bytes_estimated: false, bytes: '8192' });
    expect(sizes.every((r) => typeof r.bytes_estimated === 'boolean')).toBe(true);
  });

  it('views and materialized views', () => {
    expect(byName(rows.views, 'app', 'open_orders')).toMatchObject({ materialized: false, check_option: 'local', comment: 'orders not done yet', populated: null });
    expect(byName(rows.views, 'app', 'open_orders')!.definition).toContain("WHERE orders.status::text <> 'done'::text");
    expect(byName(rows.views, 'Sales Ü', 'Café view')).toMatchObject({ security_barrier: 'true', security_invoker: 'true', check_option: null });
    expect(byName(rows.views, 'app', 'customer_totals')).toMatchObject({ materialized: true, relkind: 'm', populated: true });
    expect(byName(rows.views, 'app', 'customer_totals')!.definition).toContain('sum(orders.total)');
    expect(rows.views).toHaveLength(3);
  });

  it('routines: plpgsql and SQL functions, a procedure, an aggregate', () => {
    const r = (n: string) => rows.routines!.find((x) => x.name === n);
    expect(rows.routines!.map((x) => `${x.schema}.${x.name}`).sort()).toEqual(
      ['Sales Ü.Grüß "dich"', 'app.audit_noop', 'app.close_order', 'app.on_ddl', 'app.order_total', 'app.product', 'app.touch_updated'].sort(),
    );
    expect(r('touch_updated')).toMatchObject({ kind: 'f', language: 'plpgsql', arguments: '', result: 'trigger', volatility: 'v', security_definer: false });
    expect(r('touch_updated')!.source).toContain('NEW.updated_at := now();');
    expect(r('order_total')).toMatchObject({ language: 'sql', arguments: 'p_order integer', result: 'numeric', volatility: 's', strict: true, comment: 'total of one order' });
    expect(r('order_total')!.definition).toContain('CREATE OR REPLACE FUNCTION app.order_total(p_order integer)');
    expect(r('Grüß "dich"')).toMatchObject({ arguments: "who text DEFAULT 'world'::text", result: 'SETOF text', returns_set: true, security_definer: true, volatility: 'i', config: ['search_path=pg_catalog'] });
    expect(r('Grüß "dich"')!.definition).toContain('FUNCTION "Sales Ü"."Grüß ""dich"""(who text DEFAULT \'world\'::text)');
    expect(r('close_order')).toMatchObject({ kind: 'p', result: null, language: 'plpgsql' });
    expect(r('close_order')!.definition).toContain('CREATE OR REPLACE PROCEDURE app.close_order(IN p_order integer)');
    expect(r('product')).toMatchObject({ kind: 'a', definition: null, arguments: 'numeric', agg_transfn: 'numeric_mul', agg_state_type: 'numeric', agg_initval: '1', agg_finalfn: null });
  });

  it('triggers and the event trigger', () => {
    expect(col(rows.triggers, 'customers', 'customers_touch')).toMatchObject({
      comment: 'keeps updated_at',
      definition: 'CREATE TRIGGER customers_touch BEFORE UPDATE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch_updated()',
      timing: 'BEFORE',
      events: ['UPDATE'],
      orientation: 'ROW',
      enabled: 'O',
      function_schema: 'app',
      function_name: 'touch_updated',
    });
    expect(col(rows.triggers, 'Café Ü', 'Café audit')).toMatchObject({ timing: 'AFTER', events: ['INSERT', 'DELETE'], orientation: 'STATEMENT', enabled: 'D' });
    expect(rows.triggers).toHaveLength(2);
    expect(rows.event_triggers).toEqual([expect.objectContaining({ name: 'scout_fixture_ddl', event: 'ddl_command_end', tags: ['CREATE TABLE'], function_name: 'on_ddl', enabled: 'O' })]);
  });

  it('sequences with values and owners', () => {
    expect(byName(rows.sequences, 'app', 'invoice_no')).toMatchObject({
      data_type: 'bigint',
      start_value: '1000',
      increment_by: '5',
      min_value: '1000',
      max_value: '999999',
      cache_size: '10',
      cycle: true,
      // The value last written to disk: with CACHE 10 that is the end of the cached batch (1000 + 9 × 5).
      last_value: '1045',
      last_value_readable: true,
      owned_by_table: null,
      comment: 'invoice numbers',
    });
    expect(byName(rows.sequences, 'app', 'orders_order_id_seq')).toMatchObject({ data_type: 'integer', last_value: '2', owned_by_table: 'orders', owned_by_column: 'order_id', owned_by_deptype: 'a' });
    expect(byName(rows.sequences, 'app', 'bookings_id_seq')).toMatchObject({ start_value: '10', last_value: '10', owned_by_deptype: 'i' });
    expect(byName(rows.sequences, 'app', 'aa_order_id_seq')).toMatchObject({ owned_by_table: 'orders', owned_by_column: 'order_id', owned_by_deptype: 'a' });
    expect(rows.sequences).toHaveLength(5);
  });

  it('enum, composite, domain and range types', () => {
    expect(byName(rows.enum_types, 'app', 'mood')).toMatchObject({ labels: ['sad', 'ok', 'happy', 'Très "content"'], comment: 'how a customer feels' });
    expect(byName(rows.composite_types, 'Sales Ü', 'address')!.attributes).toEqual([
      { position: 1, name: 'street', data_type: 'text', collation: null },
      { position: 2, name: 'city', data_type: 'character varying(80)', collation: null },
      { position: 3, name: 'zip', data_type: 'character(5)', collation: null },
    ]);
    expect(rows.composite_types).toHaveLength(1);
    expect(byName(rows.domains, 'app', 'positive_int')).toMatchObject({ base_type: 'integer', not_null: true, default_expr: '1', comment: 'above zero', checks: [{ name: 'positive_int_check', definition: 'CHECK (VALUE > 0)', validated: true }] });
    expect(byName(rows.domains, 'app', 'email')).toMatchObject({ base_type: 'citext', not_null: false, checks: [expect.objectContaining({ definition: "CHECK (VALUE ~ '^[^@]+@[^@]+$'::citext)" })] });
    expect(byName(rows.range_types, 'app', 'float_range')).toMatchObject({ subtype: 'double precision', subtype_opclass: 'float8_ops', comment: 'floats' });
    expect(byName(rows.composite_types, 'Sales Ü', 'address')!.comment).toBe('postal');
  });

  it('each older-version SQL text that PostgreSQL 15 accepts gives the same columns and as many rows as the 15 text', async () => {
    const versionNum = reading.server!.versionNum;
    let tried = 0;
    await admin(async (c) => {
      for (const q of [...SERVER_QUERIES, ...DATABASE_QUERIES]) {
        const chosen = sqlFor(q, versionNum);
        for (const v of q.variants) {
          if (v.since > versionNum || v.sql === chosen) continue;
          const [now, old] = [await c.query(chosen), await c.query(v.sql)];
          expect(old.fields.map((f) => f.name), `${q.name} since ${v.since}`).toEqual(now.fields.map((f) => f.name));
          expect(old.rows.length, `${q.name} since ${v.since}`).toBe(now.rows.length);
          tried++;
        }
      }
    }, db);
    expect(tried).toBe(6);
  });
});

describe('postgres collector: flavor evidence and connections, on a PostgreSQL 15 that plays Aurora', () => {
  const db = `scout_flavor_${RUN}`;
  beforeAll(() => createDb(db, ''));
  afterAll(() => dropDbs(db));

  it('flavor from settings and roles: rds.* or rds_superuser make RDS, apg/aurora settings or aurora_version() make Aurora', () => {
    // pg_settings hides placeholder settings, so RDS cannot be played on a local server: the rule on rows as RDS reports them.
    const settings = [{ name: 'max_connections' }, { name: 'rds.extensions' }, { name: 'rds.force_ssl' }];
    expect(flavorOf([{ name: 'max_connections' }], { has_aurora_version: false, has_rds_superuser_role: false, has_rdsadmin_role: false }, null)).toEqual({ flavor: 'postgresql', flavorEvidence: [] });
    expect(flavorOf(settings, { has_aurora_version: false, has_rds_superuser_role: true, has_rdsadmin_role: false }, null)).toEqual({
      flavor: 'rds-postgresql',
      flavorEvidence: ['rds.* settings in pg_settings: rds.extensions, rds.force_ssl', 'role rds_superuser exists'],
    });
    expect(flavorOf([...settings, { name: 'apg_plan_mgmt.capture_plan_baselines' }], undefined, null)).toMatchObject({
      flavor: 'aurora-postgresql',
      flavorEvidence: ['Aurora settings in pg_settings: apg_plan_mgmt.capture_plan_baselines', 'rds.* settings in pg_settings: rds.extensions, rds.force_ssl'],
    });
  });

  it('an aurora_version() function makes it aurora-postgresql, and is called only when it exists', async () => {
    await admin((c) => c.query(`CREATE FUNCTION public.aurora_version() RETURNS text LANGUAGE sql AS $$ SELECT '15.4.1' $$`), db);
    const rec = recorder();
    const reading = await postgresCollector.collectServer(target({ database: db }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(rec.errors).toEqual([]);
    expect(reading.server!.flavor).toBe('aurora-postgresql');
    expect(reading.server!.flavorEvidence).toEqual(['function aurora_version() exists: 15.4.1']);
    expect(reading.serverRows.aurora_version).toEqual([{ aurora_version: '15.4.1' }]);
  });

  it('connects over the unix socket directory, as scout-agent names itself', async () => {
    const rec = recorder();
    // sslmode does not apply to unix sockets (as in libpq).
    const w = await postgresCollector.readWorkload(target({ host: null, socket: '/var/run/postgresql', database: db, sslmode: 'require' }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(rec.errors).toEqual([]);
    expect(w!.rows.activity!.some((r) => r.datname === db && r.usename === 'root')).toBe(true);
  });
});

describe('postgres collector: the query count does not grow with the tables (PostgreSQL 15)', () => {
  const small = `scout_cnt3_${RUN}`;
  const big = `scout_cnt60_${RUN}`;
  const tables = (n: number) =>
    Array.from({ length: n }, (_, i) => `CREATE TABLE t${i} (id serial PRIMARY KEY, ref int REFERENCES t0(id), v text CHECK (v <> ''), d date DEFAULT now()); CREATE INDEX ON t${i} (v);`).join('\n');
  beforeAll(async () => {
    await createDb(small, tables(3));
    await createDb(big, tables(60));
  });
  afterAll(() => dropDbs(small, big));

  it('reads a 3-table and a 60-table database with the same queries, selected by include glob', async () => {
    const rec = recorder();
    const reading = await postgresCollector.collectServer(target({ include: [`scout_cnt?_${RUN}`, `scout_cnt??_${RUN}`] }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(rec.errors).toEqual([]);
    expect(reading.databases.map((d) => d.name).sort()).toEqual([big, small].sort());
    const names = (db: string) => rec.stats.filter((s) => s.database === db).map((s) => s.name);
    expect(names(small)).toEqual(names(big));
    expect(names(small)).toEqual(['index_lookups', ...DATABASE_QUERIES.map((q) => q.name)]);
    const rowsOf = (db: string) => allRowObjects(reading.databases.find((d) => d.name === db)!.rows);
    expect(rowsOf(small).tables).toHaveLength(3);
    expect(rowsOf(big).tables).toHaveLength(60);
    expect(rowsOf(big).indexes).toHaveLength(120);
    expect(rowsOf(big).sequences).toHaveLength(60);
  });

  it('exclude wins over include', async () => {
    const rec = recorder();
    const reading = await postgresCollector.collectServer(target({ include: [`scout_cnt*_${RUN}`], exclude: ['scout_cnt60_*'] }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(reading.databases.map((d) => d.name)).toEqual([small]);
  });
});

describe('postgres collector: least privilege on PostgreSQL 15', () => {
  const monitor = `scout_mon_${RUN}`;
  const plain = `scout_plain_${RUN}`;
  const readable = `scout_priv_${RUN}`;
  const closed = `scout_noconn_${RUN}`;
  beforeAll(async () => {
    await admin(async (c) => {
      await c.query(`CREATE ROLE ${ident(monitor)} LOGIN IN ROLE pg_monitor`);
      await c.query(`CREATE ROLE ${ident(plain)} LOGIN`);
    });
    await createDb(readable, `CREATE SCHEMA hidden; CREATE TABLE hidden.t (id serial PRIMARY KEY, v text); INSERT INTO hidden.t (v) VALUES ('x');
      CREATE FUNCTION hidden.f() RETURNS int LANGUAGE sql AS 'SELECT 1';`);
    await createDb(closed, '');
    await admin(async (c) => {
      for (const d of [readable, closed]) await c.query(`REVOKE CONNECT ON DATABASE ${ident(d)} FROM PUBLIC`);
      await c.query(`GRANT CONNECT ON DATABASE ${ident(readable)} TO ${ident(monitor)}, ${ident(plain)}`);
    });
  });
  afterAll(async () => {
    await dropDbs(readable, closed);
    await admin(async (c) => {
      await c.query(`DROP ROLE IF EXISTS ${ident(monitor)}`);
      await c.query(`DROP ROLE IF EXISTS ${ident(plain)}`);
    });
  });

  const collectAs = async (user: string) => {
    const rec = recorder();
    const reading = await postgresCollector.collectServer(target({ user, include: [readable, closed] }), DEFAULT_CATALOG_OPTIONS, rec);
    return { rec, reading };
  };

  it('a pg_monitor role with CONNECT reads the catalog; what it cannot see is listed', async () => {
    const { rec, reading } = await collectAs(monitor);
    expect(rec.errors).toEqual([]);
    expect(reading.server).toMatchObject({ currentUser: monitor });
    expect(reading.databases.map((d) => d.name)).toEqual([readable]);
    const rows = allRowObjects(reading.databases[0]!.rows);
    expect(rows.tables!.map((r) => r.name)).toEqual(['t']);
    expect(rows.routines!.find((r) => r.name === 'f')!.source).toBe('SELECT 1');
    expect(rows.sequences![0]).toMatchObject({ last_value_readable: false, last_value: null });
    const codes = rec.limitations.map((l) => `${l.collector} ${l.code}`);
    expect(codes).toContain('db:sequences permission_denied');
    expect(codes).toContain('db:catalog permission_denied');
    expect(rec.limitations.find((l) => l.collector === 'db:catalog')!.message).toContain(closed);
    // pg_monitor brings pg_read_all_settings and pg_read_all_stats: settings, sizes and activity are complete.
    expect(codes).not.toContain('db:settings permission_denied');
    expect(codes).not.toContain('db:databases permission_denied');
    expect(reading.serverRows.database_sizes!.find((r) => r.datname === closed)!.size_bytes).not.toBeNull();
  });

  it('a role with LOGIN and CONNECT only: settings, other sessions and sizes it cannot read are listed', async () => {
    const { rec, reading } = await collectAs(plain);
    expect(rec.errors).toEqual([]);
    expect(reading.databases.map((d) => d.name)).toEqual([readable]);
    const codes = rec.limitations.map((l) => `${l.collector} ${l.code}`);
    for (const c of ['db:settings permission_denied', 'db:long_transactions permission_denied', 'db:databases permission_denied', 'db:catalog permission_denied', 'db:sequences permission_denied']) {
      expect(codes).toContain(c);
    }
    expect(reading.serverRows.database_sizes!.find((r) => r.datname === closed)!.size_bytes).toBeNull();
    expect(reading.server!.sizeBytes).toBeGreaterThan(0);
    expect(reading.serverRows.settings!.find((r) => r.name === 'data_directory')).toBeUndefined();
  });
});

describe('postgres collector: faults on PostgreSQL 15', () => {
  const db = `scout_faults_${RUN}`;
  const other = `scout_faults2_${RUN}`;
  beforeAll(async () => {
    await createDb(db, `${FIXTURE}\n${EXTRAS}`);
    await createDb(other, 'CREATE TABLE t (id int PRIMARY KEY)');
  });
  afterAll(() => dropDbs(db, other));

  it('a refused port is recorded as connection_refused, by collectServer and readWorkload', async () => {
    const rec = recorder();
    const t = target({ port: 1, password: new Secret(SECRET) });
    expect(await postgresCollector.readWorkload(t, DEFAULT_CATALOG_OPTIONS, rec)).toBeNull();
    const reading = await postgresCollector.collectServer(t, DEFAULT_CATALOG_OPTIONS, rec);
    expect(reading).toEqual({ server: null, serverRows: {}, databases: [], workloadEnd: null });
    expect(rec.errors.map((e) => `${e.stage} ${e.code}`)).toEqual(['workload connection_refused', 'connect connection_refused']);
    expect(JSON.stringify(rec.errors)).not.toContain(SECRET);
  });

  it('sslmode=require against a server without TLS is recorded as tls_failed', async () => {
    const rec = recorder();
    const reading = await postgresCollector.collectServer(target({ sslmode: 'require' }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(reading.server).toBeNull();
    expect(rec.errors[0]).toMatchObject({ stage: 'connect', code: 'tls_failed' });
  });

  it('a 1 ms statement_timeout: timeouts are recorded and the collection still returns', async () => {
    const rec = recorder({ statementTimeoutMs: 1 });
    const reading = await postgresCollector.collectServer(target({ database: db }), { ...DEFAULT_CATALOG_OPTIONS, statementTimeoutMs: 1 }, rec);
    expect(rec.errors.some((e) => e.stage === 'query' && e.code === 'statement_timeout')).toBe(true);
    expect(reading.databases.map((d) => d.name)).toEqual([db]);
    // Every per-database query was tried (and index_lookups before them): a timeout restarts the snapshot rather than ending
    // the read. attribute_names runs too when the columns query timed out and constraints or indexes did not.
    expect(rec.stats.filter((s) => s.database === db && s.name !== 'attribute_names')).toHaveLength(DATABASE_QUERIES.length + 1);
  });

  it('relations under ACCESS EXCLUSIVE lock: what would wait is left null and listed, the rest is read without waiting', async () => {
    const locker = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'root', database: db });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE app.orders, app.fresh IN ACCESS EXCLUSIVE MODE');
      await locker.query('ALTER SEQUENCE app.invoice_no INCREMENT BY 5');
      const opts = { ...DEFAULT_CATALOG_OPTIONS, lockTimeoutMs: 2_000 };
      const rec = recorder(opts);
      const started = performance.now();
      const reading = await postgresCollector.collectServer(target({ database: db }), opts, rec);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(rec.errors).toEqual([]);
      const rows = allRowObjects(reading.databases[0]!.rows);
      expect(byName(rows.tables, 'app', 'orders')).toMatchObject({ locked: true });
      // An estimated size reads no file, so a locked table has one; a measured one would wait, so it is null.
      expect(byName(rows.relation_sizes, 'app', 'orders')).toMatchObject({ locked: true, bytes_estimated: true, bytes: '8192' });
      expect(byName(rows.relation_sizes, 'app', 'fresh')).toMatchObject({ locked: true, bytes_estimated: false, bytes: null });
      expect(byName(rows.relation_sizes, 'app', 'orders_pkey')).toMatchObject({ locked: false });
      expect(byName(rows.tables, 'app', 'customers')).toMatchObject({ locked: false });
      expect(rows.columns!.find((r) => r.table_name === 'orders' && r.name === 'total')).toMatchObject({ locked: true, default_expr: null, data_type: 'numeric(12,2)', generated: 's' });
      // A plain default names no column: it is deparsed without opening the relation, so it is read all the same.
      expect(rows.columns!.find((r) => r.table_name === 'orders' && r.name === 'order_id')).toMatchObject({ locked: true, default_expr: "nextval('app.orders_order_id_seq'::regclass)" });
      expect(col(rows.constraints, 'orders', 'qty_positive')).toMatchObject({ locked: true, definition: null, columns: ['qty'] });
      expect(col(rows.indexes, 'orders', 'orders_pkey')).toMatchObject({ locked: true, definition: null, is_primary: true });
      expect(byName(rows.views, 'app', 'open_orders')).toMatchObject({ locked: true, definition: null });
      expect(byName(rows.views, 'Sales Ü', 'Café view')).toMatchObject({ locked: false, definition: expect.stringContaining('FROM "Sales Ü"."Café Ü"') });
      expect(byName(rows.sequences, 'app', 'invoice_no')).toMatchObject({ locked: true, last_value: null, last_value_readable: true });
      const listed = rec.limitations.filter((l) => l.code === 'not_available').map((l) => l.collector);
      expect(listed.sort()).toEqual(['db:columns', 'db:constraints', 'db:indexes', 'db:relation_sizes', 'db:sequences', 'db:tables', 'db:views']);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('a locked system catalog: each query waits at most lock_timeout, is recorded as lock_timeout, and the read goes on', async () => {
    const locker = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'root', database: db });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      // Comments live in pg_description: every query that reads one has to wait.
      await locker.query('LOCK TABLE pg_catalog.pg_description IN ACCESS EXCLUSIVE MODE');
      const opts = { ...DEFAULT_CATALOG_OPTIONS, lockTimeoutMs: 150 };
      const rec = recorder(opts);
      const started = performance.now();
      const reading = await postgresCollector.collectServer(target({ database: db }), opts, rec);
      expect(performance.now() - started).toBeLessThan(DATABASE_QUERIES.length * 150 + 3_000);
      expect(rec.errors.length).toBeGreaterThan(0);
      for (const e of rec.errors) expect(e).toMatchObject({ stage: 'query', code: 'lock_timeout', database: db });
      const rows = allRowObjects(reading.databases[0]!.rows);
      expect(rows.extensions!.length).toBe(4);
      expect(rows.table_stats!.length).toBeGreaterThan(0);
      expect(rows.schemas).toBeUndefined();
      // No columns rows (their query reads comments): the index columns are named by the attribute lookup instead.
      expect(rows.columns).toBeUndefined();
      expect(rec.stats.some((s) => s.name === 'attribute_names' && s.error === null)).toBe(true);
      const pkey = rows.indexes!.find((r) => r.table_name === 'Café Ü' && r.name === 'Café idx');
      expect(pkey!.columns).toEqual([expect.objectContaining({ column: 'Name "quoted"' })]);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('the locks pg_get_viewdef takes are let go right after the views query; sequence locks last until the snapshot ends', async () => {
    const held: Record<string, number> = {};
    const count = (withSequences = false) =>
      admin(async (c) => {
        const r = await c.query(
          `SELECT pg_catalog.count(*)::int AS n FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
            WHERE a.application_name = 'scout-agent' AND a.datname = $1 AND l.locktype = 'relation' AND l.relation >= 16384
              AND ($2 OR l.mode <> 'RowExclusiveLock')`,
          [db, withSequences],
        );
        return r.rows[0].n as number;
      });
    // Counts the locks the collector holds on user relations when each query starts; without the
    // ROW EXCLUSIVE locks pg_sequence_last_value takes, as the server may have run the last query already.
    class LockCounter extends QueryRecorder {
      override async fetch(name: string, database: string | null, fn: () => Promise<FetchedRows>): Promise<Fetched> {
        if (database === db) held[name] = await count();
        const out = await super.fetch(name, database, fn);
        if (database === db && name === 'sequences') held.afterSequences = await count(true);
        return out;
      }
    }
    // One connection: with several, a query in flight on one holds passing locks when another starts.
    const opts = { ...DEFAULT_CATALOG_OPTIONS, dbParallel: 1 };
    const rec = new LockCounter(pino({ level: 'silent' }), opts);
    const reading = await postgresCollector.collectServer(target({ database: db }), opts, rec);
    expect(rec.errors).toEqual([]);
    expect(byName(allRowObjects(reading.databases[0]!.rows).views, 'app', 'open_orders')!.definition).toContain('FROM app.orders');
    const names = DATABASE_QUERIES.map((q) => q.name);
    expect(names.at(-1)).toBe('sequences');
    // The queries go in one message (13+), so the server may be on a later query when an
    // earlier one's rows are in: from the one after views on, views' locks are gone.
    const afterViews = names.slice(names.indexOf('views') + 1);
    expect(afterViews.length).toBeGreaterThan(5);
    for (const n of afterViews) expect(held[n], n).toBe(0);
    expect(held.afterSequences).toBe(4);
    expect(await count(true)).toBe(0);
  });

  it('a target database that does not exist is recorded as database_not_found', async () => {
    const rec = recorder();
    const reading = await postgresCollector.collectServer(target({ database: `scout_missing_${RUN}` }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(reading.server).toBeNull();
    expect(rec.errors).toEqual([expect.objectContaining({ stage: 'connect', code: 'database_not_found', database: `scout_missing_${RUN}` })]);
  });

  it('a database dropped between listing and reading is recorded as database_not_found and the next one is read', async () => {
    const doomed = `scout_doomed_${RUN}`;
    await createDb(doomed, '');
    // Drops the database right after the server-level listing returned it.
    class DroppingRecorder extends QueryRecorder {
      override async fetch(name: string, database: string | null, fn: () => Promise<FetchedRows>): Promise<Fetched> {
        const out = await super.fetch(name, database, fn);
        if (name === 'databases') await dropDbs(doomed);
        return out;
      }
    }
    const rec = new DroppingRecorder(pino({ level: 'silent' }), DEFAULT_CATALOG_OPTIONS);
    const reading = await postgresCollector.collectServer(target({ include: [doomed, other] }), DEFAULT_CATALOG_OPTIONS, rec);
    expect(reading.serverRows.databases!.some((r) => r.datname === doomed)).toBe(true);
    expect(rec.errors).toEqual([expect.objectContaining({ stage: 'connect', code: 'database_not_found', database: doomed })]);
    expect(reading.databases.map((d) => d.name)).toEqual([other]);
  });
});

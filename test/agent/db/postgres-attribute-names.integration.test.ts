/**
 * Constraint and index columns named by the collector from the columns rows (attribute-names.ts),
 * against the local PostgreSQL 15: names that need quoting, a foreign key to a table the
 * columns rows leave out (an extension's member: asked of the server in one lookup query),
 * the definitions read only where they say more than the other columns (ON DELETE SET NULL
 * (columns), UNIQUE NULLS NOT DISTINCT, both 15+), and the same rows over two connections.
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRowObjects } from '../../../agent/bundle/build.js';
import type { RawRows } from '../../../agent/bundle/schema.js';
import pg from 'pg';
import { AttributeNamer } from '../../../agent/db/postgres/attribute-names.js';
import { postgresCollector } from '../../../agent/db/postgres/collect.js';
import { CATALOG_TYPES } from '../../../agent/db/postgres/fast-types.js';
import { IndexColumns } from '../../../agent/db/postgres/index-columns.js';
import { JsonRowsReader, packAll } from '../../../agent/db/postgres/json-rows.js';
import { sqlFor, type PgQuery } from '../../../agent/db/postgres/queries.js';
import { COLUMNS, CONSTRAINTS, INDEX_LOOKUPS, INDEXES } from '../../../agent/db/postgres/relation-queries.js';
import { ConstraintsShape, IndexesShape } from '../../../agent/db/postgres/row-shapes.js';
import { StatementBatch } from '../../../agent/db/postgres/statement-batch.js';
import { QueryRecorder } from '../../../agent/db/query-recorder.js';
import { DEFAULT_CATALOG_OPTIONS } from '../../../agent/db/types.js';
import { localPgTarget as target, pgAdmin as admin, pgIdent as ident } from './pg-local.js';

const RUN = `${process.pid}_${randomBytes(3).toString('hex')}`;

const SCHEMA = `
CREATE SCHEMA "Naming Ü";
CREATE TABLE "Naming Ü".ext_ref (code text PRIMARY KEY, "Other ""x""" int UNIQUE);
ALTER EXTENSION plpgsql ADD TABLE "Naming Ü".ext_ref;
CREATE TABLE "Naming Ü"."Parent" ("Id" int, "Second" text, PRIMARY KEY ("Second", "Id"));
CREATE TABLE "Naming Ü".child (
  n int PRIMARY KEY,
  "Parent Second" text, "parent id" int, tenant int, owner int,
  code text REFERENCES "Naming Ü".ext_ref (code),
  other int REFERENCES "Naming Ü".ext_ref ("Other ""x"""),
  CONSTRAINT child_parent_fk FOREIGN KEY ("Parent Second", "parent id") REFERENCES "Naming Ü"."Parent" ("Second", "Id"),
  CONSTRAINT child_self_fk FOREIGN KEY (tenant, owner) REFERENCES "Naming Ü".child (n, n) ON DELETE SET NULL (owner),
  CONSTRAINT child_uq UNIQUE NULLS NOT DISTINCT (tenant, "parent id")
);
ALTER TABLE "Naming Ü".child ADD CONSTRAINT child_sys_ck CHECK (tableoid IS NOT NULL AND n > 0);
CREATE UNIQUE INDEX child_nn ON "Naming Ü".child (n, tenant);
CREATE INDEX child_mixed ON "Naming Ü".child ("parent id" DESC, lower("Parent Second"), owner) INCLUDE (code);
`;

describe('postgres collector names constraint and index columns, PostgreSQL 15', () => {
  const db = `scout names Ü ${RUN}`;
  let one: Record<string, RawRows>;
  let rec: QueryRecorder;

  const read = async (dbParallel: number) => {
    const opts = { ...DEFAULT_CATALOG_OPTIONS, dbParallel };
    const r = new QueryRecorder(pino({ level: 'silent' }), opts);
    const reading = await postgresCollector.collectServer(target({ database: db }), opts, r);
    return { rows: allRowObjects(reading.databases[0]!.rows), rec: r };
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${ident(db)}`));
    // child_self_fk needs a unique key on (n, n)'s columns: n is the primary key.
    await admin((c) => c.query(SCHEMA.replace('REFERENCES "Naming Ü".child (n, n)', 'REFERENCES "Naming Ü".child_keys (a, b)').replace('CREATE TABLE "Naming Ü".child (', 'CREATE TABLE "Naming Ü".child_keys (a int, b int, PRIMARY KEY (a, b));\nCREATE TABLE "Naming Ü".child (')), db);
    ({ rows: one, rec } = await read(1));
  }, 60_000);

  afterAll(async () => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${ident(db)} WITH (FORCE)`));
  });

  const con = (name: string) => one.constraints!.find((r) => r.table_name === 'child' && r.name === name);
  const idx = (name: string) => one.indexes!.find((r) => r.table_name === 'child' && r.name === name);

  it('the collector read no errors and the extension member is left out of tables and columns', () => {
    expect(rec.errors).toEqual([]);
    expect(rec.limitations).toEqual([]);
    expect(one.tables!.map((r) => r.name).sort()).toEqual(['Parent', 'child', 'child_keys']);
    expect(one.columns!.some((r) => r.table_name === 'ext_ref')).toBe(false);
  });

  it('foreign keys name both sides, in key order, quoting kept out of the names', () => {
    expect(con('child_parent_fk')).toMatchObject({ type: 'f', definition: null, columns: ['Parent Second', 'parent id'], ref_table: 'Parent', ref_columns: ['Second', 'Id'] });
    expect(con('child_pkey')).toMatchObject({ type: 'p', definition: null, columns: ['n'] });
  });

  it('a foreign key to an extension member is named by the one lookup query', () => {
    expect(con('child_code_fkey')).toMatchObject({ columns: ['code'], ref_schema: 'Naming Ü', ref_table: 'ext_ref', ref_columns: ['code'] });
    expect(con('child_other_fkey')).toMatchObject({ columns: ['other'], ref_columns: ['Other "x"'] });
    // Two ext_ref columns, and tableoid (a system column) for child_sys_ck.
    expect(rec.stats.filter((s) => s.name === 'attribute_names')).toEqual([expect.objectContaining({ rows: 3, error: null })]);
  });

  it('a CHECK on a system column (tableoid) names it', () => {
    expect(con('child_sys_ck')).toMatchObject({ type: 'c', definition: expect.stringContaining('tableoid IS NOT NULL') });
    expect([...(con('child_sys_ck')!.columns as string[])].sort()).toEqual(['n', 'tableoid']);
  });

  it('definitions where they say more: ON DELETE SET NULL (columns) and UNIQUE NULLS NOT DISTINCT', () => {
    expect(con('child_self_fk')).toMatchObject({ columns: ['tenant', 'owner'], ref_columns: ['a', 'b'], on_delete: 'n' });
    expect(con('child_self_fk')!.definition).toMatch(/ON DELETE SET NULL \(owner\)$/);
    expect(con('child_uq')).toMatchObject({ type: 'u', columns: ['tenant', 'parent id'], definition: 'UNIQUE NULLS NOT DISTINCT (tenant, "parent id")' });
  });

  it('index entries name their columns; an expression entry has none', () => {
    expect(idx('child_nn')!.columns).toEqual([expect.objectContaining({ column: 'n' }), expect.objectContaining({ column: 'tenant' })]);
    expect(idx('child_mixed')!.columns).toEqual([
      expect.objectContaining({ position: 1, column: 'parent id', descending: true }),
      expect.objectContaining({ position: 2, column: null, expression: 'lower("Parent Second")' }),
      expect.objectContaining({ position: 3, column: 'owner', key: true }),
      expect.objectContaining({ position: 4, column: 'code', key: false }),
    ]);
  });

  it('constraints and indexes read as COPY text are, byte for byte, the rows the object path makes', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'root', database: db });
    await client.connect();
    try {
      const opts = DEFAULT_CATALOG_OPTIONS;
      const rec = new QueryRecorder(pino({ level: 'silent' }), opts);
      const arrays = async (q: PgQuery) => {
        const res = await client.query({ text: sqlFor(q, 150000), rowMode: 'array', types: CATALOG_TYPES });
        return rec.finish({ name: q.name, database: db, rows: { names: res.fields.map((f) => f.name), rows: res.rows as unknown[][] }, fetchMs: 0 })!;
      };
      const namer = new AttributeNamer();
      namer.take('columns', await arrays(COLUMNS));
      const indexColumns = new IndexColumns();
      indexColumns.setLookups(await arrays(INDEX_LOOKUPS));
      const shapes = { constraints: new ConstraintsShape(namer), indexes: new IndexesShape(namer, indexColumns, opts.maxValueChars) };
      for (const q of [CONSTRAINTS, INDEXES]) {
        // The object path: rows, index entries, named in place (what it cannot name stays a number, as in the text).
        const objects = await arrays(q);
        if (q === INDEXES) indexColumns.build(objects);
        const waiting = namer.take(q.name, objects).length === 0;
        const batch = new StatementBatch();
        const shape = shapes[q.name as 'constraints' | 'indexes'];
        const text = batch.add(new JsonRowsReader(sqlFor(q, 150000), opts.maxRowsPerQuery, opts.maxValueChars, null, shape));
        void client.query(batch as unknown as pg.QueryConfig);
        const chunks = packAll(await text);
        expect(new TextDecoder().decode(Buffer.concat(chunks)), q.name).toBe(JSON.stringify(objects).slice(1, -1));
        // Left to name: the two foreign keys to the extension's member and the CHECK on tableoid, and only they.
        expect(shape.unnamed > 0, q.name).toBe(waiting);
        expect(shape.namingLeft, q.name).toBe(waiting);
      }
      expect(shapes.constraints.unnamed).toBe(3);
      expect(shapes.indexes.unnamed).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('over two connections the rows are the same', async () => {
    const two = await read(2);
    expect(two.rec.errors).toEqual([]);
    for (const kind of ['constraints', 'indexes', 'columns']) expect(two.rows[kind]).toEqual(one[kind]);
  });
});

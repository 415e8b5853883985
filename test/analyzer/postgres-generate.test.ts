/** The PostgreSQL generator on hand-built models (no database): quoting, names, types, statement order. */
import { describe, expect, it } from 'vitest';
import { ConversionContext } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import { aggregatePlan } from '../../analyzer/dialects/postgres/generate-aggregates.js';
import { generatePostgresDdl } from '../../analyzer/dialects/postgres/generate-ddl.js';
import { columnDefinition } from '../../analyzer/dialects/postgres/generate-tables.js';
import { setvalArguments } from '../../analyzer/dialects/postgres/generate-types.js';
import { createViewSql } from '../../analyzer/dialects/postgres/generate-views.js';
import { dollarQuote, fitIdentifier, quoteIdent, quoteLiteral } from '../../analyzer/dialects/postgres/quote.js';
import { pgTypeName } from '../../analyzer/dialects/postgres/type-names.js';
import type { DataType } from '../../analyzer/model/data-types.js';
import { emptySchema, type DatabaseModel, type Routine, type Schema } from '../../analyzer/model/schema.js';

describe('quoting and names', () => {
  it('quotes identifiers and literals by doubling', () => {
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
    expect(quoteLiteral("it's \\ ok")).toBe("'it''s \\ ok'");
    expect(dollarQuote('a $scout$ b')).toBe('$scout1$a $scout$ b$scout1$');
  });

  it('cuts names to 63 bytes on a character boundary with a stable hash', () => {
    const long = 'é'.repeat(40);
    const fitted = fitIdentifier(long);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(63);
    expect(fitted).toMatch(/^é+_[0-9a-f]{8}$/);
    expect(fitIdentifier(long)).toBe(fitted);
    expect(fitIdentifier(`${'a'.repeat(60)}_one`)).not.toBe(fitIdentifier(`${'a'.repeat(60)}_two`));
    expect(fitIdentifier('short')).toBe('short');
  });
});

describe('pgTypeName', () => {
  it.each<[DataType, string]>([
    [{ kind: 'int64', raw: '' }, 'bigint'],
    [{ kind: 'decimal', raw: '' }, 'numeric'],
    [{ kind: 'decimal', raw: '', precision: 10, scale: 2 }, 'numeric(10,2)'],
    [{ kind: 'varchar', raw: '' }, 'character varying'],
    [{ kind: 'timestamptz', raw: '', precision: 3 }, 'timestamp(3) with time zone'],
    [{ kind: 'interval', raw: 'interval day to second' }, 'interval day to second'],
    [{ kind: 'text', raw: '', arrayDims: 2 }, 'text[][]'],
    [{ kind: 'enum', raw: '', typeRef: { schema: 's"x', name: 'mood' } }, '"s""x"."mood"'],
    [{ kind: 'geometry', raw: '', subtype: 'point', srid: 4326 }, 'geometry(point,4326)'],
    [{ kind: 'unknown', raw: 'tsrange' }, 'tsrange'],
  ])('%j → %s', (t, expected) => {
    expect(pgTypeName(t)).toBe(expected);
  });
});

const schema = (over: Partial<Schema>): Schema => ({
  ...emptySchema('app'),
  ...over,
});

const model = (s: Schema): DatabaseModel => ({
  name: 'db',
  source: { dialect: 'postgres', flavor: 'postgresql', version: '15', versionNum: 150000 },
  schemas: [s],
  extensions: [{ name: 'citext', version: '1.6', schema: 'app' }],
  settings: {},
  problems: [],
});

describe('generatePostgresDdl', () => {
  it('orders pre-data and post-data and prints each object kind', () => {
    const m = model(
      schema({
        enums: [{ name: 'mood', values: ['sad', "it's"] }],
        sequences: [{ name: 'counter', start: '1', increment: '1', minValue: '1', maxValue: '100', cache: '1', cycle: false, next: '42', attrs: {} }],
        tables: [
          {
            name: 'child',
            kind: 'table',
            columns: [{ name: 'id', type: { kind: 'int32', raw: '' }, nullable: false, default: null }],
            partitionOf: { parent: { schema: 'app', name: 'parent' }, bound: "FOR VALUES IN ('a')" },
            uniques: [],
            foreignKeys: [],
            checks: [],
            indexes: [],
            otherConstraints: [],
            attrs: {},
          },
          {
            name: 'parent',
            kind: 'partitioned',
            columns: [
              { name: 'id', type: { kind: 'int32', raw: '' }, nullable: false, default: null },
              { name: 'k', type: { kind: 'text', raw: '' }, nullable: false, default: { kind: 'string', value: 'a' } },
              { name: 'at', type: { kind: 'timestamp', raw: '', precision: 0 }, nullable: false, default: { kind: 'current_timestamp' }, onUpdateCurrentTimestamp: {} },
            ],
            primaryKey: { name: 'parent_pkey', columns: ['id', 'k'] },
            partitioning: { method: 'list', expression: 'k', partitions: [] },
            uniques: [],
            foreignKeys: [],
            checks: [{ name: 'k_ck', expression: "k <> ''" }],
            indexes: [{ name: 'parent_k', unique: false, method: 'btree', rawMethod: 'btree', parts: [{ column: null, expression: 'lower(k)' }], predicate: 'id > 0' }],
            otherConstraints: [],
            attrs: {},
          },
        ],
        views: [
          { name: 'v2', definition: 'SELECT * FROM app.v1', materialized: false, attrs: {} },
          { name: 'v1', definition: 'SELECT id FROM app.parent', materialized: true, attrs: {} },
        ],
      }),
    );
    const ctx = new ConversionContext(m, 'postgresql', DEFAULT_OPTIONS);
    generatePostgresDdl(m, ctx);
    const sql = ctx.finish(true).statements.map((s) => s.sql);
    const at = (needle: string): number => sql.findIndex((s) => s.includes(needle));
    expect(sql[0]).toBe('CREATE SCHEMA IF NOT EXISTS "app";');
    expect(sql).toContain('CREATE EXTENSION IF NOT EXISTS "citext" SCHEMA "app";');
    expect(sql).toContain(`CREATE TYPE "app"."mood" AS ENUM ('sad', 'it''s');`);
    expect(at('CREATE TABLE "app"."parent"')).toBeLessThan(at('CREATE TABLE "app"."child" PARTITION OF "app"."parent" FOR VALUES IN'));
    expect(sql[at('CREATE TABLE "app"."parent"')]).toContain('"at" timestamp(0) without time zone DEFAULT LOCALTIMESTAMP NOT NULL');
    expect(sql[at('CREATE TABLE "app"."parent"')]).toContain(') PARTITION BY LIST (k);');
    expect(sql).toContain('CREATE INDEX "parent_k" ON "app"."parent" ((lower(k))) WHERE id > 0;');
    // (41, true) rather than (42, false): the same next value, and a last_value the catalog shows.
    expect(sql).toContain(`SELECT setval('"app"."counter"', 41, true);`);
    expect(at('CREATE MATERIALIZED VIEW "app"."v1"')).toBeLessThan(at('CREATE VIEW "app"."v2"'));
    expect(at('CREATE FUNCTION "app"."parent_on_update"()')).toBeLessThan(at('CREATE TRIGGER "parent_on_update"'));
  });
});

describe('round-trip details', () => {
  it.each([
    // next, bounds, arguments
    ['42', { start: '1', increment: '1', minValue: '1', maxValue: '100' }, '41, true'],
    ['1', { start: '1', increment: '1', minValue: '1', maxValue: '100' }, '1, false'],
    ['1000', { start: '1000', increment: '5', minValue: '1000' }, '1000, false'],
    ['1005', { start: '1000', increment: '5', minValue: '1000' }, '1000, true'],
    ['-3', { start: '-1', increment: '-1', maxValue: '-1' }, '-2, true'],
    ['5', { start: '1', increment: '10', minValue: '1' }, '5, false'],
    ['11', { start: '10' }, '10, true'],
  ])('setval for next %s', (next, bounds, expected) => {
    expect(setvalArguments(next, bounds)).toBe(expected);
  });

  it('writes a serial column with its nextval default', () => {
    const col = { name: 'id', type: { kind: 'int32' as const, raw: 'integer' }, nullable: false, default: null, identity: { kind: 'serial' as const, sequence: { schema: 'app', name: 'o_id_seq' } } };
    expect(columnDefinition(col)).toBe(`"id" integer DEFAULT nextval('"app"."o_id_seq"'::regclass) NOT NULL`);
  });

  it('writes a view CHECK OPTION once, keeping its other options', () => {
    const view = { name: 'v', definition: 'SELECT 1', materialized: false, checkOption: 'LOCAL', attrs: { reloptions: 'security_barrier=true,check_option=local' } };
    expect(createViewSql(schema({}), view)).toBe('CREATE VIEW "app"."v" WITH (security_barrier=true) AS\nSELECT 1 WITH LOCAL CHECK OPTION;');
  });

  const aggregate = (attrs: Record<string, string>): Routine => ({ name: 'product', kind: 'aggregate', language: 'internal', parameters: [], returns: 'numeric', body: 'aggregate_dummy', attrs });
  it.each([
    [{ agg_kind: 'n', agg_transfn: 'numeric_mul', agg_state_type: 'numeric', agg_initval: '1', agg_arguments: 'numeric', parallel: 'u' }, `CREATE AGGREGATE "app"."product" (numeric) (SFUNC = numeric_mul, STYPE = numeric, INITCOND = '1');`],
    [{ agg_kind: 'n', agg_transfn: '"My S"."f"', agg_finalfn: 'app.fin', agg_state_type: 'text', agg_arguments: '', parallel: 's' }, 'CREATE AGGREGATE "app"."product" (*) (SFUNC = "My S"."f", STYPE = text, FINALFUNC = app.fin, PARALLEL = SAFE);'],
    [{ agg_kind: 'o', agg_transfn: 'f', agg_state_type: 'internal' }, null],
    [{ agg_kind: 'n', agg_transfn: 'f; DROP TABLE x', agg_state_type: 'text' }, null],
    [{}, null],
  ])('rebuilds CREATE AGGREGATE from %j', (attrs, expected) => {
    const plan = aggregatePlan(schema({}), aggregate(attrs));
    expect('sql' in plan ? plan.sql : null).toBe(expected);
  });
});

/**
 * JsonRowsQuery against the local PostgreSQL 15: the JSON text it builds from the field texts
 * is the same, byte for byte, as JSON.stringify of the rows QueryRecorder makes from pg's
 * parsed values, for every type the catalog queries return and for values that need care
 * (quotes, control characters, unicode, long text cut, NaN, int8, json, arrays, times, bytea).
 */
import { pino } from 'pino';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROWS_PER_CHUNK } from '../../../agent/bundle/build.js';
import { JsonRowsQuery, packAll, type RowTap } from '../../../agent/db/postgres/json-rows.js';
import { QueryRecorder } from '../../../agent/db/query-recorder.js';
import { DEFAULT_CATALOG_OPTIONS } from '../../../agent/db/types.js';

const MAX_CHARS = 40;
const VALUES = `SELECT * FROM (VALUES
  (1, true, 2::int2, 3::int4, 9007199254740993::int8, 26::oid, 1.5::numeric, 'NaN'::float8, 0.1::float8, 'Infinity'::float4,
   'plain', E'quote " backslash \\\\ tab \\t newline \\n bell \\x07', 'Ünïcødé ☃ 𝄞', repeat('x', 100), 'name'::name, 'c'::"char",
   '{"a": [1, "two", null], "b": {"c": true}}'::json, '{"z": 1, "a": "x"}'::jsonb, ARRAY['a', 'b"c', NULL]::text[], ARRAY[1, 2]::int2[],
   '2026-11-26 10:00:00+00'::timestamptz, '2026-11-26'::date, '1 day 02:00'::interval, '\\x00ff'::bytea, 'abc'::bytea, '0/16B3748'::pg_lsn,
   (SELECT string_agg(chr(c), '') FROM generate_series(1, 127) c), E'\\\\N', repeat('ä', 30), repeat('ä', 50), E'tab\\there'::name),
  (2, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}'::text[], NULL,
   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
) v(id, b, i2, i4, i8, o, num, f_nan, f, f4_inf, t, t_escaped, t_unicode, t_long, nm, ch, js, jsb, arr, arr2, ts, d, iv, bin, bin_text, lsn,
    t_controls, t_backslash_n, t_wide_within, t_wide_over, nm_tab)`;

describe('JsonRowsQuery, PostgreSQL 15', () => {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'root', database: 'postgres' });
  beforeAll(async () => client.connect());
  afterAll(async () => client.end());

  /** The text the recorder's path gives: array rows, converted, stringified. */
  const viaRecorder = async (sql: string, maxRows = 1000): Promise<string> => {
    const rec = new QueryRecorder(pino({ level: 'silent' }), { ...DEFAULT_CATALOG_OPTIONS, maxValueChars: MAX_CHARS, maxRowsPerQuery: maxRows });
    const res = await client.query({ text: sql, rowMode: 'array' });
    const rows = rec.finish({ name: 'q', database: 'd', rows: { names: res.fields.map((f) => f.name), rows: res.rows as unknown[][] }, fetchMs: 0 })!;
    return JSON.stringify(rows).slice(1, -1);
  };
  const direct = async (sql: string, maxRows = 1000, tap: RowTap | null = null) => {
    const q = new JsonRowsQuery(sql, maxRows, MAX_CHARS, tap);
    void client.query(q as unknown as pg.QueryConfig);
    const rows = await q.done;
    const chunks = packAll(rows);
    expect(packAll(rows)).toEqual([]); // packed once: the steps are used up
    const decoder = new TextDecoder();
    return { ...rows, chunks, text: chunks.map((c) => decoder.decode(c)).join('') };
  };

  it('writes every type as the recorder would, byte for byte', async () => {
    const got = await direct(VALUES);
    expect(got.text).toBe(await viaRecorder(VALUES));
    expect(got).toMatchObject({ count: 2, kept: 2 });
    const row = (JSON.parse(`[${got.text}]`) as Record<string, unknown>[])[0]!;
    expect(row).toMatchObject({ i8: '9007199254740993', f_nan: 'NaN', f4_inf: 'Infinity', t_long: `${'x'.repeat(MAX_CHARS)}…[truncated]`,
      t_backslash_n: '\\N', t_wide_within: 'ä'.repeat(30), t_wide_over: `${'ä'.repeat(MAX_CHARS)}…[truncated]`, nm_tab: 'tab\there', js: { a: [1, 'two', null], b: { c: true } } });
  });

  it('cuts at the row limit but counts every row, in chunks of ROWS_PER_CHUNK rows', async () => {
    const sql = `SELECT g AS n, 'row ' || g AS label FROM pg_catalog.generate_series(1, ${ROWS_PER_CHUNK * 2 + 5}) g`;
    const all = await direct(sql, 100_000);
    expect(all.chunks).toHaveLength(3);
    expect(all.text).toBe(await viaRecorder(sql, 100_000));
    const cut = await direct(sql, 10);
    expect(cut).toMatchObject({ count: ROWS_PER_CHUNK * 2 + 5, kept: 10 });
    expect(cut.text).toBe(await viaRecorder(sql, 10));
  });

  it('shows the tap the field texts of each kept row', async () => {
    const seen: (string | null)[][] = [];
    let names: readonly string[] = [];
    await direct(VALUES, 1, { describe: (n) => (names = n), row: (r) => seen.push(names.map((_, i) => r.text(i))) });
    expect(names[0]).toBe('id');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.slice(0, 3)).toEqual(['1', 't', '2']);
  });

  it('takes a query that ends in a line comment, and refuses one that ends in a semicolon or names a column twice', async () => {
    expect((await direct('SELECT 1 AS x -- a note')).text).toBe('{"x":1}');
    expect(() => new JsonRowsQuery('SELECT 1 AS x; ', 10, MAX_CHARS)).toThrow(/semicolon/);
    await expect(direct('SELECT 1 AS a, 2 AS a')).rejects.toThrow(/not unique/);
    expect((await direct('SELECT 2 AS y')).text).toBe('{"y":2}');
  });

  it('rejects with the server error, and the connection goes on', async () => {
    await expect(direct('SELECT 1/0 AS x').then((r) => r.text)).rejects.toThrow(/division by zero/);
    expect((await direct('SELECT 1 AS x')).text).toBe('{"x":1}');
  });

  it('rejects when the connection is lost', async () => {
    const other = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'root', database: 'postgres' });
    other.on('error', () => undefined);
    await other.connect();
    const pid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const q = new JsonRowsQuery('SELECT pg_sleep(5)', 10, MAX_CHARS);
    void other.query(q as unknown as pg.QueryConfig);
    // The outcome is taken before the backend is ended: \`done\` may reject while the
    // terminate call is still awaited, and an unwatched rejection fails the whole run.
    const outcome = q.done.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    await client.query('SELECT pg_terminate_backend($1)', [pid]);
    const err = await outcome;
    expect(err).toBeInstanceOf(Error);
    // The server's FATAL 57P01 ("terminating connection…"), or pg's own "Connection terminated".
    expect((err as Error).message).toMatch(/terminat/i);
    await other.end().catch(() => undefined);
  });
});

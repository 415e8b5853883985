/**
 * StatementBatch against the local PostgreSQL 15: several statements in one simple-protocol
 * message give each step the same rows as running it alone; a statement the server fails fails
 * its step and the server skips the rest (NotRun); a step whose reader refuses its rows fails
 * alone; statement_timeout times each statement of the message on its own (13+, which the
 * agent relies on); a backend terminated mid-message fails the running step and ends the batch.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonRowsReader, packAll } from '../../../agent/db/postgres/json-rows.js';
import { ArrayRowsReader, CommandReader, NotRun, StatementBatch, type StepReader } from '../../../agent/db/postgres/statement-batch.js';

const connect = async (): Promise<pg.Client> => {
  const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'root', database: 'postgres', application_name: 'scout-batch-test' });
  c.on('error', () => undefined);
  await c.connect();
  return c;
};

const send = (client: pg.Client, batch: StatementBatch): void => {
  void client.query(batch as unknown as pg.QueryConfig);
};

/** A reader that refuses any row: fails its own step, not the message. */
class RefusingReader implements StepReader<never> {
  readonly statements = 1;
  constructor(readonly sql: string) {}
  rowDescription(): void {}
  dataRow(): void {
    throw new Error('refused');
  }
  copyData(): void {}
  result(): never {
    throw new Error('unreachable: the step failed');
  }
}

describe('StatementBatch, PostgreSQL 15', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => client.end());

  it('runs array, JSON-text and command steps in one message, each with its own rows', async () => {
    const sql = `SELECT g AS n, 'x' || g AS s, ARRAY[g, g + 1]::int2[] AS a FROM pg_catalog.generate_series(1, 2500) g`;
    const alone = await client.query({ text: sql, rowMode: 'array' });
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const batch = new StatementBatch();
      const first = batch.add(new ArrayRowsReader(`SELECT 1 AS one -- a trailing line comment`));
      const savepoint = batch.add(new CommandReader('SAVEPOINT s'));
      const json = batch.add(new JsonRowsReader(sql, 10_000, 100));
      const back = batch.add(new CommandReader('ROLLBACK TO SAVEPOINT s; RELEASE SAVEPOINT s', 2));
      const arrays = batch.add(new ArrayRowsReader(sql));
      send(client, batch);
      expect(await first).toEqual({ names: ['one'], rows: [[1]] });
      await savepoint;
      const rows = await json;
      expect(rows.count).toBe(2500);
      const decoded = JSON.parse(`[${new TextDecoder().decode(Buffer.concat(packAll(rows)))}]`);
      expect(decoded[0]).toEqual({ n: 1, s: 'x1', a: [1, 2] });
      await back;
      expect(await arrays).toEqual({ names: ['n', 's', 'a'], rows: alone.rows });
      await batch.ended;
      expect(batch.serverFailedAt).toBeNull();
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('a statement the server fails fails its step; the server skips the rest, which fail as NotRun', async () => {
    await client.query('BEGIN');
    try {
      const batch = new StatementBatch();
      const before = batch.add(new ArrayRowsReader('SELECT 1 AS x'));
      const failing = batch.add(new ArrayRowsReader('SELECT 1 / (SELECT 0) AS x'));
      const after = batch.add(new ArrayRowsReader('SELECT 3 AS x'));
      const later = batch.add(new JsonRowsReader('SELECT 4 AS x', 10, 10));
      send(client, batch);
      expect(await before).toEqual({ names: ['x'], rows: [[1]] });
      await expect(failing).rejects.toMatchObject({ code: '22012' });
      await expect(after).rejects.toBeInstanceOf(NotRun);
      await expect(later).rejects.toBeInstanceOf(NotRun);
      await batch.ended;
      expect(batch.serverFailedAt).toBe(1);
      // The transaction is aborted, as for any failed statement.
      await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    } finally {
      await client.query('ROLLBACK');
    }
    expect((await client.query('SELECT 5 AS x')).rows).toEqual([{ x: 5 }]);
  });

  it('a step whose reader refuses its rows fails alone: the server and the other steps go on', async () => {
    const batch = new StatementBatch();
    const refused = batch.add(new RefusingReader('SELECT 1 AS x'));
    const next = batch.add(new ArrayRowsReader('SELECT 2 AS x'));
    send(client, batch);
    await expect(refused).rejects.toThrow('refused');
    expect(await next).toEqual({ names: ['x'], rows: [[2]] });
    await batch.ended;
    expect(batch.serverFailedAt).toBeNull();
  });

  it('statement_timeout times each statement of the message on its own (PostgreSQL 13 and later)', async () => {
    const c = await connect();
    try {
      await c.query("SET statement_timeout = '400ms'");
      const batch = new StatementBatch();
      // Three statements of 250 ms: 750 ms in all, over the timeout only if it timed the whole message.
      const steps = [1, 2, 3].map((i) => batch.add(new ArrayRowsReader(`SELECT pg_catalog.pg_sleep(0.25), ${i} AS i`)));
      const timedOut = batch.add(new ArrayRowsReader('SELECT pg_catalog.pg_sleep(1)'));
      send(c, batch);
      for (const [i, step] of steps.entries()) expect((await step).rows[0]![1]).toBe(i + 1);
      await expect(timedOut).rejects.toMatchObject({ code: '57014' });
      expect(batch.serverFailedAt).toBe(3);
    } finally {
      await c.end();
    }
  });

  it('a backend terminated mid-message fails the running step, the rest as NotRun, and ends the batch', async () => {
    const c = await connect();
    const pid = (await c.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid')).rows[0]!.pid;
    const batch = new StatementBatch();
    const first = batch.add(new ArrayRowsReader('SELECT 1 AS x'));
    const sleeping = batch.add(new ArrayRowsReader('SELECT pg_catalog.pg_sleep(5)'));
    const rest = batch.add(new ArrayRowsReader('SELECT 3 AS x'));
    send(c, batch);
    // The server sends a message's output as its buffer fills or the message ends: the first row may come only then.
    first.catch(() => undefined);
    const started = performance.now();
    const killer = await connect();
    try {
      for (let i = 0; i < 100; i++) {
        const r = await killer.query("SELECT 1 FROM pg_catalog.pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep(5)%' AND wait_event = 'PgSleep'", [pid]);
        if (r.rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await killer.query('SELECT pg_catalog.pg_terminate_backend($1)', [pid]);
    } finally {
      await killer.end();
    }
    await expect(sleeping).rejects.toThrow();
    await expect(rest).rejects.toBeInstanceOf(NotRun);
    await batch.ended;
    expect(performance.now() - started).toBeLessThan(4000);
    expect(batch.serverFailedAt).toBe(1);
    await c.end().catch(() => undefined);
  });

  it('refuses a statement that ends in a semicolon, an empty batch, and a step added after sending', async () => {
    const batch = new StatementBatch();
    expect(() => batch.add(new ArrayRowsReader('SELECT 1; '))).toThrow(/semicolon/);
    expect(() => new StatementBatch().submit({ query: () => undefined })).toThrow(/empty/);
    batch.add(new ArrayRowsReader('SELECT 1'));
    let sent = '';
    batch.submit({ query: (text) => (sent = text) });
    expect(sent).toBe('SELECT 1');
    expect(() => batch.add(new ArrayRowsReader('SELECT 2'))).toThrow(/after the batch was sent/);
  });
});

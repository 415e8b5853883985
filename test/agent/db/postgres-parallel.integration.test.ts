/**
 * Reading one PostgreSQL database over several connections (dbParallel) against the local
 * PostgreSQL 15 (127.0.0.1:5432, trust auth): the same rows as over one connection, one
 * snapshot for all connections, never more connections or queries at once than allowed, the
 * lock-taking queries alone, and a refused extra connection costs nothing but speed.
 * Every test creates its own uniquely named databases and roles and drops them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRowObjects } from '../../../agent/bundle/build.js';
import type { RawRows } from '../../../agent/bundle/schema.js';
import { postgresCollector, readPlan } from '../../../agent/db/postgres/collect.js';
import { WORKLOAD_QUERIES } from '../../../agent/db/postgres/queries.js';
import { DATABASE_QUERIES } from '../../../agent/db/postgres/relation-queries.js';
import { QueryRecorder, type Fetched, type FetchedRows } from '../../../agent/db/query-recorder.js';
import { localPgTarget as target, pgAdmin as admin, pgIdent as ident, PG_FIXTURE_SQL as FIXTURE } from './pg-local.js';
import { DEFAULT_CATALOG_OPTIONS, type CatalogOptions } from '../../../agent/db/types.js';

const RUN = `${process.pid}_${randomBytes(3).toString('hex')}`;
/** Counts the queries of one database in flight at once, and runs a hook as each starts. */
class ConcurrencyRecorder extends QueryRecorder {
  inFlight = 0;
  maxInFlight = 0;
  /** In flight (itself included) when each query started. */
  readonly atStart: Record<string, number> = {};

  constructor(
    opts: CatalogOptions,
    private readonly database: string,
    private readonly onStart: (name: string) => Promise<void> = async () => undefined,
  ) {
    super(pino({ level: 'silent' }), opts);
  }

  override async fetch(name: string, database: string | null, fn: () => Promise<FetchedRows>): Promise<Fetched> {
    if (database !== this.database) return super.fetch(name, database, fn);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.atStart[name] = this.inFlight;
    try {
      await this.onStart(name);
      return await super.fetch(name, database, fn);
    } finally {
      this.inFlight--;
    }
  }
}

/** Rows that do not change between two reads of an idle database (table_stats counts scans, which autovacuum may do). */
function stableRows(rows: Record<string, RawRows>): Record<string, RawRows> {
  const { table_stats: _stats, ...rest } = rows;
  return rest;
}

describe('postgres collector over several connections (dbParallel), PostgreSQL 15', () => {
  const db = `scout parallel Ü ${RUN}`;
  const role = `scout_par_${RUN}`;

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${ident(db)}`));
    await admin((c) => c.query(FIXTURE), db);
    await admin((c) => c.query(`CREATE ROLE ${ident(role)} LOGIN CONNECTION LIMIT 1`));
  }, 60_000);

  afterAll(async () => {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${ident(db)} WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS ${ident(role)}`);
    });
  });

  it('a target naming its database reads the server-level rows and that database over one connection', async () => {
    // The scout-agent backends connected to the database, seen as each catalog query starts
    // (the workload counters at the end are read over a connection of their own).
    const seen = new Set<number>();
    const workload = new Set(WORKLOAD_QUERIES.map((q) => q.name));
    class PidRecorder extends QueryRecorder {
      override async fetch(name: string, database: string | null, fn: () => Promise<FetchedRows>): Promise<Fetched> {
        if (!workload.has(name)) {
          const pids = await admin((c) => c.query(`SELECT pid FROM pg_catalog.pg_stat_activity WHERE application_name = 'scout-agent' AND datname = $1`, [db]));
          for (const r of pids.rows as { pid: number }[]) seen.add(r.pid);
        }
        return super.fetch(name, database, fn);
      }
    }
    const rec = new PidRecorder(pino({ level: 'silent' }), { ...DEFAULT_CATALOG_OPTIONS, dbParallel: 1 });
    const reading = await postgresCollector.collectServer(target({ database: db }), { ...DEFAULT_CATALOG_OPTIONS, dbParallel: 1 }, rec);
    expect(rec.errors).toEqual([]);
    expect(reading.databases.map((d) => d.name)).toEqual([db]);
    expect(rec.stats.filter((s) => s.database === null).length).toBeGreaterThan(5);
    expect(rec.stats.filter((s) => s.database === db).length).toBe(DATABASE_QUERIES.length + 1);
    expect(seen.size).toBe(1);
  });

  it('a taken-over connection that went away before the read: the database is read over a fresh one, no error', async () => {
    // The second BEGIN on the connection that began the server-level snapshot is the database
    // read's, over the connection taken over: its backend is ended just before it.
    const original = pg.Client.prototype.query;
    let first: pg.Client | null = null;
    let ended = false;
    pg.Client.prototype.query = async function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : '';
      if (text.startsWith('BEGIN ISOLATION LEVEL') && this.database === db) {
        if (first === null) first = this;
        else if (first === this && !ended) {
          ended = true;
          const pid = (this as unknown as { processID: number }).processID;
          await admin((c) => c.query('SELECT pg_catalog.pg_terminate_backend($1)', [pid]));
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      const rec = new QueryRecorder(pino({ level: 'silent' }), DEFAULT_CATALOG_OPTIONS);
      const reading = await postgresCollector.collectServer(target({ database: db }), DEFAULT_CATALOG_OPTIONS, rec);
      expect(ended).toBe(true);
      expect(rec.errors).toEqual([]);
      expect(reading.databases.map((d) => d.name)).toEqual([db]);
      expect(allRowObjects(reading.databases[0]!.rows).tables!.length).toBeGreaterThan(0);
    } finally {
      pg.Client.prototype.query = original;
    }
  });

  it('reads the maintenance database first, over its connection, and gives the databases in listing order', async () => {
    // Listed before `postgres` (the maintenance database of a target that names none).
    const early = `a_scout_order_${RUN}`;
    await admin((c) => c.query(`CREATE DATABASE ${ident(early)}`));
    try {
      const rec = new QueryRecorder(pino({ level: 'silent' }), DEFAULT_CATALOG_OPTIONS);
      const reading = await postgresCollector.collectServer(target({ include: [early, 'postgres'] }), DEFAULT_CATALOG_OPTIONS, rec);
      expect(rec.errors).toEqual([]);
      expect(reading.databases.map((d) => d.name)).toEqual([early, 'postgres']);
      const firstOf = (name: string) => rec.stats.findIndex((s) => s.database === name);
      expect(firstOf('postgres')).toBeLessThan(firstOf(early));
    } finally {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${ident(early)} WITH (FORCE)`));
    }
  });

  it('hands out the queries heaviest first, and sequences (locks until the end) last and alone', () => {
    const plan = readPlan(DATABASE_QUERIES);
    expect(plan.last.map((q) => q.name)).toEqual(['sequences']);
    expect(plan.shared.slice(0, 4).map((q) => q.name)).toEqual(['columns', 'indexes', 'constraints', 'views']);
    expect([...plan.shared, ...plan.last].map((q) => q.name).sort()).toEqual(DATABASE_QUERIES.map((q) => q.name).sort());
  });

  it('reads the same rows over two connections as over one, with two queries in flight at most and sequences alone', async () => {
    const one = new ConcurrencyRecorder({ ...DEFAULT_CATALOG_OPTIONS, dbParallel: 1 }, db);
    const serial = await postgresCollector.collectServer(target({ database: db }), { ...DEFAULT_CATALOG_OPTIONS, dbParallel: 1 }, one);
    const two = new ConcurrencyRecorder({ ...DEFAULT_CATALOG_OPTIONS, dbParallel: 2 }, db);
    const parallel = await postgresCollector.collectServer(target({ database: db }), { ...DEFAULT_CATALOG_OPTIONS, dbParallel: 2 }, two);
    expect(one.errors).toEqual([]);
    expect(two.errors).toEqual([]);
    const rowsOne = allRowObjects(serial.databases[0]!.rows);
    const rowsTwo = allRowObjects(parallel.databases[0]!.rows);
    expect(rowsOne.columns!.length).toBeGreaterThan(20);
    expect(stableRows(rowsTwo)).toEqual(stableRows(rowsOne));
    // Kinds and query stats come in the same order whichever connection finished first.
    expect(Object.keys(rowsTwo)).toEqual(DATABASE_QUERIES.map((q) => q.name));
    expect(two.stats.filter((s) => s.database === db).map((s) => s.name)).toEqual(['index_lookups', ...DATABASE_QUERIES.map((q) => q.name)]);
    expect(one.maxInFlight).toBe(1);
    expect(two.maxInFlight).toBe(2);
    expect(two.atStart.sequences).toBe(1);
  });

  it('never opens more connections to the database than dbParallel, and closes them all', async () => {
    let most = 0;
    const count = () =>
      admin(async (c) => {
        const r = await c.query(`SELECT pg_catalog.count(*)::int AS n FROM pg_catalog.pg_stat_activity WHERE application_name = 'scout-agent' AND datname = $1`, [db]);
        return r.rows[0].n as number;
      });
    const opts = { ...DEFAULT_CATALOG_OPTIONS, dbParallel: 2 };
    const rec = new ConcurrencyRecorder(opts, db, async () => {
      most = Math.max(most, await count());
    });
    const reading = await postgresCollector.collectServer(target({ database: db }), opts, rec);
    expect(rec.errors).toEqual([]);
    expect(reading.databases).toHaveLength(1);
    expect(most).toBe(2);
    // Closing is asynchronous on the server side: give the backends a moment to go.
    for (let i = 0; i < 50 && (await count()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await count()).toBe(0);
  });

  it('all connections read one snapshot: a table created once the read has begun is seen by none', async () => {
    const late = `late_${RUN}`;
    const opts = { ...DEFAULT_CATALOG_OPTIONS, dbParallel: 2 };
    // Before any catalog query is sent (the first connection's snapshot is taken by the index
    // lookups and exported by then), the table is created; a connection that took a snapshot of
    // its own would see it.
    let created: Promise<unknown> | null = null;
    const rec = new ConcurrencyRecorder(opts, db, async (name) => {
      if (name === 'index_lookups') return;
      created ??= admin((c) => c.query(`CREATE TABLE app.${ident(late)} (id int PRIMARY KEY, note text)`), db);
      await created;
    });
    try {
      const reading = await postgresCollector.collectServer(target({ database: db }), opts, rec);
      expect(rec.errors).toEqual([]);
      expect(rec.maxInFlight).toBe(2);
      const rows = allRowObjects(reading.databases[0]!.rows);
      for (const kind of ['tables', 'relation_sizes', 'table_stats']) expect(rows[kind]!.some((r) => r.name === late || r.relname === late), kind).toBe(false);
      for (const kind of ['columns', 'constraints', 'indexes']) expect(rows[kind]!.some((r) => r.table_name === late), kind).toBe(false);
      // A read that begins afterwards sees it.
      const again = await postgresCollector.collectServer(target({ database: db }), opts, new ConcurrencyRecorder(opts, db));
      expect(allRowObjects(again.databases[0]!.rows).tables!.some((r) => r.name === late)).toBe(true);
    } finally {
      await admin((c) => c.query(`DROP TABLE IF EXISTS app.${ident(late)}`), db);
    }
  });

  it('a refused extra connection (role CONNECTION LIMIT 1) only slows the read: all rows, no error', async () => {
    const opts = { ...DEFAULT_CATALOG_OPTIONS, dbParallel: 2 };
    const rec = new ConcurrencyRecorder(opts, db);
    const reading = await postgresCollector.collectServer(target({ database: db, user: role, id: `postgres://${role}@127.0.0.1:5432/` }), opts, rec);
    expect(rec.errors).toEqual([]);
    expect(rec.maxInFlight).toBe(1);
    const rows = allRowObjects(reading.databases[0]!.rows);
    expect(Object.keys(rows)).toEqual(DATABASE_QUERIES.map((q) => q.name));
    expect(rows.columns!.length).toBeGreaterThan(20);
  });
});

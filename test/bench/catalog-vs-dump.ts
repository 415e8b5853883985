/**
 * Catalog bench: how long `scout-agent collect --only databases` takes to read a large
 * schema (5,000 tables of 20 columns, each with a PK, 2 secondary indexes, an FK and a
 * CHECK, plus 500 views), against the schema-only dump tools reading the same database:
 * `pg_dump --schema-only` and `mysqldump --no-data --routines --triggers --events`.
 *
 *   npm run bench:catalog                       (both engines)
 *   npm run bench:catalog -- --engine postgres  (one engine)
 *   npm run bench:catalog -- --engine postgres --db-parallel 1   (agent setting, for A/B runs)
 *
 * The synthetic databases (`scout_bench_catalog`, and `scout_bench_small` with 10 tables
 * to show that the number of catalog queries does not grow with the tables) are created
 * on the local PostgreSQL (127.0.0.1:5432, user postgres) and MariaDB (127.0.0.1:3306,
 * user root) on the first run and kept: a `scout_bench_meta` row, written last, marks a
 * complete database of a given generator version. Nothing else on the servers is touched.
 *
 * What "ours" is: the wall time of the whole agent process (node start, config, the
 * catalog read, bundle write, exit) MINUS the fixed 500 ms collection window, which the
 * agent spends waiting between the two workload-counter snapshots and which has nothing
 * to do with the catalog size. The dump tools' figure is their whole process wall time.
 * Also shown: the span of the catalog read alone, from the end of the window to the
 * server's endedAt in the bundle (connects, server queries, catalog queries, the final
 * counter snapshot, row conversion), and the sum of the catalog query times.
 *
 * On the large database the agent and dump-tool runs alternate (see measureAlternating): on
 * a shared machine the load changes from minute to minute, and both sides of the ratio
 * should see the same. For PostgreSQL each round also runs the agent's per-database queries
 * alone through psql: the server's share, which one connection cannot go below.
 *
 * Prints plain-text tables and a last line `BENCH_JSON {...}`. Exit code 0 when the bench
 * ran (a failed goal is a measurement, not an error), 1 when it could not run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import type { Connection as MyConnection } from 'mysql2/promise';
import pg from 'pg';
import { readBundleFile } from '../../agent/bundle/index.js';
import type { DatabaseServer, DbError, QueryStat } from '../../agent/bundle/index.js';
import { sqlFor } from '../../agent/db/postgres/queries.js';
import { DATABASE_QUERIES } from '../../agent/db/postgres/relation-queries.js';

/** The compiled file is dist/test/bench/catalog-vs-dump.js: the project root is three up. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const AGENT_CLI = path.join(ROOT, 'dist/agent/cli.js');

/** Bump when the generated DDL changes: databases of another version are regenerated. */
const GENERATOR_VERSION = 1;
const LARGE = { name: 'scout_bench_catalog', tables: 5000, views: 500 } as const;
const SMALL = { name: 'scout_bench_small', tables: 10, views: 1 } as const;
/** The only databases this bench may create or drop. */
const OWNED: ReadonlySet<string> = new Set([LARGE.name, SMALL.name]);
const META_TABLE = 'scout_bench_meta';

/** Local servers only: the bench never talks to anything else. */
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' } as const;
const MY = { host: '127.0.0.1', port: 3306, user: 'root' } as const;

/** The agent's collection window (two workload snapshots this far apart), not part of the catalog read. */
const WINDOW_MS = 500;
const RUNS = 3;
const GOAL_RATIO = 0.5;
const LONG_TIMEOUT = '60s';
/** What the agent uses without --db-statement-timeout (agent/settings.ts DEFAULTS). */
const DEFAULT_TIMEOUT_LABEL = 'default (10s)';
/** DDL per round trip: big enough to amortize the round trip, small enough for PostgreSQL's lock table. */
const PG_TABLES_PER_BATCH = 100;
const MY_STATEMENTS_PER_BATCH = 200;
const VIEWS_PER_BATCH = 250;
const PROGRESS_EVERY_TABLES = 500;

/** A reason the bench could not run (exit 1), as opposed to a goal it measured as failed. */
class BenchError extends Error {}

type Engine = 'postgres' | 'mariadb';
interface Shape {
  name: string;
  tables: number;
  views: number;
}

// ---------------------------------------------------------------------------------------
// Synthetic schema: the same shapes on both engines

type Dialect = 'pg' | 'my';

/** 20 columns of mixed types; [name, PostgreSQL type, MariaDB type]. */
const COLUMNS: readonly (readonly [string, string, string])[] = [
  ['id', 'bigint NOT NULL', 'bigint NOT NULL'],
  ['parent_id', 'bigint', 'bigint NULL'],
  ['c_int', 'integer NOT NULL DEFAULT 0', 'int NOT NULL DEFAULT 0'],
  ['c_bigint', 'bigint', 'bigint NULL'],
  ['c_small', 'smallint', 'smallint NULL'],
  ['c_name', 'varchar(100) NOT NULL', 'varchar(100) NOT NULL'],
  ['c_code', 'varchar(20)', 'varchar(20) NULL'],
  ['c_text', 'text', 'text NULL'],
  ['c_amount', 'numeric(12,2) DEFAULT 0', 'decimal(12,2) DEFAULT 0'],
  ['c_rate', 'numeric(8,4)', 'decimal(8,4) NULL'],
  // MariaDB: an explicit NULL, or a timestamp column gets the legacy automatic defaults.
  ['c_created', 'timestamp DEFAULT CURRENT_TIMESTAMP', 'timestamp NULL DEFAULT CURRENT_TIMESTAMP'],
  ['c_updated', 'timestamp', 'datetime NULL'],
  ['c_flag', 'boolean NOT NULL DEFAULT false', 'boolean NOT NULL DEFAULT false'],
  ['c_active', 'boolean', 'boolean NULL'],
  ['c_date', 'date', 'date NULL'],
  ['c_ratio', 'double precision', 'double NULL'],
  ['c_note', 'varchar(255)', 'varchar(255) NULL'],
  ['c_status', "varchar(16) NOT NULL DEFAULT 'new'", "varchar(16) NOT NULL DEFAULT 'new'"],
  ['c_qty', 'integer NOT NULL DEFAULT 0', 'int NOT NULL DEFAULT 0'],
  ['c_ref', 'bigint', 'bigint NULL'],
];

const tableName = (i: number): string => `t_${String(i).padStart(5, '0')}`;
const viewName = (i: number): string => `v_${String(i).padStart(4, '0')}`;
/** Every table references the one before it; the first references itself, so each has one FK. */
const parentOf = (i: number): number => Math.max(1, i - 1);

/**
 * One table: PK, FK, CHECK; the two secondary indexes are (parent_id, c_int), which also
 * serves the FK (so InnoDB adds no index of its own), and (c_name, c_created).
 */
function tableDdl(d: Dialect, i: number): string[] {
  const t = tableName(i);
  const cols = COLUMNS.map(([name, pgType, myType]) => `  ${name} ${d === 'pg' ? pgType : myType}`);
  const constraints = [
    `  CONSTRAINT ${t}_pk PRIMARY KEY (id)`,
    `  CONSTRAINT ${t}_fk FOREIGN KEY (parent_id) REFERENCES ${tableName(parentOf(i))} (id)`,
    `  CONSTRAINT ${t}_ck CHECK (c_qty >= 0)`,
  ];
  if (d === 'pg') {
    return [
      `CREATE TABLE ${t} (\n${[...cols, ...constraints].join(',\n')}\n)`,
      `CREATE INDEX ${t}_ix1 ON ${t} (parent_id, c_int)`,
      `CREATE INDEX ${t}_ix2 ON ${t} (c_name, c_created)`,
    ];
  }
  const keys = [`  KEY ${t}_ix1 (parent_id, c_int)`, `  KEY ${t}_ix2 (c_name, c_created)`];
  return [`CREATE TABLE ${t} (\n${[...cols, ...keys, ...constraints].join(',\n')}\n) ENGINE=InnoDB`];
}

/** Views spread over the tables; each joins a table to its parent, as application views do. */
function viewDdl(shape: Shape, k: number): string {
  const step = Math.max(1, Math.floor(shape.tables / shape.views));
  const i = Math.min(shape.tables, k * step);
  return `CREATE VIEW ${viewName(k)} AS SELECT t.id, t.c_name, t.c_amount, t.c_created, p.c_status AS parent_status
  FROM ${tableName(i)} t LEFT JOIN ${tableName(parentOf(i))} p ON p.id = t.parent_id WHERE t.c_flag`;
}

function metaDdl(d: Dialect): string {
  const ts = d === 'pg' ? 'timestamptz NOT NULL DEFAULT now()' : 'timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP';
  return `CREATE TABLE ${META_TABLE} (generator_version integer NOT NULL, tables integer NOT NULL, views integer NOT NULL,
  generation_ms bigint NOT NULL, generated_at ${ts})`;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function assertOwned(db: string): void {
  if (!OWNED.has(db)) throw new BenchError(`refusing to create or drop "${db}": the bench owns only ${[...OWNED].join(', ')}`);
}

/** What the marker row says, and what the catalog actually holds. */
interface SchemaState {
  meta: { version: number; tables: number; views: number; generationMs: number; generatedAt: string } | null;
  tables: number;
  views: number;
}

function isComplete(state: SchemaState | null, shape: Shape): boolean {
  const m = state?.meta;
  return !!state && !!m && m.version === GENERATOR_VERSION && m.tables === shape.tables && m.views === shape.views && state.tables === shape.tables && state.views === shape.views;
}

/** Progress lines while generating, at most one per PROGRESS_EVERY_TABLES tables. */
class GenProgress {
  private readonly start = performance.now();
  private lastPrinted = 0;
  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  tables(done: number): void {
    if (done < this.total && done - this.lastPrinted < PROGRESS_EVERY_TABLES) return;
    this.lastPrinted = done;
    console.log(`  ${this.label}: ${done}/${this.total} tables (${secs(this.elapsedMs())} s)`);
  }

  note(text: string): void {
    console.log(`  ${this.label}: ${text} (${secs(this.elapsedMs())} s)`);
  }

  elapsedMs(): number {
    return performance.now() - this.start;
  }
}

interface Generation {
  engine: Engine;
  database: string;
  /** True when this run generated it; false when an earlier run's database was reused. */
  generated: boolean;
  /** This run's generation time, or the one the marker recorded. */
  generationMs: number;
  generatedAt: string;
}

// ---------------------------------------------------------------------------------------
// PostgreSQL

async function pgClient(database: string): Promise<pg.Client> {
  const client = new pg.Client({ ...PG, database, application_name: 'scout-bench-catalog' });
  await client.connect();
  return client;
}

async function withPg<T>(database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = await pgClient(database);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pgState(db: string): Promise<SchemaState | null> {
  const exists = await withPg('postgres', (c) => c.query('SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1', [db]));
  if (exists.rowCount === 0) return null;
  return withPg(db, async (c) => {
    const counts = await c.query<{ tables: string; views: string }>(
      `SELECT count(*) FILTER (WHERE c.relkind = 'r' AND c.relname ~ '^t_[0-9]+$') AS tables,
              count(*) FILTER (WHERE c.relkind = 'v' AND c.relname ~ '^v_[0-9]+$') AS views
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`,
    );
    const row = counts.rows[0];
    const hasMeta = await c.query(`SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename = $1`, [META_TABLE]);
    const meta =
      hasMeta.rowCount === 0
        ? null
        : (
            await c.query<{ version: number; tables: number; views: number; generation_ms: string; generated_at: Date }>(
              `SELECT generator_version AS version, tables, views, generation_ms, generated_at FROM ${META_TABLE} ORDER BY generated_at DESC LIMIT 1`,
            )
          ).rows[0];
    return {
      meta: meta ? { version: meta.version, tables: meta.tables, views: meta.views, generationMs: Number(meta.generation_ms), generatedAt: meta.generated_at.toISOString() } : null,
      tables: Number(row?.tables ?? 0),
      views: Number(row?.views ?? 0),
    };
  });
}

async function pgRecreate(db: string): Promise<void> {
  assertOwned(db);
  await withPg('postgres', async (c) => {
    // FORCE (PostgreSQL 13+): a session left over from an interrupted run must not block the drop.
    await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${db}`);
  });
}

/** Several statements per query: one round trip and one commit per batch (the simple protocol runs them as one transaction). */
async function pgGenerate(shape: Shape): Promise<number> {
  const progress = new GenProgress(`postgres ${shape.name}`, shape.tables);
  await pgRecreate(shape.name);
  await withPg(shape.name, async (c) => {
    const ids = Array.from({ length: shape.tables }, (_, i) => i + 1);
    for (const batch of chunks(ids, PG_TABLES_PER_BATCH)) {
      await c.query(batch.flatMap((i) => tableDdl('pg', i)).join(';\n'));
      progress.tables(batch.at(-1) ?? 0);
    }
    const views = Array.from({ length: shape.views }, (_, k) => viewDdl(shape, k + 1));
    for (const batch of chunks(views, VIEWS_PER_BATCH)) await c.query(batch.join(';\n'));
    progress.note(`${shape.views} views`);
    // Fresh statistics, as a real database would have: the catalog queries are planned on them.
    await c.query('ANALYZE');
    const ms = Math.round(progress.elapsedMs());
    await c.query(metaDdl('pg'));
    await c.query(`INSERT INTO ${META_TABLE} (generator_version, tables, views, generation_ms) VALUES ($1, $2, $3, $4)`, [GENERATOR_VERSION, shape.tables, shape.views, ms]);
  });
  return Math.round(progress.elapsedMs());
}

// ---------------------------------------------------------------------------------------
// MariaDB

async function myConn(database?: string): Promise<MyConnection> {
  return mysql.createConnection({ ...MY, password: '', multipleStatements: true, ...(database ? { database } : {}) });
}

async function withMy<T>(database: string | undefined, fn: (c: MyConnection) => Promise<T>): Promise<T> {
  const conn = await myConn(database);
  try {
    return await fn(conn);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

type MyRow = Record<string, unknown>;
async function myRows(c: MyConnection, sql: string, params: unknown[] = []): Promise<MyRow[]> {
  const [rows] = await c.query(sql, params);
  return Array.isArray(rows) ? (rows as MyRow[]) : [];
}

/** mysql2 gives DATETIME/TIMESTAMP values as Date (dateStrings is off here). */
function isoOf(v: unknown): string {
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}

async function myState(db: string): Promise<SchemaState | null> {
  return withMy(undefined, async (c) => {
    if ((await myRows(c, 'SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [db])).length === 0) return null;
    // TABLE_NAME and TABLE_TYPE only: MariaDB answers from the directory listing and .frm headers, without opening 5,000 tables.
    const counts = await myRows(
      c,
      `SELECT SUM(TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME REGEXP '^t_[0-9]+$') AS tables,
              SUM(TABLE_TYPE = 'VIEW' AND TABLE_NAME REGEXP '^v_[0-9]+$') AS views
         FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
      [db],
    );
    const hasMeta = (await myRows(c, 'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [db, META_TABLE])).length > 0;
    const meta = hasMeta
      ? (await myRows(c, `SELECT generator_version AS version, tables, views, generation_ms, generated_at FROM \`${db}\`.${META_TABLE} ORDER BY generated_at DESC LIMIT 1`))[0]
      : undefined;
    return {
      meta: meta
        ? { version: Number(meta.version), tables: Number(meta.tables), views: Number(meta.views), generationMs: Number(meta.generation_ms), generatedAt: isoOf(meta.generated_at) }
        : null,
      tables: Number(counts[0]?.tables ?? 0),
      views: Number(counts[0]?.views ?? 0),
    };
  });
}

/**
 * Batches of a few hundred CREATE TABLE statements per round trip (multipleStatements);
 * foreign_key_checks off so the load does not depend on statement order. Each InnoDB
 * table is a file created and synced, so this is the slow part of the bench's setup.
 */
async function myGenerate(shape: Shape): Promise<number> {
  assertOwned(shape.name);
  const progress = new GenProgress(`mariadb ${shape.name}`, shape.tables);
  await withMy(undefined, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS \`${shape.name}\``);
    await c.query(`CREATE DATABASE \`${shape.name}\` CHARACTER SET utf8mb4`);
    await c.query(`USE \`${shape.name}\``);
    await c.query('SET SESSION foreign_key_checks = 0');
    const ids = Array.from({ length: shape.tables }, (_, i) => i + 1);
    for (const batch of chunks(ids, MY_STATEMENTS_PER_BATCH)) {
      await c.query(batch.flatMap((i) => tableDdl('my', i)).join(';\n'));
      progress.tables(batch.at(-1) ?? 0);
    }
    const views = Array.from({ length: shape.views }, (_, k) => viewDdl(shape, k + 1));
    for (const batch of chunks(views, VIEWS_PER_BATCH)) await c.query(batch.join(';\n'));
    progress.note(`${shape.views} views`);
    await c.query('SET SESSION foreign_key_checks = 1');
    const ms = Math.round(progress.elapsedMs());
    await c.query(metaDdl('my'));
    await c.query(`INSERT INTO ${META_TABLE} (generator_version, tables, views, generation_ms) VALUES (?, ?, ?, ?)`, [GENERATOR_VERSION, shape.tables, shape.views, ms]);
  });
  return Math.round(progress.elapsedMs());
}

// ---------------------------------------------------------------------------------------
// Ensure (reuse or generate)

async function ensureSchema(engine: Engine, shape: Shape): Promise<Generation> {
  const state = engine === 'postgres' ? await pgState(shape.name) : await myState(shape.name);
  if (isComplete(state, shape) && state?.meta) {
    console.log(`${engine} ${shape.name}: reused (generator v${GENERATOR_VERSION}, ${shape.tables} tables, ${shape.views} views; generated ${state.meta.generatedAt} in ${secs(state.meta.generationMs)} s)`);
    return { engine, database: shape.name, generated: false, generationMs: state.meta.generationMs, generatedAt: state.meta.generatedAt };
  }
  const why = !state ? 'missing' : !state.meta ? `incomplete (no marker; ${state.tables} tables, ${state.views} views)` : `stale (marker v${state.meta.version}, ${state.tables} tables, ${state.views} views)`;
  console.log(`${engine} ${shape.name}: ${why}: generating ${shape.tables} tables x ${COLUMNS.length} columns and ${shape.views} views ...`);
  const ms = engine === 'postgres' ? await pgGenerate(shape) : await myGenerate(shape);
  console.log(`${engine} ${shape.name}: generated in ${secs(ms)} s`);
  return { engine, database: shape.name, generated: true, generationMs: ms, generatedAt: new Date().toISOString() };
}

// ---------------------------------------------------------------------------------------
// Child processes

interface ProcResult {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrTail: string;
}

/** Runs a program to its end, timing spawn to exit; stdout kept only when asked (else /dev/null, like `> /dev/null`). */
function runTimed(file: string, args: string[], keepStdout: boolean): Promise<ProcResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
    child.once('error', (err) => reject(new BenchError(`${file}: ${err.message}`)));
    child.once('close', (code, signal) => resolve({ ms: performance.now() - start, code, signal, stdout, stderrTail: stderr.trim() }));
  });
}

// ---------------------------------------------------------------------------------------
// Agent runs

interface AgentRun {
  wallMs: number;
  /** wallMs minus the fixed collection window: the figure compared with the dump tools. */
  oursMs: number;
  /** From the end of the window to the server's endedAt in the bundle. */
  catalogReadMs: number;
  querySumMs: number;
  queryCount: number;
  exitCode: number | null;
  errors: DbError[];
  queries: QueryStat[];
  /** Rows the catalog queries returned: a check that the whole schema was read. */
  rowsRead: number;
}

function agentUrl(engine: Engine, db: string): string {
  return engine === 'postgres' ? `postgres://${PG.user}@${PG.host}:${PG.port}/${db}` : `mariadb://${MY.user}@${MY.host}:${MY.port}/${db}`;
}

/** `--db-parallel N` on the bench's command line goes to every agent run; else the agent's default. */
function dbParallelFromArgs(argv: readonly string[]): string | null {
  const i = argv.indexOf('--db-parallel');
  if (i < 0) return null;
  const n = argv[i + 1];
  if (!n || !/^[1-8]$/.test(n)) throw new BenchError(`--db-parallel takes a whole number from 1 to 8, not ${n ?? 'nothing'}`);
  return n;
}

function agentArgs(url: string, outDir: string, stateDir: string, timeout: string | null): string[] {
  const args = [AGENT_CLI, 'collect', '--only', 'databases', '--duration', `${WINDOW_MS}ms`, '--interval', `${WINDOW_MS}ms`, '--db', url];
  args.push('--out', outDir, '--state-dir', stateDir, '--json', '--quiet', '--log-level', 'warn');
  if (timeout) args.push('--db-statement-timeout', timeout);
  const parallel = dbParallelFromArgs(process.argv.slice(2));
  if (parallel) args.push('--db-parallel', parallel);
  return args;
}

function bundlePathOf(res: ProcResult): string {
  try {
    const parsed = JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '') as { path?: unknown };
    if (typeof parsed.path === 'string') return parsed.path;
  } catch {
    // Falls through to the error below, which carries the agent's own words.
  }
  throw new BenchError(`scout-agent wrote no bundle (exit ${res.code ?? res.signal}): ${res.stderrTail.slice(-800) || res.stdout.slice(-800)}`);
}

/**
 * The catalog read starts when the window ends: at collection start + window, or later
 * if the start snapshot itself took longer than the window (the sleep then returns at once).
 */
function catalogReadMs(collectionStartedAt: string, server: DatabaseServer): number {
  const windowEnd = Date.parse(collectionStartedAt) + WINDOW_MS;
  return Date.parse(server.endedAt) - windowEnd;
}

/**
 * Collects the garbage of the bundle just read (tens of MB of objects) now, rather than during
 * the next timed run: V8 marks and sweeps on helper threads, which on a 2-core machine would
 * compete with pg_dump and psql. Needs --expose-gc (npm run bench:catalog passes it); without
 * it, only the pause.
 */
async function settleHeap(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 300));
}

async function agentOnce(engine: Engine, db: string, dirs: Dirs, timeout: string | null): Promise<AgentRun> {
  const res = await runTimed(process.execPath, agentArgs(agentUrl(engine, db), dirs.out, dirs.state, timeout), true);
  const file = bundlePathOf(res);
  const bundle = await readBundleFile(file);
  // A 5,000-table bundle is tens of MB: keep the disk clean between runs.
  rmSync(file, { force: true });
  const server = bundle.databases?.servers[0];
  if (!server) throw new BenchError(`${engine} ${db}: the bundle has no database server`);
  const queries = server.queries;
  await settleHeap();
  return {
    wallMs: res.ms,
    oursMs: res.ms - WINDOW_MS,
    catalogReadMs: catalogReadMs(bundle.collection.startedAt, server),
    querySumMs: queries.reduce((s, q) => s + q.ms, 0),
    queryCount: queries.length,
    exitCode: res.code,
    errors: server.errors,
    queries,
    rowsRead: queries.reduce((s, q) => s + q.rows, 0),
  };
}

interface Dirs {
  out: string;
  state: string;
}

interface AgentSeries {
  engine: Engine;
  database: string;
  timeout: string;
  runs: AgentRun[];
  /** The run whose oursMs is the median: its queries and errors are the ones shown. */
  medianRun: AgentRun;
  median: { wallMs: number; oursMs: number; catalogReadMs: number; querySumMs: number };
  statementTimeouts: number;
}

function agentLabel(engine: Engine, db: string, timeout: string | null): string {
  return `${engine} ${db} scout-agent, statement timeout ${timeout ?? DEFAULT_TIMEOUT_LABEL}`;
}

async function agentRun(engine: Engine, db: string, dirs: Dirs, timeout: string | null, i: number): Promise<AgentRun> {
  const r = await agentOnce(engine, db, dirs, timeout);
  console.log(`  ${agentLabel(engine, db, timeout)}: run ${i}: wall ${secs(r.wallMs)} s, catalog read ${secs(r.catalogReadMs)} s, ${r.queryCount} queries (sum ${secs(r.querySumMs)} s), ${r.errors.length} errors, exit ${r.exitCode}`);
  return r;
}

function agentSeries(engine: Engine, db: string, timeout: string | null, warm: AgentRun, runs: AgentRun[]): AgentSeries {
  const sorted = [...runs].sort((a, b) => a.oursMs - b.oursMs);
  return {
    engine,
    database: db,
    timeout: timeout ?? DEFAULT_TIMEOUT_LABEL,
    runs,
    medianRun: sorted[Math.floor(sorted.length / 2)]!,
    median: {
      wallMs: median(runs.map((r) => r.wallMs)),
      oursMs: median(runs.map((r) => r.oursMs)),
      catalogReadMs: median(runs.map((r) => r.catalogReadMs)),
      querySumMs: median(runs.map((r) => r.querySumMs)),
    },
    statementTimeouts: [warm, ...runs].reduce((n, r) => n + r.errors.filter((e) => e.code === 'statement_timeout').length, 0),
  };
}

async function measureAgent(engine: Engine, db: string, dirs: Dirs, timeout: string | null): Promise<AgentSeries> {
  const warm = await agentOnce(engine, db, dirs, timeout);
  console.log(`  ${agentLabel(engine, db, timeout)}: warm-up ${secs(warm.wallMs)} s`);
  const runs: AgentRun[] = [];
  for (let i = 1; i <= RUNS; i++) runs.push(await agentRun(engine, db, dirs, timeout, i));
  return agentSeries(engine, db, timeout, warm, runs);
}

// ---------------------------------------------------------------------------------------
// Dump tools

interface DumpSeries {
  engine: Engine;
  tool: string;
  command: string;
  runsMs: number[];
  medianMs: number;
}

function dumpCommand(engine: Engine, db: string): { file: string; args: string[] } {
  if (engine === 'postgres') return { file: 'pg_dump', args: ['--schema-only', '-h', PG.host, '-p', String(PG.port), '-U', PG.user, db] };
  // MariaDB 10.5+ names it mariadb-dump (mysqldump is a compatibility link); take whichever exists.
  const file = existsSync('/usr/bin/mariadb-dump') ? 'mariadb-dump' : 'mysqldump';
  return { file, args: [`-u${MY.user}`, `-h${MY.host}`, `-P${MY.port}`, '--no-data', '--routines', '--triggers', '--events', db] };
}

async function dumpOnce(file: string, args: string[]): Promise<number> {
  const res = await runTimed(file, args, false);
  if (res.code !== 0) throw new BenchError(`${file} failed (exit ${res.code ?? res.signal}): ${res.stderrTail.slice(-800)}`);
  return res.ms;
}

/**
 * The server's own share, for PostgreSQL: the agent's per-database catalog queries (the texts
 * for this server's version) in one psql session, inside the same read-only snapshot, each as
 * `COPY (query) TO '/dev/null'` (the bench connects as a superuser): the server plans, runs and
 * formats every row as it would for the agent, and nothing travels to a client. No Node.js
 * start, no row conversion, no bundle: what one connection cannot go below. The figure is
 * psql's whole process wall time.
 */
async function pgServerFloorFile(db: string, dir: string): Promise<string> {
  // The column must be named: SHOW names it server_version_num, and reading `.v` of that gave
  // NaN, which chose the texts for servers before 12 (slower: every default deparsed with its
  // relation), so the server share read 0.5-0.6x pg_dump instead of 0.4x until 2026-11-26.
  const versionNum = await withPg(db, async (c) => Number((await c.query<{ v: string }>("SELECT pg_catalog.current_setting('server_version_num') AS v")).rows[0]!.v));
  if (!Number.isInteger(versionNum) || versionNum < 110000) throw new BenchError(`server_version_num read as ${versionNum}`);
  const lines = ["SET jit = off; SET max_parallel_workers_per_gather = 0;", 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;'];
  for (const q of DATABASE_QUERIES) lines.push(`COPY (${sqlFor(q, versionNum)}) TO '/dev/null';`);
  lines.push('ROLLBACK;');
  const file = path.join(dir, 'pg-catalog-queries.sql');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const psqlFloorArgs = (db: string, file: string): string[] => ['-X', '-q', '-A', '-v', 'ON_ERROR_STOP=1', '-h', PG.host, '-p', String(PG.port), '-U', PG.user, '-d', db, '-o', '/dev/null', '-f', file];

/**
 * The agent and the dump tool on the large database, a warm-up of each and then RUNS rounds
 * of one agent run followed by one dump run: on a shared machine whose load changes from
 * minute to minute, both sides of the ratio see the same load.
 */
async function measureAlternating(engine: Engine, dirs: Dirs): Promise<{ agent: AgentSeries; dump: DumpSeries; floor: DumpSeries | null }> {
  const { file, args } = dumpCommand(engine, LARGE.name);
  const command = `${file} ${args.join(' ')} > /dev/null`;
  const floorFile = engine === 'postgres' && existsSync('/usr/bin/psql') ? await pgServerFloorFile(LARGE.name, path.dirname(dirs.out)) : null;
  const floorArgs = floorFile ? psqlFloorArgs(LARGE.name, floorFile) : [];
  const warm = await agentOnce(engine, LARGE.name, dirs, null);
  console.log(`  ${agentLabel(engine, LARGE.name, null)}: warm-up ${secs(warm.wallMs)} s`);
  console.log(`  ${command}: warm-up ${secs(await dumpOnce(file, args))} s`);
  const runs: AgentRun[] = [];
  const runsMs: number[] = [];
  const floorMs: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const run = await agentRun(engine, LARGE.name, dirs, null, i);
    runs.push(run);
    runsMs.push(await dumpOnce(file, args));
    console.log(`  ${file}: run ${i}: ${secs(runsMs.at(-1)!)} s; ours/dump this round ${(run.oursMs / runsMs.at(-1)!).toFixed(2)}x`);
    if (floorFile) {
      floorMs.push(await dumpOnce('psql', floorArgs));
      console.log(`  psql, the agent's ${DATABASE_QUERIES.length} per-database queries as COPY TO /dev/null (server share): run ${i}: ${secs(floorMs.at(-1)!)} s (${(floorMs.at(-1)! / runsMs.at(-1)!).toFixed(2)}x the dump)`);
    }
  }
  const floor = floorFile ? { engine, tool: 'psql', command: `psql ${floorArgs.join(' ')}`, runsMs: floorMs, medianMs: median(floorMs) } : null;
  return { agent: agentSeries(engine, LARGE.name, null, warm, runs), dump: { engine, tool: file, command, runsMs, medianMs: median(runsMs) }, floor };
}

// ---------------------------------------------------------------------------------------
// Report

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const secs = (ms: number, digits = 2): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(digits) : 'n/a');

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('   ')).join('\n');
}

interface EngineResult {
  engine: Engine;
  small: AgentSeries;
  large: AgentSeries[];
  dump: DumpSeries;
  /** PostgreSQL: the same per-database queries through psql (see pgServerFloorFile). */
  floor: DumpSeries | null;
}

function timingRows(results: EngineResult[]): string[][] {
  const rows = [['engine', 'agent stmt timeout', 'ours (s)', 'catalog read (s)', 'query sum (s)', 'dump tool', 'dump (s)', 'ours/dump', `goal <= ${GOAL_RATIO}x`]];
  for (const r of results) {
    for (const a of r.large) {
      const ratio = a.median.oursMs / r.dump.medianMs;
      const bad = a.runs.some((x) => x.errors.length > 0) ? ' (errors)' : '';
      rows.push([r.engine, a.timeout, secs(a.median.oursMs), secs(a.median.catalogReadMs), secs(a.median.querySumMs), r.dump.tool, secs(r.dump.medianMs), `${ratio.toFixed(2)}x`, `${ratio <= GOAL_RATIO ? 'PASS' : 'FAIL'}${bad}`]);
    }
  }
  return rows;
}

function countRows(results: EngineResult[]): string[][] {
  const rows = [['engine', `queries, ${SMALL.tables} tables`, `queries, ${LARGE.tables} tables`, 'grows?', `ours (s), ${SMALL.tables} tables`]];
  for (const r of results) {
    const small = r.small.medianRun.queryCount;
    const large = r.large[0]!.medianRun.queryCount;
    rows.push([r.engine, String(small), String(large), large > small ? 'YES' : 'no', secs(r.small.median.oursMs)]);
  }
  return rows;
}

/** Errors of every measured run, grouped: the same timeout in three runs is one line with a count. */
function printErrors(results: EngineResult[]): void {
  for (const r of results) {
    for (const a of [r.small, ...r.large]) {
      const grouped = new Map<string, number>();
      for (const e of a.runs.flatMap((x) => x.errors)) {
        const key = `${e.stage} ${e.query ?? '-'}${e.database ? ` in ${e.database}` : ''}: ${e.code}: ${e.message}`;
        grouped.set(key, (grouped.get(key) ?? 0) + 1);
      }
      if (grouped.size === 0) continue;
      console.log(`bundle errors, ${r.engine} ${a.database}, statement timeout ${a.timeout} (${RUNS} runs):`);
      for (const [key, n] of grouped) console.log(`  ${n}x ${key}`);
    }
  }
}

/** The slowest catalog queries of the median run: where the time goes. */
function printSlowest(results: EngineResult[]): void {
  for (const r of results) {
    for (const a of r.large) {
      const top = [...a.medianRun.queries].sort((x, y) => y.ms - x.ms).slice(0, 6);
      console.log(`slowest queries, ${r.engine} ${a.database}, statement timeout ${a.timeout} (median run, ${a.medianRun.rowsRead} rows read):`);
      for (const q of top) console.log(`  ${q.name.padEnd(24)} ${String(q.ms.toFixed(0)).padStart(7)} ms  ${String(q.rows).padStart(7)} rows${q.error ? `  ERROR ${q.error}` : ''}`);
    }
  }
}

/** How far one connection could go: the server's share against the dump tool and the goal. */
function printFloor(results: EngineResult[]): void {
  for (const r of results) {
    if (!r.floor) continue;
    const ratio = r.floor.medianMs / r.dump.medianMs;
    const allowed = GOAL_RATIO * r.dump.medianMs - r.floor.medianMs;
    const above = r.large[0]!.median.oursMs - r.floor.medianMs;
    console.log(
      `${r.engine}: the server's share, the agent's per-database queries alone (psql, COPY TO /dev/null: no Node.js, no transfer, no conversion, no bundle) takes ${secs(r.floor.medianMs)} s, ${ratio.toFixed(2)}x ${r.dump.tool}: ` +
        (ratio < GOAL_RATIO
          ? `the goal leaves the agent ${secs(allowed)} s above it for everything else (start, connections, server-level queries, rows, bundle); it takes ${secs(above)} s`
          : `over one connection the agent cannot reach ${GOAL_RATIO}x with these queries (it takes ${secs(above)} s above the share)`),
    );
  }
}

function printTimeoutNotes(results: EngineResult[]): void {
  for (const r of results) {
    const dflt = r.large[0]!;
    if (dflt.statementTimeouts === 0) console.log(`${r.engine}: no statement timeout recorded with the default --db-statement-timeout`);
    else console.log(`${r.engine}: the agent recorded ${dflt.statementTimeouts} statement timeout(s) with the default --db-statement-timeout; also measured with --db-statement-timeout ${LONG_TIMEOUT} (both rows above)`);
  }
}

function benchJson(results: EngineResult[], generations: Generation[]): unknown {
  const seriesJson = (a: AgentSeries) => ({
    database: a.database,
    statementTimeout: a.timeout,
    median: a.median,
    runs: a.runs.map((x) => ({ wallMs: x.wallMs, oursMs: x.oursMs, catalogReadMs: x.catalogReadMs, querySumMs: x.querySumMs, queryCount: x.queryCount, rowsRead: x.rowsRead, errors: x.errors.length, exitCode: x.exitCode })),
    statementTimeouts: a.statementTimeouts,
    slowest: [...a.medianRun.queries].sort((x, y) => y.ms - x.ms).slice(0, 5),
  });
  return {
    generatorVersion: GENERATOR_VERSION,
    shape: { large: LARGE, small: SMALL, columnsPerTable: COLUMNS.length },
    windowMs: WINDOW_MS,
    runs: RUNS,
    goalRatio: GOAL_RATIO,
    measure: 'ours = agent process wall time - window; dump = tool process wall time; medians',
    generations,
    engines: results.map((r) => ({
      engine: r.engine,
      small: seriesJson(r.small),
      large: r.large.map(seriesJson),
      dump: r.dump,
      serverFloor: r.floor,
      ratio: r.large.map((a) => a.median.oursMs / r.dump.medianMs),
      pass: r.large.map((a) => a.median.oursMs / r.dump.medianMs <= GOAL_RATIO),
      queryCounts: { small: r.small.medianRun.queryCount, large: r.large[0]!.medianRun.queryCount },
    })),
  };
}

// ---------------------------------------------------------------------------------------
// Main

async function measureEngine(engine: Engine, dirs: Dirs): Promise<EngineResult> {
  console.log(`\n${engine}: measuring (${RUNS} runs after one warm-up each)`);
  const small = await measureAgent(engine, SMALL.name, dirs, null);
  const { agent, dump, floor } = await measureAlternating(engine, dirs);
  const large = [agent];
  // A timed-out query is a catalog not fully read: its time is not comparable, so measure with room too.
  if (large[0]!.statementTimeouts > 0) {
    console.log(`  ${engine}: statement timeout(s) recorded with the default timeout; measuring again with --db-statement-timeout ${LONG_TIMEOUT}`);
    large.push(await measureAgent(engine, LARGE.name, dirs, LONG_TIMEOUT));
  }
  return { engine, small, large, dump, floor };
}

const ENGINES: readonly Engine[] = ['postgres', 'mariadb'];

/** `--engine postgres` (or mariadb) measures that engine alone: mysqldump alone takes minutes. */
function enginesFromArgs(argv: readonly string[]): Engine[] {
  const i = argv.indexOf('--engine');
  if (i < 0) return [...ENGINES];
  const wanted = argv[i + 1];
  const engine = ENGINES.find((e) => e === wanted);
  if (!engine) throw new BenchError(`--engine takes one of ${ENGINES.join(', ')}, not ${wanted ?? 'nothing'}`);
  return [engine];
}

function checkTools(engines: readonly Engine[]): void {
  if (!existsSync(AGENT_CLI)) throw new BenchError(`${AGENT_CLI} is missing: run npm run build`);
  for (const engine of engines) {
    const { file } = dumpCommand(engine, LARGE.name);
    if (!existsSync(`/usr/bin/${file}`) && !existsSync(`/usr/local/bin/${file}`)) throw new BenchError(`${file} is not installed`);
  }
}

async function run(): Promise<void> {
  const engines = enginesFromArgs(process.argv.slice(2));
  const parallel = dbParallelFromArgs(process.argv.slice(2));
  checkTools(engines);
  console.log(`catalog bench: ${LARGE.tables} tables x ${COLUMNS.length} columns + ${LARGE.views} views vs ${SMALL.tables} tables; generator v${GENERATOR_VERSION}; ${os.availableParallelism()} cores; node ${process.version}; agent --db-parallel ${parallel ?? 'default'}`);
  console.log(`ours = scout-agent process wall time minus its ${WINDOW_MS} ms collection window; catalog read = bundle server endedAt - (collection start + window)`);
  const generations: Generation[] = [];
  for (const engine of engines) {
    for (const shape of [SMALL, LARGE]) generations.push(await ensureSchema(engine, shape));
  }

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'scout-bench-catalog-'));
  try {
    const dirs = { out: path.join(tmp, 'out'), state: path.join(tmp, 'state') };
    const results: EngineResult[] = [];
    for (const engine of engines) results.push(await measureEngine(engine, dirs));

    console.log('');
    console.log(table(timingRows(results)));
    console.log('');
    console.log(table(countRows(results)));
    console.log('');
    for (const g of generations) console.log(`schema ${g.engine} ${g.database}: ${g.generated ? 'generated now' : `reused (generated ${g.generatedAt})`} in ${secs(g.generationMs, 1)} s`);
    console.log('reference figures measured before on such a schema: pg_dump about 2.7 s, mysqldump about 50 s');
    printFloor(results);
    printTimeoutNotes(results);
    printErrors(results);
    printSlowest(results);
    console.log(`BENCH_JSON ${JSON.stringify(benchJson(results, generations))}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  try {
    await run();
    return 0;
  } catch (err) {
    console.log(`bench could not run: ${err instanceof Error ? err.message : String(err)}`);
    if (!(err instanceof BenchError) && err instanceof Error && err.stack) console.error(err.stack);
    return 1;
  }
}

process.exitCode = await main();

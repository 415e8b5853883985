/**
 * PostgreSQL collector: reads the catalog of someone else's server, read-only, with bounded
 * statements, and stores the rows as the server reports them.
 *
 * Every database is read inside `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`: one
 * consistent snapshot. A database is read over up to `dbParallel` connections (default 1: one connection per server at a time),
 * as `pg_dump --jobs` does: the first exports its snapshot and the others import it, so all
 * of them see the same catalog; the queries are handed out heaviest first to whichever
 * connection is free. With 1, queries run one after the other on one connection, sent in one
 * message from PostgreSQL 13 (statement-batch.ts) so the server never waits for the agent. The
 * server-level queries and the workload counters use one connection; when its database is one
 * to read (the database a target names, or `postgres` when it is selected), that database is
 * read first and over it (its queries, errors and limitations then come first in the bundle;
 * the databases keep their listing order). A failed statement
 * aborts the transaction, so after a failure that connection's snapshot is restarted and
 * the next query goes on.
 */
import pg from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { PackedKind, prepackRows, prepackRowsPausing, rowObjects, type CollectedRows } from '../../bundle/build.js';
import type { RawRows, WorkloadSnapshot } from '../../bundle/schema.js';
import { classifyDbError } from '../errors.js';
import { isJsonRows, type ArrayRows, type Fetched, type FetchedRows, type JsonRows, type QueryRecorder } from '../query-recorder.js';
import type { CatalogOptions, DbTarget, EngineCollector, ServerReading } from '../types.js';
import { isSelected } from '../targets.js';
import { AttributeNamer } from './attribute-names.js';
import { CATALOG_TYPES } from './fast-types.js';
import type { CopyRow } from './copy-text-json.js';
import { JsonRowsReader, type RowTap } from './json-rows.js';
import { ArrayRowsReader, CommandReader, PER_STATEMENT_TIMEOUT_SINCE, StatementBatch } from './statement-batch.js';
import { IndexColumns } from './index-columns.js';
import { ConstraintsShape, IndexesShape } from './row-shapes.js';
import { ATTRIBUTE_NAMES, DATABASE_QUERIES, HEAVIEST_FIRST, INDEX_LOOKUPS } from './relation-queries.js';
import {
  AURORA_VERSION,
  FLAVOR,
  MIN_SUPPORTED_VERSION_NUM,
  SERVER,
  SERVER_QUERIES,
  WORKLOAD_QUERIES,
  query,
  sqlFor,
  type PgQuery,
} from './queries.js';

type Row = RawRows[number];
type Json = Row[string];

const BEGIN_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
/**
 * The version number used when the server's could not be read: the newest query texts are
 * chosen, and the queries go one per message (as to a server before 13, where one message
 * would share one statement_timeout).
 */
const UNKNOWN_VERSION = Number.MAX_SAFE_INTEGER;
/** After a failed statement: the transaction is aborted, so a new snapshot for the queries after it. */
const RESTART_SNAPSHOT = `ROLLBACK; ${BEGIN_SNAPSHOT}`;
const SAVEPOINT = 'SAVEPOINT scout_locks';
/** Lets go of the locks taken since SAVEPOINT (also after a failed statement) and keeps the snapshot. */
const ROLLBACK_TO_SAVEPOINT = 'ROLLBACK TO SAVEPOINT scout_locks; RELEASE SAVEPOINT scout_locks';
const EXPORT_SNAPSHOT = 'SELECT pg_catalog.pg_export_snapshot() AS id';
/** What pg_export_snapshot returns: hex groups joined by dashes (`00000003-0000001B-1`). */
const SNAPSHOT_ID = /^[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+$/;
/**
 * Session bounds, set after connecting (not as startup parameters, which poolers may refuse).
 * JIT off, as pg_dump does: catalog queries over a large schema look expensive to the planner,
 * and compiling them costs far more than running them (1.5 s against 30 ms at 10,000 tables).
 * No parallel workers: they would take worker processes from the server's own load, and each
 * starts with cold catalog caches; the per-database queries on 5,000 tables took 3.6 s without
 * them against 5.3 s with them, for the same CPU time in our own backend.
 */
const SESSION_SETUP = `SELECT pg_catalog.set_config('statement_timeout', $1, false), pg_catalog.set_config('lock_timeout', $2, false),
       pg_catalog.set_config('idle_in_transaction_session_timeout', $3, false),
       pg_catalog.set_config('default_transaction_read_only', 'on', false), pg_catalog.set_config('jit', 'off', false),
       pg_catalog.set_config('max_parallel_workers_per_gather', '0', false)`;
/** Fallback when the SERVER query failed (a very short statement_timeout): the version chooses the SQL texts. */
const SERVER_BASICS = query(
  'server_basics',
  `SELECT pg_catalog.current_setting('server_version') AS server_version,
       pg_catalog.current_setting('server_version_num')::int AS server_version_num, current_user AS current_user`,
);

function sslFor(mode: DbTarget['sslmode']): boolean | ConnectionOptions {
  switch (mode) {
    case 'disable':
    case 'prefer':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
  }
}

async function openOnce(target: DbTarget, database: string, opts: CatalogOptions, ssl: boolean | ConnectionOptions): Promise<pg.Client> {
  const host = target.socket ?? target.host ?? undefined;
  const client = new pg.Client({
    host,
    port: target.port ?? 5432,
    user: target.user,
    password: target.password?.reveal(),
    database,
    application_name: 'scout-agent',
    connectionTimeoutMillis: opts.connectTimeoutMs,
    keepAlive: true,
    ssl,
  });
  // An idle client whose server goes away emits 'error'; the running query (if any) rejects on its own.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const idleMs = Math.max(60_000, opts.statementTimeoutMs * 4);
    await client.query(SESSION_SETUP, [String(opts.statementTimeoutMs), String(opts.lockTimeoutMs), String(idleMs)]);
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}

/** Connects as libpq would for the sslmode (ignored over a unix socket); `prefer` is plain unless the server insists on TLS. */
async function connect(target: DbTarget, database: string, opts: CatalogOptions): Promise<pg.Client> {
  try {
    return await openOnce(target, database, opts, target.socket ? false : sslFor(target.sslmode));
  } catch (err) {
    if (target.sslmode !== 'prefer' || target.socket || classifyDbError(err).code !== 'tls_required') throw err;
    // The server wants TLS: try it; if TLS fails as well, the server's own refusal is the cause to report.
    return openOnce(target, database, opts, { rejectUnauthorized: false }).catch(() => Promise.reject(err));
  }
}

/**
 * The maintenance connection: target.database, or `postgres` and, where that was dropped,
 * `template1` (as pg_dumpall does). Returns the database it reached.
 */
async function connectMaintenance(target: DbTarget, opts: CatalogOptions): Promise<{ client: pg.Client; db: string }> {
  if (target.database) return { client: await connect(target, target.database, opts), db: target.database };
  try {
    return { client: await connect(target, 'postgres', opts), db: 'postgres' };
  } catch (err) {
    if (classifyDbError(err).code !== 'database_not_found') throw err;
    return { client: await connect(target, 'template1', opts), db: 'template1' };
  }
}

async function close(client: pg.Client): Promise<void> {
  await client.end().catch(() => undefined);
}

/** Sends one statement (with its bound values, if any) and takes its rows in array mode (see ArrayRows). */
async function arrayRows(client: pg.Client, sql: string, values?: unknown[]): Promise<ArrayRows> {
  const result = await client.query({ text: sql, rowMode: 'array', types: CATALOG_TYPES, ...(values ? { values } : {}) });
  return { names: result.fields.map((f) => f.name), rows: result.rows as unknown[][] };
}

/**
 * Counts, as rows pass, those whose values a lock left out (leftOutByLock: `locked` true, and
 * for relation_sizes no size either).
 */
class LockTap implements RowTap {
  count = 0;
  private locked = -1;
  private bytes = -1;

  constructor(private readonly kind: string) {}

  describe(names: readonly string[]): void {
    this.locked = names.indexOf('locked');
    this.bytes = this.kind === 'relation_sizes' ? names.indexOf('bytes') : -1;
  }

  row(row: CopyRow): void {
    if (this.locked >= 0 && row.isTrue(this.locked) && !(this.bytes >= 0 && !row.isNull(this.bytes))) this.count++;
  }
}

/** Gives the attribute namer each column's name as the columns rows pass. */
class ColumnNameTap implements RowTap {
  private at: number[] = [];

  constructor(private readonly namer: AttributeNamer) {}

  describe(names: readonly string[]): void {
    this.at = ['table_oid', 'ordinal', 'name'].map((n) => names.indexOf(n));
  }

  row(row: CopyRow): void {
    const [relAt, numAt, nameAt] = this.at as [number, number, number];
    if (relAt < 0 || numAt < 0 || nameAt < 0) return;
    const rel = row.integer(relAt);
    const num = row.integer(numAt);
    if (rel === null || num === null) return;
    const name = row.text(nameAt);
    if (name !== null) this.namer.addName(rel, num, name);
  }
}

/**
 * Adds to `batch` one statement whose rows become bundle JSON text as they arrive (see
 * json-rows.ts), with the collector's taps.
 */
function addJsonRows(batch: StatementBatch, sql: string, kind: string, opts: CatalogOptions, shaping: RowShaping | null): Promise<JsonRows> {
  const locks = new LockTap(kind);
  const names = kind === 'columns' && shaping ? new ColumnNameTap(shaping.namer) : null;
  const tap: RowTap = {
    describe: (n) => (locks.describe(n), names?.describe(n)),
    row: (r) => (locks.row(r), names?.row(r)),
  };
  const shape =
    shaping && kind === 'constraints'
      ? new ConstraintsShape(shaping.namer)
      : shaping && kind === 'indexes'
        ? new IndexesShape(shaping.namer, shaping.indexColumns, opts.maxValueChars)
        : null;
  const rows = batch
    .add(new JsonRowsReader(sql, opts.maxRowsPerQuery, opts.maxValueChars, tap, shape))
    .then((r) => ({ ...r, leftOutByLock: locks.count, namingLeft: shape?.namingLeft ?? false }));
  rows.catch(() => undefined);
  return rows;
}

/**
 * Lets the event loop take what arrived (the next query's rows) before going on: packing a
 * large kind pauses between chunks so that the server, which sends the next query's rows
 * meanwhile, is not left waiting on a full socket.
 */
const letIoIn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A query sent in a StatementBatch: its savepoint, its rows (step `step` of the batch), its rollback to the savepoint. */
interface SentQuery {
  readonly q: PgQuery;
  readonly before: Promise<void> | null;
  readonly rows: Promise<FetchedRows>;
  readonly step: number;
  readonly after: Promise<void> | null;
}

/** Fetched queries that may wait to be kept while the next ones are fetched: their rows are held twice (as fetched, and as kept). */
const KEEP_AHEAD = 8;

/** What completes a database's rows after their queries: attribute names and index column entries. */
interface RowShaping {
  readonly namer: AttributeNamer;
  readonly indexColumns: IndexColumns;
}

/** Runs named queries in a read-only snapshot, restarting the snapshot after a failed statement. */
class Snapshot {
  private broken = false;

  constructor(
    private readonly client: pg.Client,
    private readonly rec: QueryRecorder,
    private readonly database: string | null,
    public versionNum: number,
    /** How a database's rows are completed (shared by the read's connections); null at server level. */
    private readonly shaping: RowShaping | null = null,
  ) {}

  private get namer(): AttributeNamer | null {
    return this.shaping?.namer ?? null;
  }

  async begin(): Promise<void> {
    await this.client.query(BEGIN_SNAPSHOT);
  }

  /** Reads the operator class and collation names the index entries need (see index-columns.ts). */
  async loadIndexLookups(): Promise<void> {
    if (!this.shaping) return;
    // Always settles the lookups (empty when the query failed or the connection is lost): the indexes rows wait for them.
    this.shaping.indexColumns.setLookups((await this.run(INDEX_LOOKUPS).catch(() => null)) ?? []);
  }

  /**
   * The snapshot's id for other connections to import (see beginImported), or null when the
   * server refuses to export it; the snapshot is then restarted, as after any failed statement.
   */
  async exportSnapshot(): Promise<string | null> {
    try {
      const id: unknown = (await this.client.query<{ id: unknown }>(EXPORT_SNAPSHOT)).rows[0]?.id;
      return typeof id === 'string' && SNAPSHOT_ID.test(id) ? id : null;
    } catch (err) {
      this.rec.log.info({ database: this.database, err: classifyDbError(err).message }, 'snapshot not exported: the database is read over one connection');
      try {
        await this.client.query(RESTART_SNAPSHOT);
      } catch (lost) {
        this.broken = true;
        this.rec.fail('database', this.database, null, lost);
      }
      return null;
    }
  }

  /**
   * Begins this connection's snapshot as the exported one. SET TRANSACTION SNAPSHOT takes no
   * parameter: the id the server gave, checked against SNAPSHOT_ID, is the only text spliced in.
   */
  async beginImported(id: string): Promise<void> {
    if (!SNAPSHOT_ID.test(id)) throw new Error('not a snapshot id');
    await this.client.query(`${BEGIN_SNAPSHOT}; SET TRANSACTION SNAPSHOT '${id}'`);
  }

  /**
   * Runs one query (its bound values, if any) and waits for its rows as arrays, not yet
   * converted; null once the connection is lost. A query that holds locks goes through drain,
   * which wraps it in its savepoint.
   */
  private async fetch(q: PgQuery, values?: unknown[]): Promise<Fetched | null> {
    if (q.holdsLocks) throw new Error(`${q.name} holds locks: run it with runAll`);
    if (this.broken) return null;
    const sql = sqlFor(q, this.versionNum);
    try {
      const fetched = await this.rec.fetch(q.name, this.database, () => arrayRows(this.client, sql, values));
      // A failed statement aborts the transaction: a new snapshot for the queries after it.
      if (fetched.rows === null) await this.client.query(RESTART_SNAPSHOT);
      return fetched;
    } catch (err) {
      this.lost(q.name, err);
      return null;
    }
  }

  /** The connection failed a statement the read cannot go on without: nothing more is sent over it. */
  private lost(name: string | null, err: unknown): void {
    this.broken = true;
    this.rec.fail(this.database === null ? 'server' : 'database', this.database, name, err);
  }

  /**
   * Sends queries in one message (see statement-batch.ts), each wrapped in its savepoint if it
   * holds locks; the packed kinds of a database come as JSON text, the others as arrays.
   */
  private send(queries: readonly PgQuery[]): { batch: StatementBatch; sent: SentQuery[] } {
    const batch = new StatementBatch();
    const sent = queries.map((q): SentQuery => {
      const sql = sqlFor(q, this.versionNum);
      const before = q.holdsLocks ? batch.add(new CommandReader(SAVEPOINT)) : null;
      const step = batch.size;
      const rows: Promise<FetchedRows> =
        q.packed === true && this.database !== null ? addJsonRows(batch, sql, q.name, this.rec.opts, this.shaping) : batch.add(new ArrayRowsReader(sql));
      const after = q.holdsLocks ? batch.add(new CommandReader(ROLLBACK_TO_SAVEPOINT, 2)) : null;
      return { q, before, rows, step, after };
    });
    void this.client.query(batch as unknown as pg.QueryConfig);
    return { batch, sent };
  }
  /** Runs one query and converts its rows (as row objects, never packed). */
  async run(q: PgQuery, values?: unknown[]): Promise<RawRows | null> {
    const fetched = await this.fetch(q, values);
    return fetched && this.rec.finish(fetched);
  }

  /**
   * Runs the queries, keeping the rows of those that worked under their names. From
   * PostgreSQL 13 they go in one message (see drain): the server runs them back to back, and
   * each query's rows are converted while the server works on the next ones. After a failed
   * query the snapshot is restarted and the queries after it are sent again.
   */
  async runAll(queries: readonly PgQuery[], into: CollectedRows): Promise<void> {
    await this.drain([...queries], into, true);
  }

  /**
   * Runs queries taken from the front of a queue shared with other connections, as runAll
   * does, until the queue is empty or this connection is lost (the others go on with the rest).
   *
   * With `exclusive` (no other connection takes from the queue) and a server known to be 13 or
   * later, the queries go in one message, so the server runs them back to back (statement-batch.ts);
   * otherwise one query per message (before 13 statement_timeout would time the whole message).
   */
  async drain(queue: PgQuery[], into: CollectedRows, exclusive = false): Promise<void> {
    // Fetching and keeping go on side by side: each query's rows are taken as soon as they are
    // in, whatever is still being kept; keeping takes the fetched queries in order and pauses
    // often, so that the rows arriving meanwhile are taken. At most KEEP_AHEAD fetched queries
    // wait to be kept; a failed keep stops the fetching (the queue's rest is left to the other
    // connections, or to nobody) and is thrown at the end.
    let keeping: Promise<void> = Promise.resolve();
    let waiting = 0;
    let keepFailed = false;
    const stop = () => this.broken || keepFailed;
    const together = exclusive && this.versionNum >= PER_STATEMENT_TIMEOUT_SINCE && this.versionNum !== UNKNOWN_VERSION;
    while (!stop() && queue.length > 0) {
      const taken = together ? queue.splice(0) : queue.splice(0, 1);
      const { batch, sent } = this.send(taken);
      for (let i = 0; i < sent.length && !stop(); i++) {
        const { q, before, rows, step, after } = sent[i]!;
        try {
          await before;
        } catch (err) {
          this.lost(q.name, err);
          break;
        }
        const fetched = await this.rec.fetch(q.name, this.database, () => rows);
        waiting++;
        keeping = keeping.then(() => this.keep(fetched, into)).finally(() => waiting--);
        // Seen at the end (await keeping); marked handled now, as a fetch may still be awaited when it fails.
        keeping.catch(() => (keepFailed = true));
        if (fetched.rows === null && batch.serverFailedAt === step) {
          // It aborted the transaction and the server skipped the rest of the message: the
          // snapshot goes on after its savepoint, or a new one begins; the rest is sent again.
          queue.unshift(...taken.slice(i + 1));
          await batch.ended;
          try {
            await this.client.query(q.holdsLocks ? ROLLBACK_TO_SAVEPOINT : RESTART_SNAPSHOT);
          } catch (err) {
            this.lost(q.name, err);
          }
          break;
        }
        try {
          await after;
        } catch (err) {
          this.lost(q.name, err);
          break;
        }
        if (waiting >= KEEP_AHEAD) await keeping.catch(() => undefined);
      }
    }
    await keeping;
  }

  /**
   * Converts a fetched query's rows and keeps them. A database's rows are packed for the bundle
   * at once (prepackRows), those that name attributes by number once they are named.
   */
  private async keep(fetched: Fetched | null, into: CollectedRows): Promise<void> {
    if (!fetched || fetched.rows === null) return;
    if (isJsonRows(fetched.rows)) {
      const packed = await this.rec.finishPacked(fetched, letIoIn);
      if (!packed) return;
      const kind = new PackedKind(packed.chunks, packed.rows.kept, packed.rows.leftOutByLock ?? 0);
      if (packed.rows.namingLeft === true && this.shaping) {
        // Attributes still to name: the rows as objects, completed as the object path completes them.
        const rows = rowObjects(kind);
        into[fetched.name] = rows;
        if (fetched.name === 'indexes') this.shaping.indexColumns.build(rows);
        for (const list of this.shaping.namer.take(fetched.name, rows)) {
          await letIoIn();
          await prepackRowsPausing(list, letIoIn);
        }
        return;
      }
      into[fetched.name] = kind;
      // The columns rows gave the namer every name as they passed.
      if (fetched.name === 'columns' && this.namer) for (const list of this.namer.columnsRead()) prepackRows(list);
      return;
    }
    await letIoIn();
    const rows = this.rec.finish(fetched);
    if (!rows) return;
    into[fetched.name] = rows;
    if (this.database === null) return;
    // Constraints and indexes come packed (row-shapes.ts): the kinds here need no names.
    await letIoIn();
    await prepackRowsPausing(rows, letIoIn);
  }

  /** Names the attributes left unnamed (asking the server for those the columns rows lack) and packs those rows. */
  async finishNames(): Promise<void> {
    if (!this.namer || this.database === null) return;
    const pairs = this.namer.pending();
    const lookup = pairs.relations.length > 0 ? await this.run(ATTRIBUTE_NAMES, [pairs.relations, pairs.attnums]) : null;
    for (const list of this.namer.finish(lookup, this.database, (l) => this.rec.limit(l))) prepackRows(list);
  }

  /** Ends the snapshot; true when the connection answered (it can be used again). */
  async end(): Promise<boolean> {
    if (this.broken) return false;
    return this.client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
  }
}

function num(v: Json | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function str(v: Json | undefined): string | null {
  return typeof v === 'string' ? v : null;
}

/** The databases to read: all that accept connections and are not templates, or only target.database; then include/exclude. */
export function selectDatabases(listing: RawRows | null, target: DbTarget): { read: string[]; noConnect: string[] } {
  const candidates: { name: string; canConnect: boolean }[] = [];
  if (listing === null) {
    if (target.database) candidates.push({ name: target.database, canConnect: true });
  } else {
    for (const r of listing) {
      const name = str(r.datname);
      if (name === null) continue;
      const wanted = target.database ? name === target.database : r.datallowconn === true && r.datistemplate !== true;
      if (wanted) candidates.push({ name, canConnect: r.can_connect !== false });
    }
  }
  const picked = candidates.filter(
    (c) => isSelected(target, c.name),
  );
  return { read: picked.filter((c) => c.canConnect).map((c) => c.name), noConnect: picked.filter((c) => !c.canConnect).map((c) => c.name) };
}

/** RDS and Aurora from their settings (rds.*, apg*, aurora*), roles and aurora_version(); Aurora wins over RDS. */
export function flavorOf(settings: RawRows | undefined, flavorRow: Row | undefined, auroraVersion: string | null): Pick<NonNullable<ServerReading['server']>, 'flavor' | 'flavorEvidence'> {
  const names = (settings ?? []).map((r) => str(r.name)).filter((n): n is string => n !== null);
  const list = (xs: string[]) => `${xs.slice(0, 5).join(', ')}${xs.length > 5 ? `, … (${xs.length})` : ''}`;
  const rds = names.filter((n) => n.startsWith('rds.'));
  const aurora = names.filter((n) => /^(aurora|apg)[._]/.test(n));
  const evidence: string[] = [];
  if (flavorRow?.has_aurora_version === true) evidence.push(`function aurora_version() exists${auroraVersion ? `: ${auroraVersion}` : ''}`);
  if (aurora.length > 0) evidence.push(`Aurora settings in pg_settings: ${list(aurora)}`);
  const isAurora = evidence.length > 0;
  if (rds.length > 0) evidence.push(`rds.* settings in pg_settings: ${list(rds)}`);
  if (flavorRow?.has_rds_superuser_role === true) evidence.push('role rds_superuser exists');
  if (flavorRow?.has_rdsadmin_role === true) evidence.push('role rdsadmin exists');
  return { flavor: isAurora ? 'aurora-postgresql' : evidence.length > 0 ? 'rds-postgresql' : 'postgresql', flavorEvidence: evidence };
}

/** States what the role could not see at server level, from the privileges the SERVER row reports. */
function serverLimitations(rec: QueryRecorder, s: Row | undefined, rows: Record<string, RawRows>, noConnect: string[]): void {
  if (s && s.read_all_settings === false) {
    rec.limit({ collector: 'db:settings', code: 'permission_denied', message: 'not superuser nor pg_read_all_settings: superuser-only settings (data_directory, config_file, hba_file, …) are not listed' });
  }
  if (s && s.read_all_stats === false) {
    rec.limit({
      collector: 'db:long_transactions',
      code: 'permission_denied',
      message: 'without pg_read_all_stats, pg_stat_activity hides the state and transaction start of other roles: their long-running transactions and session states are not seen',
    });
    const repl = rows.replication?.length ?? 0;
    if (repl > 0) rec.limit({ collector: 'db:replication', code: 'permission_denied', message: 'without pg_read_all_stats, pg_stat_replication hides the replication details', affected: repl });
  }
  const noSize = (rows.database_sizes ?? []).filter((r) => r.size_bytes === null).map((r) => String(r.datname));
  if (noSize.length > 0) {
    rec.limit({ collector: 'db:databases', code: 'permission_denied', message: `no CONNECT privilege nor pg_read_all_stats: size unknown for ${noSize.join(', ')}`, affected: noSize.length });
  }
  if (noConnect.length > 0) {
    rec.limit({ collector: 'db:catalog', code: 'permission_denied', message: `no CONNECT privilege: catalog not read for ${noConnect.join(', ')}`, affected: noConnect.length });
  }
}

/** A row whose values a lock left out; an estimated size reads no file, so a locked relation still has one. */
function leftOutByLock(kind: string, r: Row): boolean {
  return r.locked === true && !(kind === 'relation_sizes' && r.bytes !== null);
}

/** States what one database's rows leave out: sequence values without privilege, what locked relations hide. */
/** A kind's row objects; none for a kind that came packed (its tap counted what is needed, see PackedKind). */
function objectsOf(list: RawRows | PackedKind | undefined): RawRows {
  return list === undefined || list instanceof PackedKind ? [] : list;
}

function databaseLimitations(rec: QueryRecorder, db: string, rows: CollectedRows): void {
  const seqs = objectsOf(rows.sequences);
  const unreadable = seqs.filter((r) => r.last_value_readable === false).length;
  if (unreadable > 0) {
    rec.limit({ collector: 'db:sequences', code: 'permission_denied', message: `${db}: last_value needs SELECT or USAGE on the sequence`, affected: unreadable });
  }
  const skipped = seqs.filter((r) => r.last_value_skipped === true).length;
  if (skipped > 0) {
    rec.limit({ collector: 'db:sequences', code: 'not_available', message: `${db}: too many sequences to read last_value without filling the server's lock table`, affected: skipped });
  }
  const noDefinition = objectsOf(rows.views).filter((r) => r.definition_skipped === true).length;
  if (noDefinition > 0) {
    rec.limit({ collector: 'db:views', code: 'not_available', message: `${db}: views read too many relations to decompile them without filling the server's lock table`, affected: noDefinition });
  }
  for (const kind of ['tables', 'columns', 'constraints', 'indexes', 'views', 'triggers', 'sequences', 'relation_sizes']) {
    const list = rows[kind];
    const locked = list instanceof PackedKind ? list.leftOutByLock : objectsOf(list).filter((r) => leftOutByLock(kind, r)).length;
    if (locked > 0) {
      rec.limit({ collector: `db:${kind}`, code: 'not_available', message: `${db}: sizes, definitions or values left null: another session holds or waits for a conflicting lock`, affected: locked });
    }
  }
}

/**
 * How a database's queries are spread over several connections: `shared` handed out heaviest
 * first to whichever connection is free (VIEWS too: its savepoint lets its locks go when it
 * ends, whichever connection runs it); `last` (locks kept until the snapshot ends) on the
 * first connection once all the others are done and closed.
 */
export function readPlan(queries: readonly PgQuery[]): { shared: PgQuery[]; last: PgQuery[] } {
  const rank = (q: PgQuery) => {
    const i = HEAVIEST_FIRST.indexOf(q.name);
    return i < 0 ? HEAVIEST_FIRST.length : i;
  };
  return {
    // A stable sort: the queries HEAVIEST_FIRST does not rank keep their order.
    shared: queries.filter((q) => !q.locksUntilEnd).sort((a, b) => rank(a) - rank(b)),
    last: queries.filter((q) => q.locksUntilEnd),
  };
}

/** The rows by kind in DATABASE_QUERIES order, whichever connection read them first. */
function inQueryOrder(rows: CollectedRows): CollectedRows {
  const out: CollectedRows = {};
  for (const q of DATABASE_QUERIES) if (rows[q.name]) out[q.name] = rows[q.name]!;
  return out;
}

/** The query stats recorded since `from`, put in the order they run over one connection (over several they finish in any order). */
function statsInQueryOrder(rec: QueryRecorder, from: number): void {
  const order = [INDEX_LOOKUPS, ...DATABASE_QUERIES, ATTRIBUTE_NAMES];
  const rank = new Map(order.map((q, i) => [q.name, i]));
  const at = (name: string) => rank.get(name) ?? order.length;
  const read = rec.stats.splice(from).sort((a, b) => at(a.name) - at(b.name));
  rec.stats.push(...read);
}

/**
 * A further connection to a database being read, begun in the first one's exported snapshot.
 * It only speeds the read up: if it cannot connect, or there is no snapshot to import (the
 * server would not export it; the read stays in one snapshot), the read goes on without it
 * (logged, not an error: the rows are the same).
 */
async function openHelper(
  db: string,
  versionNum: number,
  rec: QueryRecorder,
  shaping: RowShaping,
  connecting: Promise<pg.Client>,
  snapshotId: Promise<string | null>,
): Promise<{ client: pg.Client; snap: Snapshot } | null> {
  let client: pg.Client;
  try {
    client = await connecting;
  } catch (err) {
    rec.log.info({ database: db, err: classifyDbError(err).message }, 'no further connection: the database is read over fewer');
    return null;
  }
  const snap = new Snapshot(client, rec, db, versionNum, shaping);
  try {
    const id = await snapshotId;
    if (id === null) throw new Error('no exported snapshot');
    await snap.beginImported(id);
    return { client, snap };
  } catch (err) {
    rec.log.info({ database: db, err: classifyDbError(err).message }, 'snapshot not imported: the database is read over fewer connections');
    await close(client);
    return null;
  }
}

/**
 * Reads one database in its own connections (up to opts.dbParallel; see readPlan), all
 * closed before returning, the first of them `reuse` when given; null when it could not be
 * read at all.
 */
async function readDatabase(target: DbTarget, db: string, versionNum: number, opts: CatalogOptions, rec: QueryRecorder, reuse: pg.Client | null = null): Promise<CollectedRows | null> {
  const extra = Math.max(0, Math.floor(opts.dbParallel) - 1);
  const statsFrom = rec.stats.length;
  let exported: (id: string | null) => void = () => undefined;
  const snapshotId = new Promise<string | null>((resolve) => (exported = resolve));
  let helpers: Promise<{ client: pg.Client; snap: Snapshot } | null>[] = [];
  const closed = new Set<pg.Client>();
  const closeOnce = async (c: pg.Client) => {
    if (closed.has(c)) return;
    closed.add(c);
    await close(c);
  };
  let client: pg.Client | null = null;
  const rows: CollectedRows = {};
  try {
    try {
      // The connection the server-level rows were read over, when it is to this database: taken over (and closed) here.
      client = reuse ?? (await connect(target, db, opts));
    } catch (err) {
      rec.fail('connect', db, null, err);
      return null;
    }
    // The further connections are opened once the first one is in (so a connection limit never
    // refuses the first), while it starts reading.
    const shaping: RowShaping = { namer: new AttributeNamer(), indexColumns: new IndexColumns() };
    helpers = Array.from({ length: extra }, () => openHelper(db, versionNum, rec, shaping, connect(target, db, opts), snapshotId));
    let snap = new Snapshot(client, rec, db, versionNum, shaping);
    try {
      await snap.begin();
    } catch (err) {
      if (client !== reuse) {
        rec.fail('database', db, null, err);
        return null;
      }
      // The taken-over connection went away since it last answered: a fresh one, as without it.
      await closeOnce(client);
      try {
        client = await connect(target, db, opts);
        snap = new Snapshot(client, rec, db, versionNum, shaping);
        await snap.begin();
      } catch (again) {
        rec.fail(client === reuse ? 'connect' : 'database', db, null, again);
        return null;
      }
    }
    if (extra === 0) {
      await snap.loadIndexLookups();
      await snap.runAll(DATABASE_QUERIES, rows);
    } else {
      // The lookups first: the other connections may write index rows as soon as they have the snapshot.
      await snap.loadIndexLookups();
      exported(await snap.exportSnapshot());
      const plan = readPlan(DATABASE_QUERIES);
      // The first connection starts on the queue at once; each other one joins it when it has imported the snapshot.
      const queue = [...plan.shared];
      const others: { client: pg.Client; snap: Snapshot }[] = [];
      const join = async (h: Promise<{ client: pg.Client; snap: Snapshot } | null>) => {
        const helper = await h;
        if (!helper) return;
        others.push(helper);
        await helper.snap.drain(queue, rows);
      };
      await Promise.all([snap.drain(queue, rows), ...helpers.map(join)]);
      // The other connections end (and let their locks go) before the queries that keep theirs to the end.
      await Promise.all(others.map(async (h) => (await h.snap.end(), await closeOnce(h.client))));
      await snap.runAll(plan.last, rows);
    }
    await snap.finishNames();
    await snap.end();
  } finally {
    // Whatever happened, the helpers stop waiting for a snapshot and every connection is closed.
    exported(null);
    if (client) await closeOnce(client);
    for (const h of await Promise.all(helpers)) if (h) await closeOnce(h.client);
    statsInQueryOrder(rec, statsFrom);
  }
  const ordered = inQueryOrder(rows);
  databaseLimitations(rec, db, ordered);
  return ordered;
}

async function readWorkload(target: DbTarget, opts: CatalogOptions, rec: QueryRecorder): Promise<WorkloadSnapshot | null> {
  let client: pg.Client;
  try {
    ({ client } = await connectMaintenance(target, opts));
  } catch (err) {
    rec.fail('workload', target.database ?? 'postgres', null, err);
    return null;
  }
  try {
    const at = new Date().toISOString();
    const rows: Record<string, RawRows> = {};
    // Outside a transaction: each statement sees fresh counters (the session is read-only by default).
    for (const q of WORKLOAD_QUERIES) {
      const sql = sqlFor(q, Number.MAX_SAFE_INTEGER);
      const r = await rec.run(q.name, null, () => client.query(sql).then((res) => res.rows as Record<string, unknown>[]));
      if (r) rows[q.name] = r;
    }
    return { at, rows };
  } finally {
    await close(client);
  }
}

async function collectServer(target: DbTarget, opts: CatalogOptions, rec: QueryRecorder): Promise<ServerReading> {
  const serverRows: Record<string, RawRows> = {};
  let client: pg.Client;
  let maintenanceDb: string;
  try {
    ({ client, db: maintenanceDb } = await connectMaintenance(target, opts));
  } catch (err) {
    // Recorded here (the reading says server: null); the orchestrator needs nothing else.
    rec.fail('connect', target.database ?? 'postgres', null, err);
    return { server: null, serverRows, databases: [], workloadEnd: null };
  }

  let server: ServerReading['server'] = null;
  let versionNum: number | null = null;
  // Whether the maintenance connection answered at the end: then, if its database is one to
  // read, that database is read first and over it (one connection fewer to open).
  let reusable = false;
  try {
    const snap = new Snapshot(client, rec, null, UNKNOWN_VERSION);
    let inSnapshot = true;
    try {
      await snap.begin();
    } catch (err) {
      rec.fail('server', maintenanceDb, null, err);
      inSnapshot = false;
    }
    if (inSnapshot) {
      const info = (await snap.run(SERVER))?.[0] ?? (await snap.run(SERVER_BASICS))?.[0];
      if (info) serverRows.server = [info];
      versionNum = num(info?.server_version_num);
      snap.versionNum = versionNum ?? UNKNOWN_VERSION;
      if (versionNum !== null && versionNum < MIN_SUPPORTED_VERSION_NUM) {
        rec.limit({ collector: 'db:catalog', code: 'not_available', message: `server_version_num ${versionNum}: the catalog queries are written for PostgreSQL 11 to 17, some may fail` });
      }
      const flavorRows = await snap.run(FLAVOR);
      if (flavorRows) serverRows.flavor = flavorRows;
      const auroraRows = flavorRows?.[0]?.has_aurora_version === true ? await snap.run(AURORA_VERSION) : null;
      if (auroraRows) serverRows.aurora_version = auroraRows;
      // Kept as row objects: server-level rows are few, and never packed. From 13 in one message, as a database's queries.
      const kept: CollectedRows = {};
      await snap.runAll(SERVER_QUERIES, kept);
      for (const q of SERVER_QUERIES) {
        const r = kept[q.name];
        if (r && !(r instanceof PackedKind)) serverRows[q.name] = r;
      }
      reusable = await snap.end();
      if (info && versionNum !== null) {
        const sizes = (serverRows.database_sizes ?? []).map((r) => num(r.size_bytes)).filter((n): n is number => n !== null);
        server = {
          version: str(info.server_version) ?? String(versionNum),
          versionNum,
          ...flavorOf(serverRows.settings, flavorRows?.[0], str(auroraRows?.[0]?.aurora_version)),
          uptimeSeconds: num(info.uptime_seconds) === null ? null : Math.max(0, num(info.uptime_seconds)!),
          currentUser: str(info.current_user),
          sizeBytes: sizes.length > 0 ? sizes.reduce((a, b) => a + b, 0) : null,
        };
      }
    }
  } catch (err) {
    await close(client);
    throw err;
  }

  let read: string[] = [];
  let reuse: pg.Client | null = null;
  try {
    let noConnect: string[];
    ({ read, noConnect } = selectDatabases(serverRows.databases ?? null, target));
    serverLimitations(rec, serverRows.server?.[0], serverRows, noConnect);
    if (reusable && read.includes(maintenanceDb)) reuse = client;
  } finally {
    if (!reuse) await close(client);
  }

  const databases: ServerReading['databases'] = [];
  let handedOver = false;
  try {
    const sizeOf = new Map((serverRows.database_sizes ?? []).map((r) => [String(r.datname), num(r.size_bytes)]));
    const order = reuse ? [maintenanceDb, ...read.filter((db) => db !== maintenanceDb)] : read;
    for (const db of order) {
      const taking = db === maintenanceDb ? reuse : null;
      handedOver ||= taking !== null;
      const rows = await readDatabase(target, db, versionNum ?? UNKNOWN_VERSION, opts, rec, taking);
      if (rows) databases.push({ name: db, sizeBytes: sizeOf.get(db) ?? null, rows });
    }
    databases.sort((a, b) => read.indexOf(a.name) - read.indexOf(b.name));
  } finally {
    // readDatabase closes the connection it takes over; one never handed over is closed here.
    if (reuse && !handedOver) await close(reuse);
  }

  const workloadEnd = await readWorkload(target, opts, rec);
  return { server, serverRows, databases, workloadEnd };
}

export const postgresCollector: EngineCollector = { readWorkload, collectServer };

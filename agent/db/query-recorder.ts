import type { Logger } from 'pino';
import type { DbError, Limitation, QueryStat, RawRows } from '../bundle/schema.js';
import type { CatalogOptions } from './types.js';
import { classifyDbError } from './errors.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Turns a driver value into JSON: dates as ISO text, bigint as text, binary as UTF-8 text or base64:…, long text cut. */
export function toJsonValue(value: unknown, maxChars: number): Json {
  // By typeof first: strings, numbers, booleans and nulls are nearly every catalog value.
  switch (typeof value) {
    case 'string':
      return value.length > maxChars ? `${value.slice(0, maxChars)}…[truncated]` : value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return null;
    case 'object':
      return value === null ? null : objectToJson(value, maxChars);
    default:
      return String(value);
  }
}

/** Nesting past which isPlainJson gives up (and the value is copied, as before). */
const PLAIN_JSON_MAX_DEPTH = 32;

/**
 * Whether toJsonValue would give `value` back unchanged: plain arrays and objects (as
 * JSON.parse makes them for a json column, or the driver for a text[] one) holding only
 * strings within maxChars, finite numbers, booleans and nulls. Such a value is kept as it
 * is instead of copied: a large schema has tens of thousands of them (index columns, key
 * column lists), and the copies cost time and garbage.
 */
function isPlainJson(value: unknown, maxChars: number, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return value.length <= maxChars;
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return true;
      if (depth >= PLAIN_JSON_MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const v of value) if (!isPlainJson(v, maxChars, depth + 1)) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key of Object.keys(value)) if (!isPlainJson((value as Record<string, unknown>)[key], maxChars, depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

function objectToJson(value: object, maxChars: number): Json {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) {
    const text = value.toString('utf8');
    const isText = !text.includes('\uFFFD') && !/[\x00-\x08\x0E-\x1F]/.test(text);
    return toJsonValue(isText ? text : `base64:${value.toString('base64')}`, maxChars);
  }
  if (isPlainJson(value, maxChars, 0)) return value as Json;
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, maxChars));
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) out[key] = toJsonValue((value as Record<string, unknown>)[key], maxChars);
  return out;
}

/**
 * Rows fetched in array mode: each row's values in the order of `names`. The driver then
 * builds one array per row instead of one object, and the row object is built once, here.
 */
export interface ArrayRows {
  readonly names: readonly string[];
  readonly rows: readonly unknown[][];
}

/**
 * Rows that arrived as bundle JSON text (agent/db/postgres/json-rows.ts): UTF-8 chunks of the
 * rows' JSON without brackets, as prepacked rows are (agent/bundle/build.ts).
 */
export interface JsonRows {
  readonly names: readonly string[];
  /**
   * The rows' JSON text, chunk by chunk, once (the chunks are let go as they are taken). The
   * PostgreSQL COPY path has built them as the rows arrived; the collector takes them with a
   * pause between chunks, so the next query's rows are taken meanwhile.
   */
  packSteps(): Iterator<Uint8Array>;
  /** Rows the server sent. */
  readonly count: number;
  /** Rows in `chunks`: at most the row limit. */
  readonly kept: number;
  /** Attributes are still to name in these rows (constraints and indexes: see row-shapes.ts). */
  readonly namingLeft?: boolean;
  /** Rows whose values a lock left null, as the query's tap counted them. */
  readonly leftOutByLock?: number;
}

export function isJsonRows(rows: unknown): rows is JsonRows {
  return typeof rows === 'object' && rows !== null && 'packSteps' in rows && typeof (rows as JsonRows).packSteps === 'function';
}

/** What a query function gives: row objects, array-mode rows, rows as JSON text, or (statements such as SET) no rows. */
export type FetchedRows = Record<string, unknown>[] | ArrayRows | JsonRows | undefined;

/** A query that has run, its rows not yet converted (see QueryRecorder.fetch). */
export interface Fetched {
  readonly name: string;
  readonly database: string | null;
  /** null when the query failed (already recorded). */
  readonly rows: Record<string, unknown>[] | ArrayRows | JsonRows | null;
  readonly fetchMs: number;
}

/** Statements such as SET return a result header, not rows: no rows then. */
function asRows(result: FetchedRows): Record<string, unknown>[] | ArrayRows | JsonRows {
  if (Array.isArray(result) || isJsonRows(result)) return result;
  return result && Array.isArray(result.rows) ? result : [];
}

function rowCount(rows: Record<string, unknown>[] | ArrayRows): number {
  return Array.isArray(rows) ? rows.length : rows.rows.length;
}

/** The first `limit` rows as JSON row objects. */
function toJsonRows(rows: Record<string, unknown>[] | ArrayRows, limit: number, maxChars: number): RawRows {
  if (Array.isArray(rows)) return rows.slice(0, limit).map((r) => objectToJson(r, maxChars) as RawRows[number]);
  const { names } = rows;
  const out: RawRows = [];
  for (const values of rows.rows.slice(0, limit)) {
    const row: RawRows[number] = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = toJsonValue(values[i], maxChars);
    out.push(row);
  }
  return out;
}

/**
 * Runs catalog queries for one server: times each, keeps its row count, normalizes and
 * bounds its rows, and turns a failure into a recorded error so the rest goes on.
 */
export class QueryRecorder {
  readonly stats: QueryStat[] = [];
  readonly errors: DbError[] = [];
  readonly limitations: Limitation[] = [];
  /** Time spent converting rows so far: a query fetched meanwhile did not wait for it. */
  private convertingMs = 0;

  constructor(
    readonly log: Logger,
    readonly opts: CatalogOptions,
  ) {}

  /** Runs one named query; returns its rows, or null when it failed (recorded). */
  async run(name: string, database: string | null, fn: () => Promise<FetchedRows>): Promise<RawRows | null> {
    return this.finish(await this.fetch(name, database, fn));
  }

  /**
   * Runs one named query and keeps its rows as the driver gave them; a failure is recorded
   * here. `fn` is called before the first await, so the statement is sent at once. Split
   * from `finish` so that a caller can send the next query before converting these rows.
   */
  async fetch(name: string, database: string | null, fn: () => Promise<FetchedRows>): Promise<Fetched> {
    const started = performance.now();
    const convertedBefore = this.convertingMs;
    // The time this query took, less the conversions of other rows that ran meanwhile.
    const elapsed = () => performance.now() - started - (this.convertingMs - convertedBefore);
    try {
      const rows = asRows(await fn());
      return { name, database, rows, fetchMs: elapsed() };
    } catch (err) {
      const ms = Math.round(elapsed() * 100) / 100;
      const { code } = classifyDbError(err);
      this.stats.push({ name, database, ms, rows: 0, truncated: false, error: code });
      this.fail('query', database, name, err);
      return { name, database, rows: null, fetchMs: ms };
    }
  }

  /**
   * Normalizes and bounds the rows of a fetched query and records its time (fetch plus
   * conversion; the sum over queries stays the wall time even when they overlap) and row
   * count; null when it failed.
   */
  finish(fetched: Fetched): RawRows | null {
    const { name, database, rows: raw } = fetched;
    if (raw === null) return null;
    if (isJsonRows(raw)) throw new Error(`${name}: rows fetched as JSON text are finished by finishPacked`);
    const converting = performance.now();
    const count = rowCount(raw);
    const truncated = count > this.opts.maxRowsPerQuery;
    const rows = toJsonRows(raw, this.opts.maxRowsPerQuery, this.opts.maxValueChars);
    const convertMs = performance.now() - converting;
    this.convertingMs += convertMs;
    const ms = Math.round((fetched.fetchMs + convertMs) * 100) / 100;
    this.stats.push({ name, database, ms, rows: rows.length, truncated, error: null });
    if (truncated) this.limit({ collector: `db:${name}`, code: 'truncated', message: `${name}${database ? ` in ${database}` : ''}: rows cut at ${this.opts.maxRowsPerQuery}`, affected: count - rows.length });
    this.log.debug({ query: name, database, ms, rows: rows.length }, 'catalog query');
    return rows;
  }

  /**
   * Packs the rows of a query fetched as JSON text (JsonRows.packSteps), awaiting `pause`
   * between chunks, and records it: time (fetch plus packing, without the pauses), row count,
   * the row limit. Null when it failed.
   */
  async finishPacked(fetched: Fetched, pause: () => Promise<void>): Promise<{ rows: JsonRows; chunks: Uint8Array[] } | null> {
    const { name, database, rows } = fetched;
    if (rows === null) return null;
    if (!isJsonRows(rows)) throw new Error(`${name}: rows fetched as values are finished by finish`);
    const chunks: Uint8Array[] = [];
    let convertMs = 0;
    for (const steps = rows.packSteps(); ; ) {
      const started = performance.now();
      const step = steps.next();
      const ms = performance.now() - started;
      convertMs += ms;
      this.convertingMs += ms;
      if (step.done) break;
      chunks.push(step.value);
      await pause();
    }
    const ms = Math.round((fetched.fetchMs + convertMs) * 100) / 100;
    const truncated = rows.count > rows.kept;
    this.stats.push({ name, database, ms, rows: rows.kept, truncated, error: null });
    if (truncated) this.limit({ collector: `db:${name}`, code: 'truncated', message: `${name}${database ? ` in ${database}` : ''}: rows cut at ${this.opts.maxRowsPerQuery}`, affected: rows.count - rows.kept });
    this.log.debug({ query: name, database, ms, rows: rows.kept }, 'catalog query');
    return { rows, chunks };
  }

  fail(stage: DbError['stage'], database: string | null, query: string | null, err: unknown): DbError {
    const { code, message } = classifyDbError(err);
    const entry: DbError = { stage, database, query, code, message, at: new Date().toISOString() };
    this.errors.push(entry);
    this.log.warn({ stage, database, query, code, err: message }, 'database collection step failed');
    return entry;
  }

  /**
   * A query that a least-privilege user is expected to be denied: the denial becomes a
   * limitation (what is missing and which grant gives it), not a failure.
   */
  limitDenied(query: string, l: Limitation): void {
    this.limitInstead(query, ['permission_denied'], l);
  }

  /** A query whose failure with one of `codes` is expected: the failure becomes the limitation `l`, not an error. */
  limitInstead(query: string, codes: readonly DbError['code'][], l: Limitation): void {
    for (let i = this.errors.length - 1; i >= 0; i--) {
      const e = this.errors[i]!;
      if (e.query === query && codes.includes(e.code)) this.errors.splice(i, 1);
    }
    this.limit(l);
  }

  limit(l: Limitation): void {
    if (!this.limitations.some((x) => x.collector === l.collector && x.message === l.message)) this.limitations.push(l);
  }
}

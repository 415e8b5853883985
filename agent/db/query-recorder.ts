import type { Logger } from 'pino';
import type { DbError, Limitation, QueryStat, RawRows } from '../bundle/schema.js';
import type { CatalogOptions } from './types.js';
import { classifyDbError } from './errors.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Turns a driver value into JSON: dates as ISO text, bigint as text, binary as UTF-8 text or base64:…, long text cut. */
export function toJsonValue(value: unknown, maxChars: number): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > maxChars ? `${value.slice(0, maxChars)}…[truncated]` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) {
    const text = value.toString('utf8');
    const isText = !text.includes('\uFFFD') && !/[\x00-\x08\x0E-\x1F]/.test(text);
    return toJsonValue(isText ? text : `base64:${value.toString('base64')}`, maxChars);
  }
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, maxChars));
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJsonValue(v, maxChars);
    return out;
  }
  return String(value);
}

/**
 * Runs catalog queries for one server: times each, keeps its row count, normalizes and
 * bounds its rows, and turns a failure into a recorded error so the rest goes on.
 */
export class QueryRecorder {
  readonly stats: QueryStat[] = [];
  readonly errors: DbError[] = [];
  readonly limitations: Limitation[] = [];

  constructor(
    readonly log: Logger,
    readonly opts: CatalogOptions,
  ) {}

  /** Runs one named query; returns its rows, or null when it failed (recorded). */
  async run(name: string, database: string | null, fn: () => Promise<Record<string, unknown>[]>): Promise<RawRows | null> {
    const started = performance.now();
    try {
      const result = await fn();
      // Statements such as SET return a result header, not rows.
      const raw = Array.isArray(result) ? result : [];
      const truncated = raw.length > this.opts.maxRowsPerQuery;
      const rows = (truncated ? raw.slice(0, this.opts.maxRowsPerQuery) : raw).map((r) => toJsonValue(r, this.opts.maxValueChars) as RawRows[number]);
      const ms = Math.round((performance.now() - started) * 100) / 100;
      this.stats.push({ name, database, ms, rows: rows.length, truncated, error: null });
      if (truncated) this.limit({ collector: `db:${name}`, code: 'truncated', message: `${name}${database ? ` in ${database}` : ''}: rows cut at ${this.opts.maxRowsPerQuery}`, affected: raw.length - rows.length });
      this.log.debug({ query: name, database, ms, rows: rows.length }, 'catalog query');
      return rows;
    } catch (err) {
      const ms = Math.round((performance.now() - started) * 100) / 100;
      const { code } = classifyDbError(err);
      this.stats.push({ name, database, ms, rows: 0, truncated: false, error: code });
      this.fail('query', database, name, err);
      return null;
    }
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
    for (let i = this.errors.length - 1; i >= 0; i--) {
      const e = this.errors[i]!;
      if (e.query === query && e.code === 'permission_denied') this.errors.splice(i, 1);
    }
    this.limit(l);
  }

  limit(l: Limitation): void {
    if (!this.limitations.some((x) => x.collector === l.collector && x.message === l.message)) this.limitations.push(l);
  }
}

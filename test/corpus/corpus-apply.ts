/**
 * Applies a conversion's DDL to a real target server for corpus-convert.ts, statement by
 * statement over one session, and goes on after a failing statement so that the comparison
 * can still count what the rest created. The first error is kept with its statement.
 *
 * `manual` statements are comment blocks (objects emitted commented out). They are sent too,
 * each followed by a no-op, because they must be harmless: a comment that a view body with
 * `*\/` or a newline breaks out of would run the rest as SQL, and fail here. (MySQL refuses
 * a query that is only a comment, "Query was empty"; the no-op avoids that.)
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { DdlStatement } from '../../analyzer/convert/result.js';
import { MY, PG, type Engine } from './corpus-load.js';

export interface FirstError {
  /** 0-based position in result.statements. */
  index: number;
  type: DdlStatement['type'];
  object: string;
  message: string;
  /** The statement's first non-empty line. */
  firstLine: string;
}

export interface ApplySummary {
  total: number;
  applied: number;
  failed: number;
  first: FirstError | null;
}

/** One statement on a session: resolves, or rejects with the server's error. */
type RunStatement = (sql: string) => Promise<void>;

/** Statements time out rather than hang the whole check (a lock left by another session). */
const STATEMENT_TIMEOUT_MS = 120_000;

/**
 * PostgreSQL: connected to `database`. MySQL: no default database (converted DDL qualifies
 * every name with its database), or `database` when given.
 */
export async function applyDdl(engine: Engine, database: string | null, statements: readonly DdlStatement[]): Promise<ApplySummary> {
  return engine === 'mysql' ? applyMysql(database, statements) : applyPostgres(database ?? PG.maintenanceDb, statements);
}

async function applyMysql(database: string | null, statements: readonly DdlStatement[]): Promise<ApplySummary> {
  const c = await mysql.createConnection({ ...MY, password: '', charset: 'utf8mb4', ...(database ? { database } : {}) });
  try {
    return await applyAll(statements, (sql) => c.query({ sql, timeout: STATEMENT_TIMEOUT_MS }).then(() => undefined), 'DO 0');
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function applyPostgres(database: string, statements: readonly DdlStatement[]): Promise<ApplySummary> {
  const c = new pg.Client({ host: PG.host, port: PG.port, user: PG.user, database, statement_timeout: STATEMENT_TIMEOUT_MS, application_name: 'scout-corpus-convert' });
  await c.connect();
  // An idle client's socket error (server restart) must not crash the whole check.
  c.on('error', () => undefined);
  try {
    return await applyAll(statements, (sql) => c.query(sql).then(() => undefined), 'SELECT 1');
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function applyAll(statements: readonly DdlStatement[], run: RunStatement, noop: string): Promise<ApplySummary> {
  const summary: ApplySummary = { total: statements.length, applied: 0, failed: 0, first: null };
  for (const [index, s] of statements.entries()) {
    try {
      await run(s.type === 'manual' ? `${s.sql}\n${noop}` : s.sql);
      summary.applied += 1;
    } catch (err) {
      summary.failed += 1;
      summary.first ??= { index, type: s.type, object: s.object, message: oneLine(err instanceof Error ? err.message : String(err)), firstLine: firstLineOf(s.sql) };
    }
  }
  return summary;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function firstLineOf(sql: string): string {
  const line = sql.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line.trim();
}

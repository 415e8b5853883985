import type { CollectedDatabase } from '../bundle/build.js';
import type { DatabaseServer, WorkloadSnapshot } from '../bundle/schema.js';
import type { Secret } from './secret.js';

export type DbEngine = 'postgres' | 'mysql';

/** A server to read, from --db, the config file, or discovery. The password never leaves this object. */
export interface DbTarget {
  /** Stable, password-free label: `postgres://app@127.0.0.1:5432`. */
  id: string;
  engine: DbEngine;
  /** The URL scheme as given: postgres, postgresql, mysql, mariadb. */
  scheme: string;
  host: string | null;
  port: number | null;
  /** Unix socket: a directory for PostgreSQL (libpq style), the socket file for MySQL. */
  socket: string | null;
  user: string;
  /** The database named in the URL: only that one is read. */
  database: string | null;
  /** Glob patterns (`*`, `?`) on database (PostgreSQL) or schema (MySQL) names. */
  include: string[];
  exclude: string[];
  /** libpq sslmode semantics for both engines. */
  sslmode: 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  source: 'flag' | 'config' | 'discovered';
  password: Secret | null;
}

/** Bounds for reading someone else's server. */
export interface CatalogOptions {
  connectTimeoutMs: number;
  /** PostgreSQL statement_timeout; MySQL max_execution_time / MariaDB max_statement_time. */
  statementTimeoutMs: number;
  /** PostgreSQL lock_timeout; MySQL lock_wait_timeout (whole seconds, at least 1). */
  lockTimeoutMs: number;
  /** Rows kept per query; more is recorded as truncated. */
  maxRowsPerQuery: number;
  /** Characters kept per text value (routine bodies, view definitions). */
  maxValueChars: number;
  /**
   * PostgreSQL: connections that read one database's catalog side by side, in one exported
   * snapshot (at most this many to a server at a time; 1 reads over a single connection).
   */
  dbParallel: number;
}

export const DEFAULT_CATALOG_OPTIONS: CatalogOptions = {
  connectTimeoutMs: 10_000,
  statementTimeoutMs: 5_000,
  lockTimeoutMs: 2_000,
  maxRowsPerQuery: 2_000_000,
  maxValueChars: 1_000_000,
  dbParallel: 1,
};

/** What an engine module delivers for one server; the orchestrator adds target, timings and errors. */
export interface ServerReading {
  server: DatabaseServer['server'];
  serverRows: DatabaseServer['serverRows'];
  databases: CollectedDatabase[];
  workloadEnd: WorkloadSnapshot | null;
}

/**
 * One engine's read-only collector. Both calls close every connection they open; PostgreSQL
 * reads a database over up to `dbParallel` connections at once, otherwise one at a time.
 */
export interface EngineCollector {
  /** Workload counters only, at the start of the collection window. */
  readWorkload(target: DbTarget, opts: CatalogOptions, rec: import('./query-recorder.js').QueryRecorder): Promise<WorkloadSnapshot | null>;
  /** Server facts, settings, server-level rows, the catalog of every selected database, and the counters again. */
  collectServer(target: DbTarget, opts: CatalogOptions, rec: import('./query-recorder.js').QueryRecorder): Promise<ServerReading>;
}

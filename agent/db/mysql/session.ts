/**
 * One bounded, read-only session on someone else's MySQL or MariaDB server, and the
 * server facts (version, flavor) that pick the catalog SQL.
 */
import mysql from 'mysql2/promise';
import type { Connection, ConnectionOptions, SslOptions } from 'mysql2/promise';
import type { RawRows } from '../../bundle/schema.js';
import type { DbFlavor } from '../../bundle/schema.js';
import { classifyDbError } from '../errors.js';
import type { QueryRecorder } from '../query-recorder.js';
import type { CatalogOptions, DbTarget } from '../types.js';
import * as Q from './queries.js';
import type { SqlVariant } from './queries.js';

export type Row = Record<string, unknown>;

/** Runs one statement; statements that return no rows (SET, START TRANSACTION) give []. */
export async function query(conn: Connection, sql: string, params: unknown[] = []): Promise<Row[]> {
  const [rows] = await conn.query(sql, params);
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

/**
 * TLS from libpq sslmode: disable and prefer → plain (prefer retries with TLS, unverified, when
 * the server refuses plain connections); require → TLS without verification; verify-ca →
 * verified chain, any host name; verify-full → verified chain and host name. System CAs.
 */
export function sslFor(sslmode: DbTarget['sslmode'], forceTls = false): SslOptions | undefined {
  switch (sslmode) {
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, verifyIdentity: false };
    case 'verify-full':
      return { rejectUnauthorized: true, verifyIdentity: true };
    case 'prefer':
      return forceTls ? { rejectUnauthorized: false } : undefined;
    default:
      return undefined;
  }
}

export function connectionOptions(target: DbTarget, opts: CatalogOptions, forceTls = false): ConnectionOptions {
  const where: ConnectionOptions = target.socket ? { socketPath: target.socket } : { host: target.host ?? '127.0.0.1', port: target.port ?? 3306 };
  const ssl = sslFor(target.sslmode, forceTls);
  return {
    ...where,
    user: target.user,
    password: target.password?.reveal() ?? '',
    connectTimeout: opts.connectTimeoutMs,
    connectAttributes: { program_name: 'scout-agent' },
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    ...(ssl ? { ssl } : {}),
  };
}

/** Connects or throws the driver error (the orchestrator records it; driver messages carry no password). */
export async function connect(target: DbTarget, opts: CatalogOptions): Promise<Connection> {
  let conn: Connection;
  try {
    conn = await mysql.createConnection(connectionOptions(target, opts));
  } catch (err) {
    if (target.sslmode !== 'prefer' || classifyDbError(err).code !== 'tls_required') throw err;
    conn = await mysql.createConnection(connectionOptions(target, opts, true));
  }
  // A server that drops the connection while idle must not crash the agent: the next query fails instead.
  conn.on('error', () => undefined);
  return conn;
}

export async function close(conn: Connection): Promise<void> {
  try {
    await conn.end();
  } catch {
    conn.destroy();
  }
}

/** `8.0.36-28` → 80036, `10.11.6-MariaDB-log` → 101106, `5.5.5-10.11.6-MariaDB` → 101106. */
export function parseVersionNum(version: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version.replace(/^5\.5\.5-(?=\d+\.\d+\.\d+-MariaDB)/i, ''));
  if (!m) return 0;
  return Number(m[1]) * 10_000 + Number(m[2]) * 100 + Math.min(Number(m[3]), 99);
}

export interface Session {
  conn: Connection;
  /** The `version` row (version, version_comment, basedir, current_account, hostname, port), or null if it failed. */
  versionRow: Row | null;
  versionRows: RawRows | null;
  variant: SqlVariant;
  /** Which statement timeout was set, or null when the server has none. */
  statementTimeout: 'max_execution_time' | 'max_statement_time' | null;
}

/**
 * Connects, reads the version, and bounds the session: READ ONLY, lock_wait_timeout (whole
 * seconds, at least 1), the statement timeout (MySQL max_execution_time in ms, SELECT only;
 * MariaDB max_statement_time in seconds, every statement), then START TRANSACTION READ ONLY.
 * The caller closes the connection.
 */
export async function openSession(target: DbTarget, opts: CatalogOptions, rec: QueryRecorder): Promise<Session> {
  const conn = await connect(target, opts);
  try {
    const versionRows = await rec.run('version', null, () => query(conn, Q.VERSION));
    const versionRow = (versionRows?.[0] as Row | undefined) ?? null;
    const version = typeof versionRow?.version === 'string' ? versionRow.version : '';
    const variant: SqlVariant = { mariadb: /mariadb/i.test(version), versionNum: parseVersionNum(version) };

    if (Q.supportsReadOnlyTransaction(variant)) await rec.run('session_read_only', null, () => query(conn, Q.SESSION_READ_ONLY));
    const lockSeconds = Math.max(1, Math.ceil(opts.lockTimeoutMs / 1000));
    const limits = Q.sessionLimitsSql(variant);
    const timeoutValue = limits.statementTimeout === 'max_statement_time' ? opts.statementTimeoutMs / 1000 : Math.round(opts.statementTimeoutMs);
    await rec.run('session_limits', null, () => query(conn, limits.sql, limits.statementTimeout ? [lockSeconds, timeoutValue] : [lockSeconds]));
    if (!limits.statementTimeout) {
      const why = version ? `${version} has no statement timeout (MySQL 5.7.8+, MariaDB 10.1+)` : 'server version unknown (the version query failed), so no statement timeout was set';
      rec.limit({ collector: 'db:session_limits', code: 'not_available', message: `${why}: catalog queries ran without one` });
    }
    if (Q.supportsReadOnlyTransaction(variant)) await rec.run('start_transaction', null, () => query(conn, Q.START_READ_ONLY));
    return { conn, versionRow, versionRows, variant, statementTimeout: limits.statementTimeout };
  } catch (err) {
    await close(conn);
    throw err;
  }
}

export interface FlavorFacts {
  versionRow: Row | null;
  variables: Map<string, string>;
  /** Account names seen in USER_PRIVILEGES grantees and mysql.user. */
  accounts: string[];
  rdsTables: string[];
  auroraFunctionVersion: string | null;
}

/** Flavor and the evidence for it: Aurora, then RDS, then MariaDB / Percona / MySQL. */
export function detectFlavor(f: FlavorFacts): { flavor: DbFlavor; evidence: string[] } {
  const version = String(f.versionRow?.version ?? '');
  const comment = String(f.versionRow?.version_comment ?? '');
  const basedir = String(f.versionRow?.basedir ?? f.variables.get('basedir') ?? '');
  const evidence: string[] = [];
  const mariadb = /mariadb/i.test(version);
  if (mariadb) evidence.push(`version: ${version}`);
  const percona = /percona/i.test(comment);
  if (percona) evidence.push(`version_comment: ${comment}`);

  const aurora = f.variables.get('aurora_version') ?? f.auroraFunctionVersion;
  if (aurora) evidence.push(`aurora_version: ${aurora}`);
  let rds = false;
  if (basedir.includes('/rdsdbbin/')) {
    rds = true;
    evidence.push(`basedir: ${basedir}`);
  }
  const rdsVars = [...f.variables.keys()].filter((k) => k.startsWith('rds_'));
  if (rdsVars.length) {
    rds = true;
    evidence.push(`variables: ${rdsVars.slice(0, 5).join(', ')}`);
  }
  const rdsAdmin = f.accounts.find((a) => /^'?rdsadmin'?@/.test(a));
  if (rdsAdmin) {
    rds = true;
    evidence.push(`account: ${rdsAdmin}`);
  }
  if (f.rdsTables.length) {
    rds = true;
    evidence.push(`tables: mysql.${f.rdsTables.slice(0, 5).join(', mysql.')}`);
  }
  if (aurora && !mariadb) return { flavor: 'aurora-mysql', evidence };
  if (rds) return { flavor: mariadb ? 'rds-mariadb' : 'rds-mysql', evidence };
  if (mariadb) return { flavor: 'mariadb', evidence };
  if (percona) return { flavor: 'percona', evidence };
  evidence.push(`version: ${version}${comment ? ` (${comment})` : ''}`);
  return { flavor: 'mysql', evidence };
}

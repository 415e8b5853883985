/**
 * Test helpers for conversion tests against the machine's real servers: create and drop
 * uniquely named databases, collect one with the real agent binary (dist/, built by
 * `npm run build`), build its neutral model, and apply generated statements one by one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { readBundleFile, type Bundle } from '../../agent/bundle/index.js';
import { findDatabase, modelFromCatalog } from '../../analyzer/model/from-bundle.js';
import type { DatabaseModel } from '../../analyzer/model/schema.js';
import { runAgent } from './agent-cli.js';

export type Engine = 'mysql' | 'postgres';

export const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' } as const;
export const PG = { host: '127.0.0.1', port: 5432, user: 'postgres' } as const;

/** `prefix_<6 hex>`: lower case, safe unquoted on both engines. */
export const uniqueName = (prefix: string): string => `${prefix}_${randomBytes(3).toString('hex')}`;

export const quoteMy = (s: string): string => `\`${s.replaceAll('`', '``')}\``;
export const quotePg = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/**
 * Runs SQL text (several statements allowed) in a database, on a connection of its own: setup
 * of test schemas. `database` null: no default database on MySQL, `postgres` on PostgreSQL.
 */
export async function runSql(engine: Engine, database: string | null, sql: string): Promise<void> {
  if (engine === 'mysql') {
    const c = await mysql.createConnection({ ...MYSQL, ...(database === null ? {} : { database }), multipleStatements: true, charset: 'utf8mb4' });
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  } else {
    const c = new pg.Client({ ...PG, database: database ?? 'postgres' });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  }
}

export async function createDatabase(engine: Engine, name: string): Promise<void> {
  await runSql(engine, null, engine === 'mysql' ? `CREATE DATABASE ${quoteMy(name)} CHARACTER SET utf8mb4` : `CREATE DATABASE ${quotePg(name)} TEMPLATE template0 ENCODING 'UTF8'`);
}

export async function dropDatabase(engine: Engine, name: string): Promise<void> {
  await runSql(engine, null, engine === 'mysql' ? `DROP DATABASE IF EXISTS ${quoteMy(name)}` : `DROP DATABASE IF EXISTS ${quotePg(name)} WITH (FORCE)`);
}

/** Collects the listed databases (MySQL schemas) with `scout-agent collect --only databases`. */
export async function collectBundle(engine: Engine, databases: string[]): Promise<Bundle> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scout-rt-'));
  try {
    const url = engine === 'mysql' ? `mysql://${MYSQL.user}@${MYSQL.host}:${MYSQL.port}/` : `postgres://${PG.user}@${PG.host}:${PG.port}/`;
    // A short window: the workload counters are not what these tests look at (the default is 60 s).
    const args = ['collect', '--only', 'databases', '--duration', '500ms', '--interval', '500ms', '--db', url, '--out', path.join(dir, 'out'), '--state-dir', path.join(dir, 'state'), '--quiet', '--log-level', 'error'];
    for (const d of databases) args.push('--db-include', d.replace(/[*?]/g, '?'));
    const res = await runAgent(args, { timeoutMs: 120_000 });
    if (res.code !== 0 && res.code !== 3) throw new Error(`scout-agent collect exited ${res.code}: ${res.stderr.slice(-2000)}`);
    const file = readdirSync(path.join(dir, 'out')).find((f) => f.endsWith('.scout.json.gz'));
    if (!file) throw new Error(`scout-agent wrote no bundle: ${res.stderr.slice(-2000)}`);
    return await readBundleFile(path.join(dir, 'out', file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Collects one database and builds its neutral model. */
export async function collectModel(engine: Engine, database: string): Promise<DatabaseModel> {
  const bundle = await collectBundle(engine, [database]);
  return modelFromCatalog(findDatabase(bundle, database));
}

export interface ApplyResult {
  applied: number;
  /** The first failing statement, or null when all applied. */
  error: { index: number; sql: string; message: string } | null;
}

/**
 * Applies statements one at a time, stopping at the first error. PostgreSQL: connected to
 * `database`. MySQL: connected with `database` as the default schema when given (converted
 * DDL qualifies its names, so it may be null).
 */
export async function applyStatements(engine: Engine, database: string | null, statements: readonly { sql: string }[]): Promise<ApplyResult> {
  if (engine === 'mysql') {
    const c = await mysql.createConnection({ ...MYSQL, ...(database ? { database } : {}), charset: 'utf8mb4' });
    try {
      return await applyEach((sql) => c.query(sql), statements);
    } finally {
      await c.end();
    }
  }
  const c = new pg.Client({ ...PG, database: database ?? 'postgres' });
  await c.connect();
  try {
    // As the written pre-data script does (write-output.ts): routines come before the views they may read.
    await c.query('SET check_function_bodies = false');
    return await applyEach((sql) => c.query(sql), statements);
  } finally {
    await c.end();
  }
}

/** Runs the statements in order on one connection, stopping at the first error. */
async function applyEach(run: (sql: string) => Promise<unknown>, statements: readonly { sql: string }[]): Promise<ApplyResult> {
  for (const [index, s] of statements.entries()) {
    try {
      await run(s.sql);
    } catch (err) {
      return { applied: index, error: { index, sql: s.sql, message: (err as Error).message } };
    }
  }
  return { applied: statements.length, error: null };
}

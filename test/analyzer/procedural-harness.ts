/**
 * Runs a routine on MariaDB and its conversion on PostgreSQL with the same arguments and
 * reduces both outcomes to comparable values: the return value or OUT values, each result
 * set's rows (sorted: neither engine promises an order without ORDER BY), or the error message.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { Routine } from '../../analyzer/model/schema.js';
import { ConversionContext, orderStatements } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import { createCiCollationSql } from '../../analyzer/convert/mysql-to-postgres/collations.js';
import { convertSchema } from '../../analyzer/convert/mysql-to-postgres/schema.js';
import { emitMysqlProceduralCode } from '../../analyzer/convert/procedural/emit.js';
import { generatePostgresDdl } from '../../analyzer/dialects/postgres/generate-ddl.js';
import type { DatabaseModel } from '../../analyzer/model/schema.js';
import { MYSQL, PG, applyStatements, collectModel, quoteMy, quotePg } from '../helpers/db-roundtrip.js';
import type { RoutineCall } from './procedural-fixtures.js';

export type Value = string | null;
/** What one call produced: its value or OUT values, its result sets (rows sorted), or its error. */
export interface Outcome {
  values: Value[];
  resultSets: Value[][][];
  error: string | null;
}

/** Values compared across engines: numbers by value, booleans as 1/0, CHAR padding trimmed. */
export function norm(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '1' : '0';
  const s = String(v);
  if (/^-?\d+(\.\d+)?$/.test(s)) return String(Number(s));
  return s.trimEnd();
}

/** Rows in a stable order. */
export const sortRows = (rows: Value[][]): Value[][] => rows.map((r) => r).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Dates and timestamps as the server prints them, as mysql2's dateStrings gives them. */
export const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => ([1082, 1114, 1184].includes(oid) ? (x: string) => x : pg.types.getTypeParser(oid, format as 'text')),
};

/** Calls a function (SELECT f(…)) or procedure (CALL with @user variables for OUT parameters) on MariaDB. */
export async function callMysql(c: mysql.Connection, r: Routine, call: RoutineCall): Promise<Outcome> {
  const placeholders = call.args.map(() => '?');
  try {
    if (r.kind === 'function') {
      const [rows] = await c.query(`SELECT ${quoteMy(r.name)}(${placeholders.join(', ')}) AS v`, call.args);
      return { values: [norm((rows as Record<string, unknown>[])[0]!.v)], resultSets: [], error: null };
    }
    const outs = r.parameters.filter((p) => p.mode !== 'in').map((_, i) => `@o${i}`);
    let n = 0;
    const args = r.parameters.map((p) => (p.mode === 'in' ? placeholders[n++] : outs.shift()));
    // OUT and INOUT arguments start as NULL, as PostgreSQL gets them: earlier calls left values in the session.
    const outVars = r.parameters.filter((p) => p.mode !== 'in').map((_, i) => `@o${i} = NULL`);
    if (outVars.length) await c.query(`SET ${outVars.join(', ')}`);
    const [res] = await c.query(`CALL ${quoteMy(r.name)}(${args.join(', ')})`, call.args);
    const sets = (Array.isArray(res) ? res : []).filter((x): x is Record<string, unknown>[] => Array.isArray(x));
    const outNames = r.parameters.filter((p) => p.mode !== 'in').map((_, i) => `@o${i}`);
    let values: Value[] = [];
    if (outNames.length) {
      const [rows] = await c.query(`SELECT ${outNames.join(', ')}`);
      values = Object.values((rows as Record<string, unknown>[])[0]!).map(norm);
    }
    return { values, resultSets: sets.map((s) => sortRows(s.map((row) => Object.values(row).map(norm)))), error: null };
  } catch (err) {
    return { values: [], resultSets: [], error: (err as Error).message };
  }
}

/**
 * Calls the converted routine on PostgreSQL: functions with SELECT; procedures with CALL in a
 * transaction, NULL for OUT and refcursor parameters, then FETCH ALL from each returned cursor.
 */
export async function callPostgres(c: pg.Client, schema: string, r: Routine, call: RoutineCall, target: string): Promise<Outcome> {
  const args = call.args.map((_, i) => `$${i + 1}`);
  try {
    if (r.kind === 'function') {
      const res = await c.query(`SELECT ${target}(${args.join(', ')}) AS v`, call.args);
      return { values: [norm(res.rows[0].v)], resultSets: [], error: null };
    }
    await c.query('BEGIN');
    try {
      const outCount = r.parameters.filter((p) => p.mode !== 'in').length;
      // The converted procedure may have more parameters than the source (refcursors for result sets): all get NULL.
      const total = await c.query(`SELECT cardinality(coalesce(proallargtypes, proargtypes::oid[])) AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = $2`, [schema, target.split('.').at(-1)!.replaceAll('"', '')]);
      const n = Number(total.rows[0]?.n ?? call.args.length + outCount);
      let k = 0;
      const callArgs = r.parameters.map((p) => (p.mode === 'in' ? args[k++] : 'NULL'));
      while (callArgs.length < n) callArgs.push('NULL');
      const res = await c.query(`CALL ${target}(${callArgs.join(', ')})`, call.args);
      const row = (res.rows[0] ?? {}) as Record<string, unknown>;
      const values: Value[] = [];
      const resultSets: Value[][][] = [];
      for (const [key, v] of Object.entries(row)) {
        if (!key.startsWith('result_set_')) values.push(norm(v));
        else if (v !== null) {
          const fetched = await c.query(`FETCH ALL FROM "${String(v).replaceAll('"', '""')}"`);
          resultSets.push(sortRows(fetched.rows.map((x: Record<string, unknown>) => Object.values(x).map(norm))));
        }
      }
      return { values, resultSets, error: null };
    } finally {
      await c.query('COMMIT').catch(() => c.query('ROLLBACK'));
    }
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    return { values: [], resultSets: [], error: (err as Error).message };
  }
}

/** A table's rows on one engine, normalised and sorted. */
export async function tableRows(engine: 'mysql' | 'postgres', my: mysql.Connection, p: pg.Client, schema: string, table: string): Promise<Value[][]> {
  if (engine === 'mysql') {
    const [rows] = await my.query(`SELECT * FROM ${quoteMy(table)}`);
    return sortRows((rows as Record<string, unknown>[]).map((r) => Object.values(r).map(norm)));
  }
  const res = await p.query(`SELECT * FROM ${quotePg(schema)}.${quotePg(table)}`);
  return sortRows(res.rows.map((r: Record<string, unknown>) => Object.values(r).map(norm)));
}


/** Both servers after conversion: connections, the source model, and what was created on PostgreSQL. */
export interface Prepared {
  my: mysql.Connection;
  pgc: pg.Client;
  model: DatabaseModel;
  /** Target schema on PostgreSQL. */
  schema: string;
  /** Object (source name) → null when all its statements were created, else the error. */
  created: Map<string, string | null>;
  /** Routine (source name) → the quoted, qualified target name. */
  targets: Map<string, string>;
  /** The conversion's items, for the status and message checks. */
  ctx: ConversionContext;
}

/**
 * Creates `routines` (one CREATE statement each) on MariaDB database `db` (its tables made
 * already), collects it with the agent, converts it, creates the tables and then each routine
 * and trigger on PostgreSQL database `db`, recording which statements failed.
 */
export async function prepare(db: string, routines: readonly string[]): Promise<Prepared> {
  const my = await mysql.createConnection({ ...MYSQL, database: db, multipleStatements: true, charset: 'utf8mb4', dateStrings: true });
  for (const stmt of routines) await my.query(stmt);
  const model = await collectModel('mysql', db);
  const ctx = new ConversionContext(model, 'postgresql', DEFAULT_OPTIONS);
  // Views are the view converter's: tests that need one write it by hand on both sides.
  const state = convertSchema(ctx, { ...model.schemas[0]!, views: [] });
  const target: DatabaseModel = { ...model, source: { ...model.source, dialect: 'postgres' }, schemas: [state.target], extensions: [], settings: {}, problems: [] };
  if (state.usesCiCollation) ctx.emit({ phase: 'pre-data', type: 'create_type', object: db, sql: createCiCollationSql(state.target.name) });
  generatePostgresDdl(target, ctx);
  const applied = await applyStatements('postgres', db, orderStatements(ctx.statements).filter((s) => s.type !== 'manual'));
  if (applied.error) throw new Error(`tables not created on PostgreSQL: ${applied.error.message}\n${applied.error.sql}`);
  const before = ctx.statements.length;
  emitMysqlProceduralCode(state);
  const pgc = new pg.Client({ ...PG, database: db, types: pgTypes });
  await pgc.connect();
  const created = new Map<string, string | null>();
  const targets = new Map<string, string>();
  for (const s of ctx.statements.slice(before)) {
    if (s.type === 'manual') continue;
    try {
      await pgc.query(s.sql);
      if (!created.has(s.object)) created.set(s.object, null);
    } catch (err) {
      created.set(s.object, (err as Error).message);
    }
    const name = /^CREATE OR REPLACE (?:FUNCTION|PROCEDURE) ("(?:[^"]|"")*"\."(?:[^"]|"")*")\(/.exec(s.sql)?.[1];
    if (s.type !== 'create_trigger' && name) targets.set(s.object, name);
  }
  return { my, pgc, model, schema: state.target.name, created, targets, ctx };
}

/**
 * The commented-out routine source on the real servers (ran against MariaDB 10.11 and
 * PostgreSQL 15): a hostile body (line breaks of every kind, `*\/`, quotes, NUL, a DROP
 * after each break) is emitted by emitRoutinesForManualWork, sent to the server followed by
 * a SELECT, and must run as nothing but that SELECT: the table the body tries to drop stays.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversionContext } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import { emitRoutinesForManualWork } from '../../analyzer/convert/routines/manual-routines.js';
import { emptySchema, type DatabaseModel } from '../../analyzer/model/schema.js';
import { MYSQL, PG, createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';

const BREAKS = ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\v', '\f'];
const HOSTILE = `BEGIN */ '; "\`\0${BREAKS.map((b) => `${b}DROP TABLE victim;`).join('')}\nEND`;

function manualStatement(dialect: 'mysql' | 'postgres'): string {
  const model: DatabaseModel = {
    name: 'app',
    source: { dialect, flavor: dialect, version: '0', versionNum: 0 },
    schemas: [
      emptySchema('app', { routines: [{ name: 'p */ \n DROP TABLE victim;', kind: 'procedure', language: 'SQL', parameters: [], returns: null, body: HOSTILE, attrs: {} }] }),
    ],
    extensions: [],
    settings: {},
    problems: [],
  };
  const ctx = new ConversionContext(model, dialect === 'mysql' ? 'postgresql' : 'mysql', DEFAULT_OPTIONS);
  emitRoutinesForManualWork(ctx, model.schemas[0]!);
  return ctx.statements[0]!.sql;
}

describe('commented-out routines cannot escape their comment', () => {
  const myDb = uniqueName('scout_h3');
  const pgDb = uniqueName('scout_h3');
  beforeAll(async () => {
    await createDatabase('mysql', myDb);
    await createDatabase('postgres', pgDb);
    await runSql('mysql', myDb, 'CREATE TABLE victim (id INT)');
    await runSql('postgres', pgDb, 'CREATE TABLE victim (id int)');
  });
  afterAll(async () => {
    await dropDatabase('mysql', myDb);
    await dropDatabase('postgres', pgDb);
  });

  it('on MariaDB (a MySQL source shown to a PostgreSQL target is the same text)', async () => {
    const c = await mysql.createConnection({ ...MYSQL, database: myDb, multipleStatements: true, charset: 'utf8mb4' });
    try {
      const [rows] = await c.query<mysql.RowDataPacket[]>(`${manualStatement('mysql')}\nSELECT 42 AS v`);
      expect(rows).toEqual([{ v: 42 }]);
      const [tables] = await c.query<mysql.RowDataPacket[]>("SHOW TABLES LIKE 'victim'");
      expect(tables).toHaveLength(1);
    } finally {
      await c.end();
    }
  });

  it('on PostgreSQL', async () => {
    const c = new pg.Client({ ...PG, database: pgDb });
    await c.connect();
    try {
      const res = await c.query(`${manualStatement('postgres')}\nSELECT 42 AS v`);
      expect(res.rows).toEqual([{ v: 42 }]);
      const t = await c.query("SELECT to_regclass('public.victim') IS NOT NULL AS present");
      expect(t.rows).toEqual([{ present: true }]);
    } finally {
      await c.end();
    }
  });
});

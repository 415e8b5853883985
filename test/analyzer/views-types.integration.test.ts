/**
 * Views over columns whose type changes between the engines, through the real pipeline
 * (ran against MariaDB 10.11 and PostgreSQL 15): tables and views are created on MariaDB,
 * collected by the agent (collectModel), converted (convertDatabase → postgresql), applied
 * to a fresh PostgreSQL database, the same rows loaded on both sides, and each view must
 * return the same rows on PostgreSQL as on MariaDB. The idioms: TINYINT(1) (boolean on
 * PostgreSQL) compared with 0/1, tested bare, summed, compared with an integer column;
 * ENUM (an enum type) compared with labels, ordered, concatenated and matched with LIKE;
 * SET (text[]) searched with FIND_IN_SET.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertDatabase } from '../../analyzer/convert/convert.js';
import type { ConversionResult } from '../../analyzer/convert/result.js';
import { MYSQL, PG, applyStatements, collectModel, createDatabase, dropDatabase, runSql, uniqueName, type ApplyResult } from '../helpers/db-roundtrip.js';

const TABLES = `
CREATE TABLE account (
  id INT PRIMARY KEY,
  email VARCHAR(80) NOT NULL,
  active TINYINT(1) NOT NULL,
  verified TINYINT(1) NULL,
  tier ENUM('gold','silver','bronze') NULL,
  tags SET('red','green','blue') NOT NULL DEFAULT '',
  logins INT NOT NULL
);
CREATE TABLE flag_limit (id INT PRIMARY KEY, min_active INT NOT NULL);
`;

/** The same rows on both engines: MySQL literals PostgreSQL reads too for these column types. */
const ROWS: { table: string; columns: string[]; mysql: string[]; postgres: string[] }[] = [
  {
    table: 'account',
    columns: ['id', 'email', 'active', 'verified', 'tier', 'tags', 'logins'],
    mysql: ["(1,'ann@x.org',1,1,'gold','red,blue',5)", "(2,'bob@x.org',0,NULL,'silver','',0)", "(3,'cy@y.org',1,0,NULL,'green',2)", "(4,'di@y.org',0,1,'bronze','red,green,blue',9)", "(5,'ed@x.org',1,NULL,'gold','blue',1)"],
    postgres: ["(1,'ann@x.org',true,true,'gold','{red,blue}',5)", "(2,'bob@x.org',false,NULL,'silver','{}',0)", "(3,'cy@y.org',true,false,NULL,'{green}',2)", "(4,'di@y.org',false,true,'bronze','{red,green,blue}',9)", "(5,'ed@x.org',true,NULL,'gold','{blue}',1)"],
  },
  { table: 'flag_limit', columns: ['id', 'min_active'], mysql: ['(1,1)', '(2,0)'], postgres: ['(1,1)', '(2,0)'] },
];

/** View name → SELECT, created on MariaDB; each must convert (not be left manual) and return the same rows. */
const VIEWS: Record<string, string> = {
  active_accounts: 'SELECT id, email FROM account WHERE active = 1',
  inactive_alias: 'SELECT a.id FROM account a WHERE a.active = 0',
  not_zero_or_one: 'SELECT id FROM account WHERE active <> 0 AND verified != 1',
  in_list: 'SELECT id FROM account WHERE verified IN (0, 1)',
  bare_flag: 'SELECT id, IF(verified, 1, 0) AS v, CASE WHEN active = 1 THEN \'on\' ELSE \'off\' END AS s FROM account WHERE active AND NOT tier = \'bronze\'',
  flag_sums: 'SELECT SUM(active) AS n_active, AVG(active) AS share, SUM(active + logins) AS weighted, MAX(active) AS any_active FROM account',
  flag_vs_int: 'SELECT a.id, l.id AS limit_id FROM account a JOIN flag_limit l ON a.active = l.min_active',
  flag_selected: 'SELECT id, active, verified FROM account',
  flag_concat: "SELECT id, CONCAT(email, ':', active) AS label, COALESCE(verified, 0) AS v FROM account",
  enum_label: "SELECT id FROM account WHERE tier = 'gold' OR tier IN ('silver')",
  enum_case: "SELECT id FROM account WHERE tier = 'GOLD'",
  enum_not_label: "SELECT id FROM account WHERE tier = 'platinum' OR tier <> 'platinum'",
  enum_text: "SELECT id, CONCAT(tier, '!') AS t, UPPER(tier) AS u FROM account WHERE tier LIKE '%l%'",
  enum_order: 'SELECT id, tier FROM account ORDER BY tier, id',
  enum_max: 'SELECT MAX(tier) AS m, MIN(tier) AS n FROM account',
  set_find: "SELECT id, FIND_IN_SET('blue', tags) AS pos, FIND_IN_SET('GREEN', tags) AS g FROM account WHERE FIND_IN_SET('red', tags)",
  set_find_expr: "SELECT id, FIND_IN_SET(SUBSTRING(email, 1, 2), tags) AS pos FROM account WHERE FIND_IN_SET('blue', tags) > 0",
  set_text: "SELECT id FROM account WHERE tags = 'red,blue' OR tags = ''",
  derived_flag: 'SELECT x.id FROM (SELECT id, active FROM account) x WHERE x.active = 1',
  view_on_view: 'SELECT id FROM flag_selected WHERE active = 1 AND verified = 0',
};

const ORDERED = new Set(['enum_order']);

const db = uniqueName('scout_h8');
let result: ConversionResult;
let applied: ApplyResult;
let pgSchema = '';

/** Rows as comparable text: numbers by value, booleans as MySQL's 1/0. */
function normalize(rows: Record<string, unknown>[], ordered: boolean): string[] {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? '1' : '0';
    if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) return String(Number(v));
    return String(v);
  };
  const out = rows.map((r) => Object.values(r).map(cell).join('|'));
  return ordered ? out : out.sort();
}

beforeAll(async () => {
  await createDatabase('mysql', db);
  const inserts = ROWS.map((r) => `INSERT INTO ${r.table} (${r.columns.join(', ')}) VALUES ${r.mysql.join(', ')};`).join('\n');
  const views = Object.entries(VIEWS)
    .map(([name, sql]) => `CREATE VIEW ${name} AS ${sql};`)
    .join('\n');
  await runSql('mysql', db, `${TABLES}\n${inserts}\n${views}`);
  const model = await collectModel('mysql', db);
  result = convertDatabase(model, 'postgresql');
  await createDatabase('postgres', db);
  applied = await applyStatements('postgres', db, result.statements);
  pgSchema = result.objects.find((o) => o.type === 'schema')?.target ?? db;
  const c = new pg.Client({ ...PG, database: db });
  await c.connect();
  try {
    for (const r of ROWS) await c.query(`INSERT INTO "${pgSchema}".${r.table} (${r.columns.join(', ')}) VALUES ${r.postgres.join(', ')}`);
  } finally {
    await c.end();
  }
}, 120_000);

afterAll(async () => {
  await dropDatabase('mysql', db);
  await dropDatabase('postgres', db);
});

describe('views over boolean, enum and set columns: MariaDB → PostgreSQL', () => {
  it('converts every view and applies every statement', () => {
    expect(applied.error).toBeNull();
    const manual = result.objects.filter((o) => o.type === 'view' && o.status === 'manual').map((o) => o.name);
    expect(manual).toEqual([]);
  });

  it('each view returns the same rows on both engines', async () => {
    const my = await mysql.createConnection({ ...MYSQL, database: db });
    const c = new pg.Client({ ...PG, database: db });
    await c.connect();
    const differences: unknown[] = [];
    try {
      for (const name of Object.keys(VIEWS)) {
        const [source] = await my.query(`SELECT * FROM \`${name}\``);
        let target: string[] | string;
        try {
          target = normalize((await c.query(`SELECT * FROM "${pgSchema}"."${name}"`)).rows as Record<string, unknown>[], ORDERED.has(name));
        } catch (err) {
          target = (err as Error).message;
        }
        const expected = normalize(source as Record<string, unknown>[], ORDERED.has(name));
        if (JSON.stringify(expected) !== JSON.stringify(target)) differences.push({ view: name, mariadb: expected, postgres: target });
      }
    } finally {
      await my.end();
      await c.end();
    }
    expect(differences).toEqual([]);
  });
});

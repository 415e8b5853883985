/**
 * View translation on the real servers (ran against MariaDB 10.11 and PostgreSQL 15): views
 * written here are created on one engine, their text read back from that engine's catalog
 * (information_schema.VIEWS, pg_get_viewdef), translated, and created over the same tables,
 * written by hand, on the other engine; each translated view is then queried there and
 * must return the rows the source view returns.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateViewSql, type ViewTranslation } from '../../analyzer/convert/views/translate-view.js';
import { MYSQL, PG, createDatabase, dropDatabase, quoteMy, quotePg, runSql, uniqueName } from '../helpers/db-roundtrip.js';

const MY_TABLES = `
CREATE TABLE t_customer (id INT PRIMARY KEY, first_name VARCHAR(40) NOT NULL, last_name VARCHAR(40) NULL, active TINYINT(1) NOT NULL, created DATETIME NULL, score DECIMAL(8,2) NULL);
CREATE TABLE t_order (id INT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2) NOT NULL, placed DATE NOT NULL, note VARCHAR(100) NULL, status VARCHAR(10) NOT NULL);
CREATE TABLE \`we"ird\`\`tbl\` (\`a;b*/c\` INT PRIMARY KEY, \`Ünï\` VARCHAR(10) NULL);
INSERT INTO t_customer VALUES (1,'anna','smith',1,'2024-01-02 03:04:05',10.50),(2,'bob',NULL,0,NULL,NULL),(3,'carla','jones',1,'2023-12-31 23:59:59',99.99);
INSERT INTO t_order VALUES (1,1,25.00,'2024-02-01','a first','x'),(2,1,5.00,'2024-02-03',NULL,'y'),(3,3,300.00,'2023-11-30','another','z'),(4,2,12.50,'2024-03-15','b note','x');
INSERT INTO \`we"ird\`\`tbl\` VALUES (1,'é'),(2,NULL);
`;

const PG_TABLES = `
CREATE TABLE t_customer (id integer PRIMARY KEY, first_name varchar(40) NOT NULL, last_name varchar(40), active boolean NOT NULL, created timestamp, score numeric(8,2));
CREATE TABLE t_order (id integer PRIMARY KEY, customer_id integer NOT NULL, amount numeric(10,2) NOT NULL, placed date NOT NULL, note varchar(100), status varchar(10) NOT NULL);
CREATE TABLE "we""ird\`tbl" ("a;b*/c" integer PRIMARY KEY, "ünï" varchar(10));
INSERT INTO t_customer VALUES (1,'anna','smith',true,'2024-01-02 03:04:05',10.50),(2,'bob',NULL,false,NULL,NULL),(3,'carla','jones',true,'2023-12-31 23:59:59',99.99);
INSERT INTO t_order VALUES (1,1,25.00,'2024-02-01','a first','x'),(2,1,5.00,'2024-02-03',NULL,'y'),(3,3,300.00,'2023-11-30','another','z'),(4,2,12.50,'2024-03-15','b note','x');
INSERT INTO "we""ird\`tbl" VALUES (1,'é'),(2,NULL);
`;

/** MySQL views: name → SELECT, each exercising a family of rewrites. */
const MYSQL_VIEWS: Record<string, string> = {
  v_concat_if: "SELECT c.id, CONCAT(c.first_name, ' ', c.last_name) AS name, IF(c.active, 'yes', 'no') AS act, IFNULL(c.score, 0) AS score FROM t_customer c",
  v_group_concat: "SELECT customer_id, GROUP_CONCAT(note ORDER BY placed DESC SEPARATOR '; ') AS notes, COUNT(*) AS n, SUM(amount) AS total FROM t_order GROUP BY customer_id",
  v_dates: "SELECT id, DATE_FORMAT(placed, '%Y-%m') AS ym, YEAR(placed) AS y, MONTH(placed) AS m, DATEDIFF(placed, '2024-01-01') AS d, DATE_ADD(placed, INTERVAL 1 DAY) AS next_day FROM t_order",
  v_limit: 'SELECT id, amount FROM t_order ORDER BY amount DESC LIMIT 1, 2',
  v_join_bool: 'SELECT c.id, o.amount FROM t_customer c LEFT JOIN t_order o ON o.customer_id = c.id WHERE c.active AND (o.amount > 10 OR o.amount IS NULL)',
  v_like: "SELECT id FROM t_customer WHERE first_name LIKE 'A%' OR last_name NOT LIKE '%s'",
  v_strings: "SELECT id, SUBSTRING(first_name, 2, 3) AS s, LOCATE('a', first_name) AS p, UCASE(last_name) AS u, LCASE(first_name) AS l, LENGTH(first_name) AS len FROM t_customer",
  v_casts: 'SELECT id, CAST(score AS SIGNED) AS i, CAST(id AS CHAR) AS c, CAST(created AS DATE) AS d, CAST(score AS DECIMAL(6,1)) AS r FROM t_customer',
  v_grouped_loose: 'SELECT o.customer_id, c.first_name, SUM(o.amount) AS total FROM t_order o JOIN t_customer c ON c.id = o.customer_id GROUP BY o.customer_id',
  'v we"ird`view': 'SELECT `a;b*/c` AS `x;y`, `Ünï` FROM `we"ird``tbl` WHERE `Ünï` IS NOT NULL',
};

/** PostgreSQL views, read back through pg_get_viewdef (casts on literals, `~~`, `= ANY (ARRAY[…])`). */
const PG_VIEWS: Record<string, string> = {
  v_concat_case: "SELECT id, first_name || ' ' || last_name AS name, CASE WHEN active THEN 'yes' ELSE 'no' END AS act, coalesce(score, 0) AS score FROM t_customer",
  v_like_in: "SELECT id FROM t_order WHERE note LIKE 'a%' AND status IN ('x', 'y')",
  v_ilike: "SELECT id FROM t_customer WHERE first_name ILIKE 'ANN%'",
  v_string_agg: "SELECT customer_id, string_agg(note, ', ') AS notes, count(*) AS n FROM t_order GROUP BY customer_id",
  v_dates: "SELECT id, extract(year FROM placed) AS y, date_part('month', placed) AS m, to_char(placed, 'YYYY-MM') AS ym, placed + interval '1 day' AS next_day FROM t_order",
  v_strings: "SELECT id, substring(first_name, 2, 3) AS s, strpos(first_name, 'a') AS p, length(first_name) AS len, upper(last_name) AS u FROM t_customer ORDER BY id LIMIT 2 OFFSET 1",
  v_casts: 'SELECT id, score::integer AS i, id::text AS c, created::date AS d FROM t_customer',
  v_order_nulls: 'SELECT id, last_name FROM t_customer ORDER BY last_name',
  'v we"ird`view': 'SELECT "a;b*/c" AS "x;y", "ünï" FROM "we""ird`tbl" WHERE "ünï" IS NOT NULL',
};

/** Rows as comparable text: numbers by value, dates by their calendar day, column names ignored. */
function normalize(rows: Record<string, unknown>[]): string[] {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
    if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) return String(Number(v));
    if (typeof v === 'boolean') return v ? '1' : '0';
    return String(v);
  };
  return rows.map((r) => Object.values(r).map(cell).join('|'));
}

/** Views whose target rows differ from the source's (or that did not translate or apply), with both sides. */
function mismatches(results: { name: string; source: string[]; target: string[] | string }[]): unknown[] {
  return results
    .map((r) => ({ view: r.name, source: sortedUnlessOrdered(r.name, r.source), target: Array.isArray(r.target) ? sortedUnlessOrdered(r.name, r.target) : r.target }))
    .filter((r) => JSON.stringify(r.source) !== JSON.stringify(r.target));
}

const sortedUnlessOrdered = (name: string, rows: string[]): string[] => (/limit|strings|order/.test(name) ? rows : [...rows].sort());

describe('MySQL views → PostgreSQL', () => {
  const myDb = uniqueName('scout_h3');
  const pgDb = uniqueName('scout_h3');
  const results: { name: string; translation: ViewTranslation; source: string[]; target: string[] | string }[] = [];

  beforeAll(async () => {
    await createDatabase('mysql', myDb);
    await createDatabase('postgres', pgDb);
    await runSql('mysql', myDb, MY_TABLES + Object.entries(MYSQL_VIEWS).map(([n, s]) => `CREATE VIEW ${quoteMy(n)} AS ${s};`).join('\n'));
    await runSql('postgres', pgDb, `CREATE SCHEMA app; SET search_path = app; ${PG_TABLES}`);
    const my = await mysql.createConnection({ ...MYSQL, database: myDb, charset: 'utf8mb4', dateStrings: false });
    const client = new pg.Client({ ...PG, database: pgDb });
    await client.connect();
    try {
      const [views] = await my.query<mysql.RowDataPacket[]>('SELECT TABLE_NAME AS name, VIEW_DEFINITION AS sql_text FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [myDb]);
      for (const v of views) {
        const name = String(v['name']);
        const translation = translateViewSql({
          from: 'mysql',
          to: 'postgres',
          sql: String(v['sql_text']),
          defaultSchema: myDb,
          resolveRelation: (schema, rel) => ((schema ?? myDb) === myDb ? { schema: 'app', name: rel } : null),
          columnName: (c) => c.toLowerCase(),
        });
        const [src] = await my.query<mysql.RowDataPacket[]>(`SELECT * FROM ${quoteMy(name)}`);
        let target: string[] | string;
        if (!translation.ok) target = `not translated: ${translation.reason}`;
        else {
          try {
            await client.query(`CREATE VIEW app.${quotePg(name)} AS ${translation.sql}`);
            target = normalize((await client.query(`SELECT * FROM app.${quotePg(name)}`)).rows);
          } catch (err) {
            target = `${(err as Error).message}: ${translation.sql}`;
          }
        }
        results.push({ name, translation, source: normalize(src), target });
      }
    } finally {
      await my.end();
      await client.end();
    }
  }, 120_000);

  afterAll(async () => {
    await dropDatabase('mysql', myDb);
    await dropDatabase('postgres', pgDb);
  });

  it('translates every view, creates it on PostgreSQL and gets the same rows', () => {
    expect(results.map((r) => r.name).sort()).toEqual(Object.keys(MYSQL_VIEWS).sort());
    expect(mismatches(results)).toEqual([]);
  });
});

describe('PostgreSQL views → MySQL', () => {
  const pgDb = uniqueName('scout_h3');
  const myDb = uniqueName('scout_h3');
  const results: { name: string; translation: ViewTranslation; source: string[]; target: string[] | string }[] = [];

  beforeAll(async () => {
    await createDatabase('postgres', pgDb);
    await createDatabase('mysql', myDb);
    await runSql('postgres', pgDb, PG_TABLES + Object.entries(PG_VIEWS).map(([n, s]) => `CREATE VIEW ${quotePg(n)} AS ${s};`).join('\n'));
    await runSql('mysql', myDb, MY_TABLES);
    const my = await mysql.createConnection({ ...MYSQL, database: myDb, charset: 'utf8mb4' });
    const client = new pg.Client({ ...PG, database: pgDb });
    await client.connect();
    try {
      const views = await client.query<{ name: string; sql_text: string }>("SELECT viewname AS name, definition AS sql_text FROM pg_views WHERE schemaname = 'public' ORDER BY viewname");
      for (const v of views.rows) {
        const translation = translateViewSql({
          from: 'postgres',
          to: 'mysql',
          sql: v.sql_text,
          defaultSchema: 'public',
          resolveRelation: (schema, rel) => ((schema ?? 'public') === 'public' ? { schema: myDb, name: rel } : null),
          columnName: (c) => c,
        });
        const src = (await client.query(`SELECT * FROM ${quotePg(v.name)}`)).rows;
        let target: string[] | string;
        if (!translation.ok) target = `not translated: ${translation.reason}`;
        else {
          try {
            await my.query(`CREATE VIEW ${quoteMy(v.name)} AS ${translation.sql}`);
            const [rows] = await my.query<mysql.RowDataPacket[]>(`SELECT * FROM ${quoteMy(v.name)}`);
            target = normalize(rows);
          } catch (err) {
            target = `${(err as Error).message}: ${translation.sql}`;
          }
        }
        results.push({ name: v.name, translation, source: normalize(src), target });
      }
    } finally {
      await my.end();
      await client.end();
    }
  }, 120_000);

  afterAll(async () => {
    await dropDatabase('mysql', myDb);
    await dropDatabase('postgres', pgDb);
  });

  it('translates every view, creates it on MariaDB and gets the same rows', () => {
    expect(results.map((r) => r.name).sort()).toEqual(Object.keys(PG_VIEWS).sort());
    expect(mismatches(results)).toEqual([]);
  });
});

/**
 * PostgreSQL views calling a user text-joining aggregate, on the real servers: pagila's
 * `group_concat(text)` aggregate (over `_group_concat`, joining with ', ') and the views
 * that call it (film_list and nicer_but_slower_film_list as pagila defines them, actor_info
 * as pagila 0.x defined it, with DISTINCT and a nested call, and two views ordering inside
 * the call) are created on PostgreSQL 15 with a small data set, collected, converted to
 * MySQL, applied to MariaDB 10.11, loaded with the same rows, and the views' rows compared.
 * Lists the views order are compared as they are; lists in input order (no ORDER BY in the
 * call: the order follows each engine's plan) are compared as sorted lists.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertDatabase } from '../../analyzer/convert/convert.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import type { ConversionResult } from '../../analyzer/convert/result.js';
import { applyStatements, collectModel, createDatabase, dropDatabase, MYSQL, PG, runSql, uniqueName } from '../helpers/db-roundtrip.js';

/** pagila's aggregate, as its schema file defines it. */
const AGGREGATE_SQL = `
CREATE FUNCTION public._group_concat(text, text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $_$
SELECT CASE
  WHEN $2 IS NULL THEN $1
  WHEN $1 IS NULL THEN $2
  ELSE $1 || ', ' || $2
END
$_$;
CREATE AGGREGATE public.group_concat(text) (
    SFUNC = public._group_concat,
    STYPE = text
);
`;

const TABLES_SQL = `
CREATE TYPE public.mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE TABLE public.actor (actor_id integer PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL);
CREATE TABLE public.category (category_id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.film (
  film_id integer PRIMARY KEY, title text NOT NULL, description text,
  rental_rate numeric(4,2) NOT NULL DEFAULT 4.99, length smallint, rating public.mpaa_rating DEFAULT 'G'
);
CREATE TABLE public.film_actor (actor_id integer NOT NULL REFERENCES public.actor, film_id integer NOT NULL REFERENCES public.film, PRIMARY KEY (actor_id, film_id));
CREATE TABLE public.film_category (film_id integer NOT NULL REFERENCES public.film, category_id integer NOT NULL REFERENCES public.category, PRIMARY KEY (film_id, category_id));
`;

const VIEWS_SQL = `
CREATE VIEW public.film_list AS
 SELECT film.film_id AS fid, film.title, film.description, category.name AS category, film.rental_rate AS price, film.length, film.rating,
    public.group_concat(((actor.first_name || ' '::text) || actor.last_name)) AS actors
   FROM ((((public.category
     LEFT JOIN public.film_category ON ((category.category_id = film_category.category_id)))
     LEFT JOIN public.film ON ((film_category.film_id = film.film_id)))
     JOIN public.film_actor ON ((film.film_id = film_actor.film_id)))
     JOIN public.actor ON ((film_actor.actor_id = actor.actor_id)))
  GROUP BY film.film_id, film.title, film.description, category.name, film.rental_rate, film.length, film.rating;
CREATE VIEW public.nicer_but_slower_film_list AS
 SELECT film.film_id AS fid, film.title, film.description, category.name AS category, film.rental_rate AS price, film.length, film.rating,
    public.group_concat((((upper("substring"(actor.first_name, 1, 1)) || lower("substring"(actor.first_name, 2))) || upper("substring"(actor.last_name, 1, 1))) || lower("substring"(actor.last_name, 2)))) AS actors
   FROM ((((public.category
     LEFT JOIN public.film_category ON ((category.category_id = film_category.category_id)))
     LEFT JOIN public.film ON ((film_category.film_id = film.film_id)))
     JOIN public.film_actor ON ((film.film_id = film_actor.film_id)))
     JOIN public.actor ON ((film_actor.actor_id = actor.actor_id)))
  GROUP BY film.film_id, film.title, film.description, category.name, film.rental_rate, film.length, film.rating;
CREATE VIEW public.actor_info AS
 SELECT a.actor_id, a.first_name, a.last_name,
    public.group_concat(DISTINCT ((c.name || ': '::text) || (SELECT public.group_concat(f.title) AS group_concat
           FROM ((public.film f
             JOIN public.film_category fc_1 ON ((f.film_id = fc_1.film_id)))
             JOIN public.film_actor fa_1 ON ((f.film_id = fa_1.film_id)))
          WHERE ((fc_1.category_id = c.category_id) AND (fa_1.actor_id = a.actor_id))
          GROUP BY fa_1.actor_id))) AS film_info
   FROM (((public.actor a
     LEFT JOIN public.film_actor fa ON ((a.actor_id = fa.actor_id)))
     LEFT JOIN public.film_category fc ON ((fa.film_id = fc.film_id)))
     LEFT JOIN public.category c ON ((fc.category_id = c.category_id)))
  GROUP BY a.actor_id, a.first_name, a.last_name;
CREATE VIEW public.film_cast_ordered AS
 SELECT f.film_id, public.group_concat(a.first_name || ' ' || a.last_name ORDER BY a.last_name DESC, a.first_name) AS cast_list
   FROM public.film f JOIN public.film_actor fa ON f.film_id = fa.film_id JOIN public.actor a ON a.actor_id = fa.actor_id
  GROUP BY f.film_id;
CREATE VIEW public.actor_categories AS
 SELECT a.actor_id, public.group_concat(DISTINCT c.name ORDER BY c.name) AS categories
   FROM public.actor a
   LEFT JOIN public.film_actor fa ON fa.actor_id = a.actor_id
   LEFT JOIN public.film_category fc ON fc.film_id = fa.film_id
   LEFT JOIN public.category c ON c.category_id = fc.category_id
  GROUP BY a.actor_id;
`;

/** The same rows on both engines (plain SQL both read the same way), parents first. */
const DATA_SQL = `
INSERT INTO actor (actor_id, first_name, last_name) VALUES
  (1, 'PENELOPE', 'GUINESS'), (2, 'NICK', 'WAHLBERG'), (3, 'ED', 'CHASE'), (4, 'JENNIFER', 'DAVIS'),
  (5, 'JOHNNY', 'LOLLOBRIGIDA'), (6, 'BETTE', 'NICHOLSON'), (7, 'GRACE', 'MOSTEL'), (8, 'MATTHEW', 'JOHANSSON');
INSERT INTO category (category_id, name) VALUES (1, 'Action'), (2, 'Animation'), (3, 'Children'), (4, 'Classics'), (5, 'Documentary');
INSERT INTO film (film_id, title, description, rental_rate, length, rating) VALUES
  (1, 'ACADEMY DINOSAUR', 'A Epic Drama of a Feminist', 0.99, 86, 'PG'),
  (2, 'ACE GOLDFINGER', 'A Astounding Epistle of a Database Administrator', 4.99, 48, 'G'),
  (3, 'ADAPTATION HOLES', NULL, 2.99, 50, 'NC-17'),
  (4, 'AFFAIR PREJUDICE', 'A Fanciful Documentary of a Frisbee', 2.99, 117, 'G'),
  (5, 'AFRICAN EGG', 'A Fast-Paced Documentary of a Pastry Chef', 2.99, 130, 'G'),
  (6, 'AGENT TRUMAN', 'A Intrepid Panorama of a Robot', 2.99, NULL, 'PG'),
  (7, 'AIRPLANE SIERRA', 'A Touching Saga of a Hunter', 4.99, 62, 'PG-13');
INSERT INTO film_category (film_id, category_id) VALUES (1, 1), (2, 2), (3, 2), (4, 3), (5, 4), (6, 1), (7, 5);
INSERT INTO film_actor (actor_id, film_id) VALUES
  (1, 1), (1, 3), (1, 6), (2, 1), (2, 2), (2, 3), (3, 1), (3, 4), (3, 5), (3, 6),
  (4, 2), (4, 4), (5, 1), (5, 5), (6, 6), (6, 7), (7, 7), (1, 7), (2, 7);
`;

const PG_DB = uniqueName('scout_vagg');
const MY_DB = `${PG_DB}_public`;
let result: ConversionResult;

type Row = Record<string, unknown>;

async function pgRows(sql: string): Promise<Row[]> {
  const c = new pg.Client({ ...PG, database: PG_DB });
  await c.connect();
  try {
    return (await c.query(sql)).rows as Row[];
  } finally {
    await c.end();
  }
}

async function myRows(sql: string): Promise<Row[]> {
  const c = await mysql.createConnection({ ...MYSQL, database: MY_DB, charset: 'utf8mb4' });
  try {
    const [rows] = await c.query(sql);
    return rows as Row[];
  } finally {
    await c.end();
  }
}

/** Values as text (numeric and DECIMAL both come back as strings, integers as numbers), NULL kept. */
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

type Normalize = (v: unknown) => string | null;

/** A list in input order: its items sorted, so two plans give the same value. */
const unordered: Normalize = (v) => (v === null || v === undefined ? null : String(v).split(', ').sort().join(' | '));

/**
 * actor_info's list of `Category: title, title`, both levels in input order: the titles
 * sorted within their category (category names are capitalized, titles upper case), then
 * the categories sorted.
 */
const unorderedNested: Normalize = (v) => {
  if (v === null || v === undefined) return null;
  const entries: { category: string; titles: string[] }[] = [];
  for (const item of String(v).split(', ')) {
    const m = /^([A-Z][a-z]+): (.*)$/.exec(item);
    if (m) entries.push({ category: m[1]!, titles: [m[2]!] });
    else entries.at(-1)?.titles.push(item);
  }
  return entries.map((e) => `${e.category}: ${e.titles.sort().join(' + ')}`).sort().join(' | ');
};

/** The rows of one view on both engines, ordered by `orderBy`, with `lists` columns compared through their normalizer. */
async function bothSides(view: string, orderBy: string, lists: Record<string, Normalize> = {}): Promise<{ pg: Row[]; my: Row[] }> {
  const norm = (rows: Row[]): Row[] => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, (lists[k] ?? text)(v)])));
  const [pgSide, mySide] = await Promise.all([pgRows(`SELECT * FROM public.${view} ORDER BY ${orderBy}`), myRows(`SELECT * FROM \`${view}\` ORDER BY ${orderBy}`)]);
  return { pg: norm(pgSide), my: norm(mySide) };
}

beforeAll(async () => {
  await createDatabase('postgres', PG_DB);
  await runSql('postgres', PG_DB, AGGREGATE_SQL + TABLES_SQL + VIEWS_SQL + DATA_SQL);
  const source = await collectModel('postgres', PG_DB);
  result = convertDatabase(source, 'mysql', { ...DEFAULT_OPTIONS, schemaMap: { public: MY_DB } });
  const applied = await applyStatements('mysql', null, result.statements.filter((s) => s.type !== 'manual'));
  if (applied.error) throw new Error(`statement ${applied.error.index} failed: ${applied.error.message}\n${applied.error.sql}`);
  await runSql('mysql', MY_DB, DATA_SQL);
}, 240_000);

afterAll(async () => {
  await dropDatabase('postgres', PG_DB);
  await dropDatabase('mysql', MY_DB);
});

const VIEWS = ['film_list', 'nicer_but_slower_film_list', 'actor_info', 'film_cast_ordered', 'actor_categories'];

describe('PostgreSQL views calling a user text-joining aggregate → MySQL', () => {
  it('translates every view to GROUP_CONCAT with the aggregate separator, with the group_concat_max_len note', () => {
    for (const view of VIEWS) {
      const create = result.statements.find((s) => s.type === 'create_view' && s.object === `public.${view}`);
      expect(create?.sql, view).toMatch(/GROUP_CONCAT\(.*SEPARATOR ', '\)/s);
      expect(result.statements.some((s) => s.type === 'manual' && s.object === `public.${view}`), view).toBe(false);
      const items = result.actionItems.filter((i) => i.object === `public.${view}`);
      expect(items.map((i) => i.code), view).not.toContain('view_not_converted');
      expect(items.some((i) => i.code === 'view_translated_with_changes' && i.message.includes('group_concat_max_len') && i.message.includes("joining text with ', '")), view).toBe(true);
    }
  });

  it('keeps the aggregate itself as the built-in (the routine converter item), creating nothing for it', () => {
    expect(result.actionItems.some((i) => i.code === 'pg_procedural_group_concat' && i.object.endsWith('group_concat'))).toBe(true);
  });

  it('film_list: the same rows, the same actors per film', async () => {
    const { pg: p, my: m } = await bothSides('film_list', 'fid, category', { actors: unordered });
    expect(p.length).toBe(7);
    expect(m).toEqual(p);
    expect(p.find((r) => r['fid'] === '7')?.['actors']).toBe('BETTE NICHOLSON | GRACE MOSTEL | NICK WAHLBERG | PENELOPE GUINESS');
  });

  it('nicer_but_slower_film_list: the same rows, the same actors per film', async () => {
    const { pg: p, my: m } = await bothSides('nicer_but_slower_film_list', 'fid, category', { actors: unordered });
    expect(p.length).toBe(7);
    expect(m).toEqual(p);
    expect(p.find((r) => r['fid'] === '1')?.['actors']).toBe('EdChase | JohnnyLollobrigida | NickWahlberg | PenelopeGuiness');
  });

  it('actor_info (DISTINCT around a nested call): the same rows, NULL for an actor without films', async () => {
    const { pg: p, my: m } = await bothSides('actor_info', 'actor_id', { film_info: unorderedNested });
    expect(p.length).toBe(8);
    expect(m).toEqual(p);
    expect(p.find((r) => r['actor_id'] === '8')?.['film_info']).toBeNull();
    expect(p.find((r) => r['actor_id'] === '3')?.['film_info']).toBe('Action: ACADEMY DINOSAUR + AGENT TRUMAN | Children: AFFAIR PREJUDICE | Classics: AFRICAN EGG');
  });

  it('ORDER BY inside the call: the lists in the same order', async () => {
    const { pg: p, my: m } = await bothSides('film_cast_ordered', 'film_id');
    expect(p.length).toBe(7);
    expect(m).toEqual(p);
    expect(p.find((r) => r['film_id'] === '7')?.['cast_list']).toBe('NICK WAHLBERG, BETTE NICHOLSON, GRACE MOSTEL, PENELOPE GUINESS');
  });

  it('DISTINCT … ORDER BY inside the call: the same lists, NULL where every input is NULL', async () => {
    const { pg: p, my: m } = await bothSides('actor_categories', 'actor_id');
    expect(m).toEqual(p);
    expect(p.find((r) => r['actor_id'] === '3')?.['categories']).toBe('Action, Children, Classics');
    expect(p.find((r) => r['actor_id'] === '8')?.['categories']).toBeNull();
  });
});

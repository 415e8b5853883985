/**
 * PostgreSQL views calling a user text-joining aggregate (pagila's group_concat) → MySQL's
 * GROUP_CONCAT with the aggregate's separator, through translateViewSql's `aggregate` hook.
 * Pure: no server (views-user-aggregate.integration.test.ts runs the views on both servers).
 */
import { describe, expect, it } from 'vitest';
import { preprocessViewSql } from '../../analyzer/convert/views/preprocess.js';
import { translateViewSql, type ViewTranslation } from '../../analyzer/convert/views/translate-view.js';

/** The hook as the converter gives it: public.group_concat joins with ', ', sales.semi_concat with '; '. */
const AGGREGATES: Record<string, string> = { 'public.group_concat': ', ', 'sales.semi_concat': "it's; " };

function translate(sql: string, withHook = true): ViewTranslation {
  return translateViewSql({
    from: 'postgres',
    to: 'mysql',
    sql,
    defaultSchema: 'public',
    resolveRelation: (schema, name) => ({ schema: schema ?? 'public', name }),
    columnName: (c) => c,
    ...(withHook ? { aggregate: (schema: string | null, name: string) => (AGGREGATES[`${schema ?? 'public'}.${name}`] === undefined ? null : { separator: AGGREGATES[`${schema ?? 'public'}.${name}`]! }) } : {}),
  });
}

const sqlOf = (r: ViewTranslation): string => (r.ok ? r.sql : `FAIL ${r.constructs.join(',')}: ${r.reason}`);

describe('user text-joining aggregate → GROUP_CONCAT', () => {
  it.each([
    [
      'unqualified, as pg_get_viewdef prints it with public on the search_path (pagila film_list)',
      "SELECT film.film_id AS fid, group_concat(((actor.first_name || ' '::text) || actor.last_name)) AS actors FROM film JOIN actor ON film.film_id = actor.actor_id GROUP BY film.film_id",
      "SELECT `public`.`film`.`film_id` AS `fid`, GROUP_CONCAT(CONCAT(`public`.`actor`.`first_name`, ' ', `public`.`actor`.`last_name`) SEPARATOR ', ') AS `actors` FROM `public`.`film` JOIN `public`.`actor` ON (`public`.`film`.`film_id` = `public`.`actor`.`actor_id`) GROUP BY `public`.`film`.`film_id`",
    ],
    [
      'schema-qualified, as pg_dump prints it',
      "SELECT public.group_concat((upper(\"substring\"(a.first_name, 1, 1)) || lower(\"substring\"(a.first_name, 2)))) AS actors FROM actor a",
      'SELECT GROUP_CONCAT(CONCAT(upper(SUBSTRING(`a`.`first_name`, 1, 1)), lower(SUBSTRING(`a`.`first_name`, 2))) SEPARATOR \', \') AS `actors` FROM `public`.`actor` AS `a`',
    ],
    [
      'DISTINCT and ORDER BY, with PostgreSQL NULL order',
      'SELECT group_concat(DISTINCT a.last_name ORDER BY a.last_name DESC) AS v FROM actor a',
      "SELECT GROUP_CONCAT(DISTINCT `a`.`last_name` ORDER BY (`a`.`last_name` IS NULL) DESC, `a`.`last_name` DESC SEPARATOR ', ') AS `v` FROM `public`.`actor` AS `a`",
    ],
    [
      'ORDER BY another column (NULLs last, as PostgreSQL sorts them)',
      'SELECT group_concat(a.first_name ORDER BY a.actor_id) AS v FROM actor a',
      "SELECT GROUP_CONCAT(`a`.`first_name` ORDER BY (`a`.`actor_id` IS NULL), `a`.`actor_id` SEPARATOR ', ') AS `v` FROM `public`.`actor` AS `a`",
    ],
    [
      'another schema and separator (quoted for MySQL)',
      'SELECT sales.semi_concat(o.note) AS v FROM sales.orders o',
      "SELECT GROUP_CONCAT(`o`.`note` SEPARATOR 'it''s; ') AS `v` FROM `sales`.`orders` AS `o`",
    ],
    [
      'nested in a subquery, DISTINCT outside (pagila 0.x actor_info)',
      "SELECT a.actor_id, group_concat(DISTINCT ((c.name || ': '::text) || (SELECT group_concat(f.title) AS group_concat FROM film f WHERE f.category_id = c.category_id GROUP BY f.category_id))) AS film_info FROM actor a JOIN category c ON a.actor_id = c.category_id GROUP BY a.actor_id",
      "SELECT `a`.`actor_id`, GROUP_CONCAT(DISTINCT CONCAT(`c`.`name`, ': ', (SELECT GROUP_CONCAT(`f`.`title` SEPARATOR ', ') AS `group_concat` FROM `public`.`film` AS `f` WHERE (`f`.`category_id` = `c`.`category_id`) GROUP BY `f`.`category_id`)) SEPARATOR ', ') AS `film_info` FROM `public`.`actor` AS `a` JOIN `public`.`category` AS `c` ON (`a`.`actor_id` = `c`.`category_id`) GROUP BY `a`.`actor_id`",
    ],
    [
      'an argument led by a parenthesis before ORDER BY, as pg_get_viewdef prints it',
      "SELECT group_concat((a.first_name || ' '::text) || a.last_name ORDER BY a.last_name DESC) AS v FROM actor a",
      "SELECT GROUP_CONCAT(CONCAT(`a`.`first_name`, ' ', `a`.`last_name`) ORDER BY (`a`.`last_name` IS NULL) DESC, `a`.`last_name` DESC SEPARATOR ', ') AS `v` FROM `public`.`actor` AS `a`",
    ],
    [
      'an argument led by a parenthesis after DISTINCT, with a string holding a parenthesis',
      "SELECT group_concat(DISTINCT ('(x) '::text || a.first_name) || a.last_name) AS v FROM actor a",
      "SELECT GROUP_CONCAT(DISTINCT CONCAT('(x) ', `a`.`first_name`, `a`.`last_name`) SEPARATOR ', ') AS `v` FROM `public`.`actor` AS `a`",
    ],
    ['count(DISTINCT (…) || …) is not read as a function DISTINCT', "SELECT count(DISTINCT (a.first_name || ' '::text) || a.last_name) AS v FROM actor a", "SELECT COUNT(DISTINCT CONCAT(`a`.`first_name`, ' ', `a`.`last_name`)) AS `v` FROM `public`.`actor` AS `a`"],
    ['string_agg of a cast argument with ORDER BY', "SELECT string_agg((a.actor_id)::text, ','::text ORDER BY a.actor_id) AS v FROM actor a", "SELECT GROUP_CONCAT(`a`.`actor_id` ORDER BY (`a`.`actor_id` IS NULL), `a`.`actor_id` SEPARATOR ',') AS `v` FROM `public`.`actor` AS `a`"],
    ['string_agg keeps its ORDER BY', "SELECT string_agg(a.first_name, '; '::text ORDER BY a.actor_id) AS v FROM actor a", "SELECT GROUP_CONCAT(`a`.`first_name` ORDER BY (`a`.`actor_id` IS NULL), `a`.`actor_id` SEPARATOR '; ') AS `v` FROM `public`.`actor` AS `a`"],
    ['pg_catalog-qualified built-ins stay built-ins', 'SELECT pg_catalog.lower(a.first_name) AS v FROM actor a', 'SELECT lower(`a`.`first_name`) AS `v` FROM `public`.`actor` AS `a`'],
  ])('%s', (_title, postgres, expected) => {
    expect(sqlOf(translate(postgres))).toBe(expected);
  });

  it.each([
    ['an aggregate the hook does not know', 'SELECT public.other_concat(a.first_name) AS v FROM actor a', 'FAIL function:other_concat'],
    ['the known name in another schema', 'SELECT sales.group_concat(a.first_name) AS v FROM actor a', 'FAIL function:group_concat'],
    ['as a window function', 'SELECT group_concat(a.first_name) OVER (PARTITION BY a.last_name) AS v FROM actor a', 'FAIL window:group_concat'],
    ['with two arguments', 'SELECT public.group_concat(a.first_name, a.last_name) AS v FROM actor a', 'FAIL function:group_concat'],
    ['a schema-qualified user function named like a built-in', 'SELECT public.lower(a.first_name) AS v FROM actor a', 'FAIL function:lower'],
  ])('stays manual: %s', (_title, postgres, expected) => {
    expect(sqlOf(translate(postgres))).toMatch(new RegExp(`^${expected}:`));
  });

  it('without the hook, the aggregate stays manual', () => {
    expect(sqlOf(translate('SELECT group_concat(a.first_name) AS v FROM actor a', false))).toMatch(/^FAIL function:group_concat:/);
  });

  it('notes the separator and group_concat_max_len', () => {
    const r = translate('SELECT public.group_concat(a.first_name) AS v FROM actor a');
    expect(r.ok && r.notes).toEqual([
      {
        code: 'view_translated_with_changes',
        message: "public.group_concat() is a user aggregate joining text with ', ': it became MySQL's built-in GROUP_CONCAT (nothing is created for it). MySQL cuts the result at group_concat_max_len (1024 bytes by default); raise group_concat_max_len on the target if the lists are longer.",
      },
    ]);
  });
});

describe('aggregate arguments led by a parenthesis (preprocess)', () => {
  it.each([
    ['after DISTINCT', "SELECT f(DISTINCT (a || b) || c) AS v FROM t", 'SELECT f(DISTINCT ((a || b) || c)) AS v FROM t'],
    ['before ORDER BY, each argument', "SELECT string_agg((a)::text, (b)::text ORDER BY (a)) AS v FROM t", 'SELECT string_agg(((a)::text), ((b)::text) ORDER BY (a)) AS v FROM t'],
    ['nested calls', 'SELECT f(DISTINCT (a) || g((b) || c ORDER BY d)) AS v FROM t', 'SELECT f(DISTINCT ((a) || g(((b) || c) ORDER BY d))) AS v FROM t'],
    ['not in plain calls', 'SELECT f((a) || b, (c)) AS v FROM t ORDER BY (a)', 'SELECT f((a) || b, (c)) AS v FROM t ORDER BY (a)'],
    ['not in a subquery select list', 'SELECT ARRAY(SELECT t.a, (t.b) || t.c FROM t ORDER BY 1) AS v', 'SELECT ARRAY(SELECT t.a, (t.b) || t.c FROM t ORDER BY 1) AS v'],
    ['not in strings or quoted names', "SELECT f(DISTINCT 'x(' || \"(\"(a)) AS v FROM t", "SELECT f(DISTINCT 'x(' || \"(\"(a)) AS v FROM t"],
  ])('%s', (_title, sql, expected) => {
    expect(preprocessViewSql('postgres', sql).text).toBe(expected);
  });
});

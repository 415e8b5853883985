/**
 * Fixtures of the PostgreSQL → MySQL procedural behaviour test: pagila's schema with its
 * routines and triggers is read at run time from /work/shared/corpus; the small data set,
 * the calls each routine gets and the statements that fire each trigger are written here
 * (portable SQL both engines accept).
 */
import { existsSync } from 'node:fs';

export const PAGILA_FILE = '/work/shared/corpus/postgresql/pagila-pre-pg18/pagila-schema.sql';

export const pagilaAvailable = (): boolean => existsSync(PAGILA_FILE);

/** mediawiki's PostgreSQL schema: the tables, then tables.sql with its two tsvector trigger functions and triggers. */
export const MEDIAWIKI_FILES = ['/work/shared/corpus/postgresql/mediawiki/tables-generated.sql', '/work/shared/corpus/postgresql/mediawiki/tables.sql'];

export const mediawikiAvailable = (): boolean => MEDIAWIKI_FILES.every((f) => existsSync(f));

/** pagila's payment partitions end in mid-2026: one more for the payments written here (rewards_report reads three months back). */
export const PAGILA_EXTRA_PARTITION = "CREATE TABLE public.payment_p_scout PARTITION OF public.payment FOR VALUES FROM ('2026-08-01 00:00:00+00') TO ('2100-01-01 00:00:00+00');";

/** `YYYY-MM-DD` of day `day` of the month three months before today (rewards_report's month). */
export function rewardsMonth(day: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, day)).toISOString().slice(0, 10);
}

const T0 = "'2020-02-15 09:34:33'";

/** The data set: a few rows per table, rentals out and returned, payments in rewards_report's month (`fulltext` is a reserved word on MySQL). */
export function pagilaData(engine: 'mysql' | 'postgres'): string {
  const fulltext = engine === 'mysql' ? '`fulltext`' : 'fulltext';
  const m = (day: number, time = '10:00:00'): string => `'${rewardsMonth(day)} ${time}'`;
  return `
INSERT INTO language (language_id, name, last_update) VALUES (1, 'English', ${T0}), (2, 'Italian', ${T0});
INSERT INTO country (country_id, country, last_update) VALUES (1, 'Canada', ${T0}), (2, 'Japan', ${T0});
INSERT INTO city (city_id, city, country_id, last_update) VALUES (1, 'Lethbridge', 1, ${T0}), (2, 'Osaka', 2, ${T0});
INSERT INTO address (address_id, address, address2, district, city_id, postal_code, phone, last_update) VALUES
  (1, '47 MySakila Drive', NULL, 'Alberta', 1, '', '', ${T0}), (2, '28 MySQL Boulevard', NULL, 'Kansai', 2, '', '', ${T0}),
  (3, '23 Workhaven Lane', NULL, 'Alberta', 1, '', '14033335568', ${T0}), (4, '1411 Lillydale Drive', NULL, 'Kansai', 2, '', '6172235589', ${T0});
INSERT INTO store (store_id, manager_staff_id, address_id, last_update) VALUES (1, 1, 1, ${T0}), (2, 2, 2, ${T0});
INSERT INTO staff (staff_id, first_name, last_name, address_id, email, store_id, active, username, password, last_update) VALUES
  (1, 'Mike', 'Hillyer', 3, 'mike@example.com', 1, TRUE, 'Mike', NULL, ${T0}), (2, 'Jon', 'Stephens', 4, 'jon@example.com', 2, TRUE, 'Jon', NULL, ${T0});
INSERT INTO customer (customer_id, store_id, first_name, last_name, email, address_id, activebool, create_date, last_update, active) VALUES
  (1, 1, 'MARY', 'SMITH', 'mary@example.com', 3, TRUE, '2020-02-14', ${T0}, 1),
  (2, 1, 'PATRICIA', 'JOHNSON', NULL, 4, TRUE, '2020-02-14', ${T0}, 1),
  (3, 2, 'LINDA', 'WILLIAMS', 'linda@example.com', 3, FALSE, '2020-02-14', ${T0}, 0),
  (4, 2, 'BARBARA', 'JONES', NULL, 4, TRUE, '2020-02-14', ${T0}, 1);
INSERT INTO actor (actor_id, first_name, last_name, last_update) VALUES (1, 'PENELOPE', 'GUINESS', ${T0}), (2, 'NICK', 'WAHLBERG', ${T0}), (3, 'ED', 'CHASE', ${T0});
INSERT INTO category (category_id, name, last_update) VALUES (1, 'Action', ${T0}), (2, 'Documentary', ${T0});
INSERT INTO film (film_id, title, description, release_year, language_id, original_language_id, rental_duration, rental_rate, length, replacement_cost, rating, last_update, special_features, ${fulltext}) VALUES
  (1, 'ACADEMY DINOSAUR', 'An Epic Drama', 2006, 1, NULL, 6, 0.99, 86, 20.99, 'PG', ${T0}, NULL, 'academi dinosaur'),
  (2, 'ACE GOLDFINGER', 'A Astounding Epistle', 2006, 1, 2, 3, 4.99, 48, 12.99, 'G', ${T0}, NULL, 'ace goldfing'),
  (3, 'ADAPTATION HOLES', NULL, 2006, 2, NULL, 7, 2.99, 50, 18.99, 'NC-17', ${T0}, NULL, 'adapt hole');
INSERT INTO film_actor (actor_id, film_id, last_update) VALUES (1, 1, ${T0}), (2, 1, ${T0}), (2, 2, ${T0}), (3, 3, ${T0});
INSERT INTO film_category (film_id, category_id, last_update) VALUES (1, 1, ${T0}), (2, 2, ${T0}), (3, 1, ${T0});
INSERT INTO inventory (inventory_id, film_id, store_id, last_update) VALUES (1, 1, 1, ${T0}), (2, 1, 1, ${T0}), (3, 1, 1, ${T0}), (4, 2, 2, ${T0}), (5, 3, 2, ${T0});
INSERT INTO rental (rental_id, rental_date, inventory_id, customer_id, return_date, staff_id, last_update) VALUES
  (1, '2022-05-24 22:53:30', 1, 1, '2022-05-26 22:04:30', 1, ${T0}),
  (2, '2022-05-25 10:00:00', 2, 2, NULL, 1, ${T0}),
  (3, ${m(5)}, 4, 3, ${m(8)}, 2, ${T0}),
  (4, ${m(6)}, 5, 1, NULL, 2, ${T0});
INSERT INTO payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date) VALUES
  (1, 1, 1, 1, 2.99, '2022-05-25 11:30:37'),
  (2, 1, 2, 4, 2.99, ${m(10)}), (3, 1, 2, 4, 2.99, ${m(11)}), (4, 1, 2, 4, 2.99, ${m(12, '23:59:59')}),
  (5, 2, 1, 2, 9.99, ${m(13)}),
  (6, 3, 2, 3, 1.99, ${m(14)}), (7, 3, 2, 3, 1.99, ${m(15)});
`;
}

export interface PgRoutineCall {
  routine: string;
  args: (string | number | null)[];
}

export const PAGILA_CALLS: PgRoutineCall[] = [
  ...[1, 2, 3, 4, 5].map((i) => ({ routine: 'inventory_in_stock', args: [i] })),
  ...[1, 2, 5, 9].map((i) => ({ routine: 'inventory_held_by_customer', args: [i] })),
  ...[[1, 1], [1, 2], [2, 2], [3, 2]].map((a) => ({ routine: 'film_in_stock', args: a })),
  ...[[1, 1], [2, 2], [3, 2]].map((a) => ({ routine: 'film_not_in_stock', args: a })),
  ...['2024-02-10 12:00:00', '2023-12-05 00:00:00', '2023-01-31 23:59:59', null].map((d) => ({ routine: 'last_day', args: [d] })),
  ...[['a', 'b'], [null, 'b'], ['a', null], [null, null]].map((a) => ({ routine: '_group_concat', args: a })),
  ...[[1, '5.00'], [1, '3.00'], [0, '5.00'], [1, '0.00']].map((a) => ({ routine: 'rewards_report', args: a })),
];

/** The tables pagila's last_updated trigger is on, with a key column of a row to update. */
export const LAST_UPDATED_TABLES: [table: string, key: string][] = [
  ['actor', 'actor_id'], ['address', 'address_id'], ['category', 'category_id'], ['city', 'city_id'], ['country', 'country_id'], ['customer', 'customer_id'], ['film', 'film_id'],
  ['film_actor', 'actor_id'], ['film_category', 'film_id'], ['inventory', 'inventory_id'], ['language', 'language_id'], ['rental', 'rental_id'], ['staff', 'staff_id'], ['store', 'store_id'],
];

/**
 * A full-text check: the statements that fire the triggers on each engine, then the words
 * searched (`@@ plainto_tsquery` on PostgreSQL, MATCH … AGAINST in boolean mode on MySQL).
 * The words are the text's own spelling, not stop words and longer than MySQL's 3-character
 * minimum, so stemming and the stop lists do not decide the result.
 */
export interface FullTextStep {
  /** The statements, on both engines unless `mysql` is given. */
  sql: string;
  mysql?: string;
  words: string[];
}

export interface FullTextCheck {
  table: string;
  key: string;
  column: string;
  /** The configuration of PostgreSQL's query: the trigger's (NULL: default_text_search_config). */
  config: string | null;
  steps: FullTextStep[];
}

const FILM_COLUMNS = 'film_id, title, description, release_year, language_id, rental_duration, rental_rate, length, replacement_cost, rating, last_update';

/** pagila's film_fulltext_trigger (tsvector_update_trigger on title and description), after the generic UPDATE of film 1's description. */
export const FILM_FULLTEXT: FullTextCheck = {
  table: 'film',
  key: 'film_id',
  column: 'fulltext',
  config: 'english',
  steps: [
    {
      // INSERT (the stale value is replaced), UPDATE of a title, UPDATE of a NULL description.
      sql: `INSERT INTO film (${FILM_COLUMNS}, fulltext) VALUES (4, 'DINOSAUR SECRETARY', 'A Fateful Drama of a Dentist', 2006, 1, 6, 2.99, 63, 9.99, 'R', ${T0}, 'stale'), (5, 'ZORRO VOYAGE', NULL, 2006, 1, 5, 0.99, 90, 19.99, 'G', ${T0}, 'stale');
UPDATE film SET title = 'GOLDFINGER ODYSSEY' WHERE film_id = 2; UPDATE film SET description = 'A Boring Mystery' WHERE film_id = 3;`,
      mysql: `INSERT INTO film (${FILM_COLUMNS}, \`fulltext\`) VALUES (4, 'DINOSAUR SECRETARY', 'A Fateful Drama of a Dentist', 2006, 1, 6, 2.99, 63, 9.99, 'R', ${T0}, 'stale'), (5, 'ZORRO VOYAGE', NULL, 2006, 1, 5, 0.99, 90, 19.99, 'G', ${T0}, 'stale');
UPDATE film SET title = 'GOLDFINGER ODYSSEY' WHERE film_id = 2; UPDATE film SET description = 'A Boring Mystery' WHERE film_id = 3;`,
      words: ['academy', 'DINOSAUR', 'thoughtful', 'story', 'drama', 'epic', 'goldfinger', 'odyssey', 'epistle', 'astounding', 'mystery', 'holes', 'dentist', 'zorro', 'voyage', 'stale'],
    },
    {
      // An UPDATE that changes no text column keeps the value written to the column.
      sql: "UPDATE film SET fulltext = to_tsvector('english', 'Zebra') WHERE film_id = 5; UPDATE film SET length = 70 WHERE film_id = 5;",
      mysql: "UPDATE film SET `fulltext` = 'Zebra' WHERE film_id = 5; UPDATE film SET length = 70 WHERE film_id = 5;",
      words: ['zebra', 'zorro', 'voyage'],
    },
  ],
};

const T1 = "'2024-01-01 00:00:00'";
const page = (id: number, title: string): string => `(${id}, 0, '${title}', 0.5, ${T1}, 1, 10)`;

/** mediawiki's ts2_page_title (to_tsvector(REPLACE(page_title, '/', ' '))) and ts2_page_text (to_tsvector(old_text)). */
export const MEDIAWIKI_FULLTEXT: FullTextCheck[] = [
  {
    table: 'page',
    key: 'page_id',
    column: 'titlevector',
    config: null,
    steps: [
      {
        sql: `INSERT INTO page (page_id, page_namespace, page_title, page_random, page_touched, page_latest, page_len) VALUES ${[page(1, 'Dinosaur/Fossils'), page(2, 'Jurassic/Dinosaur'), page(3, 'Volcano')].join(', ')};`,
        words: ['dinosaur', 'fossils', 'jurassic', 'volcano', 'lava'],
      },
      {
        // A title change recomputes; an UPDATE that keeps the title does not.
        sql: "UPDATE page SET page_title = 'Fossils/Amber' WHERE page_id = 1; UPDATE page SET page_title = 'Volcano/Lava' WHERE page_id = 3; UPDATE page SET page_len = 20 WHERE page_id = 2;",
        words: ['dinosaur', 'fossils', 'amber', 'jurassic', 'volcano', 'lava'],
      },
    ],
  },
  {
    table: 'text',
    key: 'old_id',
    column: 'textvector',
    config: null,
    steps: [
      {
        sql: "INSERT INTO text (old_id, old_text, old_flags) VALUES (1, 'Quick brown foxes jumped over lazy dogs', 'utf-8'), (2, 'Penguins live in Antarctica', 'utf-8');",
        words: ['quick', 'brown', 'lazy', 'penguins', 'antarctica', 'icebergs'],
      },
      {
        sql: "UPDATE text SET old_text = 'Penguins swim near icebergs' WHERE old_id = 2;",
        words: ['quick', 'penguins', 'antarctica', 'icebergs', 'swim'],
      },
    ],
  },
];

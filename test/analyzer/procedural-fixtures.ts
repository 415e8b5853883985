/**
 * Fixtures of the procedural behaviour tests: small sakila-like and employees-like schemas
 * and data sets written for these tests (portable SQL both engines accept), the corpus
 * routines read at run time from /work/shared/corpus, and the calls each routine gets.
 */
import { existsSync, readFileSync } from 'node:fs';

export const CORPUS = '/work/shared/corpus/mysql';

/** The CREATE FUNCTION/PROCEDURE/TRIGGER statements of a MySQL script with DELIMITER lines. */
export function routineStatements(file: string): string[] {
  const out: string[] = [];
  let delimiter = ';';
  let buffer = '';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const d = /^\s*delimiter\s+(\S+)\s*$/i.exec(line);
    if (d) {
      delimiter = d[1]!;
      buffer = '';
      continue;
    }
    buffer += `${line}\n`;
    if (!line.trimEnd().endsWith(delimiter)) continue;
    const stmt = buffer.trimEnd().slice(0, -delimiter.length).trim();
    buffer = '';
    const code = stmt.replace(/^(\s*(--[^\n]*|#[^\n]*)?\n)+/g, '').trim();
    if (/^create\s+(definer\s*=\s*\S+\s+)?(function|procedure|trigger)\b/i.test(code)) out.push(code);
  }
  return out;
}

export const corpusAvailable = (): boolean => existsSync(`${CORPUS}/sakila/sakila-schema.sql`) && existsSync(`${CORPUS}/employees/objects.sql`);

/** YYYY-MM-DD of day `day` of last month (rewards_report reads last month's payments). */
export function lastMonth(day: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, day));
  return d.toISOString().slice(0, 10);
}

export const SAKILA_TABLES = `
CREATE TABLE customer (customer_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, store_id TINYINT UNSIGNED NOT NULL,
  first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL, active BOOLEAN NOT NULL DEFAULT TRUE, create_date DATETIME NOT NULL);
CREATE TABLE film (film_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, title VARCHAR(128) NOT NULL, description TEXT DEFAULT NULL,
  rental_duration TINYINT UNSIGNED NOT NULL DEFAULT 3, rental_rate DECIMAL(4,2) NOT NULL DEFAULT 4.99);
CREATE TABLE film_text (film_id SMALLINT NOT NULL PRIMARY KEY, title VARCHAR(255) NOT NULL, description TEXT);
CREATE TABLE inventory (inventory_id MEDIUMINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, film_id SMALLINT UNSIGNED NOT NULL, store_id TINYINT UNSIGNED NOT NULL);
CREATE TABLE rental (rental_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, rental_date DATETIME NOT NULL, inventory_id MEDIUMINT UNSIGNED NOT NULL,
  customer_id SMALLINT UNSIGNED NOT NULL, return_date DATETIME DEFAULT NULL);
CREATE TABLE payment (payment_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id SMALLINT UNSIGNED NOT NULL,
  amount DECIMAL(5,2) NOT NULL, payment_date DATETIME NOT NULL);
`;

/** Data both engines load the same way (ids come from the identity columns, in insert order). */
export function sakilaData(boolTrue: string, boolFalse: string): string {
  return `
INSERT INTO customer (store_id, first_name, last_name, active, create_date) VALUES
  (1, 'MARY', 'SMITH', ${boolTrue}, '2006-02-14 22:04:36'), (2, 'PATRICIA', 'JOHNSON', ${boolTrue}, '2006-02-14 22:04:36'),
  (1, 'LINDA', 'WILLIAMS', ${boolFalse}, '2006-02-14 22:04:36');
INSERT INTO film (title, description, rental_duration, rental_rate) VALUES
  ('ACADEMY DINOSAUR', 'An epic drama', 6, 0.99), ('ACE GOLDFINGER', 'A astounding epistle', 3, 4.99), ('ADAPTATION HOLES', NULL, 7, 2.99);
INSERT INTO inventory (film_id, store_id) VALUES (1, 1), (1, 1), (1, 2), (2, 2), (3, 1), (2, 1);
INSERT INTO rental (rental_date, inventory_id, customer_id, return_date) VALUES
  ('2005-05-24 22:53:30', 1, 1, '2005-05-26 22:04:30'), ('2005-05-25 10:00:00', 2, 1, '2005-06-05 10:00:00'),
  ('2005-05-26 10:00:00', 3, 2, NULL), ('2005-05-27 10:00:00', 4, 1, NULL), ('2005-05-28 10:00:00', 6, 3, '2005-05-29 09:00:00');
INSERT INTO payment (customer_id, amount, payment_date) VALUES
  (1, 2.99, '2005-05-25 11:30:37'), (1, 5.99, '${lastMonth(3)} 10:00:00'), (1, 5.99, '${lastMonth(12)} 10:00:00'), (1, 7.99, '${lastMonth(20)} 10:00:00'),
  (2, 0.99, '${lastMonth(5)} 10:00:00'), (2, 4.99, '2005-05-27 12:00:00'), (3, 9.99, '${lastMonth(7)} 10:00:00'), (3, 9.99, '${lastMonth(8)} 10:00:00');
`;
}

export const EMPLOYEES_TABLES = `
CREATE TABLE employees (emp_no INT NOT NULL PRIMARY KEY, birth_date DATE NOT NULL, first_name VARCHAR(14) NOT NULL, last_name VARCHAR(16) NOT NULL, hire_date DATE NOT NULL);
CREATE TABLE departments (dept_no CHAR(4) NOT NULL PRIMARY KEY, dept_name VARCHAR(40) NOT NULL UNIQUE);
CREATE TABLE dept_manager (emp_no INT NOT NULL, dept_no CHAR(4) NOT NULL, from_date DATE NOT NULL, to_date DATE NOT NULL, PRIMARY KEY (emp_no, dept_no));
CREATE TABLE dept_emp (emp_no INT NOT NULL, dept_no CHAR(4) NOT NULL, from_date DATE NOT NULL, to_date DATE NOT NULL, PRIMARY KEY (emp_no, dept_no));
`;

export const EMPLOYEES_DATA = `
INSERT INTO employees VALUES (10001, '1953-09-02', 'Georgi', 'Facello', '1986-06-26'), (10002, '1964-06-02', 'Bezalel', 'Simmel', '1985-11-21'),
  (10003, '1959-12-03', 'Parto', 'Bamford', '1986-08-28'), (10004, '1954-05-01', 'Chirstian', 'Koblick', '1986-12-01');
INSERT INTO departments VALUES ('d001', 'Marketing'), ('d002', 'Finance'), ('d003', 'Human Resources');
INSERT INTO dept_manager VALUES (10001, 'd001', '1985-01-01', '1991-10-01'), (10002, 'd001', '1991-10-01', '9999-01-01'), (10003, 'd002', '1985-01-01', '9999-01-01');
INSERT INTO dept_emp VALUES (10001, 'd001', '1986-06-26', '1995-01-01'), (10001, 'd002', '1995-01-01', '9999-01-01'), (10002, 'd001', '1985-11-21', '9999-01-01'),
  (10003, 'd002', '1986-08-28', '9999-01-01'), (10004, 'd003', '1986-12-01', '9999-01-01');
`;

/** The view show_departments reads, for each engine (views are the view converter's work). */
export const EMPLOYEES_VIEW = {
  mysql: 'CREATE VIEW v_full_departments AS SELECT dept_no, dept_name, current_manager(dept_no) AS manager FROM departments',
  postgres: (schema: string): string => `CREATE VIEW "${schema}".v_full_departments AS SELECT dept_no, dept_name, "${schema}".current_manager(dept_no) AS manager FROM "${schema}".departments`,
};

/** One call of a routine: its arguments (IN parameters; OUT ones are added by the caller). */
export interface RoutineCall {
  routine: string;
  args: (string | number)[];
}

export const SAKILA_CALLS: RoutineCall[] = [
  ...[1, 2, 3].flatMap((c) => ['2030-01-01 00:00:00', '2005-05-26 00:00:00'].map((d) => ({ routine: 'get_customer_balance', args: [c, d] }))),
  ...[1, 2, 3, 4, 5, 6, 7].map((i) => ({ routine: 'inventory_held_by_customer', args: [i] })),
  ...[1, 2, 3, 4, 5, 6, 7].map((i) => ({ routine: 'inventory_in_stock', args: [i] })),
  ...[[1, 1], [1, 2], [2, 2], [2, 1], [3, 1]].flatMap((a) => [{ routine: 'film_in_stock', args: a }, { routine: 'film_not_in_stock', args: a }]),
  { routine: 'rewards_report', args: [2, 1.0] },
  { routine: 'rewards_report', args: [1, 15.0] },
  { routine: 'rewards_report', args: [0, 1.0] },
  { routine: 'rewards_report', args: [1, 0.0] },
];

export const EMPLOYEES_CALLS: RoutineCall[] = [
  ...[10001, 10002, 10003, 10004, 99999].flatMap((e) => ['emp_dept_id', 'emp_dept_name', 'emp_name'].map((r) => ({ routine: r, args: [e] }))),
  ...['d001', 'd002', 'd003'].map((d) => ({ routine: 'current_manager', args: [d] })),
  { routine: 'employees_usage', args: [] },
  { routine: 'employees_help', args: [] },
  { routine: 'show_departments', args: [] },
];

/** Statements that fire sakila's film triggers (after the data load fired ins_film). */
export const SAKILA_TRIGGER_STATEMENTS = [
  "INSERT INTO film (title, description, rental_duration, rental_rate) VALUES ('AFFAIR PREJUDICE', 'A fanciful documentary', 5, 2.99)",
  "UPDATE film SET title = 'ACE GOLDFINGER II' WHERE film_id = 2",
  "UPDATE film SET description = 'A new text' WHERE film_id = 1",
  'UPDATE film SET rental_rate = 1.99 WHERE film_id = 3',
  'DELETE FROM film WHERE film_id = 3',
];

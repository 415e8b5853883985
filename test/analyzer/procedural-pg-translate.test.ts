/**
 * Unit tests of the PostgreSQL expression and statement translator (procedural-pg/translate-sql.ts)
 * against a small environment: precedence kept with parentheses, `||` as CONCAT, casts,
 * intervals and date arithmetic, function mapping, and what is refused.
 */
import { describe, expect, it } from 'vitest';
import type { Kind, TranslateEnv, VarInfo } from '../../analyzer/convert/procedural-pg/env.js';
import { tokenizePg } from '../../analyzer/convert/procedural-pg/tokens.js';
import { translateExpression, translateStatement } from '../../analyzer/convert/procedural-pg/translate-sql.js';

function env(vars: Record<string, Kind> = {}): TranslateEnv & { refused: string[]; notes: string[] } {
  const refused: string[] = [];
  const notes: string[] = [];
  const v = (name: string): VarInfo | null => (vars[name] ? { name, kind: vars[name]!, type: 'int' } : null);
  return {
    refused,
    notes,
    variable: v,
    param: (n) => v(`p${n}`),
    recordField: () => null,
    triggerRow: (which, column) => ({ name: column, kind: column === 'last_update' ? 'timestamp' : 'unknown', type: 'int' }),
    triggerConstant: (name) => (name === 'tg_op' ? "'UPDATE'" : null),
    relation: (schema, name, spelling) => `\`${schema ? `${schema}_` : ''}${spelling ?? name}\``,
    column: (name) => name,
    columnKind: (name) => (name === 'rental_date' ? 'timestamp' : name === 'due' ? 'date' : 'unknown'),
    routine: (_s, name) => (name === 'inventory_in_stock' ? { target: '`db`.`inventory_in_stock`', kind: 'function', returns: 'bool' } : name === 'film_in_stock' ? { target: '`db`.`film_in_stock`', kind: 'procedure', returns: 'unknown' } : null),
    concatAggregate: (name) => (name === 'group_concat' ? ', ' : null),
    found: () => '`scout_found`',
    handlerValue: () => null,
    mapType: (t) => (/^(int|integer|bigint)$/.test(t) ? { sql: 'int', kind: 'number' } : t === 'date' ? { sql: 'date', kind: 'date' } : t === 'text' ? { sql: 'longtext', kind: 'text' } : /^numeric/.test(t) ? { sql: 'decimal(10,2)', kind: 'number' } : null),
    unsupported: (c) => refused.push(c),
    note: (_code, message) => notes.push(message),
  };
}

function expr(text: string, e = env({ a: 'number', b: 'number', s: 'text', d: 'date' })): { sql: string; refused: string[]; notes: string[] } {
  const toks = tokenizePg(text);
  if (typeof toks === 'string') throw new Error(toks);
  return { sql: translateExpression(toks, e).sql, refused: e.refused, notes: e.notes };
}

function stmt(text: string, e = env({ v: 'number' })): { sql: string; refused: string[] } {
  const toks = tokenizePg(text);
  if (typeof toks === 'string') throw new Error(toks);
  return { sql: translateStatement(toks, e), refused: e.refused };
}

describe('translateExpression', () => {
  it('keeps PostgreSQL precedence with explicit parentheses and turns || into CONCAT', () => {
    expect(expr('a + b * 2').sql).toBe('`a` + (`b` * 2)');
    expect(expr("s || '-' || a + 1").sql).toBe("CONCAT(`s`, '-', `a` + 1)");
    expect(expr("s || 'x' = 'yx' AND NOT a > 1 OR b IS NULL").sql).toBe("((CONCAT(`s`, 'x') = 'yx') AND (NOT (`a` > 1))) OR (`b` IS NULL)");
    expect(expr("x operator(pg_catalog.||) 'y'").sql).toBe("CONCAT(`x`, 'y')");
  });

  it('translates casts, typed literals and intervals', () => {
    expect(expr("'2024-01-31'::date").sql).toBe("CAST('2024-01-31' AS DATE)");
    expect(expr('a::text').sql).toBe('CAST(`a` AS CHAR)');
    expect(expr("s::integer").sql).toBe('CAST(`s` AS SIGNED)');
    expect(expr("'t'::boolean").sql).toBe('TRUE');
    expect(expr("d + INTERVAL '3 months'").sql).toBe('`d` + INTERVAL 3 MONTH');
    expect(expr("CURRENT_DATE - '1 day'::interval").sql).toBe('CURRENT_DATE - INTERVAL 1 DAY');
    expect(expr('d + 7').sql).toBe('DATE_ADD(`d`, INTERVAL 7 DAY)');
    expect(expr('d - due').sql).toBe('DATEDIFF(`d`, `due`)');
    expect(expr("b * '1 day'::interval").sql).toBe('INTERVAL `b` DAY');
  });

  it('maps functions, EXTRACT, the SQL-standard call forms and user functions', () => {
    expect(expr("coalesce(a, 0) + length(s)").sql).toBe('COALESCE(`a`, 0) + CHAR_LENGTH(`s`)');
    expect(expr('EXTRACT(YEAR FROM d)').sql).toBe('EXTRACT(YEAR FROM `d`)');
    expect(expr("EXTRACT(dow FROM d)").sql).toBe('(DAYOFWEEK(`d`) - 1)');
    expect(expr("substring(s FROM 2 FOR 3)").sql).toBe('SUBSTRING(`s` FROM 2 FOR 3)');
    expect(expr("position('x' IN s)").sql).toBe("LOCATE('x', `s`)");
    expect(expr("to_date(s, 'YYYY-MM-DD')").sql).toBe("STR_TO_DATE(`s`, '%Y-%m-%d')");
    expect(expr("string_agg(s, ';')").sql).toBe("GROUP_CONCAT(`s` SEPARATOR ';')");
    expect(expr('group_concat(s)').sql).toBe("GROUP_CONCAT(`s` SEPARATOR ', ')");
    expect(expr('count(DISTINCT a)').sql).toBe('COUNT(DISTINCT `a`)');
    expect(expr('now()').sql).toBe('CURRENT_TIMESTAMP(6)');
    expect(expr('NOT inventory_in_stock(a)').sql).toBe('NOT `db`.`inventory_in_stock`(`a`)');
  });

  it('translates IS DISTINCT FROM, ILIKE, IN lists, BETWEEN, CASE and trigger rows', () => {
    expect(expr('a IS DISTINCT FROM b').sql).toBe('NOT (`a` <=> `b`)');
    expect(expr('NEW.x IS NOT DISTINCT FROM OLD.x').sql).toBe('NEW.`x` <=> OLD.`x`');
    expect(expr("s ILIKE 'a%'").sql).toBe("LOWER(`s`) LIKE LOWER('a%')");
    expect(expr('a NOT IN (1, 2)').sql).toBe('`a` NOT IN (1, 2)');
    expect(expr('a BETWEEN 1 AND b + 1').sql).toBe('`a` BETWEEN 1 AND (`b` + 1)');
    expect(expr("CASE WHEN a > 1 THEN 'x' ELSE s END").sql).toBe("CASE WHEN `a` > 1 THEN 'x' ELSE `s` END");
    expect(expr("TG_OP = 'UPDATE' AND FOUND").sql).toBe("('UPDATE' = 'UPDATE') AND `scout_found`");
    expect(expr('7 / 2').sql).toBe('7 DIV 2');
  });

  it('doubles backslashes and quotes in string literals for MySQL', () => {
    expect(expr("E'a\\\\b' || 'it''s'").sql).toBe("CONCAT('a\\\\b', 'it''s')");
  });

  it('refuses what it cannot translate with the same meaning, and notes what changes', () => {
    expect(expr('ARRAY[1, 2]').refused).toEqual(['arrays']);
    expect(expr('md5x(s)').refused[0]).toMatch(/^function md5x\(\): not a PostgreSQL built-in/);
    expect(expr('if(a > 1, 1, 0)').refused[0]).toMatch(/^function if\(\)/);
    expect(expr('to_tsvector(s)').refused[0]).toMatch(/FULLTEXT/);
    expect(expr('rental_date - rental_date').refused[0]).toMatch(/date\/time arithmetic/);
    expect(expr("s SIMILAR TO 'a'").refused).toEqual(['SIMILAR TO']);
    expect(expr('film_in_stock(1, 1)').refused[0]).toMatch(/set-returning/);
    expect(expr('a / b').notes[0]).toMatch(/truncates/);
    expect(expr("quote_literal(s)").notes[0]).toMatch(/QUOTE/);
  });
});

describe('translateStatement', () => {
  it('walks clauses: relations renamed, expressions translated, aliases quoted', () => {
    expect(stmt('SELECT c.first_name AS n, count(*) FROM customer c JOIN rental r USING (customer_id) WHERE r.return_date IS NULL GROUP BY 1 ORDER BY n DESC LIMIT 3').sql).toBe(
      'SELECT `c`.`first_name` AS `n`, COUNT(*) FROM `customer` `c` JOIN `rental` `r` USING (`customer_id`) WHERE `r`.`return_date` IS NULL GROUP BY 1 ORDER BY `n` DESC LIMIT 3',
    );
    expect(stmt("UPDATE public.film SET title = title || '!' WHERE film_id = v").sql).toBe("UPDATE `public_film` SET `title` = CONCAT(`title`, '!') WHERE `film_id` = `v`");
    expect(stmt('INSERT INTO log (a, b) VALUES (1, v)').sql).toBe('INSERT INTO `log` (`a`, `b`) VALUES (1, `v`)');
    expect(stmt('DELETE FROM tmpCustomer WHERE id IN (SELECT id FROM x)').sql).toBe('DELETE FROM `tmpCustomer` WHERE `id` IN (SELECT `id` FROM `x`)');
  });

  it('maps CREATE TEMPORARY TABLE column types and keeps the constraints', () => {
    expect(stmt('CREATE TEMP TABLE t (id integer NOT NULL PRIMARY KEY, name text DEFAULT \'x\', amount numeric(10,2))').sql).toBe(
      "CREATE TEMPORARY TABLE `t` (`id` int NOT NULL PRIMARY KEY, `name` longtext DEFAULT 'x', `amount` decimal(10,2))",
    );
  });

  it('refuses RETURNING, ON CONFLICT, DISTINCT ON, NULLS FIRST and table functions', () => {
    expect(stmt('INSERT INTO t (a) VALUES (1) RETURNING id').refused).toEqual(['RETURNING (6066)']);
    expect(stmt('INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING').refused).toContain('ON CONFLICT');
    expect(stmt('SELECT DISTINCT ON (a) a FROM t').refused).toContain('DISTINCT ON');
    expect(stmt('SELECT a FROM t ORDER BY a NULLS FIRST').refused).toContain('NULLS FIRST / NULLS LAST');
    expect(stmt('SELECT * FROM generate_series(1, 3)').refused[0]).toMatch(/function in FROM/);
  });
});

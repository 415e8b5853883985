/**
 * The PL/pgSQL constructs of the PostgreSQL → MySQL converter, each proven on the real
 * servers: routines and triggers written here use loops with labels, FOUND, RAISE, exception
 * blocks, CASE, record loops, explicit cursors, RETURN QUERY, LANGUAGE sql, void functions,
 * dynamic SQL in a procedure, multi-event triggers with TG_OP, WHEN and UPDATE OF, and a
 * BEFORE trigger that skips a row. They are created on PostgreSQL, collected with the agent,
 * converted, created on MariaDB, called (or fired) with the same arguments and statements,
 * and the results and rows compared. Constructs MySQL lacks are checked to be flagged manual.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertDatabase } from '../../analyzer/convert/convert.js';
import type { ConversionResult } from '../../analyzer/convert/result.js';
import { MYSQL, PG, applyStatements, collectModel, createDatabase, dropDatabase, quoteMy, uniqueName } from '../helpers/db-roundtrip.js';

const TABLES = `
CREATE TABLE item (id integer PRIMARY KEY, name text NOT NULL, qty integer NOT NULL DEFAULT 0, price numeric(8,2), updated timestamp, note text);
CREATE TABLE audit (id serial PRIMARY KEY, op text, item_id integer, detail text);
CREATE TABLE audit_stmt (id serial PRIMARY KEY, op text);`;

const DATA = `
INSERT INTO item (id, name, qty, price, updated, note) VALUES
  (1, 'chair', 4, 19.90, '2020-01-01 10:00:00', NULL), (2, 'table', 1, 99.00, '2020-01-01 10:00:00', NULL),
  (3, 'shelf', 0, NULL, '2020-01-01 10:00:00', 'n'), (4, 'stool', 7, 5.25, '2020-01-01 10:00:00', NULL);`;

/** Routines and triggers created on PostgreSQL (function bodies in $$). */
const ROUTINES = String.raw`
CREATE FUNCTION f_loops(n integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE total integer := 0; i integer; k integer := 0;
BEGIN
  FOR i IN 1..n LOOP
    CONTINUE WHEN i % 2 = 0;
    EXIT WHEN i > 7;
    total := total + i;
  END LOOP;
  FOR j IN REVERSE 10..1 BY 3 LOOP total := total * 2 + j; END LOOP;
  WHILE k < 3 LOOP k := k + 1; END LOOP;
  <<outer>> LOOP
    k := k + 10;
    IF k > 50 THEN EXIT outer; END IF;
  END LOOP;
  RETURN total + k;
END $$;
CREATE FUNCTION f_labels(p integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE "my ${'`'}var" integer := 0;
BEGIN
  <<"Outer Loop">> FOR i IN 1..p LOOP
    <<inner>> LOOP
      "my ${'`'}var" := "my ${'`'}var" + 1;
      EXIT "Outer Loop" WHEN "my ${'`'}var" >= 5;
      EXIT inner;
    END LOOP inner;
  END LOOP "Outer Loop";
  RETURN "my ${'`'}var";
END $$;
CREATE FUNCTION f_found(p_id integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v_name text; v_qty integer;
BEGIN
  SELECT name, qty INTO v_name, v_qty FROM item WHERE id = p_id;
  IF NOT FOUND THEN RETURN 'missing'; END IF;
  UPDATE item SET qty = qty WHERE id = -1;
  IF FOUND THEN RETURN 'odd'; END IF;
  UPDATE item SET qty = qty WHERE id = p_id;
  IF NOT FOUND THEN RETURN 'unmatched'; END IF;
  RETURN v_name || ':' || v_qty;
END $$;
CREATE FUNCTION f_raise(p integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  IF p < 0 THEN RAISE EXCEPTION 'negative value % (limit %)', p, 0; END IF;
  IF p = 0 THEN RAISE EXCEPTION USING MESSAGE = 'zero given'; END IF;
  RAISE NOTICE 'ok %', p;
  RETURN p * 2;
END $$;
CREATE FUNCTION f_exception(p integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
  BEGIN
    INSERT INTO item (id, name) VALUES (p, 'dup');
    r := 'inserted';
  EXCEPTION WHEN unique_violation THEN
    r := 'duplicate';
  END;
  RETURN r;
END $$;
CREATE FUNCTION f_errmsg(p text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'boom %', p;
EXCEPTION WHEN others THEN
  RETURN 'caught: ' || SQLERRM;
END $$;
CREATE FUNCTION f_perform(p integer) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM item WHERE id = p;
  IF FOUND THEN RETURN 'yes'; END IF;
  RETURN 'no';
END $$;
CREATE FUNCTION f_reraise(p integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    IF p > 0 THEN RAISE EXCEPTION 'inner %', p; END IF;
  EXCEPTION WHEN others THEN
    RAISE;
  END;
  RETURN 0;
END $$;
CREATE FUNCTION f_case(p integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
  CASE p WHEN 1 THEN r := 'one'; WHEN 2 THEN r := 'two'; ELSE r := 'many'; END CASE;
  CASE WHEN p > 5 THEN r := r || '+'; ELSE NULL; END CASE;
  RETURN r;
END $$;
CREATE FUNCTION f_record_loop(p_min integer) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE rec record; total numeric := 0;
BEGIN
  FOR rec IN SELECT id, qty, price FROM item WHERE price IS NOT NULL AND qty >= p_min ORDER BY id LOOP
    total := total + rec.qty * rec.price;
  END LOOP;
  IF NOT FOUND THEN RETURN -1; END IF;
  RETURN total;
END $$;
CREATE FUNCTION f_cursor() RETURNS text LANGUAGE plpgsql AS $$
DECLARE c CURSOR FOR SELECT name FROM item ORDER BY id; v text; acc text := '';
BEGIN
  OPEN c;
  LOOP
    FETCH c INTO v;
    EXIT WHEN NOT FOUND;
    acc := acc || v || ',';
  END LOOP;
  CLOSE c;
  RETURN acc;
END $$;
CREATE FUNCTION f_setof(p_min integer) RETURNS SETOF item LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT * FROM item WHERE qty >= p_min;
END $$;
CREATE FUNCTION f_table(p integer) RETURNS TABLE(item_id integer, label text) LANGUAGE sql AS $$
  SELECT id, name || '#' || qty FROM item WHERE id <= p;
$$;
CREATE FUNCTION f_sql_scalar(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT greatest(a, b) * 2 $$;
CREATE FUNCTION f_void(p integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit (op, item_id, detail) VALUES ('void', p, 'called');
END $$;
CREATE PROCEDURE p_dynamic(p_note text) LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'UPDATE item SET note = ' || quote_literal(p_note) || ' WHERE id = 2';
END $$;
CREATE FUNCTION f_array(p integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  RETURN (ARRAY[1, 2, 3])[p];
END $$;
CREATE FUNCTION item_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO audit (op, item_id, detail) VALUES (TG_OP, OLD.id, OLD.name);
    RETURN OLD;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO audit (op, item_id, detail) VALUES (TG_OP, NEW.id, OLD.name || '->' || NEW.name);
  ELSE
    INSERT INTO audit (op, item_id, detail) VALUES (TG_OP, NEW.id, TG_TABLE_NAME);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_item_audit AFTER INSERT OR UPDATE OR DELETE ON item FOR EACH ROW EXECUTE FUNCTION item_audit();
CREATE FUNCTION item_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.name := upper(NEW.name);
  IF NEW.qty < 0 THEN RETURN NULL; END IF;
  NEW.updated := now();
  RETURN NEW;
END $$;
CREATE TRIGGER trg_item_before BEFORE INSERT OR UPDATE ON item FOR EACH ROW EXECUTE FUNCTION item_before();
CREATE FUNCTION price_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit (op, item_id, detail) VALUES ('price', NEW.id, OLD.price::text || '->' || NEW.price::text);
  RETURN NULL;
END $$;
CREATE TRIGGER trg_price AFTER UPDATE OF price ON item FOR EACH ROW WHEN (OLD.price IS DISTINCT FROM NEW.price) EXECUTE FUNCTION price_log();
CREATE FUNCTION stmt_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_stmt (op) VALUES (TG_OP);
  RETURN NULL;
END $$;
CREATE TRIGGER trg_stmt AFTER DELETE ON item FOR EACH STATEMENT EXECUTE FUNCTION stmt_log();`;

interface Call {
  routine: string;
  args: (string | number | null)[];
  /** How PostgreSQL calls it. */
  pg: 'select' | 'from' | 'call';
}

const CALLS: Call[] = [
  ...[0, 1, 6, 9, 20].map((n) => ({ routine: 'f_loops', args: [n], pg: 'select' as const })),
  ...[3, 9].map((n) => ({ routine: 'f_labels', args: [n], pg: 'select' as const })),
  ...[1, 3, 42].map((n) => ({ routine: 'f_found', args: [n], pg: 'select' as const })),
  ...[5, -3, 0].map((n) => ({ routine: 'f_raise', args: [n], pg: 'select' as const })),
  ...[1, 100].map((n) => ({ routine: 'f_exception', args: [n], pg: 'select' as const })),
  { routine: 'f_errmsg', args: ['x'], pg: 'select' },
  ...[1, 42].map((n) => ({ routine: 'f_perform', args: [n], pg: 'select' as const })),
  ...[0, 4].map((n) => ({ routine: 'f_reraise', args: [n], pg: 'select' as const })),
  ...[1, 2, 3, 7].map((n) => ({ routine: 'f_case', args: [n], pg: 'select' as const })),
  ...[0, 5, 50].map((n) => ({ routine: 'f_record_loop', args: [n], pg: 'select' as const })),
  { routine: 'f_cursor', args: [], pg: 'select' },
  ...[0, 4].map((n) => ({ routine: 'f_setof', args: [n], pg: 'from' as const })),
  ...[2, 0].map((n) => ({ routine: 'f_table', args: [n], pg: 'from' as const })),
  ...[[1, 2], [5, -5]].map((a) => ({ routine: 'f_sql_scalar', args: a, pg: 'select' as const })),
  { routine: 'f_void', args: [3], pg: 'select' },
  { routine: 'p_dynamic', args: ["it's"], pg: 'call' },
  { routine: 'f_array', args: [2], pg: 'select' },
];

/** Statements that fire the triggers, in order; an error (MySQL's skipped row) is recorded, not thrown. */
const TRIGGER_STATEMENTS = [
  "INSERT INTO item (id, name, qty, price) VALUES (10, 'lamp', 2, 9.99)",
  "UPDATE item SET name = 'desk', price = 12.50 WHERE id = 10",
  'UPDATE item SET qty = 5 WHERE id = 10',
  "INSERT INTO item (id, name, qty) VALUES (11, 'neg', -1)",
  'DELETE FROM item WHERE id = 10',
];

/** What each trigger is judged by: the rows it writes. */
const TRIGGER_CHECKS: Record<string, string> = {
  trg_item_audit: "SELECT op, item_id, detail FROM audit WHERE op IN ('INSERT', 'UPDATE', 'DELETE') ORDER BY id",
  trg_item_before: 'SELECT id, name, qty, price, updated FROM item ORDER BY id',
  trg_price: "SELECT op, item_id, detail FROM audit WHERE op = 'price' ORDER BY id",
  trg_stmt: 'SELECT op FROM audit_stmt ORDER BY id',
};

type Value = string | null;
function norm(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? '1' : '0';
  const s = String(v);
  if (/^-?\d+(\.\d+)?$/.test(s)) return String(Number(s));
  const ts = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(\.\d+)?$/.exec(s);
  if (ts) return ts[1]! >= '2025' ? 'NOW' : ts[1]!;
  return s;
}
const rowsOf = (rows: Record<string, unknown>[]): Value[][] => rows.map((r) => Object.values(r).map(norm));
const sorted = (rows: Value[][]): Value[][] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const pgTypes = { getTypeParser: (oid: number, format?: 'text' | 'binary') => ([1082, 1114, 1184].includes(oid) ? (x: string) => x : pg.types.getTypeParser(oid, format as 'text')) };

describe('PL/pgSQL constructs on MySQL', () => {
  const db = uniqueName('scout_p5c');
  let my: mysql.Connection;
  let pgc: pg.Client;
  let result: ConversionResult;
  const created = new Map<string, string | null>();
  const lines: string[] = [];

  beforeAll(async () => {
    await createDatabase('postgres', db);
    pgc = new pg.Client({ ...PG, database: db, types: pgTypes });
    await pgc.connect();
    await pgc.query(`${TABLES} ${DATA}`);
    await pgc.query(ROUTINES);
    const model = await collectModel('postgres', db);
    result = convertDatabase(model, 'mysql');
    const applied = await applyStatements('mysql', null, result.statements.filter((s) => s.phase === 'pre-data' && s.type !== 'manual'));
    if (applied.error) throw new Error(`tables not created on MariaDB: ${applied.error.message}`);
    my = await mysql.createConnection({ ...MYSQL, database: db, multipleStatements: true, charset: 'utf8mb4', dateStrings: true });
    await my.query(DATA);
    for (const s of result.statements.filter((x) => x.phase === 'post-data' && x.type !== 'manual')) {
      try {
        await my.query(s.sql);
        if (!created.has(s.object)) created.set(s.object, null);
      } catch (err) {
        created.set(s.object, `${(err as Error).message}\n${s.sql}`);
      }
    }
  }, 240_000);

  afterAll(async () => {
    for (const l of lines) console.log(l);
    await my?.end();
    await pgc?.end();
    await dropDatabase('mysql', db);
    await dropDatabase('postgres', db);
  });

  const statusOf = (name: string): string => result.objects.find((o) => (o.type === 'function' || o.type === 'procedure' || o.type === 'trigger') && o.name === name)?.status ?? 'missing';

  it('creates every converted routine and gives the same results', async () => {
    const verdict = new Map<string, boolean>();
    for (const call of CALLS) {
      const object = `public.${call.routine}`;
      const status = statusOf(object);
      if (status === 'manual') {
        verdict.set(call.routine, false);
        continue;
      }
      expect(created.get(object), `${call.routine} created on MariaDB`).toBeNull();
      const ph = call.args.map((_, i) => `$${i + 1}`).join(', ');
      const pgSql = call.pg === 'select' ? `SELECT ${call.routine}(${ph}) AS v` : call.pg === 'from' ? `SELECT * FROM ${call.routine}(${ph})` : `CALL ${call.routine}(${ph})`;
      const a = await pgc.query(pgSql, call.args).then((r) => ({ rows: sorted(rowsOf(r.rows)), error: null }), (e: Error) => ({ rows: [] as Value[][], error: e.message }));
      const isFunction = result.statements.some((s) => s.object === object && s.type === 'create_function');
      const q = call.args.map(() => '?').join(', ');
      const b = await my.query(isFunction ? `SELECT ${quoteMy(call.routine)}(${q}) AS v` : `CALL ${quoteMy(call.routine)}(${q})`, call.args).then(
        ([res]) => ({ rows: sorted(isFunction ? rowsOf(res as Record<string, unknown>[]) : (Array.isArray(res) ? res : []).filter((x): x is Record<string, unknown>[] => Array.isArray(x)).flatMap(rowsOf)), error: null }),
        (e: Error) => ({ rows: [] as Value[][], error: e.message }),
      );
      // A void function returns one empty value on PostgreSQL and nothing from the MySQL procedure: its effect is compared below.
      const pgOut = call.routine === 'f_void' ? { rows: [], error: a.error } : a;
      const same = JSON.stringify(pgOut) === JSON.stringify(b);
      lines.push(`${call.routine}(${call.args.join(', ')}): ${same ? 'same' : `differs: PostgreSQL ${JSON.stringify(a)} vs MySQL ${JSON.stringify(b)}`}`);
      verdict.set(call.routine, (verdict.get(call.routine) ?? true) && same);
    }
    // Side effects of f_exception, f_void and p_dynamic.
    const pa = sorted(rowsOf((await pgc.query('SELECT id, name, note FROM item')).rows));
    const [mb] = await my.query('SELECT id, name, note FROM item');
    expect(sorted(rowsOf(mb as Record<string, unknown>[]))).toEqual(pa);
    const pAudit = rowsOf((await pgc.query('SELECT op, item_id, detail FROM audit ORDER BY id')).rows);
    const [mAudit] = await my.query('SELECT op, item_id, detail FROM audit ORDER BY id');
    expect(rowsOf(mAudit as Record<string, unknown>[])).toEqual(pAudit);
    for (const [routine, ok] of verdict) lines.push(`${routine}: created ${statusOf(`public.${routine}`) === 'manual' ? 'no' : 'yes'}, same behaviour ${ok ? 'yes' : 'no'} (${statusOf(`public.${routine}`)})`);
    expect([...verdict].filter(([, ok]) => !ok).map(([r]) => r)).toEqual(['f_array']);
    expect(statusOf('public.f_array')).toBe('manual');
    expect(result.actionItems.some((i) => i.object === 'public.f_array' && i.severity === 'critical' && /arrays/.test(i.message))).toBe(true);
  }, 120_000);

  it('splits multi-event triggers, inlines their functions and fires them with the same effect', async () => {
    for (const stmt of TRIGGER_STATEMENTS) {
      const a = await pgc.query(stmt).then(() => null, (e: Error) => e.message);
      const b = await my.query(stmt).then(() => null, (e: Error) => e.message);
      lines.push(`${stmt}: PostgreSQL ${a ?? 'ok'}, MySQL ${b ?? 'ok'}`);
    }
    const verdicts: Record<string, boolean> = {};
    for (const [trigger, check] of Object.entries(TRIGGER_CHECKS)) {
      const a = rowsOf((await pgc.query(check)).rows);
      const [rows] = await my.query(check);
      const b = rowsOf(rows as Record<string, unknown>[]);
      verdicts[trigger] = JSON.stringify(a) === JSON.stringify(b);
      const status = statusOf(`public.item.${trigger}`);
      lines.push(`${trigger}: ${status}, same rows ${verdicts[trigger] ? 'yes' : `no: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`}`);
    }
    expect(verdicts).toEqual({ trg_item_audit: true, trg_item_before: true, trg_price: true, trg_stmt: false });
    expect(statusOf('public.item.trg_stmt')).toBe('manual');
    expect(result.actionItems.some((i) => i.object === 'public.item.trg_stmt' && i.sct === 6080)).toBe(true);
    // INSERT OR UPDATE OR DELETE → three MySQL triggers; the skipped row raises on MySQL, with a warning item.
    expect(result.statements.filter((s) => s.object === 'public.item.trg_item_audit' && s.type === 'create_trigger')).toHaveLength(3);
    expect(result.actionItems.some((i) => i.object === 'public.item.trg_item_before' && i.code === 'pg_procedural_trigger_skip_row')).toBe(true);
    expect(statusOf('public.item.trg_item_before')).toBe('converted_with_actions');
    expect(result.actionItems.some((i) => i.object === 'public.item.trg_price' && i.code === 'pg_trigger_update_of' && i.sct === 6083)).toBe(true);
    expect(statusOf('public.item_audit')).toBe('converted');
    expect(statusOf('public.stmt_log')).toBe('manual');
  }, 120_000);
});

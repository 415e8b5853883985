/**
 * MySQL stored programs → PL/pgSQL, table-driven (the shape of sqlglot's validate_all): each
 * row is a routine or trigger and what its conversion must contain, or the constructs that
 * send it to manual work. The scope is written by hand: tables t (with boolean column flag)
 * and film, a function returning boolean, a procedure.
 */
import { describe, expect, it } from 'vitest';
import { convertMysqlRoutine, convertMysqlTrigger } from '../../analyzer/convert/procedural/convert-routine.js';
import { parseBody, ParseError } from '../../analyzer/convert/procedural/parse-body.js';
import type { ProceduralScope } from '../../analyzer/convert/procedural/scope.js';
import { tokenizeBody } from '../../analyzer/convert/procedural/tokens.js';
import type { Routine, RoutineParameter, Trigger } from '../../analyzer/model/schema.js';

const TYPES: Record<string, string> = { int: 'integer', 'int(11)': 'integer', 'tinyint(1)': 'boolean', 'decimal(10,2)': 'numeric(10,2)', date: 'date', 'varchar(20)': 'character varying(20)', text: 'text', boolean: 'boolean', datetime: 'timestamp(0) without time zone', 'smallint unsigned': 'integer' };

const scope: ProceduralScope = {
  schema: 'app',
  relation: (name) => ({ t: 't', film: 'film', Mixed: 'mixed' })[name] ?? null,
  column: (_table, name) => name.toLowerCase(),
  knownColumn: (name) => (name === 'KeepCase' ? 'KeepCase' : null),
  isBooleanColumn: (_table, name) => name.toLowerCase() === 'flag',
  routine: (name) => (name.toLowerCase() === 'is_ok' ? { target: 'is_ok', kind: 'function', returns: 'boolean' } : name.toLowerCase() === 'p' ? { target: 'p', kind: 'procedure', returns: null } : null),
  mapType: (text) => TYPES[text.toLowerCase()] ?? 'text',
};

const param = (name: string, type = 'int', mode: RoutineParameter['mode'] = 'in'): RoutineParameter => ({ name, type, mode });

function fn(body: string, params: RoutineParameter[] = [], returns = 'int'): Routine {
  return { name: 'f', kind: 'function', language: 'SQL', parameters: params, returns, body, attrs: {} };
}

function proc(body: string, params: RoutineParameter[] = []): Routine {
  return { name: 'p', kind: 'procedure', language: 'SQL', parameters: params, returns: null, body, attrs: {} };
}

const sqlOf = (r: Routine): string => convertMysqlRoutine(r, scope).statements.map((s) => s.sql).join('\n');

describe('tokenizer', () => {
  it.each([
    ["'a\\nb''c'", 'string', "a\nb'c"],
    ['`we``ird`', 'ident', 'we`ird'],
    ['@`x y`', 'uservar', 'x y'],
    ['@@session.sql_mode', 'sysvar', 'sql_mode'],
    ["_utf8mb4'x'", 'string', 'x'],
    ['0x41', 'hex', '41'],
  ])('%s is one %s token', (text, kind, value) => {
    const toks = tokenizeBody(text);
    expect(toks).toEqual([expect.objectContaining({ kind, value })]);
  });

  it('drops comments and keeps versioned comments as code', () => {
    const toks = tokenizeBody('a -- x\n# y\n/* z */ /*!50000 b */');
    expect(Array.isArray(toks) && toks.map((t) => t.kind)).toEqual(['word', 'versioned_comment']);
  });

  it('reports an unterminated string', () => {
    expect(tokenizeBody("'abc")).toBe('unterminated string');
  });
});

describe('parser', () => {
  it.each([
    ['BEGIN DECLARE x INT; SET x = 1; END', 'block'],
    ['lbl: LOOP LEAVE lbl; END LOOP lbl', 'loop'],
    ['SET NEW.a = 1', 'set'],
    ['RETURN (SELECT 1)', 'return'],
    ["IF a THEN SET b = CASE WHEN c THEN 1 END; ELSEIF d THEN SET b = 2; ELSE SET b = 3; END IF", 'if'],
  ])('%s', (text, kind) => {
    const toks = tokenizeBody(text);
    if (typeof toks === 'string') throw new Error(toks);
    expect(parseBody(toks).kind).toBe(kind);
  });

  it.each([
    ['BEGIN SET x = 1; DECLARE y INT; END', 'declare_position'],
    ['BEGIN NOT ATOMIC SELECT 1; END', 'begin_not_atomic'],
    ['BEGIN IF a THEN SELECT 1; END', 'syntax'],
  ])('%s is refused (%s)', (text, construct) => {
    const toks = tokenizeBody(text);
    if (typeof toks === 'string') throw new Error(toks);
    expect(() => parseBody(toks)).toThrow(ParseError);
    try {
      parseBody(toks);
    } catch (err) {
      expect((err as ParseError).construct).toBe(construct);
    }
  });
});

describe('routines → PL/pgSQL', () => {
  it.each<[string, Routine, string[]]>([
    ['a spaced DECIMAL type', fn('BEGIN DECLARE d DECIMAL( 10 , 2 ); SET d = 1; RETURN d; END'), ['"d" numeric(10,2);']],
    ['variables, SET and RETURN', fn('BEGIN DECLARE x INT DEFAULT 2; SET x = x * a; RETURN x; END', [param('A')]), ['"x" integer := 2;', '"x" := "x" * "a";', 'RETURN "x";']],
    ['SELECT … INTO of an aggregate is not STRICT', fn('BEGIN DECLARE n INT; SELECT COUNT(*) INTO n FROM t; RETURN n; END'), ['SELECT count(*) INTO "n" FROM "t";']],
    ['SELECT … INTO of rows is STRICT and keeps the variables when no row', fn('BEGIN DECLARE n INT; SELECT id INTO n FROM t WHERE id = 3; RETURN n; END'), ['INTO STRICT "n"', 'WHEN no_data_found THEN']],
    ['INTO after FROM moves after the select list', fn('BEGIN DECLARE n INT; SELECT id FROM t LIMIT 1 INTO n; RETURN n; END'), ['SELECT id INTO STRICT "n" FROM "t" LIMIT 1;']],
    ['EXIT handler becomes EXCEPTION', fn('BEGIN DECLARE EXIT HANDLER FOR NOT FOUND RETURN NULL; DECLARE CONTINUE HANDLER FOR SQLWARNING BEGIN END; RETURN 1; END'), ['EXCEPTION\n  WHEN no_data_found THEN\n    RETURN NULL;']],
    ['CONTINUE NOT FOUND handler after FETCH', fn('BEGIN DECLARE d INT DEFAULT FALSE; DECLARE v INT; DECLARE c CURSOR FOR SELECT id FROM t; DECLARE CONTINUE HANDLER FOR NOT FOUND SET d = TRUE; OPEN c; l: LOOP FETCH c INTO v; IF d THEN LEAVE l; END IF; END LOOP; CLOSE c; RETURN v; END'), ['"d" integer := 0;', '"c" CURSOR FOR SELECT id FROM "t";', 'FETCH "c" INTO "v";\n    IF NOT FOUND THEN\n      "d" := 1;', 'IF ("d") <> 0 THEN', 'EXIT "l";', '<<"l">> LOOP']],
    ['WHILE, REPEAT, ITERATE', fn('BEGIN DECLARE i INT DEFAULT 0; w: WHILE i < 3 DO SET i = i + 1; ITERATE w; END WHILE w; REPEAT SET i = i - 1; UNTIL i <= 0 END REPEAT; RETURN i; END'), ['<<"w">> WHILE "i" < 3 LOOP', 'CONTINUE "w";', 'EXIT WHEN "i" <= 0;']],
    ['CASE statement', fn("BEGIN CASE a WHEN 1 THEN RETURN 10; ELSE RETURN 20; END CASE; END", [param('a')]), ['CASE "a"\n    WHEN 1 THEN\n      RETURN 10;']],
    ['SIGNAL becomes RAISE', fn("BEGIN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'bad', MYSQL_ERRNO = 1001; END"), ["RAISE EXCEPTION USING ERRCODE = '45000', MESSAGE = 'bad';"]],
    ['a named condition', fn("BEGIN DECLARE oops CONDITION FOR SQLSTATE '45001'; DECLARE EXIT HANDLER FOR oops RETURN -1; SIGNAL oops; END"), ["WHEN SQLSTATE '45001' THEN", "ERRCODE = '45001'"]],
    ['boolean return and boolean column', fn('BEGIN RETURN (SELECT COUNT(*) FROM t WHERE flag = 1) > 0; END', [], 'tinyint(1)'), ['RETURNS boolean', 'flag = TRUE']],
    ['integer return of a truth value', fn('BEGIN RETURN a > 1; END', [param('a')]), ['RETURN CAST(("a" > 1) AS integer);']],
    ['functions, operators and literals', fn("BEGIN RETURN CONCAT(IFNULL(a, 0), IF(a > 1, 'x', \"y\"), a / 2, NOW(), a <=> NULL, LAST_INSERT_ID()); END", [param('a')]), ['CAST(coalesce("a", 0) AS text)', "(CASE WHEN \"a\" > 1 THEN 'x' ELSE 'y' END)", '"a" / CAST(2 AS numeric)', 'LOCALTIMESTAMP(0)', 'IS NOT DISTINCT FROM', 'lastval()']],
    ['date arithmetic', fn("BEGIN RETURN DATE_ADD(CURRENT_DATE(), INTERVAL 3 DAY) - LAST_DAY(d) + DATEDIFF(d, '2020-01-01'); END", [param('d', 'date')]), ["CAST(CURRENT_DATE + ((3) * INTERVAL '1 day') AS date)", "date_trunc('month', \"d\")", "(CAST(\"d\" AS date) - CAST('2020-01-01' AS date))"]],
    ['user functions and ROW_COUNT', proc('BEGIN UPDATE t SET flag = 0 WHERE is_ok(id); SET n = ROW_COUNT(); CALL p(n); END', [param('n', 'int', 'out')]), ['flag = FALSE WHERE "is_ok"(id);', 'GET DIAGNOSTICS "scout_row_count" = ROW_COUNT;', '"n" := "scout_row_count";', 'CALL "p"("n");']],
    ['@user variables', fn('BEGIN SET @x = 1; RETURN @x; END'), ["PERFORM set_config('mysql_uservar.x', CAST(1 AS text), false);", "current_setting('mysql_uservar.x', true)"]],
    ['result sets become refcursors', proc("BEGIN SELECT 'x'; SELECT id, name FROM t GROUP BY id; END"), ['INOUT "result_set_1" refcursor DEFAULT NULL', 'OPEN "result_set_2" FOR SELECT id, (array_agg(name)) [1] AS "name" FROM "t" GROUP BY id;']],
    ['temporary tables', proc('BEGIN CREATE TEMPORARY TABLE tmp (a SMALLINT UNSIGNED NOT NULL PRIMARY KEY, b INT, KEY (b)) ENGINE=MEMORY; SELECT * FROM tmp; DROP TEMPORARY TABLE tmp; END'), ['CREATE TEMPORARY TABLE "tmp" ("a" integer NOT NULL PRIMARY KEY, "b" integer);', 'CREATE INDEX ON "tmp" ("b");', 'ON COMMIT DROP AS SELECT * FROM tmp;', 'DROP TABLE tmp;']],
    ['DECIMAL parameters are rounded to their scale', fn('RETURN a', [param('a', 'decimal(10,2)')]), ['"a" := CAST("a" AS numeric(10, 2));']],
    ['a column whose target keeps its case is quoted', fn('BEGIN RETURN (SELECT MAX(KeepCase) FROM t); END'), ['max("KeepCase")']],
    ['dynamic SQL from literals and variables', proc("BEGIN SET @q = CONCAT('SELECT COUNT(*) FROM ', tbl, ' WHERE id > ', n); PREPARE s FROM @q; EXECUTE s; DEALLOCATE PREPARE s; PREPARE d FROM 'DELETE FROM t WHERE flag = 1'; EXECUTE d; END", [param('tbl', 'varchar(20)'), param('n')]), ["OPEN \"result_set_1\" FOR EXECUTE format('SELECT count(*) FROM %I WHERE id > %L', lower(\"tbl\"), \"n\");", "EXECUTE 'DELETE FROM \"t\" WHERE flag = TRUE';"]],
    ['hostile names stay quoted', fn('BEGIN DECLARE `we"ird` INT; SELECT `Mixed`.`Col "x"` INTO `we"ird` FROM `Mixed` LIMIT 1; RETURN `we"ird`; END'), ['"we""ird" integer;', '"mixed"."col ""x"""', 'FROM "mixed"']],
  ])('%s', (_name, routine, expected) => {
    const c = convertMysqlRoutine(routine, scope);
    expect(c.unsupported).toEqual([]);
    const sql = sqlOf(routine);
    for (const e of expected) expect(sql).toContain(e);
    expect(sql).toContain('SET search_path = "app"');
  });

  it.each<[string, Routine, string[]]>([
    ['dynamic SQL with USING', proc("BEGIN SET @s = 'SELECT 1'; PREPARE st FROM @s; EXECUTE st USING @a; END"), ['dynamic_sql']],
    ['dynamic SQL built by a function call', proc("BEGIN SET @s = CONCAT('SELECT ', UPPER(x)); PREPARE st FROM @s; EXECUTE st; END", [param('x', 'text')]), ['dynamic_sql']],
    ['dynamic SQL with a variable in an unknown position', proc("BEGIN PREPARE st FROM CONCAT('SELECT 1 ', x); EXECUTE st; END", [param('x', 'text')]), ['dynamic_sql']],
    ['transactions', proc('BEGIN START TRANSACTION; COMMIT; END'), ['transaction']],
    ['an unknown function', fn('BEGIN RETURN FOO_BAR(1); END'), ['function foo_bar()']],
    ['GROUP_CONCAT', fn('BEGIN RETURN (SELECT GROUP_CONCAT(id) FROM t); END'), ['function group_concat()']],
    ['CONTINUE handler for errors', proc('BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END; DELETE FROM t; END'), ['CONTINUE handler for SQLEXCEPTION']],
    ['DIV and system variables', fn('BEGIN RETURN 7 DIV @@max_connections; END'), ['operator DIV', 'system variable @@max_connections']],
    ['ON DUPLICATE KEY and multi-table UPDATE', proc('BEGIN INSERT INTO t (id) VALUES (1) ON DUPLICATE KEY UPDATE id = 2; UPDATE t, film SET t.id = 1; END'), ['on_duplicate_key', 'multi-table UPDATE']],
    ['a parse error', fn('BEGIN IF THEN END'), ['parse: an empty expression']],
  ])('%s goes to manual work', (_name, routine, constructs) => {
    const c = convertMysqlRoutine(routine, scope);
    expect(c.status).toBe('manual');
    expect(c.statements).toEqual([]);
    expect(c.unsupported.map((u) => u.construct)).toEqual(expect.arrayContaining(constructs));
    expect(c.effortHours).toBeGreaterThan(1);
  });

  it('statuses: converted, converted with actions', () => {
    expect(convertMysqlRoutine(fn('RETURN 1'), scope).status).toBe('converted');
    expect(convertMysqlRoutine(proc('SELECT 1'), scope).status).toBe('converted_with_actions');
  });

  it('raises the SCT-numbered codes for unsupported constructs', () => {
    const c = convertMysqlRoutine(proc("BEGIN PREPARE s FROM 'x'; COMMIT; END"), scope);
    expect(c.unsupported.map((u) => u.code).sort()).toEqual(['procedural_dynamic_sql', 'procedural_transaction']);
  });
});

describe('triggers → trigger function + CREATE TRIGGER', () => {
  const trigger = (timing: Trigger['timing'], event: Trigger['events'][number], body: string): Trigger => ({ name: 'Trg', table: 't', timing, events: [event], forEach: 'row', body, attrs: {} });

  it.each<[string, Trigger, string[]]>([
    ['BEFORE INSERT sets NEW and returns NEW', trigger('before', 'insert', 'SET NEW.flag = 1, NEW.name = UPPER(NEW.name)'), ['NEW."flag" := TRUE;', 'NEW."name" := upper(NEW."name");', 'RETURN NEW;', 'CREATE TRIGGER "trg" BEFORE INSERT ON "app"."t" FOR EACH ROW EXECUTE FUNCTION "app"."trg_fn"();']],
    ['BEFORE DELETE returns OLD', trigger('before', 'delete', 'BEGIN INSERT INTO film (id) VALUES (OLD.id); END'), ['VALUES (OLD."id");', 'RETURN OLD;']],
    ['AFTER UPDATE returns NULL', trigger('after', 'update', 'IF OLD.flag <> NEW.flag THEN DELETE FROM film; END IF'), ['IF OLD."flag" <> NEW."flag" THEN', 'RETURN NULL;', 'AFTER UPDATE ON "app"."t"']],
  ])('%s', (_name, t, expected) => {
    const c = convertMysqlTrigger(t, scope, 'trg_fn');
    expect(c.unsupported).toEqual([]);
    expect(c.statements.map((s) => s.type)).toEqual(['create_function', 'create_trigger']);
    const sql = c.statements.map((s) => s.sql).join('\n');
    for (const e of expected) expect(sql).toContain(e);
  });
});

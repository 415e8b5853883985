/**
 * Pure tests of the PostgreSQL → MySQL procedural converter through convertDatabase on small
 * models built here: the DDL it prints for each construct, the status and items of each
 * routine and trigger, and the trigger shapes MySQL lacks (SCT 6080–6088).
 */
import { describe, expect, it } from 'vitest';
import { convertDatabase } from '../../analyzer/convert/convert.js';
import type { ConversionResult } from '../../analyzer/convert/result.js';
import type { DataType } from '../../analyzer/model/data-types.js';
import { emptySchema, emptyTable, type Column, type DatabaseModel, type Routine, type Trigger } from '../../analyzer/model/schema.js';

const col = (name: string, kind: DataType['kind'], extra: Partial<DataType> = {}): Column => ({ name, type: { kind, raw: kind, ...extra }, nullable: true, default: null });

function fn(name: string, body: string, over: Partial<Routine> = {}): Routine {
  return { name, kind: 'function', language: 'plpgsql', parameters: [], returns: 'integer', body, attrs: {}, ...over };
}

function trg(name: string, table: string, fnName: string, over: Partial<Trigger> = {}): Trigger {
  return { name, table, timing: 'before', events: ['update'], forEach: 'row', body: null, function: { schema: 'public', name: fnName }, attrs: {}, ...over };
}

function convert(routines: Routine[], triggers: Trigger[] = []): ConversionResult {
  const t1 = emptyTable('t1', { columns: [col('id', 'int32'), col('name', 'text'), col('last_update', 'timestamptz'), col('due', 'date')], primaryKey: { name: 't1_pkey', columns: ['id'] } });
  const t2 = emptyTable('t2', { columns: [col('id', 'int32'), col('last_update', 'timestamptz')], primaryKey: { name: 't2_pkey', columns: ['id'] } });
  const t3 = emptyTable('t3', {
    columns: [col('id', 'int32'), col('title', 'varchar', { length: 100 }), col('body', 'text'), col('tsv', 'tsvector')],
    primaryKey: { name: 't3_pkey', columns: ['id'] },
    indexes: [{ name: 't3_tsv', unique: false, method: 'gist', rawMethod: 'gist', parts: [{ column: 'tsv' }] }],
  });
  const model: DatabaseModel = {
    name: 'shop',
    source: { dialect: 'postgres', flavor: 'postgres', version: '15.4', versionNum: 150004 },
    schemas: [emptySchema('public', { tables: [t1, t2, t3], routines, triggers })],
    extensions: [],
    settings: {},
    problems: [],
  };
  return convertDatabase(model, 'mysql');
}

const ddl = (r: ConversionResult, object: string): string[] => r.statements.filter((s) => s.object === object && s.type !== 'manual').map((s) => s.sql);
const status = (r: ConversionResult, name: string): string | undefined => r.objects.find((o) => o.name === name && ['function', 'procedure', 'trigger'].includes(o.type))?.status;
const codes = (r: ConversionResult, object: string): string[] => r.actionItems.filter((i) => i.object === object).map((i) => i.code);

describe('PostgreSQL functions → MySQL', () => {
  it('prints declarations in MySQL order and EXCEPTION WHEN as an EXIT handler', () => {
    const r = convert([
      fn('f', `DECLARE c CURSOR FOR SELECT id FROM t1; v integer := 2; BEGIN
        BEGIN v := v + 1; EXCEPTION WHEN unique_violation OR SQLSTATE 'P0001' THEN v := 0; WHEN others THEN RETURN -1; END;
        RETURN v; END`, { parameters: [{ mode: 'in', name: 'p', type: 'integer' }] }),
    ]);
    const sql = ddl(r, 'public.f')[0]!;
    expect(sql).toMatch(/^CREATE FUNCTION `shop`\.`f`\(`p` int\) RETURNS int\nNOT DETERMINISTIC READS SQL DATA SQL SECURITY INVOKER\nBEGIN\n/);
    const lines = sql.split('\n').map((l) => l.trim());
    expect(lines.indexOf('DECLARE `v` int DEFAULT 2;')).toBeLessThan(lines.indexOf('DECLARE `c` CURSOR FOR SELECT `id` FROM `t1`;'));
    expect(sql).toContain("DECLARE EXIT HANDLER FOR 1062, SQLSTATE '45000'");
    expect(sql).toContain('DECLARE EXIT HANDLER FOR SQLEXCEPTION');
    expect(status(r, 'public.f')).toBe('converted');
  });

  it('turns RAISE into SIGNAL with the formatted message, and drops RAISE NOTICE with an info item', () => {
    const r = convert([fn('f', `BEGIN RAISE NOTICE 'hi'; RAISE EXCEPTION 'bad % of %%', $1 USING ERRCODE = '22023'; RETURN 1; END`, { parameters: [{ mode: 'in', name: null, type: 'integer' }] })]);
    const sql = ddl(r, 'public.f')[0]!;
    expect(sql).toContain("SET `scout_message` = CONCAT('bad ', IFNULL(`arg1`, '<NULL>'), ' of %');");
    expect(sql).toContain("SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = `scout_message`;");
    expect(sql).not.toContain('hi');
    expect(codes(r, 'public.f')).toContain('pg_procedural_raise_notice');
    expect(status(r, 'public.f')).toBe('converted');
  });

  it('keeps FOUND with a NOT FOUND handler and SELECT INTO with NULLs first', () => {
    const r = convert([fn('f', `DECLARE a text; BEGIN SELECT name INTO a FROM t1 WHERE id = 1; IF NOT FOUND THEN RETURN 0; END IF; RETURN 1; END`)]);
    const sql = ddl(r, 'public.f')[0]!;
    expect(sql).toContain('DECLARE CONTINUE HANDLER FOR NOT FOUND SET `scout_found` = FALSE;');
    expect(sql).toContain('SET `a` = NULL, `scout_found` = TRUE;');
    expect(sql).toContain('SELECT `name` INTO `a` FROM `t1` WHERE `id` = 1 LIMIT 1;');
    expect(sql).toContain('IF NOT `scout_found` THEN');
  });

  it('makes set-returning and void functions procedures, with a warning each', () => {
    const r = convert([
      fn('s', 'BEGIN RETURN QUERY SELECT id FROM t1; END', { returns: 'SETOF integer', returnsSet: true }),
      fn('v', 'BEGIN UPDATE t1 SET name = name; END', { returns: 'void' }),
      fn('q', 'SELECT count(*) FROM t1 WHERE id > $1', { language: 'sql', returns: 'bigint', parameters: [{ mode: 'in', name: null, type: 'integer' }] }),
    ]);
    expect(ddl(r, 'public.s')[0]).toMatch(/^CREATE PROCEDURE `shop`\.`s`\(\)[\s\S]*\n {2}SELECT `id` FROM `t1`;\nEND$/);
    expect(codes(r, 'public.s')).toContain('pg_procedural_result_set');
    expect(status(r, 'public.s')).toBe('converted_with_actions');
    expect(ddl(r, 'public.v')[0]).toMatch(/^CREATE PROCEDURE `shop`\.`v`\(\)\nNOT DETERMINISTIC MODIFIES SQL DATA/);
    expect(codes(r, 'public.v')).toContain('pg_procedural_void_function');
    expect(ddl(r, 'public.q')[0]).toContain('RETURN (SELECT COUNT(*) FROM `t1` WHERE `id` > `arg1` LIMIT 1);');
  });

  it('escapes what comes from the catalog: labels, names and strings cannot end the statement', () => {
    const r = convert([fn('h', `<<"x; DROP TABLE t1; --">> DECLARE "a\`b" text := 'it''s \\ done'; BEGIN <<"y z">> LOOP EXIT "y z"; END LOOP; RETURN 1; END "x; DROP TABLE t1; --"`)]);
    const sql = ddl(r, 'public.h')[0]!;
    expect(sql).not.toContain('DROP TABLE');
    expect(sql).toContain('l_x__DROP_TABLE_: BEGIN');
    expect(sql).toContain("DECLARE `a``b` longtext DEFAULT 'it''s \\\\ done';");
    expect(sql).toContain('LEAVE l_y_z;');
    expect(status(r, 'public.h')).toBe('converted');
  });

  it('leaves manual, commented out with the constructs listed, what it cannot translate', () => {
    const r = convert([
      fn('a', 'BEGIN RETURN array_length(ARRAY[1], 1); END'),
      fn('c', 'return 1', { language: 'c' }),
      fn('x', 'BEGIN RETURN 1'),
    ]);
    for (const name of ['public.a', 'public.c', 'public.x']) expect(status(r, name)).toBe('manual');
    expect(codes(r, 'public.a')).toContain('pg_procedural_unsupported');
    expect(r.actionItems.find((i) => i.object === 'public.c' && i.code === 'pg_procedural_other_language')?.sct).toBe(6675);
    expect(codes(r, 'public.x')).toContain('pg_procedural_parse_error');
    expect(codes(r, 'public.a')).toContain('routine_not_converted');
    const manual = r.statements.find((s) => s.object === 'public.a' && s.type === 'manual')!;
    expect(manual.sql.split('\n').every((l) => l.startsWith('-- '))).toBe(true);
    expect(manual.sql).toContain('array_length');
  });
});

describe('PostgreSQL triggers → MySQL', () => {
  const lastUpdated = fn('last_updated', 'BEGIN NEW.last_update = CURRENT_TIMESTAMP; RETURN NEW; END', { returns: 'trigger' });

  it('inlines the function into one trigger per table, with names unique in the database', () => {
    const r = convert([lastUpdated], [trg('last_updated', 't1', 'last_updated'), trg('last_updated', 't2', 'last_updated')]);
    expect(ddl(r, 'public.t1.last_updated')).toEqual(['CREATE TRIGGER `shop`.`last_updated_t1` BEFORE UPDATE ON `shop`.`t1` FOR EACH ROW\nBEGIN\n  SET NEW.`last_update` = CURRENT_TIMESTAMP(6);\nEND']);
    expect(ddl(r, 'public.t2.last_updated')[0]).toContain('`last_updated_t2` BEFORE UPDATE ON `shop`.`t2`');
    expect(status(r, 'public.last_updated')).toBe('converted');
    expect(codes(r, 'public.last_updated')).toEqual(['pg_trigger_function_inlined']);
  });

  it('splits INSERT OR UPDATE into two triggers and folds TG_OP, so OLD is never named in the INSERT one', () => {
    const body = `BEGIN IF TG_OP = 'INSERT' THEN NEW.name := 'new'; ELSIF NEW.name <> OLD.name THEN NEW.name := OLD.name || '*'; END IF; RETURN NEW; END`;
    const r = convert([fn('f', body, { returns: 'trigger' })], [trg('t', 't1', 'f', { events: ['insert', 'update'] })]);
    const [ins, upd] = ddl(r, 'public.t1.t');
    expect(ins).toBe("CREATE TRIGGER `shop`.`t_insert` BEFORE INSERT ON `shop`.`t1` FOR EACH ROW\nBEGIN\n  SET NEW.`name` = 'new';\nEND");
    expect(upd).toContain('CREATE TRIGGER `shop`.`t_update` BEFORE UPDATE');
    expect(upd).toContain("IF NEW.`name` <> OLD.`name` THEN\n    SET NEW.`name` = CONCAT(OLD.`name`, '*');");
    expect(r.actionItems.find((i) => i.object === 'public.t1.t' && i.code === 'pg_trigger_multi_event')?.sct).toBe(6081);
  });

  it('turns RETURN NULL in a BEFORE trigger into SIGNAL with a warning, and an early RETURN NEW into LEAVE', () => {
    const r = convert([fn('f', `BEGIN IF NEW.id < 0 THEN RETURN NULL; END IF; IF NEW.id = 0 THEN RETURN NEW; END IF; NEW.name := 'x'; RETURN NEW; END`, { returns: 'trigger' })], [trg('t', 't1', 'f', { events: ['insert'] })]);
    const sql = ddl(r, 'public.t1.t')[0]!;
    expect(sql).toContain("SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'row skipped by trigger t';");
    expect(sql).toMatch(/FOR EACH ROW\nscout_main: BEGIN[\s\S]*LEAVE scout_main;[\s\S]*END scout_main$/);
    expect(status(r, 'public.t1.t')).toBe('converted_with_actions');
    expect(r.actionItems.find((i) => i.object === 'public.t1.t' && i.code === 'pg_procedural_trigger_skip_row')?.sct).toBe(6651);
  });

  it('wraps the body in the WHEN condition and the UPDATE OF test', () => {
    const r = convert([lastUpdated], [trg('t', 't1', 'last_updated', { when: '(old.name IS DISTINCT FROM new.name)', updateOf: ['due'] })]);
    expect(ddl(r, 'public.t1.t')[0]).toContain('IF (NOT (OLD.`name` <=> NEW.`name`)) AND (NOT (NEW.`due` <=> OLD.`due`)) THEN');
    expect(r.actionItems.find((i) => i.object === 'public.t1.t' && i.code === 'pg_trigger_update_of')?.sct).toBe(6083);
  });

  it('leaves statement-level, INSTEAD OF, TRUNCATE and built-in-function triggers manual with SCT codes', () => {
    const r = convert([lastUpdated], [
      trg('s', 't1', 'last_updated', { forEach: 'statement', timing: 'after' }),
      trg('i', 't1', 'last_updated', { timing: 'instead of', events: ['insert'] }),
      trg('u', 't1', 'last_updated', { events: ['truncate'], forEach: 'statement' }),
      trg('ft', 't1', 'suppress_redundant_updates_trigger', { function: { schema: 'pg_catalog', name: 'suppress_redundant_updates_trigger' } }),
    ]);
    const sct = (object: string): (number | null)[] => r.actionItems.filter((i) => i.object === object && i.severity === 'critical').map((i) => i.sct);
    expect(sct('public.t1.s')).toContain(6080);
    expect(sct('public.t1.i')).toContain(6084);
    expect(sct('public.t1.u')).toContain(6088);
    expect(codes(r, 'public.t1.ft')).toContain('pg_trigger_function_missing');
    for (const t of ['s', 'i', 'u', 'ft']) expect(status(r, `public.t1.${t}`)).toBe('manual');
    // The function is used only by manual triggers: it is manual too.
    expect(status(r, 'public.last_updated')).toBe('manual');
  });
});

describe('full-text triggers PostgreSQL → MySQL: the tsvector column keeps the text its FULLTEXT index tokenizes', () => {
  const builtin = (name: string, args: string, over: Partial<Trigger> = {}): Trigger =>
    trg(name, 't3', 'tsvector_update_trigger', { events: ['insert', 'update'], function: { schema: 'pg_catalog', name: 'tsvector_update_trigger' }, definition: `CREATE TRIGGER ${name} BEFORE INSERT OR UPDATE ON public.t3 FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(${args})`, ...over });

  it('turns tsvector_update_trigger into one trigger per event setting the column to the joined text, on UPDATE only when a text column changed', () => {
    const r = convert([], [builtin('ft', "'tsv', 'pg_catalog.english', 'title', 'body'")]);
    const [ins, upd] = ddl(r, 'public.t3.ft');
    expect(ins).toBe("CREATE TRIGGER `shop`.`ft_insert` BEFORE INSERT ON `shop`.`t3` FOR EACH ROW\nBEGIN\n  SET NEW.`tsv` = CONCAT_WS(' ', NEW.`title`, NEW.`body`);\nEND");
    expect(upd).toBe("CREATE TRIGGER `shop`.`ft_update` BEFORE UPDATE ON `shop`.`t3` FOR EACH ROW\nBEGIN\n  IF (NOT (NEW.`title` <=> OLD.`title`)) OR (NOT (NEW.`body` <=> OLD.`body`)) THEN\n    SET NEW.`tsv` = CONCAT_WS(' ', NEW.`title`, NEW.`body`);\n  END IF;\nEND");
    expect(status(r, 'public.t3.ft')).toBe('converted_with_actions');
    const items = r.actionItems.filter((i) => i.object === 'public.t3.ft' && i.code === 'pg_fulltext_as_text');
    expect(items).toHaveLength(1);
    expect(items[0]!.message).toMatch(/no stemming or stop words of pg_catalog\.english; queries need MATCH … AGAINST/);
    // The column it fills: case-insensitive text under a FULLTEXT index (GiST on a tsvector included).
    expect(r.statements.find((s) => s.type === 'create_table' && s.object === 'public.t3')!.sql).toContain('`tsv` longtext COLLATE `utf8mb4_unicode_ci` NULL');
    expect(r.statements.map((s) => s.sql)).toContain('CREATE FULLTEXT INDEX `t3_tsv` ON `shop`.`t3` (`tsv`);');
  });

  it('leaves tsvector_update_trigger manual where PostgreSQL would raise an error', () => {
    const r = convert([], [
      builtin('after', "'tsv', 'english', 'title'", { timing: 'after' }),
      builtin('notext', "'tsv', 'english', 'id'"),
      builtin('novector', "'body', 'english', 'title'"),
      builtin('noargs', "'tsv'"),
    ]);
    for (const [name, why] of [['after', /not BEFORE/], ['notext', /id is not a text column/], ['novector', /body is not a tsvector column/], ['noargs', /without a tsvector column/]] as const) {
      expect(status(r, `public.t3.${name}`), name).toBe('manual');
      expect(r.actionItems.some((i) => i.object === `public.t3.${name}` && i.severity === 'critical' && why.test(i.message)), name).toBe(true);
      expect(ddl(r, `public.t3.${name}`), name).toEqual([]);
    }
  });

  it('turns to_tsvector([config,] text) into the text where it is the whole value assigned to a tsvector column, and refuses it elsewhere', () => {
    const tf = (name: string, body: string): Routine => fn(name, body, { returns: 'trigger' });
    const r = convert(
      [
        tf('ok', "BEGIN IF TG_OP = 'INSERT' OR NEW.title <> OLD.title THEN NEW.tsv := to_tsvector('simple', REPLACE(NEW.title, '/', ' ')); END IF; RETURN NEW; END"),
        tf('notvector', 'BEGIN NEW.body := to_tsvector(NEW.title); RETURN NEW; END'),
        tf('concat', 'BEGIN NEW.tsv := to_tsvector(NEW.title) || to_tsvector(NEW.body); RETURN NEW; END'),
        fn('plain', "BEGIN RETURN length(to_tsvector('x')); END"),
      ],
      [trg('ok', 't3', 'ok', { events: ['update'] }), trg('notvector', 't3', 'notvector'), trg('concat', 't3', 'concat')],
    );
    expect(ddl(r, 'public.t3.ok')[0]).toContain("SET NEW.`tsv` = REPLACE(NEW.`title`, '/', ' ');");
    expect(status(r, 'public.t3.ok')).toBe('converted_with_actions');
    expect(r.actionItems.find((i) => i.object === 'public.t3.ok' && i.code === 'pg_fulltext_as_text')?.message).toMatch(/to_tsvector\('simple', …\) into a tsvector column became the text itself/);
    for (const name of ['public.t3.notvector', 'public.t3.concat', 'public.plain']) {
      expect(status(r, name), name).toBe('manual');
      expect(r.actionItems.some((i) => i.object === name && /function to_tsvector\(\) \(full-text search/.test(i.message)), name).toBe(true);
    }
  });
});

describe('PostgreSQL triggers on partitioned tables → MySQL', () => {
  it('converts a partitioned table\'s trigger once, on the table; its copies on the partitions are not repeated', () => {
    const parent = emptyTable('m', { kind: 'partitioned', columns: [col('id', 'int32'), col('last_update', 'timestamptz')], primaryKey: { name: 'm_pkey', columns: ['id'] }, partitioning: { method: 'range', expression: 'id', partitions: [] } });
    const part = emptyTable('m_1', { columns: [col('id', 'int32'), col('last_update', 'timestamptz')], primaryKey: { name: 'm_1_pkey', columns: ['id'] }, partitionOf: { parent: { schema: 'public', name: 'm' }, bound: 'FOR VALUES FROM (1) TO (100)' } });
    const f = fn('lu', 'BEGIN NEW.last_update = now(); RETURN NEW; END', { returns: 'trigger' });
    const model: DatabaseModel = {
      name: 'shop',
      source: { dialect: 'postgres', flavor: 'postgres', version: '15.4', versionNum: 150004 },
      schemas: [emptySchema('public', { tables: [parent, part], routines: [f], triggers: [trg('lu', 'm', 'lu'), trg('lu', 'm_1', 'lu'), trg('own', 'm_1', 'lu')] })],
      extensions: [],
      settings: {},
      problems: [],
    };
    const r = convertDatabase(model, 'mysql');
    expect(r.statements.filter((s) => s.type === 'create_trigger').map((s) => s.object)).toEqual(['public.m.lu']);
    expect(status(r, 'public.m_1.lu')).toBe('converted');
    expect(codes(r, 'public.m_1.lu')).toEqual(['pg_trigger_partition_clone']);
    expect(status(r, 'public.m_1.own')).toBe('manual');
  });
});

describe('what MySQL refuses at run time is caught when converting', () => {
  it('refuses recursion, a trigger writing its own table, and notes parameter defaults', () => {
    const r = convert(
      [
        fn('fact', 'BEGIN IF $1 <= 1 THEN RETURN 1; END IF; RETURN $1 * fact($1 - 1); END', { parameters: [{ mode: 'in', name: null, type: 'integer' }] }),
        fn('touch', "BEGIN UPDATE public.t1 SET name = 'x' WHERE id = NEW.id + 1; RETURN NEW; END", { returns: 'trigger' }),
        fn('d', 'BEGIN RETURN $1; END', { parameters: [{ mode: 'in', name: 'a', type: 'integer' }], definition: 'CREATE OR REPLACE FUNCTION public.d(a integer DEFAULT 1)\n RETURNS integer\n LANGUAGE plpgsql\nAS $function$BEGIN RETURN $1; END$function$' }),
      ],
      [trg('t', 't1', 'touch', { timing: 'after' })],
    );
    expect(status(r, 'public.fact')).toBe('manual');
    expect(r.actionItems.some((i) => i.object === 'public.fact' && /recursive call/.test(i.message))).toBe(true);
    expect(status(r, 'public.t1.t')).toBe('manual');
    expect(r.actionItems.some((i) => i.object === 'public.t1.t' && /error 1442/.test(i.message))).toBe(true);
    expect(codes(r, 'public.d')).toContain('pg_procedural_parameter_default');
    expect(status(r, 'public.d')).toBe('converted_with_actions');
  });
});

/**
 * The routine listing: construct scanning on MySQL and PL/pgSQL bodies, the comment block a
 * hostile body cannot escape, and the items and effort per routine. Pure: no server
 * (routines-comment.integration.test.ts runs the comment blocks on the real servers).
 */
import { describe, expect, it } from 'vitest';
import { ConversionContext } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import { commentOut } from '../../analyzer/convert/routines/comment-out.js';
import { emitRoutinesForManualWork } from '../../analyzer/convert/routines/manual-routines.js';
import { scanConstructs } from '../../analyzer/convert/routines/scan-constructs.js';
import type { DatabaseModel, Schema } from '../../analyzer/model/schema.js';

describe('scanConstructs', () => {
  it.each([
    ['mysql', 'BEGIN DECLARE c CURSOR FOR SELECT 1; DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1; END', ['cursor', 'handler']],
    ['mysql', "BEGIN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'x'; END", ['signal']],
    ['mysql', 'BEGIN SET @s = CONCAT(\'SELECT \', x); PREPARE st FROM @s; EXECUTE st; DEALLOCATE PREPARE st; END', ['dynamic_sql', 'user_variable']],
    ['mysql', 'BEGIN CREATE TEMPORARY TABLE t (a int); INSERT INTO t VALUES (LAST_INSERT_ID()); SELECT ROW_COUNT(); END', ['last_insert_id', 'row_count', 'temporary_table']],
    ['mysql', 'BEGIN START TRANSACTION; UPDATE t SET a = 1; COMMIT; END', ['transaction']],
    ['mysql', 'BEGIN l1: LOOP LEAVE l1; END LOOP; WHILE x DO SET x = 0; END WHILE; END', ['label', 'leave_iterate', 'loop']],
    ['mysql', 'BEGIN GET DIAGNOSTICS CONDITION 1 @m = MESSAGE_TEXT; END', ['user_variable', 'get_diagnostics']],
    ['mysql', 'BEGIN SELECT SUM(x) INTO total FROM t; END', ['select_into']],
    ['mysql', 'BEGIN DELETE FROM film_text WHERE film_id = old.film_id; END', ['trigger_row']],
    ['mysql', "BEGIN SELECT 'DECLARE c CURSOR FOR; PREPARE; @x' AS s; -- SIGNAL in a comment\nEND", []],
    ['postgres', "BEGIN RAISE EXCEPTION 'no %', x; END", ['raise']],
    ['postgres', 'BEGIN RETURN QUERY SELECT * FROM t; END', ['return_query']],
    ['postgres', "BEGIN EXECUTE format('SELECT %I', c) INTO v; EXCEPTION WHEN others THEN NULL; END", ['exception_block', 'dynamic_sql']],
    ['postgres', 'BEGIN NEW.last_update = now(); RETURN NEW; END', ['trigger_row']],
    ['postgres', 'BEGIN IF TG_OP = \'DELETE\' THEN RETURN OLD; END IF; END', ['trigger_variables']],
    ['postgres', 'BEGIN FOR r IN SELECT * FROM t LOOP PERFORM f(r.a); END LOOP; GET DIAGNOSTICS n = ROW_COUNT; END', ['perform', 'for_query_loop', 'get_diagnostics', 'loop']],
  ] as const)('%s: %s', (dialect, body, expected) => {
    expect(scanConstructs(body, dialect)).toEqual(expected);
  });
});

describe('commentOut', () => {
  const hostile = 'a */ b\r\nc\rd\ne\u2028DROP TABLE x;\u2029f\u0085g\vh\fi\0j';

  it('starts every line, whatever breaks it, with "-- "', () => {
    const out = commentOut(hostile);
    for (const line of out.split(/\r\n|[\r\n\u0085\u2028\u2029\v\f]/)) expect(line).toMatch(/^--( |$)/);
    expect(out).toContain('-- DROP TABLE x;');
    expect(out).not.toContain('\0');
  });
});

function model(dialect: 'mysql' | 'postgres', schema: Partial<Schema>): DatabaseModel {
  return {
    name: 'app',
    source: { dialect, flavor: dialect === 'mysql' ? 'mysql' : 'postgres', version: '8.0.36', versionNum: 80036 },
    schemas: [{ name: 'app', tables: [], views: [], routines: [], triggers: [], sequences: [], enums: [], domains: [], otherTypes: [], events: [], attrs: {}, ...schema }],
    extensions: [],
    settings: {},
    problems: [],
  };
}

describe('emitRoutinesForManualWork', () => {
  it('lists a MySQL procedure with size, constructs, items and a commented-out statement', () => {
    const body = `BEGIN\n  DECLARE c CURSOR FOR SELECT id FROM t;\n  PREPARE s FROM @q;\n  EXECUTE s;\n${'  SET x = x + 1;\n'.repeat(80)}END`;
    const m = model('mysql', {
      routines: [{ name: 'p*/x', kind: 'procedure', language: 'SQL', parameters: [{ mode: 'in', name: 'a', type: 'int' }], returns: null, body, attrs: { sql_data_access: 'MODIFIES SQL DATA' } }],
    });
    const ctx = new ConversionContext(m, 'postgresql', DEFAULT_OPTIONS);
    emitRoutinesForManualWork(ctx, m.schemas[0]!);
    const result = ctx.finish(false);
    expect(result.objects).toEqual([
      { type: 'procedure', name: 'app.p*/x', status: 'manual', lines: body.split('\n').length, chars: body.length, constructs: ['cursor', 'dynamic_sql', 'user_variable'] },
    ]);
    expect(result.actionItems.map((i) => i.code)).toEqual(['routine_not_converted', 'routine_size_medium', 'routine_construct_cursor', 'routine_construct_dynamic_sql', 'routine_construct_user_variable']);
    expect(result.actionItems[0]!.message).toContain('uses cursor, dynamic_sql, user_variable');
    // 2 h + 4 h learning, size band 1 h, cursor 1 h, dynamic SQL 2 h, user variable 0.5 h.
    expect(result.effort.hours).toBe(10.5);
    const [stmt] = result.statements;
    expect(stmt).toMatchObject({ phase: 'post-data', type: 'manual', object: 'app.p*/x' });
    expect(stmt!.sql.split('\n').every((l) => l.startsWith('--'))).toBe(true);
    expect(stmt!.sql).toContain('-- CREATE PROCEDURE `app`.`p*/x`(IN `a` int) MODIFIES SQL DATA SQL SECURITY DEFINER');
  });

  it('raises body_not_readable when the body is null', () => {
    const m = model('mysql', { routines: [{ name: 'f', kind: 'function', language: 'SQL', parameters: [], returns: 'int', body: null, attrs: {} }] });
    const ctx = new ConversionContext(m, 'postgresql', DEFAULT_OPTIONS);
    emitRoutinesForManualWork(ctx, m.schemas[0]!);
    const result = ctx.finish(false);
    expect(result.actionItems.map((i) => i.code)).toEqual(['body_not_readable', 'routine_not_converted']);
    expect(result.statements[0]!.sql).toContain('(source not readable)');
  });

  it('lists PostgreSQL triggers by table, with the shapes MySQL lacks, and events', () => {
    const m = model('postgres', {
      triggers: [
        { name: 'trg', table: 't1', timing: 'after', events: ['insert', 'update'], forEach: 'statement', body: null, definition: 'CREATE TRIGGER trg AFTER INSERT OR UPDATE ON app.t1 FOR EACH STATEMENT EXECUTE FUNCTION app.f()', attrs: {} },
        { name: 'trg', table: 't2', timing: 'before', events: ['truncate'], forEach: 'statement', body: null, definition: 'CREATE TRIGGER trg BEFORE TRUNCATE ON app.t2 FOR EACH STATEMENT EXECUTE FUNCTION app.f()', attrs: {} },
      ],
    });
    const ctx = new ConversionContext(m, 'mysql', DEFAULT_OPTIONS);
    emitRoutinesForManualWork(ctx, m.schemas[0]!);
    const result = ctx.finish(false);
    expect(result.objects.map((o) => [o.name, o.constructs])).toEqual([
      ['app.t1.trg', ['statement_trigger', 'multi_event_trigger']],
      ['app.t2.trg', ['statement_trigger', 'truncate_trigger']],
    ]);
  });
});

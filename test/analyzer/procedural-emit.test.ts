/**
 * The procedural step inside a MySQL → PostgreSQL conversion: every routine and trigger is
 * registered with a status (converted, converted with actions, manual), converted ones are
 * emitted as post-data statements with the target names the schema conversion chose, manual
 * ones are handed back for the commented-out listing, and trigger order is flagged.
 */
import { describe, expect, it } from 'vitest';
import { ConversionContext } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import { convertSchema } from '../../analyzer/convert/mysql-to-postgres/schema.js';
import { emitMysqlProceduralCode } from '../../analyzer/convert/procedural/emit.js';
import { emitRoutinesForManualWork } from '../../analyzer/convert/routines/manual-routines.js';
import { parseMysqlType } from '../../analyzer/dialects/mysql/parse-type.js';
import { emptySchema, type Column, type DatabaseModel, type Routine, type Trigger } from '../../analyzer/model/schema.js';

const column = (name: string, type: string): Column => ({ name, type: parseMysqlType(type), nullable: true, default: null });

const routine = (name: string, kind: Routine['kind'], body: string, returns: string | null = null): Routine => ({ name, kind, language: 'SQL', parameters: [], returns, body, attrs: {} });

const trigger = (name: string, order: number): Trigger => ({ name, table: 'Items', timing: 'before', events: ['insert'], forEach: 'row', body: 'SET NEW.Flag = 1', order, attrs: {} });

function model(): DatabaseModel {
  return {
    name: 'Shop',
    source: { dialect: 'mysql', flavor: 'mariadb', version: '10.11.6', versionNum: 101106 },
    schemas: [
      emptySchema('Shop', {
        tables: [{ name: 'Items', kind: 'table', columns: [column('Id', 'int(11)'), column('Flag', 'tinyint(1)')], uniques: [], foreignKeys: [], checks: [], indexes: [], otherConstraints: [], attrs: {} }],
        routines: [
          routine('CountFlagged', 'function', 'RETURN (SELECT COUNT(*) FROM Items WHERE Flag = 1)', 'int(11)'),
          routine('ListItems', 'procedure', 'SELECT Id FROM Items'),
          routine('Dyn', 'procedure', "BEGIN PREPARE s FROM 'SELECT ?'; EXECUTE s USING @a; END"),
        ],
        triggers: [trigger('z_first', 1), trigger('a_second', 2)],
      }),
    ],
    extensions: [],
    settings: {},
    problems: [],
  };
}

describe('emitMysqlProceduralCode', () => {
  const m = model();
  const ctx = new ConversionContext(m, 'postgresql', DEFAULT_OPTIONS);
  const state = convertSchema(ctx, { ...m.schemas[0]!, routines: [], triggers: [] });
  const left = emitMysqlProceduralCode({ ...state, source: m.schemas[0]! });
  emitRoutinesForManualWork(ctx, { ...left, events: [] });
  const result = ctx.finish(false);
  const status = (name: string): string | undefined => result.objects.find((o) => o.name === name)?.status;

  it('gives every routine and trigger a status', () => {
    expect(status('Shop.CountFlagged')).toBe('converted');
    expect(status('Shop.ListItems')).toBe('converted_with_actions');
    expect(status('Shop.Dyn')).toBe('manual');
    expect(status('Shop.Items.z_first')).toBe('converted_with_actions');
    expect(result.objects.find((o) => o.name === 'Shop.CountFlagged')?.target).toBe('shop.countflagged');
  });

  it('emits converted code with the target names and hands back the manual ones', () => {
    const types = ctx.statements.filter((s) => s.type !== 'manual' && s.object.startsWith('Shop.')).map((s) => s.type);
    expect(types).toEqual(expect.arrayContaining(['create_function', 'create_procedure', 'create_trigger']));
    const fn = ctx.statements.find((s) => s.object === 'Shop.CountFlagged')!.sql;
    expect(fn).toContain('CREATE OR REPLACE FUNCTION "shop"."countflagged"() RETURNS integer');
    expect(fn).toContain('FROM "items" WHERE Flag = TRUE');
    expect(left.routines.map((r) => r.name)).toEqual(['Dyn']);
    expect(left.triggers).toEqual([]);
    expect(ctx.statements.some((s) => s.type === 'manual' && s.object === 'Shop.Dyn')).toBe(true);
  });

  it('raises the dynamic SQL item with its SCT number and the trigger order warning', () => {
    expect(result.actionItems.find((i) => i.object === 'Shop.Dyn' && i.code === 'procedural_dynamic_sql')?.sct).toBe(8672);
    expect(result.actionItems.filter((i) => i.code === 'procedural_trigger_order').map((i) => i.object).sort()).toEqual(['Shop.Items.a_second', 'Shop.Items.z_first']);
  });
});

/**
 * Views by shape (parse-view.ts): views that differ only in names are parsed once and each
 * gets the shared AST with its own names. The translation must be exactly what parsing each
 * view on its own gives, whatever the names hold (quotes, keywords, spaces), and a shape the
 * grammar reads differently once names are placeholders (a type name in CAST) must fall back
 * to parsing each view. Pure: no server. The expected texts are what the translator printed
 * for each view parsed on its own (before the shape cache existed).
 */
import { describe, expect, it } from 'vitest';
import { translateViewSql } from '../../analyzer/convert/views/translate-view.js';
import type { SourceDialect } from '../../analyzer/model/schema.js';

function translate(from: SourceDialect, sql: string): string {
  const r = translateViewSql({
    from,
    to: from === 'mysql' ? 'postgres' : 'mysql',
    sql,
    defaultSchema: 'app',
    resolveRelation: (schema, name) => ({ schema: schema ?? 'app', name }),
    columnName: (c) => c,
  });
  return r.ok ? r.sql : `FAIL ${r.reason}`;
}

const NON_ZERO = (alias: string): string => `(CAST("${alias}"."c_flag" AS text) !~ '^(-?0*(\\.0*)?|false)$')`;

describe('MySQL views of one shape', () => {
  const view = (table: string, alias: string): string =>
    `select \`${alias}\`.\`id\` AS \`id\`,\`${alias}\`.\`c_name\` AS \`c_name\` from (\`app\`.\`${table}\` \`${alias}\` left join \`app\`.\`t_2\` \`p\` on(\`p\`.\`id\` = \`${alias}\`.\`parent_id\`)) where \`${alias}\`.\`c_flag\` <> 0`;
  const expected = (table: string, alias: string): string =>
    `SELECT "${alias}"."id" AS "id", "${alias}"."c_name" AS "c_name" FROM "app"."${table}" AS "${alias}" LEFT JOIN "app"."t_2" AS "p" ON ("p"."id" = "${alias}"."parent_id") WHERE ${NON_ZERO(alias)}`;

  // In order: the first view introduces the shape, the second verifies it, the rest reuse it.
  it.each([
    ['t_1', 't', 't_1', 't'],
    ['t_2', 'u', 't_2', 'u'],
    ['We``ird', 'select', 'We`ird', 'select'],
    ["q'x", 'a b', "q'x", 'a b'],
    ['t_3', 'from', 't_3', 'from'],
  ])('%s %s', (table, alias, targetTable, targetAlias) => {
    expect(translate('mysql', view(table, alias))).toBe(expected(targetTable, targetAlias));
  });
});

describe('PostgreSQL views of one shape', () => {
  const view = (table: string): string => `SELECT t.id,\n    md5(t.c_name) AS h\n   FROM ${table} t\n     LEFT JOIN t_00009 p ON p.id = t.parent_id\n  WHERE t.c_flag`;
  const expected = (table: string): string =>
    `SELECT \`t\`.\`id\`, md5(\`t\`.\`c_name\`) AS \`h\` FROM \`app\`.\`${table}\` AS \`t\` LEFT JOIN \`app\`.\`t_00009\` AS \`p\` ON (\`p\`.\`id\` = \`t\`.\`parent_id\`) WHERE \`t\`.\`c_flag\``;

  it.each(['t_00010', 't_00011', 'x2', 'at1', 't_00012'])('%s', (table) => {
    expect(translate('postgres', view(table))).toBe(expected(table));
  });

  it('a type name in CAST is not taken for a name: each view is parsed on its own', () => {
    const cast = (type: string): string => `SELECT CAST(t.x AS ${type}) AS v\n   FROM t1 t`;
    expect(translate('postgres', cast('int4'))).toBe('SELECT CAST(`t`.`x` AS SIGNED) AS `v` FROM `app`.`t1` AS `t`');
    expect(translate('postgres', cast('int8'))).toBe('SELECT CAST(`t`.`x` AS SIGNED) AS `v` FROM `app`.`t1` AS `t`');
    expect(translate('postgres', cast('float4'))).toBe('FAIL a cast to float has no equivalent of the same meaning on MySQL');
  });

  it('casts after :: keep their type', () => {
    const cast = (type: string): string => `SELECT (t.x)::${type} AS v\n   FROM t1 t`;
    expect(translate('postgres', cast('int4'))).toBe('SELECT CAST(`t`.`x` AS SIGNED) AS `v` FROM `app`.`t1` AS `t`');
    expect(translate('postgres', cast('int8'))).toBe('SELECT CAST(`t`.`x` AS SIGNED) AS `v` FROM `app`.`t1` AS `t`');
    expect(translate('postgres', cast('float4'))).toBe('FAIL a cast to float has no equivalent of the same meaning on MySQL');
  });
});

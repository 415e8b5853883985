/** Pure logic of a conversion's bookkeeping: status roll-up, summary, effort, ordering, mapping rules, output files. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_CODES } from '../../analyzer/convert/codes/catalog.js';
import { ConversionContext, effortBucket, orderStatements } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS, mappedType, readMappingFile, wildcard } from '../../analyzer/convert/options.js';
import { commentText, mysqlScriptStatement, renderScript, safeFileStem, writeConversion } from '../../analyzer/convert/write-output.js';
import type { DatabaseModel } from '../../analyzer/model/schema.js';

const model: DatabaseModel = {
  name: 'shop',
  source: { dialect: 'mysql', flavor: 'mariadb', version: '10.11.6-MariaDB', versionNum: 101106 },
  schemas: [],
  extensions: [],
  settings: {},
  problems: [],
};

describe('ConversionContext', () => {
  it('rolls items up to their owner: critical → manual, warning → with actions, info → converted', () => {
    const ctx = new ConversionContext(model, 'postgresql', DEFAULT_OPTIONS);
    for (const t of ['shop.a', 'shop.b', 'shop.c', 'shop.d']) ctx.object('table', t);
    ctx.raise({ code: 'unknown_data_type', object: 'shop.a.x', objectType: 'column', owner: { type: 'table', name: 'shop.a' }, message: 'x' });
    ctx.raise({ code: 'unknown_index_method', object: 'shop.b.i', objectType: 'index', owner: { type: 'table', name: 'shop.b' }, message: 'i' });
    ctx.raise({ code: 'identifier_renamed', object: 'shop.c', objectType: 'table', message: 'c' });
    ctx.manual('view', 'shop.v');
    const r = ctx.finish(false);
    const status = Object.fromEntries(r.objects.map((o) => [o.name, o.status]));
    expect(status).toEqual({ 'shop.a': 'manual', 'shop.b': 'converted_with_actions', 'shop.c': 'converted', 'shop.d': 'converted', 'shop.v': 'manual' });
    expect(r.summary).toEqual([
      { type: 'table', total: 4, converted: 2, convertedWithActions: 1, manual: 1 },
      { type: 'view', total: 1, converted: 0, convertedWithActions: 0, manual: 1 },
    ]);
    expect(r.actionItems[0]).toMatchObject({ code: 'unknown_data_type', sct: 8706, severity: 'critical', object: 'shop.a.x' });
  });

  it('counts each code once for learning and every occurrence for work', () => {
    const ctx = new ConversionContext(model, 'postgresql', DEFAULT_OPTIONS);
    for (let i = 0; i < 3; i++) ctx.raise({ code: 'unknown_data_type', object: `shop.t.c${i}`, objectType: 'column', owner: { type: 'table', name: 'shop.t' }, message: 'm' });
    const code = ACTION_CODES.get('unknown_data_type')!;
    expect(ctx.finish(false).effort.hours).toBe(3 * code.effortHours + (code.learningHours ?? 0));
  });

  it('refuses a code that is not in the catalog', () => {
    const ctx = new ConversionContext(model, 'postgresql', DEFAULT_OPTIONS);
    expect(() => ctx.raise({ code: 'no_such_code', object: 'x', objectType: 'table', message: 'm' })).toThrow(/unknown action code/);
  });

  it.each([
    [0, 'simple'],
    [1.99, 'simple'],
    [2, 'medium'],
    [6, 'medium'],
    [6.5, 'significant'],
  ] as const)('effort %s h is %s', (hours, bucket) => expect(effortBucket(hours)).toBe(bucket));

  it('orders statements by phase, then kind, keeping emission order within a kind', () => {
    const s = (phase: 'pre-data' | 'post-data', type: Parameters<typeof orderStatements>[0][number]['type'], object: string) => ({ phase, type, object, sql: `-- ${object}` });
    const ordered = orderStatements([s('post-data', 'create_view', 'v2'), s('post-data', 'add_foreign_key', 'fk'), s('pre-data', 'create_table', 't'), s('post-data', 'create_view', 'v1'), s('pre-data', 'create_type', 'e')]);
    expect(ordered.map((x) => x.object)).toEqual(['e', 't', 'fk', 'v2', 'v1']);
  });
});

describe('catalog', () => {
  it('has unique snake_case codes, each with a recommendation and a non-negative effort', () => {
    expect(ACTION_CODES.size).toBeGreaterThan(5);
    for (const c of ACTION_CODES.values()) {
      expect(c.code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(c.recommendation.length).toBeGreaterThan(10);
      expect(c.effortHours).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('mapping file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scout-mapping-'));

  it('reads rules by column and by type; the column rule wins', () => {
    const file = path.join(dir, 'ok.yaml');
    writeFileSync(file, 'tinyint1: smallint\ntypes:\n  - match: "int(*) unsigned"\n    to: integer\ncolumns:\n  - column: "shop.orders.*_id"\n    to: bigint\n');
    const o = readMappingFile(file);
    expect(o.tinyint1As).toBe('smallint');
    expect(mappedType(o, 'shop.orders.user_id', 'int(10) unsigned')).toEqual({ to: 'bigint', rule: 'column shop.orders.*_id' });
    expect(mappedType(o, 'shop.users.id', 'INT(10) UNSIGNED')).toEqual({ to: 'integer', rule: 'type int(*) unsigned' });
    expect(mappedType(o, 'shop.users.name', 'varchar(10)')).toBeNull();
  });

  it('names the file and the field on a bad value', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'enum: sometimes\ntypes:\n  - match: x\n');
    expect(() => readMappingFile(file)).toThrow(/bad\.yaml: enum: .*types\.0\.to/s);
  });

  it('wildcards match literally apart from *', () => {
    expect(wildcard('a.b(1)').test('a.b(1)')).toBe(true);
    expect(wildcard('a.b(1)').test('axb(1)')).toBe(false);
    expect(wildcard('*').test('anything at all')).toBe(true);
  });
});

describe('output files', () => {
  it('makes safe file names and comment text from hostile names', () => {
    expect(safeFileStem('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeFileStem('..')).toBe('_..');
    expect(safeFileStem('Café; DROP')).toBe('Caf___DROP');
    expect(commentText('a\nDROP TABLE x;\r\u2028b')).toBe('a DROP TABLE x;  b');
  });

  it('writes the two scripts and the assessment', () => {
    const ctx = new ConversionContext({ ...model, name: 'sh\nop' }, 'postgresql', DEFAULT_OPTIONS);
    ctx.emit({ phase: 'pre-data', type: 'create_table', object: 'shop.t', sql: 'CREATE TABLE "shop"."t" ("id" integer);' });
    ctx.emit({ phase: 'post-data', type: 'create_index', object: 'shop.t.i', sql: 'CREATE INDEX "i" ON "shop"."t" ("id");' });
    const out = mkdtempSync(path.join(os.tmpdir(), 'scout-out-'));
    const files = writeConversion(ctx.finish(false), out, '0.0.0', new Date('2026-01-01T00:00:00Z'));
    const pre = readFileSync(files.preData, 'utf8');
    expect(path.basename(files.preData)).toBe('sh_op.postgresql.pre-data.sql');
    expect(pre).toContain('-- scout convert: pre-data for sh op (mariadb 10.11.6-MariaDB) to postgresql');
    expect(pre).toContain('CREATE TABLE "shop"."t"');
    expect(pre).not.toContain('CREATE INDEX');
    expect(readFileSync(files.postData, 'utf8')).toContain('CREATE INDEX');
    const json = JSON.parse(readFileSync(files.assessment, 'utf8')) as { format: string; statements: unknown[] };
    expect(json.format).toBe('scout-assessment');
    expect(json.statements).toHaveLength(2);
    expect(renderScript(ctx.finish(false), 'post-data', 'x')).toContain('SET standard_conforming_strings = on;');
  });
});

describe('MySQL scripts', () => {
  it('wraps compound statements in DELIMITER lines with a delimiter the body does not hold', () => {
    const body = 'CREATE TRIGGER `t` BEFORE INSERT ON `d`.`x` FOR EACH ROW BEGIN SET NEW.a = \'$$\'; END';
    const out = mysqlScriptStatement({ phase: 'post-data', type: 'create_trigger', object: 'd.x.t', sql: body });
    expect(out).toBe(`DELIMITER //\n${body}//\nDELIMITER ;`);
    const plain = 'CREATE INDEX `i` ON `d`.`x` (`a`);';
    expect(mysqlScriptStatement({ phase: 'post-data', type: 'create_index', object: 'i', sql: plain })).toBe(plain);
  });
});

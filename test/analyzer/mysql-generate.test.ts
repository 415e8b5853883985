/** Pure tests of the MySQL generator's pieces: quoting, type names, column definitions, tables, keys. */
import { describe, expect, it } from 'vitest';
import type { DataType } from '../../analyzer/model/data-types.js';
import { emptySchema, type Column, type DatabaseModel, type Schema, type Table, type View } from '../../analyzer/model/schema.js';
import { ConversionContext } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import { mysqlColumnDefinition, mysqlDefault } from '../../analyzer/dialects/mysql/generate-column.js';
import { mysqlAddCheck, mysqlAddForeignKey, mysqlCreateIndex } from '../../analyzer/dialects/mysql/generate-keys.js';
import { mysqlCreateTable } from '../../analyzer/dialects/mysql/generate-table.js';
import { generateMysqlDdl, mysqlCreateView } from '../../analyzer/dialects/mysql/generate-ddl.js';
import { quoteMysqlIdent, quoteMysqlString } from '../../analyzer/dialects/mysql/quote.js';
import { mysqlTypeName } from '../../analyzer/dialects/mysql/type-names.js';

const ty = (kind: DataType['kind'], extra: Partial<DataType> = {}): DataType => ({ kind, raw: kind, ...extra });
const col = (name: string, type: DataType, extra: Partial<Column> = {}): Column => ({ name, type, nullable: true, default: null, ...extra });

describe('quoting', () => {
  it.each([
    ['a', '`a`'],
    ['we`ird', '`we``ird`'],
    ['x"; DROP --*/', '`x"; DROP --*/`'],
  ])('identifier %s', (name, quoted) => expect(quoteMysqlIdent(name)).toBe(quoted));
  it.each([
    ["it's", "'it''s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['nul\0', "'nul\\0'"],
  ])('string %s', (value, quoted) => expect(quoteMysqlString(value)).toBe(quoted));
});

describe('mysqlTypeName', () => {
  it.each([
    [ty('int32', { unsigned: true, displayWidth: 10 }), 'int(10) unsigned'],
    [ty('int16', { unsigned: true, zerofill: true, displayWidth: 5 }), 'smallint(5) unsigned zerofill'],
    [ty('bool'), 'tinyint(1)'],
    [ty('decimal', { precision: 10, scale: 2 }), 'decimal(10,2)'],
    [ty('float64', { precision: 8, scale: 3 }), 'double(8,3)'],
    [ty('text', { size: 'medium' }), 'mediumtext'],
    [ty('blob', { size: 'long' }), 'longblob'],
    [ty('timestamp', { precision: 6 }), 'datetime(6)'],
    [ty('timestamptz'), 'timestamp'],
    [ty('enum', { values: ['a', "b'c"] }), "enum('a','b''c')"],
    [ty('set', { values: ['x'] }), "set('x')"],
    [ty('bit', { length: 4 }), 'bit(4)'],
    [ty('geometry', { subtype: 'polygon' }), 'polygon'],
    [{ kind: 'uuid', raw: 'uuid' } as DataType, 'uuid'],
  ])('%j → %s', (type, text) => expect(mysqlTypeName(type)).toBe(text));
});

describe('column definitions', () => {
  it('prints defaults MySQL accepts for the type', () => {
    expect(mysqlDefault({ kind: 'string', value: 'x' }, ty('varchar', { length: 5 }))).toBe("'x'");
    expect(mysqlDefault({ kind: 'string', value: 'x' }, ty('text'))).toBe("('x')");
    expect(mysqlDefault({ kind: 'current_timestamp' }, ty('timestamp', { precision: 3 }))).toBe('CURRENT_TIMESTAMP(3)');
    expect(mysqlDefault({ kind: 'current_date' }, ty('date'))).toBe('(CURRENT_DATE)');
    expect(mysqlDefault({ kind: 'uuid' }, ty('char', { length: 36 }))).toBe('(uuid())');
    expect(mysqlDefault({ kind: 'bit', bits: '01' }, ty('bit', { length: 2 }))).toBe("b'01'");
    expect(mysqlDefault({ kind: 'sequence', sequence: { schema: 'a', name: 'b' } }, ty('int32'))).toBeNull();
  });

  it('prints the whole column', () => {
    expect(mysqlColumnDefinition(col('id', ty('int64'), { nullable: false, identity: { kind: 'auto_increment' } }))).toBe('`id` bigint NOT NULL AUTO_INCREMENT');
    expect(mysqlColumnDefinition(col('n', ty('varchar', { length: 10 }), { charset: 'latin1', collation: 'latin1_bin', comment: "it's" }))).toBe("`n` varchar(10) CHARACTER SET latin1 COLLATE `latin1_bin` NULL COMMENT 'it''s'");
    expect(mysqlColumnDefinition(col('t', ty('timestamptz'), { nullable: false, default: { kind: 'current_timestamp' }, onUpdateCurrentTimestamp: {} }))).toBe('`t` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP');
    expect(mysqlColumnDefinition(col('g', ty('int32'), { generated: { expression: '`a` + 1', stored: false }, nullable: false }))).toBe('`g` int GENERATED ALWAYS AS (`a` + 1) VIRTUAL NOT NULL');
  });
});

describe('tables and keys', () => {
  const table: Table = {
    name: 'o`rders',
    kind: 'table',
    columns: [col('a', ty('int32'), { nullable: false }), col('id', ty('int32'), { nullable: false, identity: { kind: 'auto_increment', next: '42' } })],
    primaryKey: { name: 'PRIMARY', columns: ['a', 'id'] },
    uniques: [],
    foreignKeys: [],
    checks: [],
    indexes: [{ name: 'by_id', unique: false, method: 'btree', rawMethod: 'BTREE', parts: [{ column: 'id' }] }],
    otherConstraints: [],
    comment: 'c */',
    attrs: { engine: 'InnoDB', collation: 'utf8mb4_bin' },
  };

  it('creates the key an AUTO_INCREMENT column needs with the table', () => {
    expect(mysqlCreateTable('db', table)).toBe(
      'CREATE TABLE `db`.`o``rders` (\n  `a` int NOT NULL,\n  `id` int NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`a`, `id`),\n  KEY `by_id` (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin AUTO_INCREMENT=42 COMMENT=\'c */\';',
    );
  });

  it('prints indexes, checks and foreign keys', () => {
    expect(mysqlCreateIndex('db', 't', { name: 'i', unique: true, method: 'btree', rawMethod: 'BTREE', parts: [{ column: 'a', prefixLength: 10, descending: true }, { column: null, expression: '`b` + 1' }] }, false)).toBe(
      'CREATE UNIQUE INDEX `i` ON `db`.`t` (`a`(10) DESC, ((`b` + 1)));',
    );
    const hidden = { name: 'h', unique: false, method: 'btree' as const, rawMethod: 'BTREE', parts: [{ column: 'a' }], attrs: { visible: 'NO' } };
    expect(mysqlCreateIndex('db', 't', hidden, false)).toMatch(/ INVISIBLE;$/);
    expect(mysqlCreateIndex('db', 't', hidden, true)).toMatch(/ IGNORED;$/);
    expect(mysqlCreateIndex('db', 't', { name: 'f', unique: false, method: 'fulltext', rawMethod: 'FULLTEXT', parts: [{ column: 'b' }] }, false)).toBe('CREATE FULLTEXT INDEX `f` ON `db`.`t` (`b`);');
    expect(mysqlAddCheck('db', 't', { name: 'c', expression: '`a` > 0', notEnforced: true }, false)).toBe('ALTER TABLE `db`.`t` ADD CONSTRAINT `c` CHECK (`a` > 0) NOT ENFORCED;');
    expect(mysqlAddCheck('db', 't', { name: 'c', expression: '`a` > 0', notEnforced: true }, true)).toBe('ALTER TABLE `db`.`t` ADD CONSTRAINT `c` CHECK (`a` > 0);');
    expect(mysqlAddForeignKey('db', 't', { name: 'fk', columns: ['a'], ref: { schema: 'd2', table: 'p', columns: ['id'] }, onDelete: 'cascade', onUpdate: 'no action' })).toBe(
      'ALTER TABLE `db`.`t` ADD CONSTRAINT `fk` FOREIGN KEY (`a`) REFERENCES `d2`.`p` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION;',
    );
  });

  it('prints views without their definer', () => {
    expect(mysqlCreateView('db', { name: 'v', definition: 'select 1 AS `x`;', materialized: false, checkOption: 'CASCADED', attrs: { algorithm: 'MERGE', security_type: 'INVOKER', definer: 'root@%' } })).toBe(
      'CREATE OR REPLACE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `db`.`v` AS select 1 AS `x` WITH CASCADED CHECK OPTION;',
    );
  });

  it('creates a view after the views it reads', () => {
    const view = (name: string, definition: string): View => ({ name, definition, materialized: false, attrs: {} });
    const schema: Schema = emptySchema('db', { views: [view('current', 'select `l`.`a` AS `a` from `db`.`latest` `l`'), view('latest', 'select 1 AS `a`')] });
    const model: DatabaseModel = { name: 'db', source: { dialect: 'mysql', flavor: 'mariadb', version: '10.11.6', versionNum: 101106 }, schemas: [schema], extensions: [], settings: {}, problems: [] };
    const ctx = new ConversionContext(model, 'mysql', DEFAULT_OPTIONS);
    generateMysqlDdl(model, ctx);
    const views = ctx.finish(true).statements.filter((x) => x.type === 'create_view').map((x) => x.object);
    expect(views).toEqual(['db.latest', 'db.current']);
  });
});

/**
 * The MySQL generator on a model exactly as mysqlFromCatalog produces it: a MySQL schema
 * written for the test is loaded, collected, printed by generateMysqlDdl into a fresh
 * database, collected again, and the two models compared (the same-engine round trip).
 * Ran against MariaDB 10.11.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversionContext } from '../../analyzer/convert/context.js';
import { DEFAULT_OPTIONS } from '../../analyzer/convert/options.js';
import { generateMysqlDdl } from '../../analyzer/dialects/mysql/generate-ddl.js';
import type { DatabaseModel, Table } from '../../analyzer/model/schema.js';
import { applyStatements, collectModel, createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';

const SOURCE = uniqueName('scout_h2_gs');
const TARGET = uniqueName('scout_h2_gt');
const HOSTILE = 'Tab`le "x"; --*/ ü';

const SCHEMA_SQL = `
CREATE TABLE parent (
  id int(10) unsigned NOT NULL AUTO_INCREMENT,
  code char(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  flag tinyint(1) NOT NULL DEFAULT 1,
  qty smallint(5) unsigned zerofill DEFAULT NULL,
  price decimal(10,2) NOT NULL DEFAULT '0.00',
  ratio double DEFAULT NULL,
  kind enum('a','it''s','b\\\\c') NOT NULL DEFAULT 'a',
  tags set('x','y') DEFAULT 'x,y',
  body mediumtext,
  raw_bytes varbinary(16) DEFAULT NULL,
  born date DEFAULT '2000-01-01',
  created datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  yr year DEFAULT NULL,
  doc json DEFAULT NULL,
  bits bit(4) DEFAULT b'0101',
  total decimal(12,2) GENERATED ALWAYS AS (price * 2) STORED,
  PRIMARY KEY (id),
  UNIQUE KEY parent_code (code),
  KEY parent_body (body(20)),
  FULLTEXT KEY parent_ft (body),
  CONSTRAINT parent_price CHECK (price >= 0)
) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='parent ''table''';
CREATE TABLE \`${HOSTILE.replaceAll('`', '``')}\` (
  \`col "q" \`\` ;\` int NOT NULL,
  parent_id int(10) unsigned DEFAULT NULL,
  note varchar(100) DEFAULT 'it''s \\\\ here' COMMENT 'a */ comment',
  PRIMARY KEY (\`col "q" \`\` ;\`),
  KEY parent_ref (parent_id),
  CONSTRAINT hostile_fk FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE SET NULL ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE legacy (id int NOT NULL, PRIMARY KEY (id)) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE by_day (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id, d))
  PARTITION BY RANGE COLUMNS(d) (PARTITION p2020 VALUES LESS THAN ('2021-01-01'), PARTITION pmax VALUES LESS THAN (MAXVALUE));
CREATE TABLE by_range (id int NOT NULL PRIMARY KEY) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);
CREATE TABLE by_list (id int NOT NULL PRIMARY KEY) PARTITION BY LIST (id) (PARTITION a VALUES IN (1,2), PARTITION b VALUES IN (3));
CREATE TABLE hashed (id int NOT NULL PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 3;
CREATE VIEW parent_view AS SELECT id, code FROM parent WHERE flag = 1;
`;

let source: DatabaseModel;
let target: DatabaseModel;
let applyError: string | null = null;

/** The model as it would be in another database: the schema, FK references and view texts renamed. */
function moveTo(model: DatabaseModel, from: string, to: string): DatabaseModel {
  const copy = structuredClone(model);
  for (const schema of copy.schemas) {
    if (schema.name === from) schema.name = to;
    for (const t of schema.tables) for (const fk of t.foreignKeys) if (fk.ref.schema === from) fk.ref.schema = to;
    for (const v of schema.views) v.definition = v.definition.replaceAll(`\`${from}\`.`, `\`${to}\`.`);
  }
  return copy;
}

/** The parts of a table the round trip must keep. */
function shape(t: Table): unknown {
  return {
    name: t.name,
    kind: t.kind,
    partitioning: t.partitioning,
    columns: t.columns.map((c) => ({ ...c, type: { ...c.type, raw: c.type.raw.toLowerCase() } })),
    primaryKey: t.primaryKey,
    indexes: [...t.indexes].sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, ref: { ...fk.ref, schema: fk.ref.schema === SOURCE ? TARGET : fk.ref.schema } })),
    checks: t.checks,
    comment: t.comment,
    attrs: { engine: t.attrs['engine'], collation: t.attrs['collation'] },
  };
}

beforeAll(async () => {
  await createDatabase('mysql', SOURCE);
  await runSql('mysql', SOURCE, SCHEMA_SQL);
  source = await collectModel('mysql', SOURCE);
  const moved = moveTo(source, SOURCE, TARGET);
  const ctx = new ConversionContext(moved, 'mysql', DEFAULT_OPTIONS);
  generateMysqlDdl(moved, ctx);
  const result = await applyStatements('mysql', null, ctx.finish(true).statements);
  if (result.error) applyError = `${result.error.message}\n${result.error.sql}`;
  target = await collectModel('mysql', TARGET);
}, 240_000);

afterAll(async () => {
  await dropDatabase('mysql', SOURCE);
  await dropDatabase('mysql', TARGET);
});

describe('generateMysqlDdl: MySQL → model → MySQL', () => {
  it('applies without error', () => {
    expect(applyError).toBeNull();
  });

  it('keeps every table as it was', () => {
    const before = source.schemas[0]!.tables.map(shape);
    const after = target.schemas[0]!.tables.map(shape);
    expect(before).toHaveLength(7);
    expect(source.schemas[0]!.tables.map((t) => t.name)).toContain(HOSTILE);
    expect(after).toEqual(before);
  });

  it('keeps the view', () => {
    expect(target.schemas[0]!.views.map((v) => v.name)).toEqual(['parent_view']);
  });
});

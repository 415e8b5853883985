/**
 * Same engine on the real servers (ran against MariaDB 10.11 and PostgreSQL 15): a schema
 * (the collector fixtures plus the cases below) is collected, assessed and regenerated for
 * the same engine, applied to a fresh database, collected back and compared object by
 * object (tables, columns with types, PKs, unique keys, indexes, FKs, checks, views), with
 * routines and triggers by name. This round trip checks the model and both generators.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertDatabase } from '../../analyzer/convert/convert.js';
import type { ConversionResult } from '../../analyzer/convert/result.js';
import type { DatabaseModel } from '../../analyzer/model/schema.js';
import { compareModels, formatComparison, lostObjects } from '../corpus/compare-models.js';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { MYSQL, PG, collectModel, createDatabase, dropDatabase, runSql, uniqueName } from '../helpers/db-roundtrip.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const fixture = (engine: string): string => readFileSync(path.join(HERE, `../fixtures/db/${engine}/fixture.sql`), 'utf8');

/** Cases of the Aurora MySQL assessment: a zero date default, MySQL 8.0 reserved words, COMPRESSED, a view and a routine. */
const MYSQL_EXTRA = `
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
CREATE TABLE legacy_dates (
  id INT NOT NULL PRIMARY KEY,
  \`rank\` INT NULL,
  posted DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
  title VARCHAR(40) NOT NULL DEFAULT 'x',
  UNIQUE KEY uq_title (title)
) ENGINE=InnoDB ROW_FORMAT=COMPRESSED;
CREATE TABLE \`window\` (\`of\` INT NOT NULL PRIMARY KEY, ref INT NULL, CONSTRAINT fk_w FOREIGN KEY (ref) REFERENCES legacy_dates (id)) ENGINE=Aria;
CREATE VIEW dated AS SELECT id, IF(\`rank\` > 1, 'high', 'low') AS lvl, CONCAT(title, '!') AS t FROM legacy_dates;
`;

const PG_EXTRA = `
CREATE UNLOGGED TABLE app.scratch (id integer PRIMARY KEY, blob_ref oid);
`;

const blocks = (sql: string): string[] => sql.split(/^-- @block$/m).slice(1);

interface RoundTrip {
  source: DatabaseModel;
  target: DatabaseModel;
  result: ConversionResult;
  /** Every statement that failed (all are tried, so the comparison shows what else holds). */
  errors: string[];
}

/** Applies every statement, one at a time, and returns the failures with their statement. */
async function applyAll(engine: 'mysql' | 'postgres', database: string | null, statements: readonly { sql: string }[]): Promise<string[]> {
  const errors: string[] = [];
  const run = async (exec: (sql: string) => Promise<unknown>): Promise<void> => {
    for (const s of statements) {
      try {
        await exec(s.sql);
      } catch (err) {
        errors.push(`${(err as Error).message}\n${s.sql}`);
      }
    }
  };
  if (engine === 'mysql') {
    const c = await mysql.createConnection({ ...MYSQL, charset: 'utf8mb4' });
    try {
      await run((sql) => c.query(sql));
    } finally {
      await c.end();
    }
  } else {
    const c = new pg.Client({ ...PG, database: database ?? 'postgres' });
    await c.connect();
    try {
      await run((sql) => c.query(sql));
    } finally {
      await c.end();
    }
  }
  return errors;
}

async function roundTripMysql(db: string): Promise<RoundTrip> {
  await createDatabase('mysql', db);
  for (const block of blocks(fixture('mysql'))) await runSql('mysql', db, block);
  await runSql('mysql', db, MYSQL_EXTRA);
  const source = await collectModel('mysql', db);
  const result = convertDatabase(source, 'mysql');
  // The DDL recreates the database under its own name: the source makes room first.
  await dropDatabase('mysql', db);
  const errors = await applyAll('mysql', null, result.statements);
  const target = await collectModel('mysql', db);
  return { source, target, result, errors };
}

async function roundTripPostgres(db: string, copy: string): Promise<RoundTrip> {
  await createDatabase('postgres', db);
  await runSql('postgres', db, fixture('postgres'));
  await runSql('postgres', db, PG_EXTRA);
  const source = await collectModel('postgres', db);
  const result = convertDatabase(source, 'postgresql');
  await createDatabase('postgres', copy);
  const errors = await applyAll('postgres', copy, result.statements);
  const target = await collectModel('postgres', copy);
  return { source, target: { ...target, name: source.name }, result, errors };
}

/** Applied without an error, and every object of the source is on the target (routines and triggers by name). */
function expectSameObjects(rt: RoundTrip): void {
  const cmp = compareModels({
    source: rt.source,
    target: rt.target,
    schemaMap: {},
    naming: { fold: 'none', maxBytes: 0 },
    renames: rt.result.renames,
    actionItems: rt.result.actionItems,
    objects: rt.result.objects,
  });
  const names = (m: DatabaseModel, kind: 'routines' | 'triggers'): string[] => m.schemas.flatMap((s) => s[kind].map((o) => `${s.name}.${o.name}`)).sort();
  const missing = (kind: 'routines' | 'triggers'): string[] => names(rt.source, kind).filter((n) => !names(rt.target, kind).includes(n)).map((n) => `${kind}: ${n}`);
  expect({ errors: rt.errors, lost: [...lostObjects(cmp), ...missing('routines'), ...missing('triggers')] }, formatComparison(cmp)).toEqual({ errors: [], lost: [] });
  expect(cmp.views.converted).toBe(cmp.views.total);
}

describe('same engine: MySQL → model → MySQL (MariaDB 10.11)', () => {
  const db = uniqueName('scout_h3');
  let rt: RoundTrip;
  beforeAll(async () => {
    rt = await roundTripMysql(db);
  }, 240_000);
  afterAll(async () => {
    await dropDatabase('mysql', db);
  });

  it('applies and keeps every object', () => {
    expectSameObjects(rt);
    expect(eventNames(rt.target)).toEqual(eventNames(rt.source));
  });

  it('assesses what Aurora MySQL 3 changes, naming each object and its fix', () => {
    const items = rt.result.actionItems.map((i) => `${i.code} ${i.object}`);
    expect(items).toEqual(
      expect.arrayContaining([
        `aurora_mysql_non_innodb_table ${db}.legacy_places`,
        `aurora_mysql_non_innodb_table ${db}.window`,
        `aurora_mysql_row_format_compressed ${db}.legacy_dates`,
        `mysql8_zero_date_default ${db}.legacy_dates.posted`,
        `mysql8_reserved_word ${db}.legacy_dates.rank`,
        `mysql8_reserved_word ${db}.window`,
        `mysql8_reserved_word ${db}.window.of`,
        `mysql8_utf8mb3 ${db}.Parent Table`,
        `mariadb_only_feature ${db}.order seq`,
        `aurora_mysql_event_scheduler ${db}.purge_old`,
      ]),
    );
    const innodb = rt.result.actionItems.find((i) => i.code === 'aurora_mysql_non_innodb_table' && i.object === `${db}.legacy_places`);
    expect(innodb?.recommendation).toBe(`ALTER TABLE \`${db}\`.\`legacy_places\` ENGINE=InnoDB, ALGORITHM=COPY; on the source before the move.`);
    // The DDL carries the fixes it can: InnoDB, no COMPRESSED row format.
    const target = rt.target.schemas[0]!.tables;
    expect(target.find((t) => t.name === 'legacy_places')?.attrs['engine']).toBe('InnoDB');
    expect(target.find((t) => t.name === 'legacy_dates')?.attrs['row_format']?.toLowerCase()).not.toBe('compressed');
  });
});

const eventNames = (m: DatabaseModel): string[] => m.schemas.flatMap((s) => s.events.map((o) => o.name)).sort();

describe('same engine: PostgreSQL → model → PostgreSQL (15)', () => {
  const db = uniqueName('scout_h3');
  const copy = uniqueName('scout_h3');
  let rt: RoundTrip;
  beforeAll(async () => {
    rt = await roundTripPostgres(db, copy);
  }, 240_000);
  afterAll(async () => {
    await dropDatabase('postgres', db);
    await dropDatabase('postgres', copy);
  });

  it('applies and keeps every object', () => {
    expectSameObjects(rt);
  });

  it('assesses what Aurora PostgreSQL changes', () => {
    const items = rt.result.actionItems.map((i) => `${i.code} ${i.object}`);
    expect(items).toEqual(expect.arrayContaining(['aurora_pg_unlogged_table app.scratch', 'aurora_pg_large_objects app.scratch.blob_ref']));
    expect(items.filter((i) => i.startsWith('aurora_pg_extension'))).toEqual([]);
  });
});

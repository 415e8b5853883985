/** Target names of the MySQL → PostgreSQL conversion on a hand-built model (no database). */
import { describe, expect, it } from 'vitest';
import { convertDatabase } from '../../analyzer/convert/convert.js';
import { optionsFromMapping } from '../../analyzer/convert/options.js';
import type { Column, DatabaseModel, Index, Table } from '../../analyzer/model/schema.js';

const col = (name: string, raw = 'int(11)', kind: Column['type']['kind'] = 'int32'): Column => ({ name, type: { kind, raw }, nullable: true, default: null });
const idx = (name: string, column: string): Index => ({ name, unique: false, method: 'btree', rawMethod: 'BTREE', parts: [{ column }] });
const table = (name: string, columns: Column[], indexes: Index[] = []): Table => ({
  name,
  kind: 'table',
  columns,
  primaryKey: { name: 'PRIMARY', columns: [columns[0]!.name] },
  uniques: [],
  foreignKeys: [],
  checks: [],
  indexes,
  otherConstraints: [],
  attrs: {},
});

const model = (db: string, tables: Table[]): DatabaseModel => ({
  name: db,
  source: { dialect: 'mysql', flavor: 'mariadb', version: '10.11', versionNum: 101100 },
  schemas: [{ name: db, tables, views: [], routines: [], triggers: [], sequences: [], enums: [], domains: [], otherTypes: [], events: [], attrs: {} }],
  extensions: [],
  settings: {},
  problems: [],
});

const LONG = `${'x'.repeat(60)}_end1`;
const LONG2 = `${'x'.repeat(60)}_end2`;

describe('MySQL → PostgreSQL names', () => {
  const result = convertDatabase(
    model('Shop', [
      table('Users', [col('ID'), col('xmin')], [idx('idx_a', 'ID')]),
      table('users', [col('id')], [idx('idx_a', 'id'), idx('only_here', 'id')]),
      table(LONG, [col('id')]),
      table(LONG2, [col('id')]),
    ]),
    'postgresql',
  );
  const sql = result.statements.map((s) => s.sql).join('\n');

  it('folds to lower case unless two names would become one', () => {
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "shop";');
    expect(sql).toContain('CREATE TABLE "shop"."users" (');
    expect(sql).toContain('CREATE TABLE "shop"."Users" (');
    // Keeping the case of one of two colliding names is worth an item: queries must quote it.
    expect(result.actionItems.some((i) => i.code === 'identifier_renamed' && i.object === 'Shop.Users')).toBe(true);
    expect(result.renames).toContainEqual({ type: 'table', source: 'Shop.users', target: 'shop.users' });
  });

  it('renames system column names and keeps index names unique and stable', () => {
    expect(sql).toContain('"xmin_2" integer');
    expect(sql).toContain('CREATE INDEX "Users_idx_a" ON "shop"."Users"');
    expect(sql).toContain('CREATE INDEX "users_idx_a" ON "shop"."users"');
    expect(sql).toContain('CREATE INDEX "only_here" ON "shop"."users"');
    expect(sql).toContain('CONSTRAINT "users_pkey" PRIMARY KEY');
    const again = convertDatabase(model('Shop', [table('Users', [col('ID')], [idx('idx_a', 'ID')]), table('users', [col('id')], [idx('idx_a', 'id')])]), 'postgresql');
    expect(again.statements.map((s) => s.sql).join('\n')).toContain('CREATE INDEX "users_idx_a"');
  });

  it('cuts 64-character names to distinct 63-byte names', () => {
    const names = result.renames.filter((r) => r.type === 'table' && r.source.includes('xxxx')).map((r) => r.target);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const n of names) expect(Buffer.byteLength(n.slice('shop.'.length))).toBeLessThanOrEqual(63);
  });

  it('keeps names with identifiers: preserve, and maps schemas', () => {
    const r = convertDatabase(model('Shop', [table('Users', [col('ID')])]), 'postgresql', optionsFromMapping({ identifiers: 'preserve', schemas: { Shop: 'store' } }));
    expect(r.statements.map((s) => s.sql).join('\n')).toContain('CREATE TABLE "store"."Users" (\n  "ID" integer');
  });

  it('moves a pg_ database out of the reserved prefix', () => {
    const r = convertDatabase(model('pg_data', [table('t', [col('id')])]), 'postgresql');
    expect(r.statements[0]!.sql).toBe('CREATE SCHEMA IF NOT EXISTS "mysql_pg_data";');
  });
});

/** Keys and indexes of the MySQL → PostgreSQL conversion on a hand-built model (no database). */
import { describe, expect, it } from 'vitest';
import { convertDatabase } from '../../analyzer/convert/convert.js';
import { parseMysqlType } from '../../analyzer/dialects/mysql/parse-type.js';
import { emptySchema, emptyTable, type Column, type DatabaseModel, type ForeignKey, type Index, type Table } from '../../analyzer/model/schema.js';

const col = (name: string, raw: string, extra: Partial<Column> = {}): Column => ({ name, type: parseMysqlType(raw), nullable: true, default: null, ...extra });
const fk = (name: string, column: string, table: string, ref: string): ForeignKey => ({ name, columns: [column], ref: { schema: 'db', table, columns: [ref] }, onUpdate: 'cascade', onDelete: 'set null' });
const table = (name: string, columns: Column[], more: Partial<Table> = {}): Table => ({
  ...emptyTable(name, { columns, primaryKey: { name: 'PRIMARY', columns: [columns[0]!.name] } }),
  ...more,
});
const index = (name: string, parts: Index['parts'], more: Partial<Index> = {}): Index => ({ name, unique: false, method: 'btree', rawMethod: 'BTREE', parts, ...more });

const model: DatabaseModel = {
  name: 'db',
  source: { dialect: 'mysql', flavor: 'mysql', version: '8.0.36', versionNum: 80036 },
  schemas: [
    emptySchema('db', {
      tables: [
        table('parent', [col('id', 'tinyint(4)'), col('code', 'varchar(20)'), col('body', 'text'), col('slug', 'varchar(1000)'), col('pt', 'point')], {
          indexes: [
            index('uq_code', [{ column: 'code', prefixLength: 5 }], { unique: true }),
            index('ix_code', [{ column: 'code', prefixLength: 5 }]),
            index('ix_slug', [{ column: 'slug', prefixLength: 50 }]),
            index('ft', [{ column: 'body' }, { column: 'code' }], { method: 'fulltext', rawMethod: 'FULLTEXT' }),
            index('sp', [{ column: 'pt' }], { method: 'spatial', rawMethod: 'SPATIAL' }),
            index('fn', [{ column: null, expression: '(lower(`code`))' }]),
            index('fn_bad', [{ column: null, expression: "(`code` -> '$.x')" }]),
          ],
        }),
        table('child', [col('id', 'int(11)'), col('flag', 'tinyint(1)'), col('code', 'varchar(20)'), col('pid', 'tinyint(4)')], {
          foreignKeys: [fk('fk_flag', 'flag', 'parent', 'id'), fk('fk_code', 'code', 'parent', 'code'), fk('fk_ok', 'pid', 'parent', 'id'), fk('fk_other_db', 'pid', 'elsewhere', 'id')],
        }),
      ],
    }),
  ],
  extensions: [],
  settings: {},
  problems: [],
};
model.schemas[0]!.tables[1]!.foreignKeys[3]!.ref.schema = 'other';

describe('MySQL → PostgreSQL keys and indexes', () => {
  const result = convertDatabase(model, 'postgresql');
  const sql = result.statements.map((s) => s.sql).join('\n');
  const items = (code: string): string[] => result.actionItems.filter((i) => i.code === code).map((i) => i.object);

  it('keeps prefix uniqueness with left(), indexes short prefixes whole and long ones by left()', () => {
    expect(sql).toContain('CREATE UNIQUE INDEX "uq_code" ON "db"."parent" ((left("code", 5)));');
    expect(sql).toContain('CREATE INDEX "ix_code" ON "db"."parent" ("code");');
    expect(sql).toContain('CREATE INDEX "ix_slug" ON "db"."parent" ((left("slug", 50)));');
    expect(items('prefix_index_expression')).toEqual(['db.parent.uq_code', 'db.parent.ix_slug']);
  });

  it('turns FULLTEXT into GIN and lists SPATIAL and untranslatable expressions for manual work', () => {
    expect(sql).toContain(`CREATE INDEX "ft" ON "db"."parent" USING gin ((to_tsvector('simple'::regconfig, coalesce(("body")::text, '') || ' ' || coalesce(("code")::text, ''))));`);
    expect(sql).toContain('CREATE INDEX "fn" ON "db"."parent" ((lower("code")));');
    expect(items('spatial_index_not_converted')).toEqual(['db.parent.sp']);
    expect(items('index_not_converted')).toEqual(['db.parent.fn_bad']);
  });

  it('creates only foreign keys PostgreSQL accepts, and lists the others', () => {
    expect(sql).toContain('ALTER TABLE "db"."child" ADD CONSTRAINT "fk_ok" FOREIGN KEY ("pid") REFERENCES "db"."parent" ("id") ON UPDATE CASCADE ON DELETE SET NULL;');
    // A prefix-unique key is not a unique key on the column; another database is not converted here.
    expect(items('foreign_key_not_converted').sort()).toEqual(['db.child.fk_code', 'db.child.fk_other_db']);
    expect(result.statements.filter((s) => s.type === 'manual').map((s) => s.object)).toContain('db.child.fk_code');
  });

  it('keeps TINYINT(1) numeric where a foreign key joins it to TINYINT(4)', () => {
    expect(sql).toContain('"flag" smallint');
    expect(sql).toContain('ADD CONSTRAINT "fk_flag" FOREIGN KEY ("flag") REFERENCES "db"."parent" ("id")');
    expect(items('tinyint1_to_boolean')).toEqual([]);
  });
});

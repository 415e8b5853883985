/**
 * compare-models.ts (the corpus:convert comparison) on hand-built models: pure, no server.
 * Each case starts from one source model and a target that a correct conversion to
 * PostgreSQL would produce, then breaks one thing.
 */
import { describe, expect, it } from 'vitest';
import type { ActionItem } from '../../analyzer/convert/action-item.js';
import type { ObjectResult } from '../../analyzer/convert/result.js';
import type { DataType } from '../../analyzer/model/data-types.js';
import { emptySchema, type Column, type DatabaseModel, type Index, type Table } from '../../analyzer/model/schema.js';
import { compareModels, formatComparison, lostObjects, type CompareInput } from '../corpus/compare-models.js';
import { referencedColumns } from '../corpus/compare-keys.js';
import { rangeLoss } from '../corpus/compare-ranges.js';
import { NameMapper, truncateBytes } from '../corpus/compare-names.js';

const type = (kind: DataType['kind'], raw: string, extra: Partial<DataType> = {}): DataType => ({ kind, raw, ...extra });
const col = (name: string, t: DataType, extra: Partial<Column> = {}): Column => ({ name, type: t, nullable: true, default: null, ...extra });
const index = (name: string, columns: string[], extra: Partial<Index> = {}): Index => ({
  name,
  unique: false,
  method: 'btree',
  rawMethod: 'BTREE',
  parts: columns.map((c) => ({ column: c })),
  ...extra,
});

function table(name: string, extra: Partial<Table> = {}): Table {
  return { name, kind: 'table', columns: [], uniques: [], foreignKeys: [], checks: [], indexes: [], otherConstraints: [], attrs: {}, ...extra };
}

function model(dialect: 'mysql' | 'postgres', schema: string, tables: Table[], views: string[] = []): DatabaseModel {
  return {
    name: schema,
    source: { dialect, flavor: dialect === 'mysql' ? 'mariadb' : 'postgresql', version: '', versionNum: 0 },
    schemas: [
      emptySchema(schema, { tables, views: views.map((v) => ({ name: v, definition: 'SELECT 1', materialized: false, attrs: {} })) }),
    ],
    extensions: [],
    settings: {},
    problems: [],
  };
}

/** A MySQL shop: film (PK, unique, prefix index, FULLTEXT, check), rental (FK to film). */
function mysqlSource(): DatabaseModel {
  const film = table('Film', {
    columns: [
      col('film_id', type('int32', 'int(10) unsigned', { unsigned: true }), { nullable: false, identity: { kind: 'auto_increment' } }),
      col('Title', type('varchar', 'varchar(255)', { length: 255 }), { nullable: false }),
      col('rating', type('enum', "enum('G','PG')", { values: ['G', 'PG'] }), { default: { kind: 'string', value: 'G' } }),
      col('is_new', type('int8', 'tinyint(1)', { displayWidth: 1 }), { nullable: false, default: { kind: 'number', value: '0' } }),
      col('body', type('text', 'text')),
    ],
    primaryKey: { name: 'PRIMARY', columns: ['film_id'] },
    indexes: [
      index('uq_title', ['Title'], { unique: true, parts: [{ column: 'Title', prefixLength: 100 }] }),
      index('ix_rating_title', ['rating', 'Title']),
      index('ft_body', [], { method: 'fulltext', rawMethod: 'FULLTEXT', parts: [{ column: 'Title' }, { column: 'body' }] }),
    ],
    checks: [{ name: 'ck_rating', expression: "`rating` <> 'X'" }],
  });
  const rental = table('rental', {
    columns: [col('id', type('int64', 'bigint'), { nullable: false }), col('film_id', type('int32', 'int(10) unsigned', { unsigned: true }), { nullable: false })],
    primaryKey: { name: 'PRIMARY', columns: ['id'] },
    foreignKeys: [{ name: 'fk_film', columns: ['film_id'], ref: { schema: 'shop', table: 'Film', columns: ['film_id'] }, onDelete: 'restrict', onUpdate: 'cascade' }],
  });
  return model('mysql', 'shop', [film, rental], ['v_new', 'v_odd']);
}

/** What a good MySQL → PostgreSQL conversion of mysqlSource() looks like, collected back. */
function pgTarget(): DatabaseModel {
  const film = table('film', {
    columns: [
      col('film_id', type('int64', 'bigint'), { nullable: false, identity: { kind: 'by_default' } }),
      col('title', type('varchar', 'character varying(255)', { length: 255 }), { nullable: false }),
      col('rating', type('enum', 'shop.film_rating', { typeRef: { schema: 'app', name: 'film_rating' } }), { default: { kind: 'string', value: 'G' } }),
      col('is_new', type('bool', 'boolean'), { nullable: false, default: { kind: 'bool', value: false } }),
      col('body', type('text', 'text')),
    ],
    primaryKey: { name: 'film_pkey', columns: ['film_id'] },
    indexes: [
      index('film_uq_title', [], { unique: true, parts: [{ column: null, expression: 'left((title)::text, 100)' }] }),
      index('film_ix_rating_title', ['rating', 'title']),
      index('film_ft_body', [], { method: 'gin', rawMethod: 'gin', parts: [{ column: null, expression: "to_tsvector('simple'::regconfig, (COALESCE(title, ''::text) || ' ') || COALESCE(body, ''::text))" }] }),
    ],
    checks: [{ name: 'ck_rating', expression: "rating <> 'X'::app.film_rating" }],
  });
  const rental = table('rental', {
    columns: [col('id', type('int64', 'bigint'), { nullable: false }), col('film_id', type('int64', 'bigint'), { nullable: false })],
    primaryKey: { name: 'rental_pkey', columns: ['id'] },
    foreignKeys: [{ name: 'fk_film', columns: ['film_id'], ref: { schema: 'app', table: 'film', columns: ['film_id'] }, onDelete: 'restrict', onUpdate: 'cascade' }],
  });
  return model('postgres', 'app', [film, rental], ['v_new']);
}

const item = (object: string, code = 'some_code'): ActionItem => ({
  code,
  sct: null,
  severity: 'warning',
  object,
  objectType: 'column',
  owner: { type: 'table', name: 'shop.Film' },
  message: '',
  recommendation: '',
  effortHours: 0,
});

const viewObjects: ObjectResult[] = [
  { type: 'view', name: 'shop.v_new', status: 'converted' },
  { type: 'view', name: 'shop.v_odd', status: 'manual' },
];

function input(over: Partial<CompareInput> = {}): CompareInput {
  return {
    source: mysqlSource(),
    target: pgTarget(),
    schemaMap: { shop: 'app' },
    naming: { fold: 'lower', maxBytes: 63 },
    renames: [],
    // tinyint(1) → boolean changes the category: the conversion says so.
    actionItems: [item('shop.Film.is_new', 'tinyint1_as_boolean')],
    objects: viewObjects,
    ...over,
  };
}

describe('compareModels', () => {
  it('keeps everything of a faithful conversion', () => {
    const c = compareModels(input());
    expect(lostObjects(c)).toEqual([]);
    expect(c.complete).toBe(true);
    expect(formatComparison(c)).toBe(
      'tables 2/2 columns 7/7 (1 flagged) pks 2/2 uniques 1/1 indexes 2/2 fks 1/1 checks 1/1 views 2 (1 converted, 1 manual)',
    );
  });

  it.each([
    {
      what: 'a category change without an action item',
      edit: (i: CompareInput) => void (i.actionItems = []),
      lost: ['columns: shop.Film.is_new: type category integer (tinyint(1)) → boolean (boolean)'],
    },
    {
      what: 'a lost NOT NULL',
      edit: (i: CompareInput) => void (col1(i, 'film', 'title').nullable = true),
      lost: ['columns: shop.Film.Title: NOT NULL lost'],
    },
    {
      what: 'a lost default',
      edit: (i: CompareInput) => void (col1(i, 'film', 'rating').default = null),
      lost: ['columns: shop.Film.rating: DEFAULT lost'],
    },
    {
      what: 'a lost AUTO_INCREMENT',
      edit: (i: CompareInput) => void delete col1(i, 'film', 'film_id').identity,
      lost: ['columns: shop.Film.film_id: auto_increment lost'],
    },
    {
      what: 'a missing column',
      edit: (i: CompareInput) => void (tbl(i, 'film').columns = tbl(i, 'film').columns.filter((c) => c.name !== 'body')),
      lost: ['columns: shop.Film.body: column missing on the target', 'indexes: shop.Film.ft_body: no index on (title, ?body) on the target'],
    },
    {
      what: 'a unique key that became a plain index',
      edit: (i: CompareInput) => void (tbl(i, 'film').indexes[0]!.unique = false),
      lost: ['uniques: shop.Film.uq_title: no unique key on (title) on the target'],
    },
    {
      what: 'an index with its columns in another order',
      edit: (i: CompareInput) => void (tbl(i, 'film').indexes[1]!.parts.reverse()),
      lost: ['indexes: shop.Film.ix_rating_title: no index on (rating, title) on the target'],
    },
    {
      what: 'an FK whose ON UPDATE changed',
      edit: (i: CompareInput) => void (tbl(i, 'rental').foreignKeys[0]!.onUpdate = 'no action'),
      lost: ['fks: shop.rental.fk_film: actions changed: ON DELETE restrict → restrict, ON UPDATE cascade → no action'],
    },
    {
      what: 'a missing check',
      edit: (i: CompareInput) => void (tbl(i, 'film').checks = []),
      lost: ['checks: shop.Film.ck_rating: no check named ck_rating or reading (rating) on the target'],
    },
    {
      what: 'a missing PK',
      edit: (i: CompareInput) => void delete tbl(i, 'rental').primaryKey,
      lost: ['pks: shop.rental.PRIMARY: no primary key on the target table'],
    },
    {
      what: 'a converted view that is not on the target',
      edit: (i: CompareInput) => void (i.target.schemas[0]!.views = []),
      lost: ['views: shop.v_new: converted (converted) but missing on the target'],
    },
    {
      what: 'a view neither converted nor flagged',
      edit: (i: CompareInput) => void (i.objects = viewObjects.slice(0, 1)),
      lost: ['views: shop.v_odd: not in the conversion\'s objects (neither converted nor flagged manual)'],
    },
  ])('reports $what', ({ edit, lost }) => {
    const i = input();
    edit(i);
    const c = compareModels(i);
    expect(lostObjects(c)).toEqual(lost);
    expect(c.complete).toBe(false);
  });

  it('counts a missing table, its columns and keys as lost, and the FKs that reference it', () => {
    const i = input();
    i.target.schemas[0]!.tables = [tbl(i, 'rental')];
    const c = compareModels(i);
    expect(c.kinds.tables).toMatchObject({ total: 2, kept: 1 });
    expect(c.kinds.columns).toMatchObject({ total: 7, kept: 2 });
    expect(lostObjects(c)).toContain('fks: shop.rental.fk_film: referenced table shop.Film missing on the target');
    expect(lostObjects(c)).toContain('uniques: shop.Film.uq_title: its table is missing on the target');
  });

  it('counts a missing index, key, FK or check as flagged when an action item names it', () => {
    const i = input();
    tbl(i, 'film').indexes = [];
    tbl(i, 'film').checks = [];
    i.actionItems.push(item('shop.Film.uq_title'), item('shop.Film.ix_rating_title'), item('shop.Film.ft_body'), item('shop.ck_rating'));
    const c = compareModels(i);
    expect(lostObjects(c)).toEqual([]);
    expect(c.kinds.indexes).toMatchObject({ total: 2, kept: 2, flagged: 2 });
    expect(c.kinds.checks).toMatchObject({ total: 1, kept: 1, flagged: 1 });
  });

  it('fails an identity whose next value went back, and skips the check where a catalog does not give it', () => {
    const i = input();
    i.source.schemas[0]!.tables[0]!.columns[0]!.identity = { kind: 'auto_increment', next: '201' };
    expect(lostObjects(compareModels(i))).toEqual([]);
    col1(i, 'film', 'film_id').identity = { kind: 'by_default', next: '1' };
    expect(lostObjects(compareModels(i))).toEqual(['columns: shop.Film.film_id: next value 201 became 1']);
    col1(i, 'film', 'film_id').identity = { kind: 'by_default', next: '201' };
    expect(lostObjects(compareModels(i))).toEqual([]);
  });

  it('never excuses a missing column, even when an action item names it', () => {
    const i = input();
    tbl(i, 'film').columns.pop();
    i.actionItems.push(item('shop.Film.body'), item('shop.Film.ft_body'));
    expect(lostObjects(compareModels(i))).toEqual(['columns: shop.Film.body: column missing on the target']);
  });

  it('reads tinyint(1) on a MySQL target as the boolean it was converted from, and only then', () => {
    const pgSource = model('postgres', 'public', [table('t', { columns: [col('flag', type('bool', 'boolean'))] })]);
    const myTarget = model('mysql', 'scout_ct_1_public', [table('t', { columns: [col('flag', type('int8', 'tinyint(1)', { displayWidth: 1 }))] })]);
    const base = { naming: { fold: 'none', maxBytes: 0 }, renames: [], actionItems: [], objects: [] } as const;
    expect(lostObjects(compareModels({ ...base, source: pgSource, target: myTarget, schemaMap: { public: 'scout_ct_1_public' } }))).toEqual([]);
    const mySource = model('mysql', 'shop', [table('t', { columns: [col('flag', type('int8', 'tinyint(1)', { displayWidth: 1 }))] })]);
    const pgTargetOfIt = model('postgres', 'shop', [table('t', { columns: [col('flag', type('bool', 'boolean'))] })]);
    expect(lostObjects(compareModels({ ...base, source: mySource, target: pgTargetOfIt, schemaMap: {} }))).toEqual([
      'columns: shop.t.flag: type category integer (tinyint(1)) → boolean (boolean)',
    ]);
  });

  it('follows renames, qualified or not', () => {
    const i = input();
    tbl(i, 'film').name = 'film_renamed';
    col1(i, 'rental', 'film_id').name = 'movie_id';
    tbl(i, 'rental').foreignKeys[0]!.columns = ['movie_id'];
    tbl(i, 'rental').foreignKeys[0]!.ref.table = 'film_renamed';
    i.renames = [
      { type: 'table', source: 'shop.Film', target: 'app.film_renamed' },
      { type: 'column', source: 'shop.rental.film_id', target: 'movie_id' },
    ];
    expect(lostObjects(compareModels(i))).toEqual([]);
  });

  it('takes a MySQL unique index and a PostgreSQL UNIQUE constraint as the same key', () => {
    const i = input();
    i.source.schemas[0]!.tables[0]!.indexes[0]!.parts = [{ column: 'Title' }];
    tbl(i, 'film').indexes.shift();
    tbl(i, 'film').uniques.push({ name: 'film_title_key', columns: ['title'] });
    expect(lostObjects(compareModels(i))).toEqual([]);
  });

  it('requires a prefix unique key to stay a prefix (or expression) key, and a partial one partial', () => {
    const i = input();
    tbl(i, 'film').indexes.shift();
    tbl(i, 'film').uniques.push({ name: 'film_title_key', columns: ['title'] });
    expect(lostObjects(compareModels(i))).toEqual(['uniques: shop.Film.uq_title: prefix unique key on (title) became a whole-value unique key']);

    const pgSource = model('postgres', 'public', [table('t', { columns: [col('a', type('int32', 'integer'))], indexes: [index('t_a_live', ['a'], { unique: true, predicate: 'a > 0' })] })]);
    const myTarget = model('mysql', 'db', [table('t', { columns: [col('a', type('int32', 'int(11)'))], indexes: [index('t_a_live', ['a'], { unique: true })] })]);
    const base = { naming: { fold: 'none', maxBytes: 0 }, renames: [], actionItems: [], objects: [], schemaMap: { public: 'db' } } as const;
    expect(lostObjects(compareModels({ ...base, source: pgSource, target: myTarget }))).toEqual([
      'uniques: public.t.t_a_live: partial unique key on (a) became a unique key on every row',
    ]);
  });

  it('keeps a partition the target parent lists, flags one merged with an action item, without counting its columns again', () => {
    const i = input();
    const part = table('rental_2024', { columns: [col('id', type('int64', 'bigint'))], partitionOf: { parent: { schema: 'shop', name: 'rental' }, bound: "FOR VALUES IN ('2024')" } });
    i.source.schemas[0]!.tables.push(part);
    expect(lostObjects(compareModels(i))).toEqual(['tables: shop.rental_2024: merged into its parent table without an action item']);
    i.actionItems.push(item('shop.rental'));
    expect(compareModels(i).kinds.tables).toMatchObject({ total: 3, kept: 3, flagged: 1 });
    tbl(i, 'rental').partitioning = { method: 'list', expression: 'id', partitions: [{ name: 'rental_2024', bound: "IN ('2024')" }] };
    const c = compareModels(i);
    expect(c.kinds.tables).toMatchObject({ total: 3, kept: 3, flagged: 0 });
    expect(c.kinds.columns.total).toBe(7);
  });
});

describe('rangeLoss', () => {
  const my = 'mysql' as const;
  const pg = 'postgres' as const;
  it.each([
    { source: type('int32', 'int(10) unsigned', { unsigned: true }), from: my, target: type('int64', 'bigint'), to: pg, loss: null },
    { source: type('int32', 'int(10) unsigned', { unsigned: true }), from: my, target: type('int32', 'integer'), to: pg, loss: 'integer range' },
    { source: type('int24', 'mediumint'), from: my, target: type('int32', 'integer'), to: pg, loss: null },
    { source: type('int16', 'smallint'), from: pg, target: type('int16', 'smallint unsigned', { unsigned: true }), to: my, loss: 'integer range' },
    { source: type('decimal', 'decimal(10,2)', { precision: 10, scale: 2 }), from: my, target: type('decimal', 'numeric(12,2)', { precision: 12, scale: 2 }), to: pg, loss: null },
    { source: type('decimal', 'decimal(10,4)', { precision: 10, scale: 4 }), from: my, target: type('decimal', 'numeric(10,2)', { precision: 10, scale: 2 }), to: pg, loss: 'decimal digits' },
    { source: type('decimal', 'numeric'), from: pg, target: type('decimal', 'decimal(65,30)', { precision: 65, scale: 30 }), to: my, loss: 'unconstrained numeric became bounded' },
    { source: type('float64', 'double'), from: my, target: type('float32', 'real'), to: pg, loss: 'double precision became single' },
    { source: type('varchar', 'varchar(255)', { length: 255 }), from: my, target: type('varchar', 'character varying(100)', { length: 100 }), to: pg, loss: 'length' },
    { source: type('varchar', 'character varying'), from: pg, target: type('text', 'longtext', { size: 'long' }), to: my, loss: null },
    { source: type('text', 'text'), from: pg, target: type('text', 'text'), to: my, loss: 'length' },
    { source: type('text', 'mediumtext', { size: 'medium' }), from: my, target: type('text', 'text'), to: pg, loss: null },
    { source: type('time', 'time'), from: my, target: type('time', 'time without time zone'), to: pg, loss: 'MySQL TIME range (±838 h)' },
    { source: type('time', 'time'), from: my, target: type('interval', 'interval'), to: pg, loss: null },
    { source: type('timestamp', 'timestamp without time zone'), from: pg, target: type('timestamp', 'datetime'), to: my, loss: 'fractional seconds' },
    { source: type('timestamp', 'timestamp without time zone'), from: pg, target: type('timestamp', 'datetime(6)', { precision: 6 }), to: my, loss: null },
    { source: type('text', 'text', { arrayDims: 1 }), from: pg, target: type('json', 'json'), to: my, loss: null },
  ])('$source.raw ($from) → $target.raw ($to): $loss', ({ source, from, target, to, loss }) => {
    expect(rangeLoss(source, from, target, to)).toBe(loss);
  });

  it('fails a column whose range shrank unless an action item names it', () => {
    const i = input();
    col1(i, 'rental', 'film_id').type = type('int32', 'integer');
    expect(lostObjects(compareModels(i))).toEqual(['columns: shop.rental.film_id: range lost (integer range): int(10) unsigned → integer']);
    i.actionItems.push(item('shop.rental.film_id'));
    expect(compareModels(i).complete).toBe(true);
  });
});

describe('compare helpers', () => {
  it.each([
    { expression: "`rating` <> 'X'", columns: ['rating'] },
    { expression: "json_valid(`Body`) and title <> 'rating'", columns: ['body', 'title'] },
    { expression: '"Odd ""name""" > 0 AND (lower((title)::text))', columns: ['Odd "name"', 'title'] },
  ])('referencedColumns($expression)', ({ expression, columns }) => {
    expect(referencedColumns(expression, ['rating', 'body', 'title', 'Odd "name"']).sort()).toEqual(columns.sort());
  });

  it('truncates names to a byte limit without splitting characters', () => {
    expect(truncateBytes('a'.repeat(70), 63)).toHaveLength(63);
    expect(Buffer.byteLength(truncateBytes('é'.repeat(40), 63))).toBe(62);
    expect(truncateBytes('short', 0)).toBe('short');
  });

  it('offers renamed, folded and original names, most specific first', () => {
    const m = new NameMapper([{ type: 'index', source: 'shop.Film.IX', target: 'app.film_ix' }], { shop: 'app' }, { fold: 'lower', maxBytes: 63 });
    expect(m.candidates('index', ['shop', 'Film'], ['app', 'film'], 'IX')).toEqual(['app.film_ix', 'film_ix', 'ix', 'IX']);
    expect(m.schemaCandidates('shop')).toEqual(['app']);
    expect(m.schemaCandidates('Other')).toEqual(['other', 'Other']);
  });
});

function tbl(i: CompareInput, name: string): Table {
  return i.target.schemas[0]!.tables.find((t) => t.name === name)!;
}

function col1(i: CompareInput, tableName: string, column: string): Column {
  return tbl(i, tableName).columns.find((c) => c.name === column)!;
}

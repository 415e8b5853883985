/**
 * PostgreSQL catalog rows of one database → the neutral model: one Schema per PostgreSQL
 * schema, with its tables (columns, keys, indexes, checks, partitioning), views, routines,
 * triggers, sequences and types. Expression texts stay PostgreSQL's.
 */
import type { DatabaseServer } from '../../../agent/bundle/index.js';
import { emptySchema, type Attrs, type DatabaseModel, type ModelProblem, type Schema, type Table } from '../../model/schema.js';
import { readCodeObjects } from './read-schema-objects.js';
import { addConstraint } from './read-constraints.js';
import { readColumn } from './read-columns.js';
import { isStandaloneIndex, readIndex } from './read-indexes.js';
import { key2, num, rowsOf, str, type RawRow } from './read-rows.js';
import { readTable } from './read-tables.js';
import { readTypes } from './read-types.js';

/** Server settings that change how a schema behaves, copied into `settings`. */
const SETTINGS = ['server_encoding', 'lc_collate', 'lc_ctype', 'standard_conforming_strings', 'TimeZone', 'DateStyle', 'search_path', 'default_text_search_config'];

function readSettings(server: DatabaseServer, database: string): Attrs {
  const out: Attrs = {};
  const wanted = new Set(SETTINGS);
  for (const r of server.serverRows['settings'] ?? []) {
    const name = str(r, 'name');
    const value = str(r, 'setting');
    if (name !== null && value !== null && wanted.has(name)) out[name] = value;
  }
  const db = (server.serverRows['databases'] ?? []).find((r) => str(r, 'datname') === database);
  if (db) {
    for (const [from, to] of [['encoding', 'encoding'], ['datcollate', 'datcollate'], ['datctype', 'datctype'], ['locale_provider', 'locale_provider'], ['locale', 'locale']] as const) {
      const v = str(db, from);
      if (v !== null) out[to] = v;
    }
  }
  return out;
}

/** PostgreSQL catalog rows of one database → the neutral model. */
export function postgresFromCatalog(server: DatabaseServer, database: DatabaseServer['databases'][number]): DatabaseModel {
  const rows = database.rows;
  const problems: ModelProblem[] = [];
  const schemas = new Map<string, Schema>();
  const schemaOf = (name: string): Schema => {
    let s = schemas.get(name);
    if (!s) {
      s = emptySchema(name);
      schemas.set(name, s);
    }
    return s;
  };
  for (const r of rowsOf(rows, 'schemas')) {
    const name = str(r, 'name');
    if (name === null) continue;
    const s = schemaOf(name);
    const comment = str(r, 'comment');
    if (comment !== null) s.comment = comment;
  }

  const types = readTypes(
    {
      enums: rowsOf(rows, 'enum_types'),
      domains: rowsOf(rows, 'domains'),
      composites: rowsOf(rows, 'composite_types'),
      ranges: rowsOf(rows, 'range_types'),
      sequences: rowsOf(rows, 'sequences'),
    },
    problems,
  );
  for (const [schema, list] of types.enums) schemaOf(schema).enums.push(...list);
  for (const [schema, list] of types.domains) schemaOf(schema).domains.push(...list);
  for (const [schema, list] of types.otherTypes) schemaOf(schema).otherTypes.push(...list);
  for (const [schema, list] of types.sequences) schemaOf(schema).sequences.push(...list);

  const sizes = readSizes(rowsOf(rows, 'relation_sizes'));
  const liveRows = new Map<string, number>();
  for (const r of rowsOf(rows, 'table_stats')) {
    const n = num(r, 'n_live_tup');
    if (n !== null) liveRows.set(key2(str(r, 'schemaname') ?? '', str(r, 'relname') ?? ''), n);
  }

  const tables = new Map<string, Table>();
  for (const r of rowsOf(rows, 'tables')) {
    const schema = str(r, 'schema');
    if (schema === null) continue;
    const table = readTable(r, { sizes, liveRows });
    tables.set(key2(schema, table.name), table);
    schemaOf(schema).tables.push(table);
  }
  const tableOf = (r: RawRow, what: string): Table | undefined => {
    const k = key2(str(r, 'schema') ?? '', str(r, 'table_name') ?? '');
    const t = tables.get(k);
    if (!t && what !== 'relation') problems.push({ object: `${str(r, 'schema') ?? ''}.${str(r, 'table_name') ?? ''}.${str(r, 'name') ?? ''}`, message: `${what} of a table not in the tables rows` });
    return t;
  };

  // A column's owned sequence (serial, identity) is said by the sequences rows only (bundles before 2026-11-26 said it in the columns rows too).
  const columnsSayOwner = rowsOf(rows, 'columns').some((r) => 'owned_sequence' in r);
  if (!('sequences' in rows) && 'columns' in rows && !columnsSayOwner) {
    problems.push({
      object: database.name,
      message: 'the sequences were not read (their query failed): serial columns read as nextval() defaults, identity columns without their sequence options',
    });
  }
  const columnCtx = { lookup: types.lookup, sequenceByName: types.sequenceByName, sequencesOwnedBy: types.sequencesOwnedBy, problems };
  for (const r of rowsOf(rows, 'columns')) {
    const relkind = str(r, 'relkind');
    if (relkind === 'v' || relkind === 'm') continue; // view columns follow from the view's SELECT
    tableOf(r, 'column')?.columns.push(readColumn(r, columnCtx));
  }
  for (const r of rowsOf(rows, 'constraints')) {
    const t = tableOf(r, 'constraint');
    if (t) addConstraint(t, r, problems);
  }
  for (const r of rowsOf(rows, 'indexes')) {
    if (!isStandaloneIndex(r)) continue;
    // Indexes of materialized views have no place in the model's View: they are reported, not lost silently.
    const t = tableOf(r, 'relation');
    if (t) t.indexes.push(readIndex(r, problems));
    else problems.push({ object: `${str(r, 'schema') ?? ''}.${str(r, 'table_name') ?? ''}.${str(r, 'name') ?? ''}`, message: `index on a relation that is not a table (materialized view): ${str(r, 'definition') ?? ''}` });
  }
  linkPartitions(tables);
  readCodeObjects(rows, schemaOf, problems);

  const extensions = rowsOf(rows, 'extensions').map((r) => ({ name: str(r, 'name') ?? '', version: str(r, 'version') ?? '', schema: str(r, 'schema') ?? '' }));
  const info = server.server;
  return {
    name: database.name,
    source: { dialect: 'postgres', flavor: info?.flavor ?? 'postgresql', version: info?.version ?? '', versionNum: info?.versionNum ?? 0 },
    schemas: [...schemas.values()],
    extensions,
    settings: readSettings(server, database.name),
    problems,
  };
}

/** Bytes per table (relkind r) and per table of its indexes, keyed by oid. */
function readSizes(rows: RawRow[]): { table: Map<string, number>; indexes: Map<string, number> } {
  const table = new Map<string, number>();
  const indexes = new Map<string, number>();
  for (const r of rows) {
    const bytes = num(r, 'bytes');
    const oid = str(r, 'oid');
    const tableOid = str(r, 'table_oid');
    if (bytes === null || oid === null) continue;
    if (str(r, 'relkind') === 'i' && tableOid !== null) indexes.set(tableOid, (indexes.get(tableOid) ?? 0) + bytes);
    else table.set(oid, bytes);
  }
  return { table, indexes };
}

/** Fills each partitioned table's partition list from its partitions' partitionOf. */
function linkPartitions(tables: Map<string, Table>): void {
  for (const t of tables.values()) {
    if (!t.partitionOf) continue;
    const parent = tables.get(key2(t.partitionOf.parent.schema, t.partitionOf.parent.name));
    parent?.partitioning?.partitions.push({ name: t.name, bound: t.partitionOf.bound });
  }
}

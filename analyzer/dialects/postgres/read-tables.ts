/**
 * PostgreSQL tables rows → model tables (without columns and constraints, added after):
 * kind, partitioning (the key of a partitioned table, the bound of a partition), plain
 * inheritance, persistence and storage attributes, comment, row and size estimates.
 */
import { emptyTable, type QualifiedName, type Table } from '../../model/schema.js';
import { bool, key2, num, objList, str, type RawRow } from './read-rows.js';

export interface TableStats {
  sizes: { table: Map<string, number>; indexes: Map<string, number> };
  /** n_live_tup by schema and name, for tables never analyzed. */
  liveRows: Map<string, number>;
}

/** pg_class.relkind of the relations read as tables. */
const KINDS: Record<string, Table['kind']> = { r: 'table', p: 'partitioned', f: 'foreign' };

/** `RANGE (happened)` → method and expression. */
function partitionKey(text: string): { method: string; expression: string } {
  const m = /^(\w+)\s*\(([\s\S]*)\)$/.exec(text.trim());
  return m ? { method: m[1]!.toLowerCase(), expression: m[2]!.trim() } : { method: 'unknown', expression: text };
}

export function readTable(r: RawRow, stats: TableStats): Table {
  const schema = str(r, 'schema') ?? '';
  const name = str(r, 'name') ?? '';
  const table: Table = emptyTable(name, { kind: KINDS[str(r, 'relkind') ?? 'r'] ?? 'table' });
  const parents: QualifiedName[] = objList(r, 'parents').map((p) => ({ schema: str(p, 'schema') ?? '', name: str(p, 'name') ?? '' }));
  const key = str(r, 'partition_key');
  if (table.kind === 'partitioned') table.partitioning = { ...partitionKey(key ?? ''), partitions: [] };
  if (bool(r, 'is_partition') && parents[0]) table.partitionOf = { parent: parents[0], bound: str(r, 'partition_bound') ?? '' };
  else if (parents.length > 0) table.inherits = parents;

  if (str(r, 'relpersistence') === 'u') table.attrs['persistence'] = 'unlogged';
  const reloptions = r['reloptions'];
  if (Array.isArray(reloptions) && reloptions.length > 0) table.attrs['reloptions'] = reloptions.join(',');
  const tablespace = str(r, 'tablespace');
  if (tablespace !== null) table.attrs['tablespace'] = tablespace;
  const replica = str(r, 'replica_identity');
  // d (default: the primary key) is not worth carrying; n, f and i (an index) are.
  if (replica !== null && replica !== 'd') table.attrs['replica_identity'] = replica === 'i' ? `index:${str(r, 'replica_identity_index') ?? ''}` : replica;
  if (bool(r, 'row_security')) table.attrs['row_security'] = bool(r, 'force_row_security') ? 'force' : 'on';
  const foreignServer = str(r, 'foreign_server');
  if (foreignServer !== null) table.attrs['foreign_server'] = foreignServer;
  const comment = str(r, 'comment');
  if (comment !== null) table.comment = comment;

  const reltuples = num(r, 'reltuples');
  const live = stats.liveRows.get(key2(schema, name));
  if (reltuples !== null && reltuples >= 0) table.rows = Math.round(reltuples);
  else if (live !== undefined) table.rows = live;
  const oid = str(r, 'oid');
  if (oid !== null) {
    const bytes = stats.sizes.table.get(oid);
    if (bytes !== undefined) table.dataBytes = bytes;
    const indexBytes = stats.sizes.indexes.get(oid);
    if (indexBytes !== undefined) table.indexBytes = indexBytes;
  }
  return table;
}

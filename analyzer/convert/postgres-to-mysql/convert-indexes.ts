/**
 * Indexes and UNIQUE constraints of one table, PostgreSQL → MySQL. UNIQUE constraints become
 * unique indexes (MySQL has nothing else). What MySQL cannot index is left out with an item:
 * expression parts (MariaDB has no functional key parts), GiST, GIN other than a text
 * search column (that one becomes FULLTEXT). Partial indexes index every row; a partial
 * UNIQUE one cannot stay unique. Long text parts get a prefix to fit InnoDB's 3072-byte keys.
 */
import type { DataType } from '../../model/data-types.js';
import type { Column, Index, IndexPart } from '../../model/schema.js';
import type { ConvertState, TableRef } from './state.js';
import { expressionIndexColumns, partialUniqueColumns } from './expression-index.js';

/** InnoDB's key length limit with DYNAMIC rows (MySQL 8 and MariaDB 10.11). */
const MAX_KEY_BYTES = 3072;
const BYTES_PER_CHAR = 4;

/** Bytes a whole column takes in a key; null when it can only be indexed on a prefix. */
function keyBytes(t: DataType): number | null {
  switch (t.kind) {
    case 'text':
    case 'blob':
      return null;
    case 'varchar':
    case 'char':
      return (t.length ?? 255) * BYTES_PER_CHAR;
    case 'decimal':
      return Math.ceil((t.precision ?? 10) / 2) + 1;
    default:
      return 8;
  }
}

/**
 * Prefix lengths so the key fits 3072 bytes: unlimited text always gets one, then the widest
 * VARCHARs until the key fits. Returns the parts and whether any prefix was needed.
 */
export function fitKey(parts: IndexPart[], columns: Column[]): { parts: IndexPart[]; prefixed: boolean } {
  const typeOf = (p: IndexPart): DataType | undefined => columns.find((c) => c.name === p.column)?.type;
  const sized = parts.map((p) => ({ part: { ...p }, bytes: typeOf(p) ? keyBytes(typeOf(p)!) : 8 }));
  const fixed = sized.filter((s) => s.bytes !== null).reduce((a, s) => a + s.bytes!, 0);
  const open = sized.filter((s) => s.bytes === null);
  let prefixed = false;
  if (open.length > 0 || fixed > MAX_KEY_BYTES) {
    // Share what the fixed-width parts leave among the parts that must or can be cut.
    const cuttable = [...open, ...sized.filter((s) => s.bytes !== null && s.bytes > 255 * BYTES_PER_CHAR)];
    const keep = sized.filter((s) => !cuttable.includes(s)).reduce((a, s) => a + s.bytes!, 0);
    const share = Math.floor((MAX_KEY_BYTES - keep) / Math.max(cuttable.length, 1) / BYTES_PER_CHAR);
    for (const s of cuttable) {
      const t = typeOf(s.part);
      const chars = t?.kind === 'blob' ? share * BYTES_PER_CHAR : share;
      if (s.bytes === null || s.bytes > chars * BYTES_PER_CHAR) {
        s.part.prefixLength = Math.max(1, Math.min(chars, 768));
        prefixed = true;
      }
    }
  }
  return { parts: sized.map((s) => s.part), prefixed };
}

/** A key part on a column MySQL cannot put in a B-tree at all (JSON, spatial). */
const unindexable = (t: DataType | undefined): boolean => t?.kind === 'json' || t?.kind === 'geometry';

/** Converts the table's UNIQUE constraints and indexes into `ref.target.indexes`. */
export function convertIndexes(state: ConvertState, ref: TableRef): void {
  const { schema, table } = ref.source;
  const tablePath = `${schema}.${table.name}`;
  const target = ref.target;
  const col = (name: string | null): string | null => (name === null ? null : (ref.columns.get(name) ?? null));
  const typeOf = (name: string | null): DataType | undefined => target.columns.find((c) => c.name === name)?.type;

  for (const u of table.uniques) {
    const object = `${tablePath}.${u.name}`;
    state.ctx.object('constraint', object);
    const parts = u.columns.map((c) => ({ column: col(c) }));
    if (parts.some((p) => p.column === null || unindexable(typeOf(p.column)))) {
      state.raiseOnTable(schema, table.name, 'pg_unique_not_converted', object, 'constraint', `UNIQUE ${u.name}: a column is JSON or spatial on MySQL and cannot be keyed`);
      continue;
    }
    const name = ref.indexNames.claim(u.name);
    state.renamed('constraint', object, `${tablePath}.${name}`, u.name, name, { type: 'table', name: tablePath });
    const fitted = fitKey(parts, target.columns);
    if (fitted.prefixed) state.raiseOnTable(schema, table.name, 'pg_key_column_narrowed', object, 'constraint', `UNIQUE ${u.name} is on a prefix to fit 3072 bytes: uniqueness is checked on the prefix`);
    if (u.deferrable) state.raiseOnTable(schema, table.name, 'pg_deferrable', object, 'constraint', `UNIQUE ${u.name} was DEFERRABLE`);
    target.indexes.push({ name, unique: true, method: 'btree', rawMethod: 'BTREE', parts: fitted.parts });
  }

  for (const index of table.indexes) convertIndex(state, ref, index, col, typeOf);
}

function convertIndex(state: ConvertState, ref: TableRef, index: Index, col: (n: string | null) => string | null, typeOf: (n: string | null) => DataType | undefined): void {
  const { schema, table } = ref.source;
  const tablePath = `${schema}.${table.name}`;
  const object = `${tablePath}.${index.name}`;
  const raise = (code: string, message: string, recommendation?: string): void => state.raiseOnTable(schema, table.name, code, object, 'index', message, recommendation);
  state.ctx.object('index', object);

  let columns: (string | null)[] = index.parts.map((p) => col(p.column));
  if (index.parts.some((p) => p.column === null)) {
    const generated = expressionIndexColumns(ref, index);
    if (!generated.ok) {
      raise(
        index.unique ? 'pg_expression_unique_index' : 'pg_expression_index',
        `${index.name} indexes ${index.parts.map((p) => p.expression ?? p.column).join(', ')} (${generated.reason})`,
        generated.statement ? `On Aurora MySQL 3 (8.0.13+, not over TEXT): ${generated.statement}` : undefined,
      );
      return;
    }
    ref.target.columns.push(...generated.added);
    columns = generated.columns;
    raise('pg_expression_index_generated', `${index.name}: ${index.parts.map((p) => p.expression ?? p.column).join(', ')} indexed through invisible generated column ${generated.added.map((c) => c.name).join(', ')}`);
    if (generated.narrowed) raise('pg_key_column_narrowed', `${index.name}: the generated column is VARCHAR to be keyed whole; longer values are refused`);
  }
  if (columns.some((c) => c === null)) {
    raise('catalog_row_not_understood', `${index.name} names a column the table does not have`);
    return;
  }
  let names = columns.filter((c): c is string => c !== null);
  let method: Index['method'] = 'btree';
  const only = index.parts.length === 1 ? table.columns.find((c) => c.name === index.parts[0]!.column) : undefined;
  const textSearch = only !== undefined && (only.type.kind === 'tsvector' || only.type.base?.kind === 'tsvector') && !only.type.arrayDims;
  if (index.method === 'gin' || (index.method === 'gist' && textSearch)) {
    if (textSearch) {
      method = 'fulltext';
      raise(index.method === 'gin' ? 'pg_gin_index' : 'pg_gist_index', `${index.name}: ${index.rawMethod} on a tsvector column became a FULLTEXT index (queries need MATCH … AGAINST)`);
    } else {
      raise('pg_gin_index', `${index.name}: GIN index on ${index.parts.map((p) => p.column).join(', ')} not created`);
      return;
    }
  } else if (index.method === 'gist' || index.method === 'spgist') {
    raise('pg_gist_index', `${index.name}: ${index.rawMethod} index not created`);
    return;
  } else if (index.method === 'unknown') {
    raise('unknown_index_method', `${index.name}: method ${index.rawMethod} became a B-tree index`);
  } else if (index.method !== 'btree') {
    raise('pg_index_ordering', `${index.name}: ${index.rawMethod} index became a B-tree index`);
  }
  if (method === 'btree' && names.some((c) => unindexable(typeOf(c)))) {
    raise(index.unique && !index.predicate ? 'pg_unique_not_converted' : 'pg_index_not_created', `${index.name}: a column is JSON or spatial on MySQL and cannot be in a B-tree index; not created`);
    return;
  }
  let unique = index.unique;
  if (index.predicate && unique && method === 'btree') {
    const partial = partialUniqueColumns(ref, index, names);
    if (partial.ok) {
      ref.target.columns.push(...partial.added);
      names = partial.columns;
      raise('pg_partial_unique_generated', `${index.name}: UNIQUE … WHERE ${index.predicate} kept through invisible generated columns ${partial.columns.join(', ')}`);
      if (partial.narrowed) raise('pg_key_column_narrowed', `${index.name}: a TEXT column is copied as VARCHAR to be keyed whole; longer values are refused`);
    } else {
      raise('pg_partial_unique_index', `${index.name}: UNIQUE … WHERE ${index.predicate} became a non-unique index (${partial.reason})`);
      unique = false;
    }
  } else if (index.predicate) raise('pg_partial_index', `${index.name}: WHERE ${index.predicate} dropped, every row is indexed`);
  const lost = [
    index.include?.length ? `INCLUDE (${index.include.join(', ')})` : '',
    index.parts.some((p) => p.nullsFirst !== undefined) ? 'NULLS FIRST/LAST' : '',
    index.parts.some((p) => p.opclass) ? 'operator class' : '',
    index.nullsNotDistinct ? 'NULLS NOT DISTINCT' : '',
  ].filter(Boolean);
  if (lost.length > 0) raise('pg_index_ordering', `${index.name}: ${lost.join(', ')} dropped`);

  const parts: IndexPart[] = names.map((column, i) => (index.parts[i]?.descending && method === 'btree' ? { column, descending: true } : { column }));
  const fitted = method === 'fulltext' ? { parts, prefixed: false } : fitKey(parts, ref.target.columns);
  if (fitted.prefixed) {
    if (unique) raise('pg_key_column_narrowed', `${index.name}: UNIQUE on a prefix to fit 3072 bytes: uniqueness is checked on the prefix`);
    else raise('pg_index_prefix', `${index.name}: ${fitted.parts.filter((p) => p.prefixLength).map((p) => `${p.column}(${p.prefixLength})`).join(', ')}`);
  }
  const name = ref.indexNames.claim(index.name);
  state.renamed('index', object, `${tablePath}.${name}`, index.name, name, { type: 'table', name: tablePath });
  const out: Index = { name, unique, method, rawMethod: method.toUpperCase(), parts: fitted.parts };
  if (index.comment) out.comment = [...index.comment].slice(0, 1024).join('');
  ref.target.indexes.push(out);
}

/**
 * MySQL indexes → PostgreSQL indexes. Names become unique per schema (PostgreSQL keeps index
 * names beside table names): a name used on one table only keeps it, a repeated one becomes
 * `<table>_<index>`, so names are stable across runs. FULLTEXT becomes GIN on to_tsvector(),
 * prefix parts become whole columns or left(column, n) (always for UNIQUE, whose meaning
 * depends on the prefix), SPATIAL is listed for manual work (its column is bytea).
 */
import type { Index, IndexPart, Table } from '../../model/schema.js';
import { commentLine, quoteIdent } from '../../dialects/postgres/quote.js';
import type { TableColumns } from './scope.js';
import { sourceName, targetName, type SchemaState } from './state.js';

/** A btree entry must stay under ~2.7 kB: columns up to this many characters (4 bytes each) are indexed whole. */
const WHOLE_COLUMN_MAX_CHARS = 600;

/** Lower-cased index names that occur on more than one table of the schema, or equal a relation name. */
export function repeatedIndexNames(tables: readonly Table[], relationNames: Iterable<string>): Set<string> {
  const seen = new Map<string, number>();
  for (const t of tables) for (const i of t.indexes) seen.set(i.name.toLowerCase(), (seen.get(i.name.toLowerCase()) ?? 0) + 1);
  const out = new Set([...seen].filter(([, n]) => n > 1).map(([name]) => name));
  for (const r of relationNames) out.add(r.toLowerCase());
  return out;
}

/** A converted index, or a comment for manual work; with the items either needs. */
export type IndexOutcome = { index: Index; notes: { code: string; message: string }[] } | { manual: string; notes: { code: string; message: string }[] };

function prefixPart(part: IndexPart, col: string, columns: TableColumns, unique: boolean, notes: { code: string; message: string }[]): IndexPart {
  const converted = columns.get(part.column ?? '');
  const n = part.prefixLength!;
  const length = converted?.type.length;
  const fitsWhole = !unique && (converted?.type.kind === 'varchar' || converted?.type.kind === 'char') && length !== undefined && length <= WHOLE_COLUMN_MAX_CHARS;
  if (fitsWhole) {
    notes.push({ code: 'prefix_index', message: `prefix (${n}) of ${part.column} indexed as the whole column` });
    return { column: col, ...(part.descending ? { descending: true } : {}) };
  }
  const bytes = converted?.type.kind === 'blob';
  notes.push({ code: 'prefix_index_expression', message: `prefix (${n}) of ${part.column} indexed as ${bytes ? 'substring' : 'left'}(${part.column}, ${n})${unique ? ': uniqueness of the prefix kept' : ''}` });
  const expression = bytes ? `substring(${quoteIdent(col)} FROM 1 FOR ${n})` : `left(${quoteIdent(col)}, ${n})`;
  return { column: null, expression, ...(part.descending ? { descending: true } : {}) };
}

/** The FULLTEXT columns as one tsvector expression; coalesce keeps one NULL column from blanking the rest. */
const fulltextExpression = (columns: string[]): string =>
  `to_tsvector('simple'::regconfig, ${columns.map((c) => `coalesce((${quoteIdent(c)})::text, '')`).join(` || ' ' || `)})`;

/** Converts one index; `name` is its target name. */
export function convertIndex(state: SchemaState, table: Table, index: Index, name: string, columns: TableColumns): IndexOutcome {
  const notes: { code: string; message: string }[] = [];
  const manual = (reason: string): IndexOutcome => ({
    manual: `-- index ${commentLine(sourceName(state, table.name, index.name))} not created: ${commentLine(reason)}`,
    notes,
  });
  if (index.method === 'spatial') {
    notes.push({ code: 'spatial_index_not_converted', message: `SPATIAL index ${index.name}: its column is bytea on PostgreSQL` });
    return manual('SPATIAL index on a bytea column; with PostGIS use a GiST index');
  }
  if (index.method === 'fulltext') {
    const cols = index.parts.map((p) => columns.target(p.column ?? ''));
    notes.push({ code: 'fulltext_to_gin', message: `FULLTEXT index ${index.name} became a GIN index on to_tsvector('simple', …)` });
    return { index: { name, unique: false, method: 'gin', rawMethod: 'gin', parts: [{ column: null, expression: fulltextExpression(cols) }] }, notes };
  }
  if (index.method === 'unknown') notes.push({ code: 'unknown_index_method', message: `index ${index.name} uses ${index.rawMethod}; a B-tree index was created` });
  const parts: IndexPart[] = [];
  for (const part of index.parts) {
    if (part.column === null) {
      const t = columns.translate(part.expression ?? '');
      if (!t.ok) {
        notes.push({ code: 'index_not_converted', message: `index ${index.name}: expression ${part.expression ?? ''} not translated (${t.reason})` });
        return manual(t.reason);
      }
      parts.push({ column: null, expression: t.sql, ...(part.descending ? { descending: true } : {}) });
      continue;
    }
    const col = columns.target(part.column);
    if (part.prefixLength !== undefined) parts.push(prefixPart(part, col, columns, index.unique, notes));
    else parts.push({ column: col, ...(part.descending ? { descending: true } : {}) });
  }
  // MySQL's HASH on InnoDB is a B-tree anyway, and PostgreSQL hash indexes cannot be UNIQUE.
  const out: Index = { name, unique: index.unique, method: 'btree', rawMethod: 'btree', parts };
  if (index.comment) out.comment = index.comment;
  return { index: out, notes };
}

/** Converts the table's indexes into `target`, claiming names and raising items; manual ones are emitted as comments. */
export function convertIndexes(state: SchemaState, source: Table, target: Table, columns: TableColumns, repeated: ReadonlySet<string>): void {
  const { ctx } = state;
  const owner = { type: 'table' as const, name: sourceName(state, source.name) };
  const preserve = ctx.options.identifiers === 'preserve';
  for (const index of source.indexes) {
    const folded = preserve ? index.name : index.name.toLowerCase();
    const wanted = repeated.has(index.name.toLowerCase()) ? `${target.name}_${folded}` : folded;
    const name = state.relations.claim(wanted);
    const object = sourceName(state, source.name, index.name);
    ctx.object('index', object, { target: targetName(state, name) });
    ctx.rename('index', object, targetName(state, name));
    const outcome = convertIndex(state, source, index, name, columns);
    for (const note of outcome.notes) ctx.raise({ code: note.code, object, objectType: 'index', owner, message: `${object}: ${note.message}` });
    if ('index' in outcome) target.indexes.push(outcome.index);
    else {
      ctx.manual('index', object);
      ctx.emit({ phase: 'post-data', type: 'manual', object, sql: outcome.manual });
    }
  }
}

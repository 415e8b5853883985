/**
 * One MySQL database → one PostgreSQL schema: names first (relations share one namespace on
 * PostgreSQL), then tables, foreign keys, sequences and views; routines, triggers and events
 * are listed for the procedural-code step.
 */
import type { ConversionContext } from '../context.js';
import { emptySchema, type Schema } from '../../model/schema.js';
import { fitIdentifier } from '../../dialects/postgres/quote.js';
import { emitRoutinesForManualWork } from '../routines/manual-routines.js';
import { numericTinyint1Columns } from './boolean-columns.js';
import { convertForeignKeys } from './foreign-keys.js';
import { repeatedIndexNames } from './indexes.js';
import { foldNames, NameSpace, recordRename } from './names.js';
import { convertSequences } from './sequences.js';
import type { SchemaState } from './state.js';
import { convertTable } from './tables.js';
import { convertViews } from './views.js';

/**
 * The target schema of a source database: the --mapping schemas entry, else its name in lower
 * case; `pg_` names are reserved for system schemas on PostgreSQL, so those get a `mysql_` prefix.
 */
export function targetSchemaName(ctx: ConversionContext, source: string): string {
  const mapped = ctx.options.schemaMap[source];
  if (mapped !== undefined) return fitIdentifier(mapped);
  const lower = source.toLowerCase();
  return fitIdentifier(lower.startsWith('pg_') ? `mysql_${lower}` : lower);
}

/** Converts one schema; returns the state so the caller can add what the schema needs (collation, extension). */
export function convertSchema(ctx: ConversionContext, source: Schema): SchemaState {
  const name = targetSchemaName(ctx, source.name);
  ctx.object('schema', source.name, { target: name });
  recordRename(ctx, 'schema', { type: 'schema', name: source.name }, { qualified: source.name, leaf: source.name }, { qualified: name, leaf: name });
  const state: SchemaState = {
    ctx,
    source,
    target: emptySchema(name),
    relations: new NameSpace(),
    relationNames: new Map(),
    tables: new Map(),
    usesCiCollation: false,
    usesCitext: false,
    numericTinyint1: numericTinyint1Columns(source, ctx.options),
  };
  if (source.comment) state.target.comment = source.comment;
  const relations = [...source.tables.map((t) => ({ name: t.name, type: 'table' as const })), ...source.views.map((v) => ({ name: v.name, type: 'view' as const })), ...source.sequences.map((s) => ({ name: s.name, type: 'sequence' as const }))];
  const folded = foldNames(
    relations.map((r) => r.name),
    ctx.options.identifiers === 'preserve',
    state.relations,
  );
  for (const r of relations) {
    const target = folded.map.get(r.name)!;
    state.relationNames.set(r.name, target);
    const qualifiedSource = `${source.name}.${r.name}`;
    recordRename(ctx, r.type, { type: r.type, name: qualifiedSource }, { qualified: qualifiedSource, leaf: r.name }, { qualified: `${name}.${target}`, leaf: target }, folded.collisions.includes(r.name) ? 'lower case would collide' : undefined);
  }
  const repeated = repeatedIndexNames(source.tables, state.relationNames.values());
  for (const table of source.tables) convertTable(state, table, repeated);
  convertForeignKeys(state);
  convertSequences(state);
  convertViews(state);
  emitRoutinesForManualWork(ctx, source);
  return state;
}

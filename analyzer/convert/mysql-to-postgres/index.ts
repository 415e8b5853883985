/**
 * MySQL/MariaDB → Aurora PostgreSQL (15+): builds a target-ready model (PostgreSQL types,
 * names and expressions; schema.ts and the modules it calls, one concern each) and prints it
 * with the PostgreSQL generator; routines and triggers are converted to PL/pgSQL by
 * procedural/. Everything that changes meaning or needs a person raises an
 * action item; nothing is dropped silently.
 */
import type { ConversionContext } from '../context.js';
import type { DatabaseModel } from '../../model/schema.js';
import { generatePostgresDdl } from '../../dialects/postgres/generate-ddl.js';
import { emitMysqlProceduralCode } from '../procedural/emit.js';
import { emitRoutinesForManualWork } from '../routines/manual-routines.js';
import { createCiCollationSql } from './collations.js';
import { convertSchema } from './schema.js';

/** Model problems become items: what the catalog reader could not take in is not lost silently. */
function raiseModelProblems(ctx: ConversionContext): void {
  for (const p of ctx.model.problems) {
    // Unknown types raise unknown_data_type on their column already.
    if (p.message.startsWith('unknown data type')) continue;
    ctx.raise({ code: 'catalog_row_not_understood', object: p.object, objectType: 'database', owner: { type: 'database', name: ctx.model.name }, message: `${p.object}: ${p.message}` });
  }
}

/** Converts the context's MySQL model to PostgreSQL: statements and items go to the context. */
export function mysqlToPostgres(ctx: ConversionContext): void {
  raiseModelProblems(ctx);
  const target: DatabaseModel = {
    name: ctx.model.name,
    source: { ...ctx.model.source, dialect: 'postgres' },
    schemas: [],
    extensions: [],
    settings: {},
    problems: [],
  };
  for (const source of ctx.model.schemas) {
    // Routines and triggers go through the procedural converter once the tables are known;
    // only what it leaves (and the events) is listed for manual work.
    const state = convertSchema(ctx, { ...source, routines: [], triggers: [] });
    const manual = emitMysqlProceduralCode({ ...state, source });
    emitRoutinesForManualWork(ctx, { ...manual, events: [] });
    target.schemas.push(state.target);
    // The collation must exist before the tables that use it: create_type sorts before create_table.
    if (state.usesCiCollation) ctx.emit({ phase: 'pre-data', type: 'create_type', object: source.name, sql: createCiCollationSql(state.target.name) });
    if (state.usesCitext && !target.extensions.some((e) => e.name === 'citext')) target.extensions.push({ name: 'citext', version: '', schema: state.target.name });
  }
  generatePostgresDdl(target, ctx);
}

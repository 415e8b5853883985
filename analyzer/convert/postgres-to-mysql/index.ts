/**
 * PostgreSQL → Aurora MySQL 3: builds a MySQL-ready model (schemas as databases, MySQL
 * types, names and expressions), prints it with the MySQL generator, then converts views and
 * lists what MySQL has no place for (sequences, types, extensions); routines and triggers go
 * through the procedural converter (procedural-pg/), what it cannot convert stays commented out.
 * Syntax is MySQL 8.0's, kept to what MariaDB 10.11 also accepts (the tests run there).
 */
import { generateMysqlDdl } from '../../dialects/mysql/generate-ddl.js';
import { emptySchema, type DatabaseModel, type Schema, type Sequence } from '../../model/schema.js';
import type { ConversionContext } from '../context.js';
import { emitPostgresProceduralCode } from '../procedural-pg/emit.js';
import { emitRoutinesForManualWork } from '../routines/manual-routines.js';
import { convertForeignKeys } from './convert-constraints.js';
import { convertOtherObjects, convertSchemas } from './convert-objects.js';
import { convertTable, partitionRoot } from './convert-table.js';
import { convertViews } from './convert-views.js';
import { ConvertState, type TableRef } from './state.js';

/** Columns other tables' foreign keys reference, by `schema\0table`. */
function referencedColumns(model: DatabaseModel): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const schema of model.schemas) {
    for (const table of schema.tables) {
      for (const fk of table.foreignKeys) {
        const k = `${fk.ref.schema}\u0000${fk.ref.table}`;
        out.set(k, [...(out.get(k) ?? []), fk.ref.columns]);
      }
    }
  }
  return out;
}

/** Converts the tables; partitions are registered as part of their root table. */
function convertTables(state: ConvertState): { refs: TableRef[]; usedSequences: Set<Sequence> } {
  const model = state.model;
  const referenced = referencedColumns(model);
  const usedSequences = new Set<Sequence>();
  const refs: TableRef[] = [];
  for (const schema of model.schemas) {
    for (const table of schema.tables) {
      if (table.partitionOf) continue;
      refs.push(convertTable(state, schema, table, referenced.get(`${schema.name}\u0000${table.name}`) ?? [], usedSequences));
    }
  }
  for (const schema of model.schemas) {
    for (const table of schema.tables) {
      if (!table.partitionOf) continue;
      const root = partitionRoot(model.schemas, table);
      const rootRef = root ? state.table(root.schema, root.name) : undefined;
      const path = `${schema.name}.${table.name}`;
      if (!rootRef) {
        state.ctx.raise({ code: 'catalog_row_not_understood', object: path, objectType: 'table', message: `partition ${path} of a table not in the model` });
        continue;
      }
      state.ctx.object('table', path, { target: `${rootRef.db}.${rootRef.target.name}` });
      if (table.rows !== undefined) rootRef.target.rows = (rootRef.target.rows ?? 0) + table.rows;
      if (table.dataBytes !== undefined) rootRef.target.dataBytes = (rootRef.target.dataBytes ?? 0) + table.dataBytes;
      // A foreign key may name the partition itself: it resolves to the root.
      state.tables.set(`${schema.name}\u0000${table.name}`, rootRef);
      for (const c of table.columns) if (c.default?.kind === 'sequence' || c.identity?.sequence) markSequence(state, c.identity?.sequence ?? (c.default?.kind === 'sequence' ? c.default.sequence : undefined), rootRef, usedSequences);
    }
  }
  for (const ref of refs) convertForeignKeys(state, ref);
  return { refs, usedSequences };
}

/** A partition's nextval() default uses the same sequence as its root's AUTO_INCREMENT: that sequence is taken over too. */
function markSequence(state: ConvertState, seqRef: { schema: string; name: string } | undefined, root: TableRef, used: Set<Sequence>): void {
  if (!seqRef || !root.target.columns.some((c) => c.identity)) return;
  const seq = state.model.schemas.find((s) => s.name === seqRef.schema)?.sequences.find((s) => s.name === seqRef.name);
  if (seq) used.add(seq);
}

/** The MySQL-ready model: one schema per MySQL database, tables only (views are emitted by convertViews). */
function targetModel(state: ConvertState, refs: readonly TableRef[], schemaNames: readonly string[]): DatabaseModel {
  const schemas = new Map<string, Schema>();
  for (const name of schemaNames) {
    const db = state.db(name);
    if (!schemas.has(db)) schemas.set(db, emptySchema(db, { attrs: { charset: 'utf8mb4', collation: 'utf8mb4_bin' } }));
  }
  for (const ref of refs) schemas.get(ref.db)?.tables.push(ref.target);
  return {
    name: state.model.name,
    source: { dialect: 'mysql', flavor: 'aurora-mysql', version: '8.0', versionNum: 80000 },
    schemas: [...schemas.values()],
    extensions: [],
    settings: {},
    problems: [],
  };
}

export function postgresToMysql(ctx: ConversionContext): void {
  const state = new ConvertState(ctx);
  const schemaNames = convertSchemas(state);
  const { refs, usedSequences } = convertTables(state);
  const target = targetModel(state, refs, schemaNames);
  generateMysqlDdl(target, ctx, (db, name) => state.sourceNames.get(`${db}\u0000${name}`) ?? `${db}.${name}`);
  convertViews(state);
  convertOtherObjects(state, usedSequences);
  // Types not understood already raised unknown_data_type on their column.
  for (const problem of ctx.model.problems.filter((p) => !p.message.startsWith('data type not understood'))) {
    ctx.raise({ code: 'catalog_row_not_understood', object: problem.object, objectType: 'database', owner: { type: 'database', name: ctx.model.name }, message: problem.message });
  }
  // Routines and triggers: converted where the procedural converter can; the rest listed, commented out.
  for (const schema of ctx.model.schemas) emitRoutinesForManualWork(ctx, emitPostgresProceduralCode(state, schema));
}

/**
 * PostgreSQL DDL for a target-ready model (types, names and expressions already PostgreSQL's):
 * a converted MySQL model, or a PostgreSQL model as its catalog reader built it. Statements go
 * to the context in dependency order inside each type; the context orders the types into
 * pre-data (schemas, extensions, types, sequences, tables) and post-data (indexes,
 * constraints, foreign keys, sequence values, views, functions, triggers).
 */
import type { ConversionContext } from '../../convert/context.js';
import type { DdlStatement } from '../../convert/result.js';
import type { DatabaseModel, Routine, Schema, Table } from '../../model/schema.js';
import { indexCommentSql, schemaCommentsSql, tableCommentsSql, viewCommentSql } from './generate-comments.js';
import { addCheckSql, addForeignKeySql, addOtherConstraintSql, addUniqueSql, createIndexSql } from './generate-keys.js';
import { onUpdateTriggerSql } from './generate-on-update.js';
import { orderByMention } from '../dependency-order.js';
import { routineSql, triggerSql } from './generate-routines.js';
import { createTableSql, orderTables } from './generate-tables.js';
import {
  createDomainSql,
  createEnumSql,
  createExtensionSql,
  createOtherTypeSql,
  createSchemaSql,
  createSequenceSql,
  sequenceOwnedBySql,
  setSequenceSql,
  setvalArguments,
} from './generate-types.js';
import { createViewSql, orderViews } from './generate-views.js';
import { qualifyName, quoteLiteral } from './quote.js';

type Emit = (phase: DdlStatement['phase'], type: DdlStatement['type'], object: string, sql: string) => void;

function emitTypes(schema: Schema, emit: Emit): void {
  const q = (n: string): string => `${schema.name}.${n}`;
  for (const e of schema.enums) emit('pre-data', 'create_type', q(e.name), createEnumSql(schema, e));
  for (const t of schema.otherTypes) emit('pre-data', 'create_type', q(t.name), createOtherTypeSql(schema, t));
  for (const d of schema.domains) emit('pre-data', 'create_domain', q(d.name), createDomainSql(schema, d));
}

/** Sequences, except those an identity column owns (the column's IDENTITY clause creates them). */
function emitSequences(schema: Schema, emit: Emit): void {
  const identityOwned = new Set<string>();
  for (const t of schema.tables) {
    for (const c of t.columns) if (c.identity && c.identity.kind !== 'serial') identityOwned.add(`${t.name}\u0000${c.name}`);
  }
  for (const s of schema.sequences) {
    if (s.ownedBy && identityOwned.has(`${s.ownedBy.table}\u0000${s.ownedBy.column}`)) continue;
    const name = `${schema.name}.${s.name}`;
    emit('pre-data', 'create_sequence', name, createSequenceSql(schema, s));
    if (s.ownedBy) emit('post-data', 'set_sequence', name, sequenceOwnedBySql(schema, s, s.ownedBy));
    if (s.next !== undefined) emit('post-data', 'set_sequence', name, setSequenceSql(schema, s, s.next));
  }
}

function emitTable(schema: Schema, table: Table, schemas: readonly string[], emit: Emit): void {
  const name = `${schema.name}.${table.name}`;
  const obj = (n: string): string => `${name}.${n}`;
  emit('pre-data', 'create_table', name, createTableSql(schema, table, schemas));
  for (const sql of tableCommentsSql(schema, table)) emit('pre-data', 'comment', name, sql);
  for (const index of table.indexes) {
    emit('post-data', 'create_index', obj(index.name), createIndexSql(schema, table, index));
    const comment = indexCommentSql(schema, index);
    // Index comments need the index, which is post-data: they ride along as part of it.
    if (comment) emit('post-data', 'create_index', obj(index.name), comment);
  }
  for (const u of table.uniques) emit('post-data', 'add_constraint', obj(u.name), addUniqueSql(schema, table, u));
  for (const c of table.checks) emit('post-data', 'add_constraint', obj(c.name), addCheckSql(schema, table, c));
  for (const c of table.otherConstraints) emit('post-data', 'add_constraint', obj(c.name), addOtherConstraintSql(schema, table, c));
  for (const fk of table.foreignKeys) emit('post-data', 'add_foreign_key', obj(fk.name), addForeignKeySql(schema, table, fk));
  for (const c of table.columns) {
    const id = c.identity;
    // An identity that has handed out values continues where the source stopped.
    if (id && id.kind !== 'serial' && id.start !== undefined && id.next !== undefined && id.next !== id.start) {
      // The identity sequence's name is the target's choice: pg_get_serial_sequence finds it.
      const seq = `pg_get_serial_sequence(${quoteLiteral(qualifyName(schema.name, table.name))}, ${quoteLiteral(c.name)})`;
      emit('post-data', 'set_sequence', obj(c.name), `SELECT setval(${seq}, ${setvalArguments(id.next, id)});`);
    }
  }
  const onUpdate = onUpdateTriggerSql(schema, table);
  if (onUpdate) {
    emit('post-data', 'create_function', name, onUpdate.fn);
    emit('post-data', 'create_trigger', name, onUpdate.trigger);
  }
}

/** What a routine's creation names: its definition, or an aggregate's support functions. */
const routineText = (r: Routine): string => r.definition ?? [r.attrs['agg_transfn'], r.attrs['agg_finalfn']].join(' ');

function emitCode(schema: Schema, emit: Emit): void {
  for (const view of orderViews(schema.views)) {
    const name = `${schema.name}.${view.name}`;
    emit('post-data', 'create_view', name, createViewSql(schema, view));
    const comment = viewCommentSql(schema, view);
    if (comment) emit('post-data', 'create_view', name, comment);
  }
  // SQL-language bodies are checked at CREATE: a function must follow the functions it calls.
  for (const r of orderByMention(schema.routines, (x) => x.name, routineText)) {
    const { sql, manual } = routineSql(schema, r);
    emit('post-data', manual ? 'manual' : r.kind === 'procedure' ? 'create_procedure' : 'create_function', `${schema.name}.${r.name}`, sql);
  }
  for (const t of schema.triggers) {
    const { sql, manual } = triggerSql(schema, t);
    emit('post-data', manual ? 'manual' : 'create_trigger', `${schema.name}.${t.name}`, sql);
  }
}

/** Emits PostgreSQL DDL for a model whose types and expressions are already PostgreSQL's. */
export function generatePostgresDdl(model: DatabaseModel, ctx: ConversionContext): void {
  const emit: Emit = (phase, type, object, sql) => ctx.emit({ phase, type, object, sql });
  const schemaNames = model.schemas.map((s) => s.name);
  for (const schema of model.schemas) emit('pre-data', 'create_schema', schema.name, createSchemaSql(schema));
  for (const ext of model.extensions) emit('pre-data', 'create_extension', ext.name, createExtensionSql(ext));
  for (const schema of model.schemas) {
    for (const sql of schemaCommentsSql(schema)) emit('pre-data', 'comment', schema.name, sql);
    emitTypes(schema, emit);
    emitSequences(schema, emit);
    for (const table of orderTables(schema.tables)) emitTable(schema, table, schemaNames, emit);
    emitCode(schema, emit);
  }
}

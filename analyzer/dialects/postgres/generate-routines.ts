/**
 * Functions, procedures and triggers of a PostgreSQL-sourced model: PostgreSQL gives each as a
 * whole CREATE statement (pg_get_functiondef, pg_get_triggerdef), which is already the DDL.
 * Aggregates have none: theirs is rebuilt from their pg_aggregate columns. One without a
 * definition is emitted as a comment, for manual work.
 */
import type { Routine, Schema, Trigger } from '../../model/schema.js';
import { aggregatePlan } from './generate-aggregates.js';
import { commentLine } from './quote.js';

const statement = (def: string): string => {
  const body = def.trim();
  return body.endsWith(';') ? body : `${body};`;
};

/** A routine's CREATE statement, or a comment when the catalog gave no definition. */
export function routineSql(schema: Schema, r: Routine): { sql: string; manual: boolean } {
  if (r.definition) return { sql: statement(r.definition), manual: false };
  if (r.kind === 'aggregate') {
    const plan = aggregatePlan(schema, r);
    if ('sql' in plan) return { sql: plan.sql, manual: false };
    return { sql: `-- aggregate ${commentLine(`${schema.name}.${r.name}`)}: ${commentLine(plan.reason)}; create it by hand.`, manual: true };
  }
  return { sql: `-- ${r.kind} ${commentLine(`${schema.name}.${r.name}`)}: no definition in the catalog; create it by hand.`, manual: true };
}

/** A trigger's CREATE statement, or a comment when the catalog gave no definition. */
export function triggerSql(schema: Schema, t: Trigger): { sql: string; manual: boolean } {
  if (t.definition) return { sql: statement(t.definition), manual: false };
  return { sql: `-- trigger ${commentLine(`${schema.name}.${t.name}`)}: no definition in the catalog; create it by hand.`, manual: true };
}

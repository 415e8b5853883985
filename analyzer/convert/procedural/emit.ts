/**
 * Wires the procedural converter into a MySQL → PostgreSQL conversion: each routine and
 * trigger of a schema is converted, registered with its status and target, its items raised
 * and its DDL emitted (post-data). What stays manual is returned as a copy of the schema
 * holding only those objects, for the commented-out listing (routines/manual-routines.ts).
 */
import type { ConversionContext } from '../context.js';
import { NameSpace } from '../mysql-to-postgres/names.js';
import type { SchemaState } from '../mysql-to-postgres/state.js';
import { reportRoutineConversion } from '../routines/report-conversion.js';
import type { Routine, Schema, Trigger } from '../../model/schema.js';
import { convertMysqlRoutine, convertMysqlTrigger } from './convert-routine.js';
import { scopeFromState, type ProceduralScope } from './scope.js';

/** Trigger function names: unique among the schema's functions (the routines claim theirs first). */
function triggerFunctionNames(schema: Schema, scope: ProceduralScope): Map<Trigger, string> {
  const space = new NameSpace();
  for (const r of schema.routines) space.claim(scope.routine(r.name)?.target ?? r.name.toLowerCase());
  return new Map(schema.triggers.map((t) => [t, space.claim(t.name.toLowerCase())]));
}

/** Warns when MySQL's trigger order (ACTION_ORDER) is not PostgreSQL's name order. */
function raiseTriggerOrder(ctx: ConversionContext, schema: Schema): void {
  const groups = new Map<string, Trigger[]>();
  for (const t of schema.triggers) {
    const key = `${t.table}\u0000${t.timing}\u0000${t.events.join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const byOrder = [...list].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).map((t) => t.name.toLowerCase());
    const byName = [...byOrder].sort();
    if (byOrder.join('\u0000') === byName.join('\u0000')) continue;
    for (const t of list) {
      const object = `${schema.name}.${t.table}.${t.name}`;
      ctx.raise({ code: 'procedural_trigger_order', object, objectType: 'trigger', message: `trigger ${object}: MySQL fires ${byOrder.join(', ')} in that order; PostgreSQL fires them by name` });
    }
  }
}

/**
 * Converts the routines and triggers of one converted schema; returns the schema with only
 * the routines and triggers left for manual work (and its events).
 */
export function emitMysqlProceduralCode(state: SchemaState): Schema {
  const { ctx, source } = state;
  const scope = scopeFromState(state);
  const manualRoutines: Routine[] = [];
  const manualTriggers: Trigger[] = [];
  for (const r of source.routines) {
    const c = convertMysqlRoutine(r, scope);
    reportRoutineConversion(ctx, 'mysql', r.kind === 'procedure' ? 'procedure' : 'function', `${source.name}.${r.name}`, r.body, c);
    if (c.status === 'manual') manualRoutines.push(r);
  }
  const fnNames = triggerFunctionNames(source, scope);
  for (const t of [...source.triggers].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))) {
    const c = convertMysqlTrigger(t, scope, fnNames.get(t)!);
    reportRoutineConversion(ctx, 'mysql', 'trigger', `${source.name}.${t.table}.${t.name}`, t.body, c);
    if (c.status === 'manual') manualTriggers.push(t);
  }
  raiseTriggerOrder(ctx, source);
  return { ...source, routines: manualRoutines, triggers: manualTriggers };
}

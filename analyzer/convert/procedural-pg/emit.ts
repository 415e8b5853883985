/**
 * Wires the PostgreSQL → MySQL procedural converter into a conversion: each routine and
 * trigger of a schema is converted, registered with its status and target, its items raised
 * and its DDL emitted (post-data). Trigger functions have no MySQL object of their own: they
 * are converted when every trigger that calls them is. What stays manual is returned as a
 * copy of the schema holding only those objects, for the commented-out listing
 * (routines/manual-routines.ts).
 */
import { NameScope } from '../postgres-to-mysql/names.js';
import type { ConvertState } from '../postgres-to-mysql/state.js';
import { reportRoutineConversion } from '../routines/report-conversion.js';
import { scanConstructs } from '../routines/scan-constructs.js';
import type { Routine, Schema, Trigger } from '../../model/schema.js';
import { convertPgRoutine, type PgConversion } from './convert-routine.js';
import { convertPgTrigger, type TriggerNames } from './convert-trigger.js';
import { PgRoutineScope, routineShape } from './scope.js';

/**
 * MySQL trigger names: unique per database (PostgreSQL's are per table). The source name
 * where it is unique in the schema, else `<name>_<table>`; `_<event>` when the trigger is split.
 */
function triggerNames(schema: Schema): TriggerNames {
  const space = new NameScope();
  const count = new Map<string, number>();
  for (const t of schema.triggers) count.set(t.name, (count.get(t.name) ?? 0) + 1);
  const names = new Map<string, string>();
  return (t, event) => {
    const key = `${t.table}\u0000${t.name}\u0000${event}`;
    let name = names.get(key);
    if (name === undefined) {
      const base = (count.get(t.name) ?? 0) > 1 ? `${t.name}_${t.table}` : t.name;
      const events = t.events.filter((e) => e !== 'truncate');
      name = space.claim(events.length > 1 ? `${base}_${event}` : base);
      names.set(key, name);
    }
    return name;
  };
}

/** The trigger of the same name and function on the partitioned table a partition belongs to (its clone's origin), if any. */
function partitionParentTrigger(schema: Schema, t: Trigger): Trigger | undefined {
  let table = schema.tables.find((x) => x.name === t.table);
  const seen = new Set<string>();
  while (table?.partitionOf && table.partitionOf.parent.schema === schema.name && !seen.has(table.name)) {
    seen.add(table.name);
    const parentName = table.partitionOf.parent.name;
    const same = schema.triggers.find((o) => o.table === parentName && o.name === t.name && o.function?.name === t.function?.name);
    if (same) return same;
    table = schema.tables.find((x) => x.name === parentName);
  }
  return undefined;
}

/** The trigger function a trigger calls, when it is a routine of this schema. */
function functionOf(schema: Schema, t: Trigger): Routine | undefined {
  if (!t.function || t.function.schema !== schema.name) return undefined;
  return schema.routines.find((r) => r.name === t.function!.name && routineShape(r) === 'trigger_function');
}

/**
 * Converts the routines and triggers of one schema; returns the schema with only the
 * routines and triggers left for manual work (and its events).
 */
export function emitPostgresProceduralCode(state: ConvertState, schema: Schema): Schema {
  const ctx = state.ctx;
  const scope = new PgRoutineScope(state, schema);
  const manualRoutines: Routine[] = [];
  const manualTriggers: Trigger[] = [];
  const overloadedNames = new Set(schema.routines.filter((r, i) => schema.routines.findIndex((o) => o.name === r.name) !== i).map((r) => r.name));
  const objectName = (r: Routine): string => `${schema.name}.${r.name}${overloadedNames.has(r.name) ? `(${r.parameters.map((p) => p.type).join(', ')})` : ''}`;
  for (const r of schema.routines) {
    if (routineShape(r) === 'trigger_function') continue;
    const c = convertPgRoutine(r, scope);
    reportRoutineConversion(ctx, 'postgres', r.kind === 'procedure' ? 'procedure' : 'function', objectName(r), r.body, c);
    if (c.status === 'manual') manualRoutines.push(r);
  }
  // PostgreSQL fires triggers of one table, timing and event in name order; MySQL in creation order.
  const names = triggerNames(schema);
  const results = new Map<Trigger, PgConversion>();
  for (const t of [...schema.triggers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const object = `${schema.name}.${t.table}.${t.name}`;
    const parent = partitionParentTrigger(schema, t);
    if (parent) {
      // PostgreSQL 13+ lists a partitioned table's trigger again on each partition; MySQL partitions share the table's triggers.
      ctx.object('trigger', object, { target: `the trigger of ${parent.table}` });
      ctx.raise({ code: 'pg_trigger_partition_clone', object, objectType: 'trigger', message: `trigger ${object} is the partition's copy of ${schema.name}.${parent.table}.${parent.name}: converted once, on the table` });
      continue;
    }
    const c = convertPgTrigger(t, functionOf(schema, t), scope, names);
    results.set(t, c);
    reportRoutineConversion(ctx, 'postgres', 'trigger', object, functionOf(schema, t)?.body ?? t.definition ?? null, c);
    if (c.status === 'manual') manualTriggers.push(t);
  }
  for (const r of schema.routines) {
    if (routineShape(r) !== 'trigger_function') continue;
    const users = schema.triggers.filter((t) => functionOf(schema, t) === r);
    const failed = users.filter((t) => results.get(t)?.status === 'manual');
    const object = objectName(r);
    ctx.object('function', object, { target: users.length ? `inlined into ${users.length} trigger(s)` : '', lines: (r.body ?? '').split('\n').length, chars: r.body?.length ?? 0, constructs: r.body ? scanConstructs(r.body, 'postgres') : [] });
    if (users.length === 0 || failed.length > 0) {
      const why = users.length === 0 ? 'no trigger calls it (MySQL has no trigger functions)' : `the triggers that call it are manual: ${failed.map((t) => `${t.table}.${t.name}`).join(', ')}`;
      ctx.raise({ code: 'pg_procedural_unsupported', object, objectType: 'function', message: `trigger function ${object} is not converted: ${why}` });
      manualRoutines.push(r);
      continue;
    }
    ctx.raise({ code: 'pg_trigger_function_inlined', object, objectType: 'function', message: `trigger function ${object} is the body of ${users.length} MySQL trigger(s): ${users.map((t) => `${t.table}.${t.name}`).join(', ')}` });
  }
  return { ...schema, routines: manualRoutines, triggers: manualTriggers };
}

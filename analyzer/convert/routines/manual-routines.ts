/**
 * Routines, triggers and events are converted by the procedural-code step (a later issue).
 * Here each is registered with its size and the constructs its body uses, assessed with the
 * cost model of codes/views.ts (one item for the object, one for its size band, one per
 * costly construct), and emitted commented out in the post-data script.
 */
import type { ObjectType } from '../action-item.js';
import { ROUTINE_CONSTRUCT_HOURS, ROUTINE_SIZE_BANDS, routineConstructCode } from '../codes/views.js';
import type { ConversionContext } from '../context.js';
import type { Routine, Schema, SourceDialect, Trigger } from '../../model/schema.js';
import { commentOut } from './comment-out.js';
import { mysqlCreateRoutine, mysqlCreateTrigger } from './mysql-routine-ddl.js';
import { scanConstructs } from './scan-constructs.js';

/** One object of procedural code, as the assessment sees it. */
interface CodeObject {
  type: ObjectType;
  name: string;
  /** What the comment block shows: the whole source statement where it can be rebuilt. */
  source: string | null;
  /** What is measured and scanned: the body (the code a person rewrites). */
  body: string | null;
  constructs: string[];
  code: 'routine_not_converted' | 'event_not_converted';
}

const TARGET_NAME = { postgresql: 'PostgreSQL', mysql: 'MySQL' } as const;

/** Registers, assesses and emits (commented out) every routine, trigger and event of the schema. */
export function emitRoutinesForManualWork(ctx: ConversionContext, schema: Schema): void {
  const dialect = ctx.model.source.dialect;
  const overloaded = new Set(schema.routines.filter((r, i) => schema.routines.findIndex((o) => o.name === r.name) !== i).map((r) => r.name));
  for (const r of schema.routines) emitOne(ctx, routineObject(schema, r, dialect, overloaded.has(r.name)));
  for (const t of [...schema.triggers].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))) emitOne(ctx, triggerObject(schema, t, dialect));
  for (const e of schema.events) {
    const body = e.definition;
    emitOne(ctx, { type: 'event', name: `${schema.name}.${e.name}`, source: body, body, constructs: body ? scanConstructs(body, dialect) : [], code: 'event_not_converted' });
  }
}

function routineObject(schema: Schema, r: Routine, dialect: SourceDialect, overloaded: boolean): CodeObject {
  const body = r.body ?? (dialect === 'postgres' ? (r.definition ?? null) : null);
  // Only the body is scanned: a CREATE statement around it would read as DDL.
  const constructs = r.body ? scanConstructs(r.body, dialect) : [];
  const language = r.language.toLowerCase();
  // `internal` is how PostgreSQL lists aggregates built from existing functions.
  if (!['sql', 'plpgsql', 'internal'].includes(language)) constructs.push('other_language');
  if (r.kind === 'aggregate') constructs.push('user_aggregate');
  if (r.returnsSet) constructs.push('returns_set');
  // PostgreSQL overloads share a name: the argument types tell them apart.
  const suffix = overloaded ? `(${r.parameters.map((p) => p.type).join(', ')})` : '';
  const source = dialect === 'postgres' ? (r.definition ?? r.body) : mysqlCreateRoutine(schema.name, r);
  return { type: r.kind === 'procedure' ? 'procedure' : 'function', name: `${schema.name}.${r.name}${suffix}`, source, body, constructs, code: 'routine_not_converted' };
}

function triggerObject(schema: Schema, t: Trigger, dialect: SourceDialect): CodeObject {
  const body = t.body ?? t.definition ?? null;
  // A PostgreSQL trigger's code is its function (listed as a routine); its definition only has a shape.
  const constructs = t.body ? scanConstructs(t.body, dialect) : [];
  // What MySQL triggers cannot express (a PostgreSQL source's trigger shape).
  if (t.forEach === 'statement') constructs.push('statement_trigger');
  if (t.events.includes('truncate')) constructs.push('truncate_trigger');
  if (t.timing === 'instead of') constructs.push('instead_of_trigger');
  if (t.events.length > 1) constructs.push('multi_event_trigger');
  if (t.when) constructs.push('when_condition');
  if (t.updateOf?.length) constructs.push('update_of');
  const source = dialect === 'postgres' ? (t.definition ?? null) : mysqlCreateTrigger(schema.name, t);
  // Trigger names are unique per table on PostgreSQL: the table is part of the object name.
  return { type: 'trigger', name: `${schema.name}.${t.table}.${t.name}`, source: source ?? body, body, constructs, code: 'routine_not_converted' };
}

function emitOne(ctx: ConversionContext, o: CodeObject): void {
  const constructs = [...new Set(o.constructs)];
  const lines = o.body === null ? 0 : o.body.split(/\r\n|\r|\n/).length;
  const chars = o.body?.length ?? 0;
  ctx.object(o.type, o.name, { lines, chars, constructs });
  ctx.manual(o.type, o.name);
  const target = TARGET_NAME[ctx.target];
  const kind = o.type === 'event' ? 'event' : o.type;
  if (o.body === null) {
    ctx.raise({ code: 'body_not_readable', object: o.name, objectType: o.type, message: `The body of ${kind} ${o.name} was not readable by the collecting user; it could not be assessed or emitted.` });
  }
  const uses = constructs.length ? `; uses ${constructs.join(', ')}` : '';
  ctx.raise({
    code: o.code,
    object: o.name,
    objectType: o.type,
    message: `${kind} ${o.name} is not converted to ${target} (${lines} lines, ${chars} characters${uses}). Its source is in the post-data script, commented out.`,
  });
  const band = ROUTINE_SIZE_BANDS.find((b) => chars >= b.minChars);
  if (band) ctx.raise({ code: band.code, object: o.name, objectType: o.type, message: `${kind} ${o.name} has ${chars} characters of code to rewrite.` });
  for (const c of constructs) {
    if ((ROUTINE_CONSTRUCT_HOURS[c] ?? 0) < 0.5) continue;
    ctx.raise({ code: routineConstructCode(c), object: o.name, objectType: o.type, message: `${kind} ${o.name} uses ${c.replaceAll('_', ' ')}.` });
  }
  const header = `${kind} ${o.name}: not converted (${o.code}); rewrite it for ${target}.${constructs.length ? `\nConstructs: ${constructs.join(', ')}` : ''}`;
  const text = o.source === null ? `${header}\n(source not readable)` : `${header}\n${o.source}`;
  ctx.emit({ phase: 'post-data', type: 'manual', object: o.name, sql: commentOut(text) });
}

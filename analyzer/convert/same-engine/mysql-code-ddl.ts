/**
 * Same engine, MySQL: routines, triggers and events are created as they are (MySQL's
 * generator leaves them to the manual step, which is for other engines). Procedures and
 * functions are rebuilt from parameters and body, triggers from timing, event and body,
 * events from their schedule; one that cannot be rebuilt is emitted commented out.
 * Procedures and functions go in pre-data, after the tables, so views that call them apply.
 */
import type { ConversionContext } from '../context.js';
import type { Schema } from '../../model/schema.js';
import { quoteMysqlQualified, quoteMysqlString } from '../../dialects/mysql/quote.js';
import { commentOut } from '../routines/comment-out.js';
import { mysqlCreateRoutine, mysqlCreateTrigger } from '../routines/mysql-routine-ddl.js';

const INTERVAL_FIELDS = /^(YEAR|QUARTER|MONTH|DAY|HOUR|MINUTE|WEEK|SECOND|YEAR_MONTH|DAY_HOUR|DAY_MINUTE|DAY_SECOND|HOUR_MINUTE|HOUR_SECOND|MINUTE_SECOND)$/;

/** CREATE EVENT from the EVENTS row's schedule; null when the schedule is not one this can write. */
function createEvent(schema: Schema, e: Schema['events'][number]): string | null {
  const a = e.attrs;
  if (!e.definition) return null;
  let schedule: string;
  if ((a['event_type'] ?? '').toUpperCase() === 'ONE TIME' && a['execute_at']) schedule = `AT ${quoteMysqlString(a['execute_at'])}`;
  else if (a['interval_value'] && a['interval_field'] && INTERVAL_FIELDS.test(a['interval_field'].toUpperCase())) {
    schedule = `EVERY ${quoteMysqlString(a['interval_value'])} ${a['interval_field'].toUpperCase()}`;
    if (a['starts']) schedule += ` STARTS ${quoteMysqlString(a['starts'])}`;
    if (a['ends']) schedule += ` ENDS ${quoteMysqlString(a['ends'])}`;
  } else return null;
  const preserve = (a['on_completion'] ?? '').toUpperCase() === 'PRESERVE' ? 'PRESERVE' : 'NOT PRESERVE';
  const status = /^DISABLED$/i.test(a['status'] ?? '') ? 'DISABLE' : /SLAVESIDE|REPLICA/i.test(a['status'] ?? '') ? 'DISABLE ON SLAVE' : 'ENABLE';
  return `CREATE EVENT ${quoteMysqlQualified(schema.name, e.name)} ON SCHEDULE ${schedule} ON COMPLETION ${preserve} ${status} DO ${e.definition}`;
}

/** Emits the schema's routines, triggers and events as MySQL DDL (or commented out when they cannot be rebuilt). */
export function emitMysqlCode(ctx: ConversionContext, schema: Schema): void {
  const manual = (type: 'function' | 'procedure' | 'trigger' | 'event', name: string, what: string, source: string | null): void => {
    ctx.manual(type, name);
    ctx.emit({ phase: 'post-data', type: 'manual', object: name, sql: commentOut(`${type} ${name}: ${what}; create it by hand.\n${source ?? '(source not readable)'}`) });
    if (source === null) ctx.raise({ code: 'body_not_readable', object: name, objectType: type, message: `The body of ${type} ${name} was not readable by the collecting user.` });
  };
  for (const r of schema.routines) {
    const type = r.kind === 'procedure' ? 'procedure' : 'function';
    const name = `${schema.name}.${r.name}`;
    const sql = mysqlCreateRoutine(schema.name, r);
    // Pre-data, after the tables: views may call the functions, and MySQL does not check a
    // routine body against the tables at creation. Triggers stay post-data (they would fire during the load).
    if (sql) ctx.emit({ phase: 'pre-data', type: type === 'procedure' ? 'create_procedure' : 'create_function', object: name, sql });
    else manual(type, name, 'the catalog did not give enough to rebuild it', r.body);
  }
  for (const t of [...schema.triggers].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))) {
    const name = `${schema.name}.${t.table}.${t.name}`;
    const sql = mysqlCreateTrigger(schema.name, t);
    if (sql) ctx.emit({ phase: 'post-data', type: 'create_trigger', object: name, sql });
    else manual('trigger', name, 'the catalog did not give enough to rebuild it', t.body);
  }
  for (const e of schema.events) {
    const name = `${schema.name}.${e.name}`;
    const sql = createEvent(schema, e);
    // Events have no statement type of their own; they run after the triggers.
    if (sql) ctx.emit({ phase: 'post-data', type: 'create_trigger', object: name, sql });
    else manual('event', name, 'its schedule could not be rebuilt', e.definition);
  }
}

/** VIEWS, ROUTINES + PARAMETERS, TRIGGERS, EVENTS and MariaDB sequence rows → model objects. */
import type { ModelProblem, Routine, RoutineParameter, Schema, Sequence, Trigger, View } from '../../model/schema.js';
import { bigText, groupRows, int, text, textOr, type RawRow } from './read-row.js';

/** Sets `attrs[key]` only when the row has a non-empty value. */
function putAttr(attrs: Record<string, string>, key: string, value: string | null): void {
  if (value !== null && value !== '') attrs[key] = value;
}

/** VIEWS rows → views, with algorithm, security type and definer in attrs. */
export function readViews(rows: readonly RawRow[]): View[] {
  return rows.map((row) => {
    const attrs: Record<string, string> = {};
    putAttr(attrs, 'algorithm', text(row, 'algorithm'));
    putAttr(attrs, 'security_type', text(row, 'security_type'));
    putAttr(attrs, 'definer', text(row, 'definer'));
    const view: View = { name: textOr(row, 'table_name'), definition: textOr(row, 'view_definition'), materialized: false, attrs };
    const check = textOr(row, 'check_option').toUpperCase();
    if (check === 'CASCADED' || check === 'LOCAL') view.checkOption = check;
    return view;
  });
}

const MODES: Record<string, RoutineParameter['mode']> = { IN: 'in', OUT: 'out', INOUT: 'inout' };

/** ROUTINES rows with their PARAMETERS rows → routines (body null when not readable). */
export function readRoutines(rows: readonly RawRow[], parameterRows: readonly RawRow[]): Routine[] {
  const params = groupRows(parameterRows, (r) => `${textOr(r, 'routine_type')}\u0000${textOr(r, 'specific_name')}`);
  return rows.map((row) => {
    const kind = textOr(row, 'routine_type').toUpperCase() === 'PROCEDURE' ? 'procedure' : 'function';
    const own = [...(params.get(`${textOr(row, 'routine_type')}\u0000${textOr(row, 'specific_name')}`) ?? [])].sort(
      (a, b) => (int(a, 'ordinal_position') ?? 0) - (int(b, 'ordinal_position') ?? 0),
    );
    const attrs: Record<string, string> = {};
    putAttr(attrs, 'definer', text(row, 'definer'));
    putAttr(attrs, 'sql_data_access', text(row, 'sql_data_access'));
    putAttr(attrs, 'sql_mode', text(row, 'sql_mode'));
    const routine: Routine = {
      name: textOr(row, 'routine_name'),
      kind,
      language: 'SQL',
      // Ordinal 0 is a function's return value, not a parameter.
      parameters: own
        .filter((p) => int(p, 'ordinal_position') !== 0)
        .map((p) => ({ mode: MODES[textOr(p, 'parameter_mode').toUpperCase()] ?? 'in', name: text(p, 'parameter_name'), type: textOr(p, 'dtd_identifier') })),
      returns: kind === 'function' ? text(row, 'dtd_identifier') : null,
      body: text(row, 'routine_definition'),
      deterministic: textOr(row, 'is_deterministic').toUpperCase() === 'YES',
      securityDefiner: textOr(row, 'security_type').toUpperCase() === 'DEFINER',
      attrs,
    };
    const comment = text(row, 'routine_comment');
    if (comment) routine.comment = comment;
    return routine;
  });
}

/** TRIGGERS rows → triggers (MySQL triggers are row-level, one event each). */
export function readTriggers(rows: readonly RawRow[]): Trigger[] {
  return rows.map((row) => {
    const attrs: Record<string, string> = {};
    putAttr(attrs, 'definer', text(row, 'definer'));
    putAttr(attrs, 'sql_mode', text(row, 'sql_mode'));
    const timing = textOr(row, 'action_timing').toLowerCase();
    const event = textOr(row, 'event_manipulation').toLowerCase();
    const trigger: Trigger = {
      name: textOr(row, 'trigger_name'),
      table: textOr(row, 'event_object_table'),
      timing: timing === 'after' ? 'after' : 'before',
      events: [event === 'update' ? 'update' : event === 'delete' ? 'delete' : 'insert'],
      forEach: 'row',
      body: text(row, 'action_statement'),
      attrs,
    };
    const order = int(row, 'action_order');
    if (order !== null) trigger.order = order;
    return trigger;
  });
}

const EVENT_ATTRS = ['event_type', 'execute_at', 'interval_value', 'interval_field', 'starts', 'ends', 'status', 'on_completion', 'definer', 'time_zone'];

/** EVENTS rows → events, listed with their schedule in attrs. */
export function readEvents(rows: readonly RawRow[]): Schema['events'] {
  return rows.map((row) => {
    const attrs: Record<string, string> = {};
    for (const key of EVENT_ATTRS) putAttr(attrs, key, text(row, key));
    return { name: textOr(row, 'event_name'), definition: text(row, 'event_definition'), attrs };
  });
}

/**
 * MariaDB sequences: listed in TABLES (TABLE_TYPE SEQUENCE), their options in the one row of
 * each sequence. A sequence listed without options gets MariaDB's defaults and a problem.
 */
export function readSequences(schema: string, names: readonly string[], rows: readonly RawRow[], problems: ModelProblem[]): Sequence[] {
  const byName = new Map(rows.map((r) => [textOr(r, 'sequence_name'), r]));
  return names.map((name) => {
    const row = byName.get(name);
    if (!row) {
      problems.push({ object: `${schema}.${name}`, message: 'sequence options not collected; MariaDB defaults assumed' });
      return { name, start: '1', increment: '1', minValue: '1', maxValue: '9223372036854775806', cache: '1000', cycle: false, attrs: {} };
    }
    const seq: Sequence = {
      name,
      dataType: 'bigint',
      start: textOr(row, 'start_value'),
      increment: textOr(row, 'increment'),
      minValue: textOr(row, 'minimum_value'),
      maxValue: textOr(row, 'maximum_value'),
      cache: textOr(row, 'cache_size'),
      cycle: textOr(row, 'cycle_option') === '1',
      attrs: {},
    };
    // next_not_cached_value: nothing at or above it has been handed out, whatever sat in caches.
    const next = bigText(row, 'next_not_cached_value') ?? text(row, 'next_not_cached_value');
    if (next) seq.next = next;
    return seq;
  });
}

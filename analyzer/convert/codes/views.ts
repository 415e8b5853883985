/**
 * Action codes of view translation and of the routine listing (see catalog.ts);
 * view_not_converted, view_body_not_readable, routine_not_converted, event_not_converted and
 * body_not_readable are in common.ts.
 */
import type { ActionCode } from '../action-item.js';

const VIEW_TRANSLATION_CODES: ActionCode[] = [
  {
    code: 'view_translated_with_changes',
    severity: 'warning',
    title: 'View translated; an expression behaves slightly differently on the target',
    recommendation: 'Read the message for the expression concerned and check the view returns the same rows and types on the target.',
    effortHours: 0.5,
  },
];

/**
 * The routine cost model, ora2pg-style: a routine, trigger or event costs the fixed hours of
 * routine_not_converted / event_not_converted (2 h, plus 4 h / 2 h of learning once), plus a
 * size band (about half an hour per 1,000 characters), plus a penalty per costly construct
 * its body uses, each counted once per object. Constructs cheaper than half an hour are
 * listed on the object but raise no item.
 */
export const ROUTINE_SIZE_BANDS: readonly { code: string; minChars: number; hours: number; title: string }[] = [
  { code: 'routine_size_very_large', minChars: 20_000, hours: 8, title: 'Routine body of 20,000 characters or more' },
  { code: 'routine_size_large', minChars: 5_000, hours: 3, title: 'Routine body of 5,000 to 19,999 characters' },
  { code: 'routine_size_medium', minChars: 1_000, hours: 1, title: 'Routine body of 1,000 to 4,999 characters' },
];

/** Construct → hours of porting work it adds to its routine. */
export const ROUTINE_CONSTRUCT_HOURS: Readonly<Record<string, number>> = {
  dynamic_sql: 2,
  other_language: 4,
  statement_trigger: 2,
  truncate_trigger: 2,
  instead_of_trigger: 2,
  cursor: 1,
  handler: 1,
  exception_block: 1,
  temporary_table: 1,
  transaction: 1,
  return_query: 1,
  return_next: 1,
  returns_set: 1,
  array: 1,
  ddl: 1,
  multi_event_trigger: 1,
  user_aggregate: 2,
  get_diagnostics: 0.5,
  last_insert_id: 0.5,
  row_count: 0.5,
  found_rows: 0.5,
  user_variable: 0.5,
  on_duplicate_key: 0.5,
  loop: 0.5,
  trigger_variables: 0.5,
  for_query_loop: 0.5,
  returning: 0.5,
  regex: 0.5,
  when_condition: 0.5,
  update_of: 0.5,
};

/** The code a costly construct raises. */
export const routineConstructCode = (construct: string): string => `routine_construct_${construct}`;

const ROUTINE_CODES: ActionCode[] = [
  ...ROUTINE_SIZE_BANDS.map((b) => ({
    code: b.code,
    severity: 'info' as const,
    title: b.title,
    recommendation: 'Plan the rewrite by the size of the body; the effort counts it.',
    effortHours: b.hours,
  })),
  ...Object.entries(ROUTINE_CONSTRUCT_HOURS).map(([construct, hours]) => ({
    code: routineConstructCode(construct),
    severity: 'info' as const,
    title: `Routine uses ${construct.replaceAll('_', ' ')}, which needs rework on the target`,
    recommendation: `Rewrite the ${construct.replaceAll('_', ' ')} part with the target's equivalent; the effort counts it.`,
    effortHours: hours,
  })),
];

export const VIEW_CODES: readonly ActionCode[] = [...VIEW_TRANSLATION_CODES, ...ROUTINE_CODES];

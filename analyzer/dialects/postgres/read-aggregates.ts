/**
 * The pg_aggregate part of a routines row, kept on the routine's attrs: pg_get_functiondef
 * does not work on aggregates, so CREATE AGGREGATE is rebuilt from these (generate-aggregates.ts).
 */
import type { Attrs } from '../../model/schema.js';
import { str, type RawRow } from './read-rows.js';

/** Row columns → attrs keys, for an aggregate (prokind 'a'). */
const AGGREGATE_COLUMNS: Record<string, string> = {
  agg_kind: 'agg_kind',
  agg_transfn: 'agg_transfn',
  agg_finalfn: 'agg_finalfn',
  agg_state_type: 'agg_state_type',
  agg_initval: 'agg_initval',
  arguments: 'agg_arguments',
  parallel: 'parallel',
};

/** The attrs an aggregate's CREATE AGGREGATE is rebuilt from; absent columns are left out. */
export function aggregateAttrs(r: RawRow): Attrs {
  const attrs: Attrs = {};
  for (const [column, key] of Object.entries(AGGREGATE_COLUMNS)) {
    const value = str(r, column);
    if (value !== null) attrs[key] = value;
  }
  return attrs;
}

/**
 * CREATE AGGREGATE rebuilt from the pg_aggregate columns the reader keeps on the routine's
 * attrs (pg_get_functiondef gives nothing for aggregates). The rows hold the transition
 * function, state type, final function and initial condition of a normal aggregate; they do
 * not hold the combine, serial, moving-aggregate or sort-operator functions, nor what an
 * ordered-set aggregate needs, so those are not rebuilt (the assessment says so).
 * Function names are regproc text, printed by the catalog relative to the collecting
 * session's search_path ("$user", public): an unqualified one resolves the same way on a
 * target session with the default search_path.
 */
import type { Routine, Schema } from '../../model/schema.js';
import { qualifyName, quoteLiteral } from './quote.js';

/** A regproc name as the catalog prints it: one or two identifiers, each plain or double-quoted. */
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
const REGPROC = new RegExp(`^${IDENT}(?:\\.${IDENT})?$`);

const PARALLEL: Record<string, string> = { s: 'SAFE', r: 'RESTRICTED' };

/** The statement, or why the attrs cannot give one. */
export type AggregatePlan = { sql: string } | { reason: string };

/** CREATE AGGREGATE for an aggregate routine of a PostgreSQL-read model. */
export function aggregatePlan(schema: Schema, r: Routine): AggregatePlan {
  const a = r.attrs;
  const kind = a['agg_kind'];
  if (kind === undefined) return { reason: 'the catalog rows hold no pg_aggregate columns for it' };
  if (kind !== 'n') return { reason: `it is an ${kind === 'h' ? 'hypothetical-set' : 'ordered-set'} aggregate, whose support functions the catalog rows do not hold` };
  const transfn = a['agg_transfn'];
  const stateType = a['agg_state_type'];
  if (!transfn || !REGPROC.test(transfn) || !stateType) return { reason: 'its transition function or state type is missing or unreadable' };
  const finalfn = a['agg_finalfn'];
  if (finalfn !== undefined && !REGPROC.test(finalfn)) return { reason: `its final function name ${finalfn} is not readable` };
  const args = (a['agg_arguments'] ?? '').trim();
  const options = [`SFUNC = ${transfn}`, `STYPE = ${stateType}`];
  if (finalfn) options.push(`FINALFUNC = ${finalfn}`);
  if (a['agg_initval'] !== undefined) options.push(`INITCOND = ${quoteLiteral(a['agg_initval'])}`);
  const parallel = PARALLEL[a['parallel'] ?? ''];
  if (parallel) options.push(`PARALLEL = ${parallel}`);
  return { sql: `CREATE AGGREGATE ${qualifyName(schema.name, r.name)} (${args === '' ? '*' : args}) (${options.join(', ')});` };
}

/**
 * PostgreSQL's built-in trigger functions tsvector_update_trigger(vector column, config, text
 * column, …) and tsvector_update_trigger_column (the config read from a column) as the
 * PL/pgSQL body they amount to, for the trigger converter: on INSERT, and on UPDATE when one of
 * the text columns changed, the vector column becomes to_tsvector of the text columns joined
 * by spaces (NULLs skipped; all NULL gives an empty vector). The printer then stores the text
 * itself, which MySQL's FULLTEXT index on the column tokenizes (translate-expression.ts).
 * https://www.postgresql.org/docs/current/textsearch-features.html#TEXTSEARCH-UPDATE-TRIGGERS
 */
import type { DataType } from '../../model/data-types.js';
import type { QualifiedName, Table, Trigger } from '../../model/schema.js';

const FUNCTIONS = new Set(['tsvector_update_trigger', 'tsvector_update_trigger_column']);

/** Whether a trigger calls one of the built-in full-text trigger functions. */
export function isFullTextTriggerFunction(fn: QualifiedName | undefined): boolean {
  return fn !== undefined && fn.schema === 'pg_catalog' && FUNCTIONS.has(fn.name);
}

export interface FullTextTrigger {
  /** The PL/pgSQL body the built-in amounts to. */
  body: string;
  /** What the MySQL triggers do, for the action item. */
  summary: string;
}

const baseKind = (t: DataType): DataType['kind'] => (t.kind === 'domain' ? (t.base?.kind ?? 'unknown') : t.kind);
const pgName = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The body for one trigger, or why the built-in cannot run as declared (PostgreSQL raises an error for those). */
export function fullTextTriggerBody(t: Trigger, table: Table, args: string[]): FullTextTrigger | { error: string } {
  const fn = t.function!.name;
  if (t.timing !== 'before') return { error: `${fn} in a trigger that is not BEFORE (PostgreSQL raises an error when it fires)` };
  if (t.events.some((e) => e !== 'insert' && e !== 'update')) return { error: `${fn} in a trigger for other events than INSERT and UPDATE (PostgreSQL raises an error when it fires)` };
  const [vector, config, ...sources] = args;
  if (vector === undefined || config === undefined || sources.length === 0) return { error: `${fn} without a tsvector column, a configuration and at least one text column` };
  const column = (name: string) => table.columns.find((c) => c.name === name);
  const v = column(vector);
  if (!v || baseKind(v.type) !== 'tsvector' || v.type.arrayDims) return { error: `${fn}: ${vector} is not a tsvector column of ${table.name}` };
  if (fn === 'tsvector_update_trigger_column' && !column(config)) return { error: `${fn}: configuration column ${config} is not a column of ${table.name}` };
  for (const s of sources) {
    const c = column(s);
    if (!c || !['text', 'varchar', 'char'].includes(baseKind(c.type)) || c.type.arrayDims) return { error: `${fn}: ${s} is not a text column of ${table.name}` };
  }
  const value = `to_tsvector(concat_ws(' ', ${sources.map((s) => `NEW.${pgName(s)}`).join(', ')}))`;
  const changed = sources.map((s) => `NEW.${pgName(s)} IS DISTINCT FROM OLD.${pgName(s)}`).join(' OR ');
  const body = `BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.${pgName(vector)} := ${value};
  ELSIF ${changed} THEN
    NEW.${pgName(vector)} := ${value};
  END IF;
  RETURN NEW;
END`;
  const configText = fn === 'tsvector_update_trigger_column' ? `the configuration in column ${config}` : config;
  const summary = `${fn}(${args.join(', ')}) became NEW.${vector} = CONCAT_WS(' ', ${sources.join(', ')}), on UPDATE only when ${sources.length > 1 ? 'one of them' : sources[0]} changed: the text itself is stored and MySQL's FULLTEXT parser tokenizes it (no stemming or stop words of ${configText}; queries need MATCH … AGAINST)`;
  return { body, summary };
}

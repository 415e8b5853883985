/**
 * PostgreSQL views (plain and materialized), routines and triggers rows → model objects.
 * Bodies and definitions stay PostgreSQL text; trigger WHEN and UPDATE OF are read off the
 * definition when its shape is the one pg_get_triggerdef prints.
 */
import type { ModelProblem, Routine, RoutineParameter, Trigger, View } from '../../model/schema.js';
import { splitIdentifierList } from './parse-names.js';
import { aggregateAttrs } from './read-aggregates.js';
import { bool, str, type RawRow } from './read-rows.js';

export function readView(r: RawRow, problems: ModelProblem[]): View {
  const name = str(r, 'name') ?? '';
  const definition = str(r, 'definition');
  if (definition === null) problems.push({ object: `${str(r, 'schema') ?? ''}.${name}`, message: 'view definition not readable (locked or over the lock budget)' });
  const view: View = { name, definition: (definition ?? '').trim().replace(/;$/, ''), materialized: bool(r, 'materialized'), attrs: {} };
  const check = str(r, 'check_option');
  if (check !== null) view.checkOption = check.toUpperCase();
  const reloptions = r['reloptions'];
  if (Array.isArray(reloptions) && reloptions.length > 0) view.attrs['reloptions'] = reloptions.join(',');
  if (definition === null) view.attrs['definition_unreadable'] = 'true';
  if (r['populated'] === false) view.attrs['populated'] = 'false';
  const comment = str(r, 'comment');
  if (comment !== null) view.comment = comment;
  return view;
}

/** pg_proc.prokind codes. */
const ROUTINE_KINDS: Record<string, Routine['kind']> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };

/** Splits at top-level commas (not inside parentheses or quotes). */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '') out.push(last);
  return out;
}

/** Type names made of several words: an argument starting with one of them has no name. */
const MULTIWORD_TYPE = /^(double precision|character varying|bit varying|timestamp|time|interval|character|national)\b/i;

/** One `pg_get_function_arguments` entry: `[mode] [name] type [DEFAULT expr]`. */
export function parseArgument(text: string): RoutineParameter {
  let rest = text.replace(/\s+DEFAULT\s+[\s\S]*$/i, '').replace(/\s*=\s*[\s\S]*$/, '').trim();
  let mode: RoutineParameter['mode'] = 'in';
  const m = /^(IN|OUT|INOUT|VARIADIC)\s+/i.exec(rest);
  if (m) {
    mode = m[1]!.toLowerCase() as RoutineParameter['mode'];
    rest = rest.slice(m[0].length);
  }
  if (MULTIWORD_TYPE.test(rest)) return { mode, name: null, type: rest };
  const named = /^("(?:[^"]|"")+"|[^\s"]+)\s+([\s\S]+)$/.exec(rest);
  if (!named) return { mode, name: null, type: rest };
  const rawName = named[1]!;
  const name = rawName.startsWith('"') ? rawName.slice(1, -1).replaceAll('""', '"') : rawName;
  return { mode, name, type: named[2]!.trim() };
}

export function readRoutine(r: RawRow): Routine {
  const kind = ROUTINE_KINDS[str(r, 'kind') ?? 'f'] ?? 'function';
  const args = str(r, 'arguments') ?? '';
  const routine: Routine = {
    name: str(r, 'name') ?? '',
    kind,
    language: str(r, 'language') ?? 'unknown',
    parameters: splitTopLevel(args).map(parseArgument),
    returns: kind === 'procedure' ? null : str(r, 'result'),
    body: str(r, 'source'),
    attrs: {},
  };
  if (bool(r, 'returns_set')) routine.returnsSet = true;
  const definition = str(r, 'definition');
  if (definition !== null) routine.definition = definition;
  const volatility = str(r, 'volatility');
  if (volatility === 'i') routine.deterministic = true;
  if (volatility !== null) routine.attrs['volatility'] = volatility;
  if (bool(r, 'security_definer')) routine.securityDefiner = true;
  const identity = str(r, 'identity_arguments');
  if (identity !== null) routine.attrs['identity_arguments'] = identity;
  if (kind === 'aggregate') Object.assign(routine.attrs, aggregateAttrs(r));
  const comment = str(r, 'comment');
  if (comment !== null) routine.comment = comment;
  return routine;
}

const EVENTS = new Set(['insert', 'update', 'delete', 'truncate']);

export function readTrigger(r: RawRow): Trigger {
  const timing = (str(r, 'timing') ?? 'AFTER').toLowerCase();
  const events = (Array.isArray(r['events']) ? r['events'] : [])
    .filter((e): e is string => typeof e === 'string')
    .map((e) => e.toLowerCase())
    .filter((e): e is Trigger['events'][number] => EVENTS.has(e));
  const trigger: Trigger = {
    name: str(r, 'name') ?? '',
    table: str(r, 'table_name') ?? '',
    timing: timing === 'before' ? 'before' : timing === 'instead of' ? 'instead of' : 'after',
    events,
    forEach: str(r, 'orientation') === 'ROW' ? 'row' : 'statement',
    body: null,
    attrs: {},
  };
  const fnSchema = str(r, 'function_schema');
  const fnName = str(r, 'function_name');
  if (fnSchema !== null && fnName !== null) trigger.function = { schema: fnSchema, name: fnName };
  const definition = str(r, 'definition');
  if (definition !== null) {
    trigger.definition = definition;
    const updateOf = /\bUPDATE OF ([\s\S]+?) (?:OR |ON )/.exec(definition);
    const cols = updateOf ? splitIdentifierList(updateOf[1]!) : null;
    if (cols) trigger.updateOf = cols;
    const when = /\bWHEN \(([\s\S]*)\) EXECUTE (?:FUNCTION|PROCEDURE) /.exec(definition);
    if (when) trigger.when = when[1]!;
  }
  const enabled = str(r, 'enabled');
  if (enabled !== null && enabled !== 'O') trigger.attrs['enabled'] = enabled;
  if (bool(r, 'is_constraint_trigger')) trigger.attrs['constraint'] = 'true';
  return trigger;
}

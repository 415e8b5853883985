/**
 * One PostgreSQL trigger → MySQL triggers. MySQL has no trigger functions: the function's
 * PL/pgSQL body is printed into each trigger, once per event (MySQL allows one event per
 * trigger: INSERT OR UPDATE becomes two triggers with suffixed names), with TG_OP and the
 * other TG_ variables as that trigger's constants. The built-in full-text trigger functions
 * (tsvector_update_trigger) are converted through the PL/pgSQL body they amount to
 * (fulltext-trigger.ts). Shapes MySQL lacks (FOR EACH STATEMENT, INSTEAD OF, TRUNCATE) and
 * other functions that are not PL/pgSQL of the schema stay manual.
 */
import { quoteMysqlQualified } from '../../dialects/mysql/quote.js';
import type { Routine, Trigger } from '../../model/schema.js';
import type { Stmt } from './ast.js';
import { finish, parseBody, type PgConversion, type PgStatement } from './convert-routine.js';
import type { Note } from './env.js';
import { fullTextTriggerBody, isFullTextTriggerFunction, type FullTextTrigger } from './fulltext-trigger.js';
import { MysqlPrinter } from './print-mysql.js';
import type { PgRoutineScope } from './scope.js';
import { tokenizePg, type Tok } from './tokens.js';

/** The trigger's arguments (TG_ARGV), read off its definition: `EXECUTE FUNCTION f('a', 'b')`. */
export function triggerArguments(definition: string | undefined): string[] {
  const m = /EXECUTE (?:FUNCTION|PROCEDURE) [^(]+\(([\s\S]*)\)\s*$/.exec(definition ?? '');
  if (!m || m[1]!.trim() === '') return [];
  const toks = tokenizePg(m[1]!);
  if (typeof toks === 'string') return [];
  return toks.filter((t) => t.kind === 'string' || t.kind === 'number' || t.kind === 'word').map((t) => t.value);
}

/** The MySQL trigger names of one PostgreSQL trigger, per event. */
export type TriggerNames = (t: Trigger, event: string) => string;

/**
 * Converts one trigger; `fn` is its function when the schema has it. The trigger's WHEN
 * condition and UPDATE OF columns become an IF around the body.
 */
export function convertPgTrigger(t: Trigger, fn: Routine | undefined, scope: PgRoutineScope, names: TriggerNames): PgConversion {
  const unsupported: string[] = [];
  const notes: Note[] = [];
  const events = t.events.filter((e): e is 'insert' | 'update' | 'delete' => e !== 'truncate');
  const targetName = `${scope.db}.${names(t, events[0] ?? 'insert')}`;
  let body = fn?.body ?? '';
  if (t.forEach === 'statement') unsupported.push('FOR EACH STATEMENT trigger (6080)');
  if (t.timing === 'instead of') unsupported.push('INSTEAD OF trigger (6084)');
  if (t.events.includes('truncate')) unsupported.push('TRUNCATE trigger (6088)');
  if (!scope.state.table(scope.schema.name, t.table)) unsupported.push(`trigger on ${t.table}, which is not a converted table`);
  else if (scope.schema.tables.find((x) => x.name === t.table)?.partitionOf) unsupported.push(`trigger on partition ${t.table} only: MySQL partitions have no triggers of their own`);
  const fnName = t.function ? `${t.function.schema}.${t.function.name}` : 'unknown';
  const sourceTable = scope.schema.tables.find((x) => x.name === t.table);
  let fullText: FullTextTrigger | null = null;
  if (!fn && isFullTextTriggerFunction(t.function) && sourceTable) {
    body = t.definition ?? '';
    const ft = fullTextTriggerBody(t, sourceTable, triggerArguments(t.definition));
    if ('error' in ft) unsupported.push(ft.error);
    else fullText = ft;
  } else if (!fn) unsupported.push(`trigger function ${fnName} is not a routine of the schema`);
  else if (fn.language.toLowerCase() !== 'plpgsql') unsupported.push(`trigger function ${fnName} in language ${fn.language}`);
  if (unsupported.length) return finish(targetName, body, unsupported, notes, []);
  const parsed = parseBody(fullText?.body ?? fn!.body ?? '');
  if ('error' in parsed) return finish(targetName, body, [`parse: ${parsed.error}`], notes, []);
  if (t.attrs['constraint'] === 'true') notes.push({ code: 'pg_trigger_constraint', message: `constraint trigger ${t.name} fires at once on MySQL` });
  if (events.length > 1) notes.push({ code: 'pg_trigger_multi_event', message: `${events.map((e) => e.toUpperCase()).join(' OR ')}: one MySQL trigger per event (${events.map((e) => names(t, e)).join(', ')})` });
  if (fullText) notes.push({ code: 'pg_fulltext_as_text', message: fullText.summary });
  else notes.push({ code: 'pg_trigger_function_inlined', message: `the body of ${fnName} is inlined` });
  const statements: PgStatement[] = [];
  const args = triggerArguments(t.definition);
  for (const event of events) {
    const name = names(t, event);
    const printer = new MysqlPrinter(scope, { kind: 'trigger', trigger: { event, timing: t.timing === 'after' ? 'after' : 'before', table: t.table, name: t.name, args } }, [], [], parsed.tokens);
    const tree = guarded(parsed.tree, t, event, notes);
    if (typeof tree === 'string') unsupported.push(tree);
    else {
      const program = printer.program(tree);
      unsupported.push(...printer.unsupportedConstructs);
      // The built-in's own item says what its to_tsvector became.
      for (const n of printer.notes) if (!notes.some((o) => o.code === n.code && (o.message === n.message || fullText !== null))) notes.push(n);
      const table = scope.state.table(scope.schema.name, t.table)!;
      statements.push({ type: 'create_trigger', sql: `CREATE TRIGGER ${quoteMysqlQualified(scope.db, name)} ${t.timing.toUpperCase()} ${event.toUpperCase()} ON ${quoteMysqlQualified(table.db, table.target.name)} FOR EACH ROW\n${program}` });
    }
  }
  return finish(targetName, body, unsupported, notes, statements);
}

const w = (v: string): Tok => ({ kind: 'word', value: v, lower: v.toLowerCase() });
const op = (v: string): Tok => ({ kind: 'op', value: v, lower: v });

/** The body inside IF <WHEN condition> [AND a listed column changed] THEN … END IF; a string when the condition cannot be read. */
function guarded(tree: Stmt, t: Trigger, event: string, notes: Note[]): Stmt | string {
  const cond: Tok[] = [];
  if (t.when) {
    const toks = tokenizePg(t.when);
    if (typeof toks === 'string') return `trigger WHEN condition: ${toks}`;
    cond.push(op('('), ...toks, op(')'));
  }
  if (t.updateOf?.length && event === 'update') {
    notes.push({ code: 'pg_trigger_update_of', message: `UPDATE OF ${t.updateOf.join(', ')} became a test that one of them changed` });
    if (cond.length) cond.push(w('AND'));
    cond.push(op('('));
    t.updateOf.forEach((c, i) => {
      if (i > 0) cond.push(w('OR'));
      cond.push(w('NOT'), op('('), w('NEW'), op('.'), { kind: 'ident', value: c, lower: c }, w('IS'), w('NOT'), w('DISTINCT'), w('FROM'), w('OLD'), op('.'), { kind: 'ident', value: c, lower: c }, op(')'));
    });
    cond.push(op(')'));
  }
  if (!cond.length || tree.k !== 'block') return tree;
  return { ...tree, body: [{ k: 'if', branches: [{ cond, body: tree.body }], otherwise: null }] };
}

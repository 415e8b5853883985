/**
 * Entry points: a MySQL routine or trigger of the model → PostgreSQL DDL (CREATE FUNCTION /
 * CREATE PROCEDURE; for a trigger, a trigger function and CREATE TRIGGER … FOR EACH ROW), with
 * a status and the items to raise. A body with constructs the converter does not translate
 * gets status `manual` and no DDL: the caller emits it commented out.
 */
import { dollarQuote, fitIdentifier, qualifyName, quoteIdent } from '../../dialects/postgres/quote.js';
import type { Routine, Trigger } from '../../model/schema.js';
import type { Stmt } from './ast.js';
import type { CallNote } from './functions.js';
import { ParseError, parseBody } from './parse-body.js';
import { PlpgsqlPrinter, type PrintTarget } from './print-plpgsql.js';
import type { RewriteEnv } from './rewrite-sql.js';
import type { ProceduralScope } from './scope.js';
import { isOp, isWord, tokenizeBody, type Tok } from './tokens.js';

/** One converted statement, typed as the conversion context orders them. */
export interface ProceduralStatement {
  type: 'create_function' | 'create_procedure' | 'create_trigger';
  sql: string;
}

/** The result for one routine or trigger. */
export interface ProceduralConversion {
  status: 'converted' | 'converted_with_actions' | 'manual';
  /** Schema-qualified target name (the function, procedure or trigger), quoted for SQL. */
  target: string;
  /** The same, unquoted: `schema.name`, as the assessment lists targets. */
  targetName: string;
  statements: ProceduralStatement[];
  /** Constructs without a translation (status manual), each with the code to raise. */
  unsupported: { code: string; construct: string }[];
  /** Changes to raise on a converted object. */
  notes: CallNote[];
  /** ora2pg-style estimate: a fixed cost, a cost per 1,000 characters, a penalty per construct. */
  effortHours: number;
}

const WARNING_CODES = new Set(['procedural_dynamic_sql_format', 'procedural_exit_handler_rollback', 'procedural_warning_handler', 'procedural_user_variable', 'procedural_result_set', 'procedural_expression_changed', 'procedural_signal_item_dropped', 'procedural_trigger_order']);

/** The action code for an unsupported construct. */
export function unsupportedCode(construct: string): string {
  if (construct === 'transaction') return 'procedural_transaction';
  if (construct === 'dynamic_sql') return 'procedural_dynamic_sql';
  if (construct.startsWith('function ')) return 'procedural_unsupported_function';
  if (/handler/i.test(construct)) return 'procedural_handler_unsupported';
  if (construct.startsWith('parse:')) return 'procedural_parse_error';
  return 'procedural_unsupported_construct';
}

function newEnv(scope: ProceduralScope, tokens: Tok[], triggerTable: string | null): RewriteEnv {
  const usesRowCount = tokens.some((t, i) => isWord(t, 'ROW_COUNT') && isOp(tokens[i + 1], '('));
  return { scope, vars: new Map(), triggerTable, unsupported: new Set(), notes: [], usesRowCount };
}

/** Tokens and parse tree of a body, or the reason it could not be read. */
function parse(body: string): { tokens: Tok[]; tree: Stmt } | { error: string } {
  const tokens = tokenizeBody(body);
  if (typeof tokens === 'string') return { error: tokens };
  try {
    return { tokens, tree: parseBody(tokens) };
  } catch (err) {
    if (err instanceof ParseError) return { error: err.construct === 'syntax' ? err.message : err.construct };
    throw err;
  }
}

function finish(target: [string, string], body: string, env: RewriteEnv, statements: ProceduralStatement[]): ProceduralConversion {
  const unsupported = [...env.unsupported].map((construct) => ({ code: unsupportedCode(construct), construct }));
  const notes = env.notes.filter((n, i) => env.notes.findIndex((o) => o.code === n.code && o.message === n.message) === i);
  const effortHours = Math.round((0.5 + (body.length / 1000) * 0.5 + unsupported.length + notes.length * 0.25) * 100) / 100;
  const status = unsupported.length ? 'manual' : notes.some((n) => WARNING_CODES.has(n.code)) ? 'converted_with_actions' : 'converted';
  return { status, target: qualifyName(...target), targetName: target.join('.'), statements: unsupported.length ? [] : statements, unsupported, notes, effortHours };
}

function manualFor(target: [string, string], body: string, error: string): ProceduralConversion {
  return { status: 'manual', target: qualifyName(...target), targetName: target.join('.'), statements: [], unsupported: [{ code: 'procedural_parse_error', construct: `parse: ${error}` }], notes: [], effortHours: Math.round((1.5 + (body.length / 1000) * 0.5) * 100) / 100 };
}

/**
 * PostgreSQL ignores the precision and scale of parameter types; MySQL converts each argument
 * to the declared DECIMAL(p,s) (rounding to its scale). The body starts by doing the same.
 */
function parameterCoercions(r: Routine): string[] {
  return r.parameters
    .filter((p) => p.mode !== 'out' && p.name !== null && /^\s*(decimal|numeric|dec|fixed)\s*\(\s*\d+\s*,\s*\d+\s*\)/i.test(p.type))
    .map((p) => {
      const m = /\(\s*(\d+)\s*,\s*(\d+)\s*\)/.exec(p.type)!;
      const name = quoteIdent(p.name!.toLowerCase());
      return `${name} := CAST(${name} AS numeric(${m[1]}, ${m[2]}));`;
    });
}

/** MySQL resolves unquoted names in the routine's database; local variables win over columns. */
const header = (schema: string): string => `SET search_path = ${quoteIdent(schema)} AS `;
const VARIABLE_CONFLICT = '#variable_conflict use_variable\n';

/** A MySQL function or procedure → CREATE FUNCTION / CREATE PROCEDURE on PostgreSQL. */
export function convertMysqlRoutine(r: Routine, scope: ProceduralScope): ProceduralConversion {
  const target: [string, string] = [scope.schema, scope.routine(r.name)?.target ?? fitIdentifier(r.name.toLowerCase())];
  if (r.body === null) return manualFor(target, '', 'body not readable');
  const parsed = parse(r.body);
  if ('error' in parsed) return manualFor(target, r.body, parsed.error);
  const env = newEnv(scope, parsed.tokens, null);
  const isProcedure = r.kind === 'procedure';
  if (r.kind !== 'function' && !isProcedure) env.unsupported.add(`${r.kind} routine`);
  const params = r.parameters.map((p) => {
    const name = (p.name ?? '').toLowerCase();
    const type = scope.mapType(p.type);
    env.vars.set(name, type);
    const mode = isProcedure ? `${p.mode.toUpperCase()} ` : '';
    return `${mode}${quoteIdent(name)} ${type}`;
  });
  const returns = r.returns === null ? null : scope.mapType(r.returns);
  const target2: PrintTarget = { kind: isProcedure ? 'procedure' : 'function', name: scope.routine(r.name)?.target ?? r.name.toLowerCase(), returns };
  const printer = new PlpgsqlPrinter(env, target2);
  const body = printer.program(parsed.tree, parameterCoercions(r));
  for (const rs of printer.resultSets) params.push(`INOUT ${quoteIdent(rs)} refcursor DEFAULT NULL`);
  if (printer.resultSets.length) env.notes.push({ code: 'procedural_result_set', message: `returns ${printer.resultSets.length === 1 ? 'a result set' : `up to ${printer.resultSets.length} result sets`} through refcursor parameter(s) ${printer.resultSets.join(', ')}` });
  if (r.securityDefiner) env.notes.push({ code: 'procedural_security_invoker', message: 'SQL SECURITY DEFINER on MySQL; created as SECURITY INVOKER' });
  const kind = isProcedure ? 'PROCEDURE' : 'FUNCTION';
  const ret = isProcedure ? '' : ` RETURNS ${returns ?? 'void'}`;
  const sql = `CREATE OR REPLACE ${kind} ${qualifyName(...target)}(${params.join(', ')})${ret}\nLANGUAGE plpgsql\n${header(scope.schema)}${dollarQuote(`\n${VARIABLE_CONFLICT}${body}\n`)};`;
  return finish(target, r.body, env, [{ type: isProcedure ? 'create_procedure' : 'create_function', sql }]);
}

/**
 * A MySQL trigger → a trigger function plus CREATE TRIGGER … FOR EACH ROW. BEFORE triggers
 * return NEW (OLD for DELETE: NULL would cancel the row); AFTER triggers return NULL.
 * `functionName` is the trigger function's name (unique among the schema's functions).
 */
export function convertMysqlTrigger(t: Trigger, scope: ProceduralScope, functionName: string): ProceduralConversion {
  const name = fitIdentifier(t.name.toLowerCase());
  const target: [string, string] = [scope.schema, name];
  if (t.body === null) return manualFor(target, '', 'body not readable');
  const parsed = parse(t.body);
  if ('error' in parsed) return manualFor(target, t.body, parsed.error);
  const env = newEnv(scope, parsed.tokens, t.table);
  const table = scope.relation(t.table);
  if (table === null) env.unsupported.add(`trigger table ${t.table} not in the converted schema`);
  const event = t.events[0];
  if (t.events.length !== 1 || event === undefined || event === 'truncate' || t.timing === 'instead of' || t.forEach !== 'row') env.unsupported.add('a trigger shape MySQL does not have');
  const printer = new PlpgsqlPrinter(env, { kind: 'trigger', name: functionName, returns: null });
  const ret = t.timing === 'after' ? 'NULL' : event === 'delete' ? 'OLD' : 'NEW';
  const body = printer.program(parsed.tree, [], [`RETURN ${ret};`]);
  const fn = qualifyName(scope.schema, functionName);
  const fnSql = `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger\nLANGUAGE plpgsql\n${header(scope.schema)}${dollarQuote(`\n${VARIABLE_CONFLICT}${body}\n`)};`;
  const trgSql = `CREATE TRIGGER ${quoteIdent(name)} ${t.timing.toUpperCase()} ${(event ?? 'insert').toUpperCase()} ON ${qualifyName(scope.schema, table ?? t.table)} FOR EACH ROW EXECUTE FUNCTION ${fn}();`;
  return finish(target, t.body, env, [
    { type: 'create_function', sql: fnSql },
    { type: 'create_trigger', sql: trgSql },
  ]);
}

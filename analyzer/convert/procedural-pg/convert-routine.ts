/**
 * Entry point for one PostgreSQL routine → MySQL: a scalar function becomes CREATE FUNCTION,
 * a set-returning function a procedure that returns its rows as a result set, a void
 * function or a procedure CREATE PROCEDURE; LANGUAGE sql bodies are wrapped (RETURN (query)
 * or the query as the result set), PL/pgSQL bodies parsed and printed. What the converter
 * cannot translate leaves the routine manual, with the constructs named.
 */
import { quoteMysqlQualified, quoteMysqlString } from '../../dialects/mysql/quote.js';
import type { Routine } from '../../model/schema.js';
import { fitMysqlName } from '../postgres-to-mysql/names.js';
import type { Stmt, Toks } from './ast.js';
import { q, type Note, type VarInfo } from './env.js';
import { ParseError, parsePlpgsql, splitTopLevel, topLevelIndex } from './parse-body.js';
import { MysqlPrinter, type PrintTarget } from './print-mysql.js';
import { routineShape, type PgRoutineScope } from './scope.js';
import { isOp, isWord, tokenizePg, type Tok } from './tokens.js';

export interface PgStatement {
  type: 'create_function' | 'create_procedure' | 'create_trigger';
  sql: string;
}

export interface PgConversion {
  status: 'converted' | 'converted_with_actions' | 'manual';
  /** `db.name` on MySQL (unquoted), as the assessment lists targets. */
  targetName: string;
  statements: PgStatement[];
  unsupported: { code: string; construct: string }[];
  notes: Note[];
  /** ora2pg-style: a fixed cost, a cost per 1,000 characters, a penalty per construct. */
  effortHours: number;
}

/** The action code of an unsupported construct. */
export function unsupportedCode(construct: string): string {
  if (construct.startsWith('parse:')) return 'pg_procedural_parse_error';
  if (/\(6080\)/.test(construct)) return 'pg_trigger_statement_level';
  if (/\(6084\)/.test(construct)) return 'pg_trigger_instead_of';
  if (/\(6088\)/.test(construct)) return 'pg_trigger_truncate';
  if (/^trigger function .* (is not a routine|in language)/.test(construct)) return 'pg_trigger_function_missing';
  if (/RETURNING/.test(construct)) return 'pg_procedural_returning';
  if (/function in FROM/.test(construct)) return 'pg_procedural_table_function';
  if (/RETURN NEXT/.test(construct)) return 'pg_procedural_return_next';
  if (/^function /.test(construct)) return 'pg_procedural_unsupported_function';
  if (/^transaction control/.test(construct)) return 'pg_procedural_transaction';
  if (/^VARIADIC/.test(construct)) return 'pg_procedural_variadic';
  if (/^language /.test(construct)) return 'pg_procedural_other_language';
  if (/^user-defined aggregate/.test(construct)) return 'pg_procedural_aggregate';
  return 'pg_procedural_unsupported';
}

const WARNING_CODES = new Set(['pg_procedural_parameter_default', 'pg_procedural_trigger_skip_row', 'pg_procedural_result_set', 'pg_procedural_void_function', 'pg_procedural_exception_rollback', 'pg_procedural_dynamic_sql', 'pg_procedural_division', 'pg_procedural_expression_changed', 'pg_procedural_row_count', 'pg_procedural_overloaded', 'pg_procedural_group_concat', 'pg_trigger_constraint', 'pg_trigger_update_of', 'pg_fulltext_as_text']);

export function finish(targetName: string, body: string, unsupported: Iterable<string>, notes: Note[], statements: PgStatement[]): PgConversion {
  const list = [...new Set(unsupported)].map((construct) => ({ code: unsupportedCode(construct), construct }));
  const effortHours = Math.round((0.5 + (body.length / 1000) * 0.5 + list.length + notes.length * 0.25) * 100) / 100;
  const status = list.length ? 'manual' : notes.some((n) => WARNING_CODES.has(n.code)) ? 'converted_with_actions' : 'converted';
  return { status, targetName, statements: list.length ? [] : statements, unsupported: list, notes, effortHours };
}

/** Parsed PL/pgSQL, or the reason it could not be read. */
export function parseBody(body: string): { tokens: Tok[]; tree: Stmt } | { error: string } {
  const tokens = tokenizePg(body);
  if (typeof tokens === 'string') return { error: tokens };
  try {
    return { tokens, tree: parsePlpgsql(tokens) };
  } catch (err) {
    if (err instanceof ParseError) return { error: err.message };
    throw err;
  }
}

/** Whether pg_get_functiondef's header (before AS) says STRICT. */
function isStrict(r: Routine): boolean {
  const header = (r.definition ?? '').split(/\nAS /)[0] ?? '';
  return /\b(STRICT|RETURNS NULL ON NULL INPUT)\b/.test(header);
}

/** LANGUAGE sql: the one statement of the body, as tokens (a trailing `;` dropped). */
function sqlStatements(tokens: Tok[]): Toks[] {
  return splitTopLevel(tokens, ';').filter((s) => s.length > 0);
}

const word = (w: string): Tok => ({ kind: 'word', value: w.toUpperCase(), lower: w });

/** A PostgreSQL function or procedure of the schema → MySQL DDL, status and items. */
export function convertPgRoutine(r: Routine, scope: PgRoutineScope): PgConversion {
  const name = scope.routineName(r);
  const targetName = `${scope.db}.${name}`;
  const body = r.body ?? '';
  const unsupported = new Set<string>();
  const notes: Note[] = [];
  const shape = routineShape(r);
  const language = r.language.toLowerCase();
  if (r.body === null) return finish(targetName, body, ['body not readable'], notes, []);
  if (shape === 'aggregate') {
    const sep = scope.concatAggregate(r.name);
    if (sep === null) return finish(targetName, body, ['user-defined aggregate (6140)'], notes, []);
    notes.push({ code: 'pg_procedural_group_concat', message: `aggregate ${r.name}(text) is MySQL's built-in GROUP_CONCAT(x SEPARATOR ${quoteMysqlString(sep)}); nothing is created` });
    return { ...finish(`GROUP_CONCAT (built-in)`, body, [], notes, []), targetName: 'GROUP_CONCAT (built-in)' };
  }
  if (shape === 'other' || shape === 'trigger_function') return finish(targetName, body, [`${r.kind} returning ${r.returns ?? 'nothing'}`], notes, []);
  if (language !== 'plpgsql' && language !== 'sql') return finish(targetName, body, [`language ${language} (6675)`], notes, []);
  if (scope.overloaded(r.name)) notes.push({ code: 'pg_procedural_overloaded', message: `routine ${r.name}(${r.parameters.map((p) => p.type).join(', ')}) is ${name} on MySQL` });

  // Parameters: IN ones for functions and set-returning procedures (OUT ones name the result columns).
  const isProcedure = shape !== 'function';
  const params: VarInfo[] = [];
  const paramNames: (string | null)[] = [];
  const paramSql: string[] = [];
  r.parameters.forEach((p, i) => {
    if (p.mode === 'variadic') unsupported.add('VARIADIC parameter (6605)');
    if (p.mode !== 'in' && shape === 'result_set') return;
    if (p.mode !== 'in' && shape !== 'procedure') unsupported.add('OUT parameters of a function');
    const mapped = scope.mapType(p.type);
    if (!mapped) unsupported.add(`parameter of type ${p.type}`);
    const pname = fitMysqlName((p.name ?? `arg${i + 1}`).toLowerCase());
    const info: VarInfo = { name: pname, kind: mapped?.kind ?? 'unknown', type: mapped?.sql ?? 'TEXT' };
    params.push(info);
    paramNames.push(p.name ? p.name.toLowerCase() : null);
    paramSql.push(`${isProcedure ? `${p.mode.toUpperCase()} ` : ''}${q(pname)} ${info.type}`);
  });
  const returns = shape === 'function' ? scope.mapType(r.returns ?? '') : null;
  if (shape === 'function' && !returns) unsupported.add(`return type ${r.returns}`);
  const kind: PrintTarget['kind'] = shape === 'function' ? 'function' : shape === 'result_set' ? 'result_set' : 'procedure';
  if (shape === 'result_set') notes.push({ code: 'pg_procedural_result_set', message: `returns ${r.returns}: callers must CALL ${targetName}(…) and read its result set` });
  if (r.kind === 'function' && shape === 'procedure') notes.push({ code: 'pg_procedural_void_function', message: `returns void: callers must CALL ${targetName}(…)` });

  const tokens = tokenizePg(body);
  if (typeof tokens === 'string') return finish(targetName, body, [`parse: ${tokens}`], notes, []);
  let program: string;
  let printer: MysqlPrinter;
  if (language === 'sql') {
    const stmts = sqlStatements(tokens);
    if (stmts.length === 0) return finish(targetName, body, ['parse: empty LANGUAGE sql body (a SQL-standard BEGIN ATOMIC body is not collected)'], notes, []);
    const tree = sqlBodyTree(stmts, kind);
    if ('error' in tree) return finish(targetName, body, [tree.error], notes, []);
    printer = new MysqlPrinter(scope, { kind, self: r.name }, params, paramNames, tokens);
    program = printer.program(tree.tree);
  } else {
    const parsed = parseBody(body);
    if ('error' in parsed) return finish(targetName, body, [`parse: ${parsed.error}`], notes, []);
    printer = new MysqlPrinter(scope, { kind, self: r.name }, params, paramNames, parsed.tokens);
    program = printer.program(parsed.tree);
  }
  for (const u of printer.unsupportedConstructs) unsupported.add(u);
  notes.push(...printer.notes);
  if (shape === 'function' && isStrict(r) && params.length > 0) {
    notes.push({ code: 'pg_procedural_strict', message: 'STRICT: returns NULL when an argument is NULL' });
    program = program.replace(/^((?:\w+: )?BEGIN)\n/, `$1\n  IF ${params.map((p) => `${q(p.name)} IS NULL`).join(' OR ')} THEN\n    RETURN NULL;\n  END IF;\n`);
  }
  const header = (r.definition ?? '').split('\n')[0] ?? '';
  if (/\bDEFAULT\b/.test(header)) notes.push({ code: 'pg_procedural_parameter_default', message: 'parameters with DEFAULT values: MySQL routines have none, so callers must pass every argument' });
  if (r.securityDefiner) notes.push({ code: 'pg_procedural_security_definer', message: 'SECURITY DEFINER: the definer is the account that creates the routine on MySQL' });
  const lower = tokens.map((t) => (t.kind === 'word' ? t.lower : ''));
  const access = lower.some((w) => ['insert', 'update', 'delete', 'create', 'drop', 'truncate', 'execute'].includes(w)) ? 'MODIFIES SQL DATA' : lower.some((w) => w === 'select' || w === 'perform' || w === 'from') || language === 'sql' ? 'READS SQL DATA' : 'CONTAINS SQL';
  const chars = [r.deterministic ? 'DETERMINISTIC' : 'NOT DETERMINISTIC', access, `SQL SECURITY ${r.securityDefiner ? 'DEFINER' : 'INVOKER'}`];
  if (r.comment) chars.push(`COMMENT ${quoteMysqlString(r.comment)}`);
  const qualified = quoteMysqlQualified(scope.db, name);
  const sql = isProcedure
    ? `CREATE PROCEDURE ${qualified}(${paramSql.join(', ')})\n${chars.join(' ')}\n${program}`
    : `CREATE FUNCTION ${qualified}(${paramSql.join(', ')}) RETURNS ${returns?.sql ?? 'TEXT'}\n${chars.join(' ')}\n${program}`;
  return finish(targetName, body, unsupported, notes, [{ type: isProcedure ? 'create_procedure' : 'create_function', sql }]);
}

/**
 * A LANGUAGE sql body as a PL/pgSQL tree: a function's last SELECT becomes RETURN (query) —
 * or RETURN expr when it reads no table —, a set-returning function's SELECT its result set,
 * a procedure's statements run in order.
 */
function sqlBodyTree(stmts: Toks[], kind: PrintTarget['kind']): { tree: Stmt } | { error: string } {
  const block = (body: Stmt[]): Stmt => ({ k: 'block', label: null, decls: [], body, handlers: null });
  const last = stmts[stmts.length - 1]!;
  const isSelect = isWord(last[0], 'select', 'with', 'values');
  if (kind === 'function') {
    if (stmts.length !== 1 || !isSelect) return { error: 'a LANGUAGE sql function with several statements or without a final SELECT' };
    const plain = isWord(last[0], 'select') && topLevelIndex(last, (t) => isWord(t, 'from', 'where', 'group', 'having', 'order', 'limit', 'union', 'intersect', 'except', 'distinct')) < 0 && topLevelIndex(last, (t) => isOp(t, ',')) < 0;
    const expr: Toks = plain ? last.slice(1) : [{ kind: 'op', value: '(', lower: '(' }, ...last, ...(topLevelIndex(last, (t) => isWord(t, 'limit')) < 0 ? [word('limit'), { kind: 'number' as const, value: '1', lower: '1' }] : []), { kind: 'op', value: ')', lower: ')' }];
    return { tree: block([{ k: 'return', expr }]) };
  }
  if (kind === 'result_set') {
    if (!isSelect) return { error: 'a set-returning LANGUAGE sql function whose last statement is not a SELECT' };
    return { tree: block([...stmts.slice(0, -1).map((s): Stmt => ({ k: 'sql', tokens: s, into: null })), { k: 'return_query', query: last, dynamic: false, using: [] }]) };
  }
  if (isSelect) return { tree: block([...stmts.slice(0, -1).map((s): Stmt => ({ k: 'sql', tokens: s, into: null })), { k: 'perform', query: last.slice(1) }]) };
  return { tree: block(stmts.map((s): Stmt => ({ k: 'sql', tokens: s, into: null }))) };
}

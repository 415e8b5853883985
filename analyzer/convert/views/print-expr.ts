/**
 * Prints expressions for the target dialect: literals, column references, operators,
 * CASE, casts, intervals, subqueries, aggregates and function calls (through the function
 * maps). Every operand of an operator is parenthesized, so the target's precedence rules
 * never change a meaning. Anything not listed here stops the translation.
 */
import { asArray, asNode, ensure, functionArgs, functionName, identifier, nodeType, Untranslatable, type Node } from './ast.js';
import { printCast } from './casts.js';
import { guardUnknownBoolean, sourceForm, typedComparison, typedCondition } from './column-forms.js';
import { printFunction } from './functions.js';
import { printInterval } from './intervals.js';
import { printOrderItem } from './print-query.js';
import { decodeString } from './literals.js';
import type { ViewPrinter } from './printer.js';

const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
const PASS_THROUGH = new Set([...COMPARISONS, '+', '-', '*', '%', 'LIKE', 'NOT LIKE', 'AND', 'OR']);
const BOOLEAN_OPERATORS = new Set([...COMPARISONS, 'LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE', 'AND', 'OR', '&&', 'XOR', 'IN', 'NOT IN', 'BETWEEN', 'NOT BETWEEN', 'IS', 'IS NOT', 'REGEXP', 'RLIKE', 'NOT REGEXP', 'NOT RLIKE']);

/** An expression for the target; Untranslatable for any node kind not handled here. */
export function printExpression(p: ViewPrinter, x: unknown): string {
  const n = asNode(x);
  ensure(!!n, 'expression', 'an expression the translator cannot read');
  if (n.ast !== undefined) return `(${p.query(asNode(n.ast)!)})`;
  ensure(n.array_index == null, 'array_subscript', 'an array subscript ([n]) has no MySQL equivalent');
  ensure(asNode(n.collate) == null, 'collate', 'an explicit COLLATE clause names a collation of the source engine');
  const t = nodeType(n);
  switch (t) {
    case 'number':
    case 'bigint':
      return String(n.value);
    case 'bool':
      return n.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'single_quote_string':
      return p.string(decodeString(p.from, String(n.value)));
    case 'double_quote_string':
      // MySQL (without ANSI_QUOTES) reads "…" as a string; the PostgreSQL grammar gives identifiers another shape.
      ensure(p.from === 'mysql', 'double_quoted', 'a double-quoted name where an expression was expected');
      return p.string(decodeString(p.from, String(n.value)));
    case 'column_ref':
      return printColumnRef(p, n);
    case 'binary_expr':
      return printBinary(p, n);
    case 'unary_expr':
      return printUnary(p, n);
    case 'case':
      return printCase(p, n);
    case 'cast':
      return printCast(p, n);
    case 'interval':
      return printInterval(p, n);
    case 'function':
      return printFunctionNode(p, n);
    case 'aggr_func':
      return printFunction(p, String(n.name).toLowerCase(), [], n);
    case 'extract':
      return printFunction(p, 'extract', [], n);
    case 'expr_list':
      return `(${asArray(n.value).map((v) => p.expr(v)).join(', ')})`;
    default:
      throw new Untranslatable(`node:${t || 'unknown'}`, `the expression kind ${t || 'unknown'} is not translated`);
  }
}

/**
 * A condition. PostgreSQL needs a boolean where MySQL takes any number (0 is false): a column
 * whose target type is known is tested as that type (column-forms.ts); any other operand that
 * is not already a boolean expression gets the type-free non-zero test below.
 */
export function printCondition(p: ViewPrinter, x: unknown): string {
  const typed = typedCondition(p, asNode(x));
  if (typed !== null) return typed;
  const sql = p.expr(x);
  if (p.to !== 'postgres' || isBoolean(asNode(x))) return sql;
  return nonZero(sql);
}

/** A bare column as its target type has it (see ViewPrinter.native); any other expression as printExpression prints it. */
export function printNative(p: ViewPrinter, x: unknown): string {
  const n = asNode(x);
  if (n && nodeType(n) === 'column_ref' && n.array_index == null && asNode(n.collate) == null && !isKeyword(n)) return p.column(n);
  return p.expr(x);
}

/**
 * MySQL's "is true" (non-zero) on a value whose PostgreSQL type the view text does not
 * tell: a MySQL flag column may have become boolean, integer or numeric. The text form
 * decides for all three: false for `false`, `0`, `0.00`, `-0`; NULL stays NULL.
 */
const nonZero = (sql: string): string => `(CAST(${sql} AS text) !~ '^(-?0*(\\.0*)?|false)$')`;

/**
 * MariaDB prints `WHERE flag` as `flag <> 0`: on a column whose type is not known, the
 * comparison with 0 becomes the type-free test.
 */
function zeroComparison(p: ViewPrinter, n: Node, op: string): string | null {
  const right = asNode(n.right);
  if (p.from !== 'mysql' || !['<>', '!=', '='].includes(op) || nodeType(asNode(n.left) ?? {}) !== 'column_ref') return null;
  if (p.columnType(asNode(n.left)!) !== null) return null;
  if (!right || nodeType(right) !== 'number' || String(right.value) !== '0') return null;
  const test = nonZero(p.expr(n.left));
  return op === '=' ? `(NOT ${test})` : test;
}

function isBoolean(n: Node | null): boolean {
  if (!n) return false;
  const t = nodeType(n);
  if (t === 'bool') return true;
  if (t === 'binary_expr') return BOOLEAN_OPERATORS.has(String(n.operator).toUpperCase());
  if (t === 'unary_expr') return ['NOT', '!'].includes(String(n.operator).toUpperCase());
  if (t === 'function') {
    const name = functionName(n)?.name.toLowerCase();
    return name === 'exists' || name === 'not';
  }
  return false;
}

const KEYWORD_COLUMNS = new Set(['current_date', 'current_timestamp', 'localtimestamp', 'current_time', 'localtime']);

/** Keywords without parentheses reach the parser as column names. */
function isKeyword(n: Node): boolean {
  const col = identifier(n.column);
  return !!col && !col.quoted && n.table == null && KEYWORD_COLUMNS.has(col.name.toLowerCase());
}

function printColumnRef(p: ViewPrinter, n: Node): string {
  if (isKeyword(n)) return printFunction(p, identifier(n.column)!.name.toLowerCase(), [], n);
  return sourceForm(p, n, p.column(n));
}

function printBinary(p: ViewPrinter, n: Node): string {
  const op = String(n.operator).toUpperCase();
  const left = (): string => p.expr(n.left);
  if (op === 'AND' || op === 'OR' || op === '&&' || (op === '||' && p.from === 'mysql')) {
    return `(${p.cond(n.left)} ${op === 'OR' || op === '||' ? 'OR' : 'AND'} ${p.cond(n.right)})`;
  }
  if (op === 'XOR') {
    ensure(p.to === 'postgres', 'xor', 'XOR');
    return `(${p.cond(n.left)} <> ${p.cond(n.right)})`;
  }
  if (op === '||') return printFunction(p, 'concat_operator', [n.left, n.right], n);
  if (['+', '-', '*', '/', '%', 'DIV', 'MOD'].includes(op)) {
    guardUnknownBoolean(p, asNode(n.left), null);
    guardUnknownBoolean(p, asNode(n.right), null);
  }
  if (op === '/') {
    if (p.from === 'mysql') return `(CAST(${left()} AS numeric) / ${p.expr(n.right)})`;
    p.note('view_translated_with_changes', 'Division: PostgreSQL divides two integers without a fraction; MySQL always keeps the fraction. Check the columns are not both integers, or wrap the result in FLOOR().');
    return `(${left()} / ${p.expr(n.right)})`;
  }
  if (op === 'DIV') return `div(CAST(${left()} AS numeric), CAST(${p.expr(n.right)} AS numeric))`;
  if (op === 'MOD') return `(${left()} % ${p.expr(n.right)})`;
  if ((op === 'LIKE' || op === 'NOT LIKE') && p.from === 'mysql') {
    // MySQL compares with the column's collation, case-insensitive for the usual *_ci ones;
    // PostgreSQL 15 refuses LIKE on the nondeterministic collations those become. The
    // deterministic default collation and ILIKE keep the case-insensitive match.
    p.note('view_translated_with_changes', 'LIKE became ILIKE over the text in the default collation: case-insensitive as with MySQL *_ci collations; for a *_bin column, use LIKE instead.');
    return `(CAST(${left()} AS text) COLLATE "default" ${op === 'LIKE' ? 'ILIKE' : 'NOT ILIKE'} ${p.expr(n.right)})`;
  }
  if (op === 'ILIKE' || op === 'NOT ILIKE') {
    // MySQL has no ILIKE: lower() on both sides compares without case whatever the collation.
    return `(LOWER(${left()}) ${op === 'ILIKE' ? 'LIKE' : 'NOT LIKE'} LOWER(${p.expr(n.right)}))`;
  }
  if (op === 'IN' || op === 'NOT IN') return `(${left()} ${op} ${printInList(p, n.right)})`;
  if (op === 'BETWEEN' || op === 'NOT BETWEEN') {
    const [lo, hi] = asArray(asNode(n.right)?.value);
    return `(${left()} ${op} ${p.expr(lo)} AND ${p.expr(hi)})`;
  }
  if (op === 'IS' || op === 'IS NOT') return printIs(p, n, op);
  if (COMPARISONS.has(op)) {
    const special = typedComparison(p, n, op) ?? printQuantified(p, n, op) ?? zeroComparison(p, n, op);
    if (special) return special;
  }
  ensure(PASS_THROUGH.has(op), `operator:${op.toLowerCase()}`, `the operator ${op} has no checked equivalent on the target`);
  const l = left();
  p.intervalOperand = (op === '+' || op === '-') && nodeType(asNode(n.right) ?? {}) === 'cast';
  try {
    return `(${l} ${op === '!=' ? '<>' : op} ${p.expr(n.right)})`;
  } finally {
    p.intervalOperand = false;
  }
}

function printInList(p: ViewPrinter, right: unknown): string {
  const r = asNode(right);
  const values = asArray(r?.value);
  if (values.length === 1 && asNode(values[0])?.ast !== undefined) return p.expr(values[0]);
  ensure(nodeType(r ?? {}) === 'expr_list', 'in_list', 'an IN list the translator cannot read');
  return `(${values.map((v) => p.expr(v)).join(', ')})`;
}

function printIs(p: ViewPrinter, n: Node, op: string): string {
  const right = asNode(n.right);
  const rt = right ? nodeType(right) : '';
  if (rt === 'null') return `(${p.native(n.left)} ${op} NULL)`;
  ensure(rt === 'bool', 'is_distinct_from', 'IS [NOT] DISTINCT FROM or another IS form');
  return `(${p.cond(n.left)} ${op} ${right!.value ? 'TRUE' : 'FALSE'})`;
}

/** PostgreSQL `x = ANY (ARRAY[…])` / `x <> ALL (ARRAY[…])`, as pg_get_viewdef prints IN lists → IN / NOT IN. */
function printQuantified(p: ViewPrinter, n: Node, op: string): string | null {
  const right = asNode(n.right);
  if (!right || nodeType(right) !== 'function') return null;
  const q = functionName(right)?.name.toUpperCase();
  if (q !== 'ANY' && q !== 'ALL') return null;
  let array = asNode(functionArgs(right)[0]);
  // pg_get_viewdef casts the array to its element type (`(ARRAY[…])::text[]`): the values are what matter.
  while (array && nodeType(array) === 'cast') array = asNode(array.expr);
  ensure(!!array && nodeType(array) === 'array', 'quantified_comparison', `${op} ${q} over something other than an ARRAY[…] list`);
  const values = asArray(asNode(array.expr_list)?.value);
  const inOp = op === '=' && q === 'ANY' ? 'IN' : op === '<>' && q === 'ALL' ? 'NOT IN' : null;
  ensure(inOp !== null && values.length > 0, 'quantified_comparison', `${op} ${q} (ARRAY[…]) other than = ANY / <> ALL`);
  return `(${p.expr(n.left)} ${inOp} (${values.map((v) => p.expr(v)).join(', ')}))`;
}

function printUnary(p: ViewPrinter, n: Node): string {
  const op = String(n.operator).toUpperCase();
  if (op === 'NOT' || op === '!') return `(NOT ${p.cond(n.expr)})`;
  ensure(op === '-' || op === '+', `operator:${op.toLowerCase()}`, `the unary operator ${op}`);
  return `(${op}${p.expr(n.expr)})`;
}

function printCase(p: ViewPrinter, n: Node): string {
  const simple = n.expr != null;
  const parts = asArray(n.args).map((a) => {
    const arm = asNode(a)!;
    if (nodeType(arm) === 'else') return `ELSE ${p.expr(arm.result)}`;
    return `WHEN ${simple ? p.expr(arm.cond) : p.cond(arm.cond)} THEN ${p.expr(arm.result)}`;
  });
  return `CASE ${simple ? `${p.expr(n.expr)} ` : ''}${parts.join(' ')} END`;
}

function printFunctionNode(p: ViewPrinter, n: Node): string {
  const name = functionName(n);
  ensure(!!name, 'function:qualified', 'calls a schema-qualified function (a user function)');
  return printFunction(p, name.name.toLowerCase(), functionArgs(n), n);
}

/** OVER (PARTITION BY … ORDER BY …) without a frame clause or a named window. */
function isPlainWindow(over: unknown): boolean {
  const spec = asNode(asNode(asNode(over)?.as_window_specification)?.window_specification);
  return !!spec && spec.window_frame_clause == null && spec.name == null;
}

/** ` OVER (…)` for a window call, or '' when there is none. */
export function printOver(p: ViewPrinter, over: unknown): string {
  if (over == null) return '';
  ensure(isPlainWindow(over), 'window_frame', 'a window with a frame clause or a named window');
  const spec = asNode(asNode(asNode(over)?.as_window_specification)?.window_specification)!;
  const parts: string[] = [];
  const partition = asArray(spec.partitionby);
  if (partition.length) parts.push(`PARTITION BY ${partition.map((x) => p.expr(asNode(x)?.expr)).join(', ')}`);
  const order = asArray(spec.orderby);
  if (order.length) parts.push(`ORDER BY ${order.map((o) => printOrderItem(p, o)).join(', ')}`);
  return ` OVER (${parts.join(' ')})`;
}

/**
 * Function calls: the direction's map (functions-mysql-to-postgres.ts,
 * functions-postgres-to-mysql.ts) first, then the functions both engines share with the
 * same meaning, then a user aggregate the input's hook knows (group-concat.ts). A
 * schema-qualified name is a user routine (built-ins are never qualified, except
 * PostgreSQL's pg_catalog): only the hook may know it. Any other user function stops the
 * translation: the view may only be created once that function exists on the target,
 * which is manual work.
 */
import { asNode, ensure, functionSchema, Untranslatable, type Node } from './ast.js';
import { MYSQL_TO_POSTGRES_FUNCTIONS } from './functions-mysql-to-postgres.js';
import { POSTGRES_TO_MYSQL_FUNCTIONS } from './functions-postgres-to-mysql.js';
import { printUserAggregate } from './group-concat.js';
import { printOver } from './print-expr.js';
import type { ViewPrinter } from './printer.js';

/** Prints one call: arguments as parsed (function nodes) or the aggregate node itself. */
export type FunctionPrinter = (p: ViewPrinter, args: unknown[], node: Node) => string;

/** Same name and same result on MySQL 8.0 / MariaDB 10.11 and PostgreSQL 15. */
const SHARED = new Set([
  'coalesce', 'nullif', 'abs', 'ceil', 'ceiling', 'floor', 'sign', 'sqrt', 'exp', 'power', 'mod',
  'lower', 'upper', 'replace', 'reverse', 'left', 'right', 'lpad', 'rpad', 'repeat', 'md5', 'ascii', 'concat_ws',
  'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value',
]);

/** Aggregates whose name and meaning are the same on both engines. */
const SHARED_AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'stddev_pop', 'stddev_samp', 'var_pop', 'var_samp']);

/** A function or aggregate call for the target, or Untranslatable when the name has no checked equivalent. */
export function printFunction(p: ViewPrinter, name: string, args: unknown[], node: Node): string {
  const schema = functionSchema(node);
  if (schema !== null && !(p.from === 'postgres' && schema === 'pg_catalog')) return printUserAggregate(p, schema, name, node) ?? unknownFunction(p, name);
  const table = p.to === 'postgres' ? MYSQL_TO_POSTGRES_FUNCTIONS : POSTGRES_TO_MYSQL_FUNCTIONS;
  const mapped = table[name];
  if (mapped) return mapped(p, args, node) + printOver(p, node.over);
  if (node.type === 'aggr_func' && SHARED_AGGREGATES.has(name)) return printAggregate(p, name.toUpperCase(), node);
  if (SHARED.has(name) && node.type === 'function') return `${name}(${args.map((a) => p.expr(a)).join(', ')})${printOver(p, node.over)}`;
  return printUserAggregate(p, null, name, node) ?? unknownFunction(p, name);
}

function unknownFunction(p: ViewPrinter, name: string): never {
  throw new Untranslatable(`function:${name}`, `calls ${name}(), which has no checked equivalent on ${p.to === 'postgres' ? 'PostgreSQL' : 'MySQL'} (a user function, or a built-in the translator does not map)`);
}

/** `NAME([DISTINCT] expr)` with its window; PostgreSQL FILTER has no MySQL form. */
export function printAggregate(p: ViewPrinter, name: string, node: Node): string {
  ensure(node.filter == null, 'aggregate_filter', 'an aggregate FILTER (WHERE …) clause');
  const args = asNode(node.args);
  const distinct = args?.distinct ? 'DISTINCT ' : '';
  ensure(args?.orderby == null, 'aggregate_order_by', `ORDER BY inside ${name}()`);
  const expr = asNode(args?.expr);
  const inner = expr?.type === 'star' ? '*' : p.expr(expr);
  return `${name}(${distinct}${inner})${printOver(p, node.over)}`;
}

/** Requires a fixed number of arguments. */
export function arity(name: string, args: unknown[], ...counts: number[]): void {
  ensure(counts.includes(args.length), `function:${name}`, `${name}() with ${args.length} arguments`);
}

/** A positive integer literal, as substring positions need to keep their meaning. */
export function positiveIntegerLiteral(x: unknown): boolean {
  const n = asNode(x);
  return !!n && n.type === 'number' && /^[1-9]\d*$/.test(String(n.value));
}

/** Whether a node is a single-quoted string literal. */
export const isStringLiteral = (x: unknown): boolean => asNode(x)?.type === 'single_quote_string';

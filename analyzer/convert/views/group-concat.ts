/**
 * MySQL's GROUP_CONCAT for PostgreSQL's text-joining aggregates: the built-in string_agg,
 * and a user aggregate the converter knows joins text with a fixed separator (the old
 * `group_concat` idiom, recognised by procedural-pg/scope.ts and passed in through the
 * input's `aggregate` hook). Both skip NULL inputs and give NULL for none, as GROUP_CONCAT does.
 */
import { asArray, asNode, ensure, functionArgs, nodeType, type Node } from './ast.js';
import { printOrderItem } from './print-query.js';
import type { ViewPrinter } from './printer.js';

/** What one GROUP_CONCAT call is made of: `separator` is already printed for MySQL. */
interface GroupConcatParts {
  distinct: boolean;
  expr: unknown;
  orderBy: unknown[];
  separator: string;
}

const MAX_LEN = 'MySQL cuts the result at group_concat_max_len (1024 bytes by default); raise group_concat_max_len on the target if the lists are longer.';

/** `GROUP_CONCAT([DISTINCT] expr [ORDER BY …] SEPARATOR sep)`; FILTER and OVER have no MySQL form. */
export function printGroupConcat(p: ViewPrinter, name: string, node: Node, parts: GroupConcatParts): string {
  ensure(node.filter == null, 'aggregate_filter', 'an aggregate FILTER (WHERE …) clause');
  ensure(node.over == null, `window:${name}`, `${name}() as a window function: MySQL's GROUP_CONCAT is not one`);
  ensure(!!asNode(parts.expr) && nodeType(asNode(parts.expr)!) !== 'expr_list', `function:${name}`, `${name}() with an argument list the translator cannot read`);
  const order = parts.orderBy.length ? ` ORDER BY ${parts.orderBy.map((o) => printOrderItem(p, o)).join(', ')}` : '';
  return `GROUP_CONCAT(${parts.distinct ? 'DISTINCT ' : ''}${p.expr(parts.expr)}${order} SEPARATOR ${parts.separator})`;
}

/** PostgreSQL string_agg(expr, sep [ORDER BY …]) → GROUP_CONCAT. */
export function printStringAgg(p: ViewPrinter, args: unknown[], node: Node): string {
  // With a cast first argument the grammar reads string_agg as a plain function.
  const a = asNode(node.args);
  const plain = node.type === 'function';
  const expr = plain ? args[0] : a?.expr;
  const sep = plain ? asNode(args[1]) : asNode(asNode(a?.separator)?.delimiter);
  ensure(!!expr && !!sep && (!plain || args.length === 2), 'string_agg', 'string_agg with a separator the translator cannot read');
  p.note('view_translated_with_changes', 'string_agg became GROUP_CONCAT, which MySQL cuts at group_concat_max_len (1024 bytes by default); raise group_concat_max_len on the target if the lists are longer.');
  return printGroupConcat(p, 'string_agg', node, { distinct: !plain && !!a?.distinct, expr, orderBy: plain ? [] : asArray(a?.orderby), separator: p.expr(sep) });
}

/**
 * A call of a user aggregate the input's hook knows as a text-joining one →
 * GROUP_CONCAT with its separator; null when the hook does not know the name (the caller
 * then leaves the view manual). `schema` is the call's qualifier, null when unqualified.
 */
export function printUserAggregate(p: ViewPrinter, schema: string | null, name: string, node: Node): string | null {
  if (p.to !== 'mysql') return null;
  const aggregate = p.input.aggregate?.(schema, name) ?? null;
  if (!aggregate) return null;
  const label = schema === null ? name : `${schema}.${name}`;
  let parts: GroupConcatParts;
  if (node.type === 'aggr_func') {
    // Unqualified group_concat(…): the grammar reads it as MySQL's aggregate, with DISTINCT and ORDER BY.
    const a = asNode(node.args);
    ensure(!!a && a.separator == null, `function:${name}`, `${label}() with a SEPARATOR clause`);
    parts = { distinct: !!a.distinct, expr: a.expr, orderBy: asArray(a.orderby), separator: p.string(aggregate.separator) };
  } else {
    const args = functionArgs(node);
    ensure(args.length === 1, `function:${name}`, `${label}() with ${args.length} arguments`);
    parts = { distinct: false, expr: args[0], orderBy: [], separator: p.string(aggregate.separator) };
  }
  const sql = printGroupConcat(p, name, node, parts);
  p.note('view_translated_with_changes', `${label}() is a user aggregate joining text with ${p.string(aggregate.separator)}: it became MySQL's built-in GROUP_CONCAT (nothing is created for it). ${MAX_LEN}`);
  return sql;
}

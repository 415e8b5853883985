/**
 * Prints a SELECT statement's clauses for the target: WITH, DISTINCT, the select list,
 * FROM with joins, WHERE, GROUP BY, HAVING, ORDER BY (with the source's NULL ordering made
 * explicit) and LIMIT. Expressions are printed by the ViewPrinter.
 */
import { asArray, asNode, ensure, identifier, nodeType, type Node } from './ast.js';
import type { DataType } from '../../model/data-types.js';
import type { OutputColumns, ViewPrinter } from './printer.js';

/** A printed query and its output columns (name as the source gives it, target type where known). */
export interface TypedQuery {
  sql: string;
  columns: { name: string; type: DataType | null }[];
}

/** Words the PostgreSQL grammar takes as a table alias when it cannot read a join (`t CROSS JOIN u` → alias CROSS). */
const KEYWORD_ALIASES = new Set(['cross', 'natural', 'lateral', 'inner', 'left', 'right', 'full', 'join', 'on', 'using']);

const JOINS: Record<string, string> = {
  'INNER JOIN': 'JOIN',
  JOIN: 'JOIN',
  'LEFT JOIN': 'LEFT JOIN',
  'LEFT OUTER JOIN': 'LEFT JOIN',
  'RIGHT JOIN': 'RIGHT JOIN',
  'RIGHT OUTER JOIN': 'RIGHT JOIN',
  'CROSS JOIN': 'CROSS JOIN',
  'FULL JOIN': 'FULL JOIN',
  'FULL OUTER JOIN': 'FULL JOIN',
};

/** A whole query: the statement and any UNION / UNION ALL parts chained on `_next`. */
export function printQuery(p: ViewPrinter, ast: Node): string {
  return printTypedQuery(p, ast).sql;
}

/** A whole query with its output columns: a set operation's columns are named and typed by its first SELECT. */
export function printTypedQuery(p: ViewPrinter, ast: Node): TypedQuery {
  ensure(nodeType(ast) === 'select', `statement:${nodeType(ast) || 'unknown'}`, `the view body is a ${nodeType(ast) || 'statement'} the translator does not read`);
  const first = printSelect(p, ast);
  let sql = first.sql;
  let next = asNode(ast._next);
  let op = typeof ast.set_op === 'string' ? ast.set_op.toLowerCase() : '';
  while (next) {
    ensure(op === 'union' || op === 'union all' || (p.to === 'postgres' && (op === 'intersect' || op === 'except')), `set_operation:${op}`, `${op.toUpperCase()} has no equivalent on every Aurora MySQL 3 version`);
    sql += ` ${op.toUpperCase()} ${printSelect(p, next).sql}`;
    op = typeof next.set_op === 'string' ? next.set_op.toLowerCase() : '';
    next = asNode(next._next);
  }
  // A later branch may give another type (boolean in one, integer in another): only a first SELECT alone is typed.
  const columns = ast._next == null ? first.columns : first.columns.map((c) => ({ name: c.name, type: null }));
  return { sql, columns };
}

/** Output columns by columnKey, as derived tables and CTEs expose them to the enclosing query. */
const columnMap = (p: ViewPrinter, q: TypedQuery): OutputColumns => new Map(q.columns.map((c) => [p.columnKey(c.name), c.type]));

function printSelect(p: ViewPrinter, ast: Node): TypedQuery {
  p.pushScope();
  try {
    const parts: string[] = [];
    const ctes = printWith(p, ast.with);
    if (ctes) parts.push(ctes);
    ensure(asArray(ast.options).length === 0, 'select_options', `SELECT modifiers (${asArray(ast.options).join(', ')}) have no equivalent`);
    ensure(ast.locking_read == null, 'locking_read', 'a locking read (FOR UPDATE / LOCK IN SHARE MODE) in a view');
    ensure(ast.window == null, 'named_window', 'a named WINDOW clause');
    // FROM first: it defines the names the select list and WHERE refer to.
    const from = ast.from == null ? '' : ` FROM ${printFrom(p, asArray(ast.from).length ? asArray(ast.from) : [ast.from])}`;
    const items = asArray(ast.columns).map((c) => printColumn(p, c));
    parts.push(`SELECT${printDistinct(ast.distinct)} ${items.map((i) => i.sql).join(', ')}${from}`);
    if (ast.where != null) parts.push(`WHERE ${p.cond(ast.where)}`);
    const group = printGroupBy(p, ast);
    if (group) parts.push(group);
    if (ast.having != null) parts.push(`HAVING ${p.cond(ast.having)}`);
    const order = asArray(ast.orderby);
    if (order.length) parts.push(`ORDER BY ${order.map((o) => printOrderItem(p, o)).join(', ')}`);
    const limit = printLimit(p, asNode(ast.limit));
    if (limit) parts.push(limit);
    return { sql: parts.join(' '), columns: items.flatMap((i) => (i.name === null ? [] : [{ name: i.name, type: i.type }])) };
  } finally {
    p.popScope();
  }
}

function printWith(p: ViewPrinter, withList: unknown): string {
  const items = asArray(withList);
  if (!items.length) return '';
  const out = items.map((item) => {
    const n = asNode(item);
    const name = identifier(n?.name);
    const stmt = asNode(asNode(n?.stmt)?.ast);
    ensure(!!n && !!name && !!stmt && n.recursive !== true && n.columns == null, 'cte', 'a WITH clause the translator cannot read (recursive or with a column list)');
    const body = printTypedQuery(p, stmt);
    p.addCte(name.name, columnMap(p, body));
    return `${p.ident(name.name)} AS (${body.sql})`;
  });
  return `WITH ${out.join(', ')}`;
}

function printDistinct(distinct: unknown): string {
  if (distinct == null) return '';
  if (typeof distinct === 'string') return distinct.toUpperCase() === 'DISTINCT' ? ' DISTINCT' : '';
  const t = asNode(distinct)?.type;
  if (t == null) return '';
  ensure(t === 'DISTINCT', 'distinct_on', 'DISTINCT ON has no MySQL equivalent');
  return ' DISTINCT';
}

/**
 * One select-list item. A bare column keeps its target type (a TINYINT(1) column that became
 * boolean is selected as boolean, as the table has it); its name and type are the output
 * column's. An expression's type is not tracked.
 */
function printColumn(p: ViewPrinter, item: unknown): { sql: string; name: string | null; type: DataType | null } {
  const n = asNode(item);
  ensure(!!n, 'select_item', 'a select-list item the translator cannot read');
  const expr = p.native(n.expr);
  const alias = identifier(n.as);
  const ref = asNode(n.expr);
  const isColumn = !!ref && nodeType(ref) === 'column_ref';
  const name = alias?.name ?? (isColumn ? (identifier(ref.column)?.name ?? null) : null);
  const type = isColumn ? p.columnType(ref) : null;
  return { sql: alias ? `${expr} AS ${p.ident(p.input.columnName(alias.name))}` : expr, name, type };
}

function printFrom(p: ViewPrinter, items: unknown[]): string {
  let sql = '';
  for (const [i, item] of items.entries()) {
    const n = asNode(item);
    ensure(!!n, 'from_item', 'a FROM item the translator cannot read');
    const source = printFromSource(p, n);
    const join = typeof n.join === 'string' ? n.join.toUpperCase() : null;
    if (i === 0) {
      ensure(join === null, 'join', 'a join without a left side');
      sql = source;
    } else if (join === null) sql += `, ${source}`;
    else {
      const kw = JOINS[join];
      ensure(!!kw && !(kw === 'FULL JOIN' && p.to === 'mysql'), `join:${join.toLowerCase()}`, `${join} has no equivalent on the target`);
      if (n.using != null) {
        const cols = asArray(n.using).map((u) => identifier(u));
        ensure(cols.every((c) => c !== null), 'join_using', 'a USING list the translator cannot read');
        sql += ` ${kw} ${source} USING (${cols.map((c) => p.ident(p.input.columnName(c!.name))).join(', ')})`;
      } else if (n.on == null) sql += ` ${kw === 'JOIN' ? 'CROSS JOIN' : kw} ${source}`;
      else sql += ` ${kw} ${source} ON ${p.cond(n.on)}`;
    }
  }
  return sql;
}

function printFromSource(p: ViewPrinter, n: Node): string {
  const alias = identifier(n.as);
  ensure(!alias || alias.quoted || !KEYWORD_ALIASES.has(alias.name.toLowerCase()), 'join_syntax', `a join form the parser misread (${alias?.name})`);
  const aliasSql = alias ? ` AS ${p.ident(alias.name)}` : '';
  if (Array.isArray(n.expr)) {
    // A parenthesized join group: its names are visible to the rest of the FROM clause.
    return `(${printFrom(p, n.expr)})${aliasSql}`;
  }
  const sub = asNode(asNode(n.expr)?.ast);
  if (sub) {
    ensure(!!alias, 'subquery_alias', 'a derived table without an alias');
    const body = printTypedQuery(p, sub);
    p.addQualifier(alias.name, p.ident(alias.name), { columns: columnMap(p, body) });
    return `(${body.sql})${aliasSql}`;
  }
  ensure(n.expr == null && typeof n.table === 'string', 'table_function', 'a function or expression in FROM (table function, LATERAL, VALUES)');
  const schema = identifier(n.db)?.name ?? null;
  const table = n.table as string;
  const cte = schema === null && p.isCte(table);
  const printed = cte ? p.ident(table) : p.relation(schema, table);
  const source = cte ? { columns: p.cteColumns(table) } : { relation: { schema, name: table } };
  if (alias) p.addQualifier(alias.name, p.ident(alias.name), source);
  else {
    p.addQualifier(table, printed, source);
    if (schema !== null) p.addQualifier(`${schema}.${table}`, printed, source);
  }
  return `${printed}${aliasSql}`;
}

function printGroupBy(p: ViewPrinter, ast: Node): string {
  if (ast.groupby == null) return '';
  const g = asNode(ast.groupby);
  const columns = g ? asArray(g.columns) : asArray(ast.groupby);
  const modifiers = g ? asArray(g.modifiers).filter((m) => m != null) : [];
  ensure(modifiers.length === 0, 'with_rollup', 'GROUP BY … WITH ROLLUP has a different form on the target');
  if (!columns.length) return '';
  const items = columns.map((c) => p.native(c));
  if (p.from === 'mysql') items.push(...missingGroupColumns(p, ast, items));
  return `GROUP BY ${items.join(', ')}`;
}

/**
 * MySQL without ONLY_FULL_GROUP_BY lets a grouped query select columns it does not group
 * by; PostgreSQL accepts them only when they depend on a grouped primary key, which the
 * view text does not tell. They are added to the GROUP BY: the same rows when each group
 * has one value of them (the case in any query that meant something), and a note says so.
 */
function missingGroupColumns(p: ViewPrinter, ast: Node, grouped: string[]): string[] {
  const refs: Node[] = [];
  for (const c of asArray(ast.columns)) collectBareColumns(asNode(c)?.expr, refs);
  collectBareColumns(ast.having, refs);
  for (const o of asArray(ast.orderby)) collectBareColumns(asNode(o)?.expr, refs);
  const missing: string[] = [];
  for (const ref of refs) {
    const sql = p.native(ref);
    if (!grouped.includes(sql) && !missing.includes(sql)) missing.push(sql);
  }
  if (missing.length) p.note('view_translated_with_changes', `GROUP BY: ${missing.join(', ')} added, as PostgreSQL requires every selected column to be grouped; check each has one value per group on the source.`);
  return missing;
}

/** Column references outside aggregates, windows and subqueries. */
function collectBareColumns(x: unknown, out: Node[]): void {
  const n = asNode(x);
  if (!n || n.ast !== undefined || n.over != null || nodeType(n) === 'aggr_func') return;
  if (nodeType(n) === 'column_ref') {
    if (identifier(n.column)?.name !== '*') out.push(n);
    return;
  }
  for (const v of Object.values(n)) {
    if (Array.isArray(v)) for (const item of v) collectBareColumns(item, out);
    else collectBareColumns(v, out);
  }
}

/**
 * MySQL sorts NULLs first ascending and last descending; PostgreSQL the other way round.
 * The source's order is kept: NULLS FIRST/LAST on PostgreSQL, an `IS NULL` key on MySQL.
 */
export function printOrderItem(p: ViewPrinter, item: unknown): string {
  const n = asNode(item);
  ensure(!!n, 'order_by', 'an ORDER BY item the translator cannot read');
  const desc = typeof n.type === 'string' && n.type.toUpperCase() === 'DESC';
  const nullsText = typeof n.nulls === 'string' ? n.nulls.toUpperCase() : '';
  const positional = nodeType(asNode(n.expr) ?? {}) === 'number';
  // A bare column sorts as its target type: an enum type sorts by label position, as MySQL sorts ENUM.
  const expr = p.native(n.expr);
  const dir = desc ? ' DESC' : '';
  if (p.to === 'postgres') {
    if (positional) return `${expr}${dir}`;
    return `${expr}${dir} ${desc ? 'NULLS LAST' : 'NULLS FIRST'}`;
  }
  const nullsFirst = nullsText ? nullsText.endsWith('FIRST') : desc;
  ensure(!positional || nullsFirst === !desc, 'order_by_position', 'ORDER BY a column position whose NULL ordering differs on MySQL');
  if (positional || nullsFirst === !desc) return `${expr}${dir}`;
  return `(${expr} IS NULL)${nullsFirst ? ' DESC' : ''}, ${expr}${dir}`;
}

function printLimit(p: ViewPrinter, limit: Node | null): string {
  const values = asArray(limit?.value);
  if (!limit || values.length === 0) return '';
  const sep = typeof limit.seperator === 'string' ? limit.seperator.toLowerCase() : '';
  // MySQL `LIMIT offset, count`; both engines read `LIMIT count OFFSET offset`.
  const [count, offset] = sep === ',' ? [values[1], values[0]] : [values[0], values[1]];
  return `LIMIT ${p.expr(count)}${offset === undefined ? '' : ` OFFSET ${p.expr(offset)}`}`;
}

/**
 * MySQL without ONLY_FULL_GROUP_BY (the default of MariaDB and of older MySQL servers) lets a
 * grouped SELECT list a column that is neither grouped nor aggregated, and returns any value
 * of the group for it; PostgreSQL refuses the query. Such a column is read with
 * `(array_agg(col))[1]` under its own name: one value of the group, as MySQL gives.
 */
import { splitCommas, topIndex } from './token-ranges.js';
import { isOp, isWord, type Tok } from './tokens.js';

const CLAUSE_END = ['HAVING', 'ORDER', 'LIMIT', 'WINDOW', 'UNION', 'FOR', 'LOCK', 'INTO'];

const isName = (t: Tok | undefined): boolean => t?.kind === 'word' || t?.kind === 'ident';

/** A bare column item: `c`, `q.c`, optionally `AS alias` / `alias`; its column tokens and output name. */
function bareColumn(item: Tok[]): { column: Tok[]; name: Tok } | null {
  let cols = item;
  let alias: Tok | null = null;
  if (item.length >= 3 && isWord(item.at(-2), 'AS') && isName(item.at(-1))) {
    cols = item.slice(0, -2);
    alias = item.at(-1)!;
  } else if ((item.length === 2 || item.length === 4) && isName(item.at(-1)) && !isOp(item.at(-2), '.')) {
    cols = item.slice(0, -1);
    alias = item.at(-1)!;
  }
  const single = cols.length === 1 && isName(cols[0]);
  const dotted = cols.length === 3 && isName(cols[0]) && isOp(cols[1], '.') && isName(cols[2]);
  if (!single && !dotted) return null;
  return { column: cols, name: alias ?? cols.at(-1)! };
}

/**
 * The statement with ungrouped bare columns of its top-level grouped SELECT wrapped; the
 * names of the wrapped columns (empty when nothing changed).
 */
export function wrapUngroupedColumns(tokens: Tok[]): { tokens: Tok[]; wrapped: string[] } {
  const select = topIndex(tokens, (t) => isWord(t, 'SELECT'));
  const group = topIndex(tokens, (t, i) => isWord(t, 'GROUP') && isWord(tokens[i + 1], 'BY'));
  if (select < 0 || group < 0) return { tokens, wrapped: [] };
  const listEnd = topIndex(tokens, (t) => isWord(t, 'FROM', 'INTO'), select + 1);
  const groupEnd = topIndex(tokens, (t) => isWord(t, ...CLAUSE_END), group + 2);
  if (listEnd < 0) return { tokens, wrapped: [] };
  const grouped = new Set<string>();
  for (const item of splitCommas(tokens.slice(group + 2, groupEnd < 0 ? tokens.length : groupEnd))) {
    const part = item.filter((t) => !isWord(t, 'ASC', 'DESC'));
    if (part.length === 1 && part[0]!.kind === 'number') return { tokens, wrapped: [] };
    if (isName(part.at(-1)) && (part.length === 1 || (part.length === 3 && isOp(part[1], '.')))) grouped.add(part.at(-1)!.value.toLowerCase());
  }
  let first = select + 1;
  while (isWord(tokens[first], 'DISTINCT', 'ALL', 'SQL_CALC_FOUND_ROWS', 'STRAIGHT_JOIN')) first++;
  const out: Tok[] = tokens.slice(0, first);
  const wrapped: string[] = [];
  splitCommas(tokens.slice(first, listEnd)).forEach((item, n) => {
    if (n > 0) out.push({ kind: 'op', text: ',', value: ',' });
    const bare = bareColumn(item);
    if (!bare || grouped.has(bare.column.at(-1)!.value.toLowerCase())) {
      out.push(...item);
      return;
    }
    wrapped.push(bare.name.value);
    const op = (text: string): Tok => ({ kind: 'op', text, value: text });
    out.push(op('('), { kind: 'word', text: 'array_agg', value: 'array_agg' }, op('('), ...bare.column, op(')'), op(')'), op('['), { kind: 'number', text: '1', value: '1' }, op(']'), { kind: 'word', text: 'AS', value: 'AS' }, { ...bare.name, kind: 'ident' });
  });
  out.push(...tokens.slice(listEnd));
  return { tokens: out, wrapped };
}

/** Facts about parsed statements that decide how they are printed. */
import type { Stmt } from './ast.js';
import { splitCommas, topIndex, topLevel } from './token-ranges.js';
import { isOp, isWord, type Tok } from './tokens.js';

/** Statements that change data. */
export const DML = ['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'TRUNCATE'];

/** A SELECT of aggregates without GROUP BY: it always returns exactly one row. */
export function singleRowAggregate(tokens: readonly Tok[]): boolean {
  const top = topLevel(tokens);
  if (top.some((t) => isWord(t, 'GROUP', 'HAVING', 'UNION', 'LIMIT'))) return false;
  const from = top.findIndex((t) => isWord(t, 'FROM', 'INTO'));
  const list = tokens.slice(1, from < 0 ? tokens.length : tokens.indexOf(top[from]!));
  return list.some((t, i) => isWord(t, 'COUNT', 'SUM', 'MIN', 'MAX', 'AVG') && isOp(list[i + 1], '(')) && !list.some((t) => isWord(t, 'OVER'));
}

/** Whether a statement (or one nested in it) changes data. */
export function hasDml(s: Stmt): boolean {
  switch (s.kind) {
    case 'sql':
      return isWord(s.tokens[0], ...DML);
    case 'block':
    case 'while':
    case 'repeat':
    case 'loop':
      return s.body.some(hasDml);
    case 'if':
    case 'case':
      return s.branches.some((b) => b.body.some(hasDml)) || (s.otherwise ?? []).some(hasDml);
    default:
      return false;
  }
}

/** The forms of INSERT/UPDATE/DELETE/REPLACE PostgreSQL has no direct equivalent for. */
export function unsupportedDml(tokens: readonly Tok[], word: string): string[] {
  const top = topLevel(tokens);
  const out: string[] = [];
  if (word === 'REPLACE') out.push('REPLACE');
  if (isWord(tokens[1], 'IGNORE', 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'QUICK')) out.push(`${word} ${tokens[1]!.text.toUpperCase()}`);
  if (top.some((t, i) => isWord(t, 'ON') && isWord(top[i + 1], 'DUPLICATE'))) out.push('on_duplicate_key');
  if (word === 'UPDATE' && top.slice(1, top.findIndex((t) => isWord(t, 'SET'))).some((t) => isOp(t, ',') || isWord(t, 'JOIN'))) out.push('multi-table UPDATE');
  if (word === 'DELETE' && !isWord(tokens[1], 'FROM')) out.push('multi-table DELETE');
  if ((word === 'UPDATE' || word === 'DELETE') && top.some((t) => isWord(t, 'LIMIT', 'ORDER'))) out.push(`${word} with ORDER BY or LIMIT`);
  return out;
}

/**
 * A SELECT … INTO split at its INTO (at `into`): the select list, the targets, and the rest.
 * PL/pgSQL wants INTO right after the select list; MySQL also takes it at the end.
 */
export function splitSelectInto(tokens: readonly Tok[], into: number): { list: Tok[]; targets: Tok[][]; rest: Tok[] } {
  let end = into + 1;
  while (end < tokens.length && !isWord(tokens[end], 'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'FOR', 'LOCK', 'WINDOW')) end++;
  const from = topIndex(tokens, (t) => isWord(t, 'FROM'));
  const intoFirst = from < 0 || into < from;
  return {
    list: tokens.slice(0, intoFirst ? into : from),
    targets: splitCommas(tokens.slice(into + 1, end)),
    rest: intoFirst ? tokens.slice(end) : [...tokens.slice(from, into), ...tokens.slice(end)],
  };
}

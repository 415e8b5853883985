/**
 * Conditions: MySQL takes any number as a truth value (IF v THEN, WHILE NOT done), PostgreSQL
 * only booleans. A condition is split at its top-level AND/OR; an operand that is not already
 * a truth value (a comparison, IS/IN/LIKE/BETWEEN/EXISTS, TRUE/FALSE, a boolean variable,
 * column or function) is compared with 0, as MySQL does.
 */
import { rewriteTokens, type RewriteEnv } from './rewrite-sql.js';
import { isOp, isWord, type Tok } from './tokens.js';

const COMPARE = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '<=>']);
const BOOLEAN_WORDS = new Set(['IS', 'IN', 'LIKE', 'BETWEEN', 'EXISTS', 'REGEXP', 'RLIKE', 'TRUE', 'FALSE']);

const nameOf = (t: Tok | undefined): string | null => (t?.kind === 'word' || t?.kind === 'ident' ? t.value : null);

/** Splits tokens at top-level words/operators matching `isSep`; returns the parts and the separators. */
function splitTop(tokens: Tok[], isSep: (t: Tok) => boolean): { parts: Tok[][]; seps: Tok[] } {
  const parts: Tok[][] = [[]];
  const seps: Tok[] = [];
  let depth = 0;
  let cases = 0;
  for (const t of tokens) {
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    else if (isWord(t, 'CASE')) cases++;
    else if (isWord(t, 'END') && cases > 0) cases--;
    if (depth === 0 && cases === 0 && isSep(t) && !(isWord(t, 'AND') && isBetweenAnd(parts.at(-1)!))) {
      seps.push(t);
      parts.push([]);
    } else parts.at(-1)!.push(t);
  }
  return { parts, seps };
}

/** The AND of `x BETWEEN a AND b` belongs to BETWEEN. */
const isBetweenAnd = (part: Tok[]): boolean => {
  const between = part.findLastIndex((t) => isWord(t, 'BETWEEN'));
  return between >= 0 && !part.slice(between + 1).some((t) => isWord(t, 'AND'));
};

/** Whether one operand (no top-level AND/OR) is already a truth value on PostgreSQL. */
function isTruthValue(part: Tok[], env: RewriteEnv): boolean {
  let depth = 0;
  for (const t of part) {
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    else if (depth === 0 && t.kind === 'op' && COMPARE.has(t.text)) return true;
    else if (depth === 0 && t.kind === 'word' && BOOLEAN_WORDS.has(t.text.toUpperCase())) return true;
  }
  const first = part[0];
  const name = nameOf(first);
  if (name === null) return false;
  if (part.length === 1) return env.vars.get(name.toLowerCase()) === 'boolean' || env.scope.isBooleanColumn(env.triggerTable, name);
  if (part.length === 3 && isWord(first, 'NEW', 'OLD') && isOp(part[1], '.')) return env.triggerTable !== null && env.scope.isBooleanColumn(env.triggerTable, nameOf(part[2]) ?? '');
  if (isOp(part[1], '(') && part.length > 2) return env.scope.routine(name)?.returns === 'boolean' || ['isnull', 'exists'].includes(name.toLowerCase());
  return false;
}

/** Whether every top-level AND/OR operand is a truth value (a comparison, TRUE/FALSE, a boolean). */
export function isTruthExpression(tokens: Tok[], env: RewriteEnv): boolean {
  const { parts } = splitTop(tokens, (t) => isWord(t, 'AND', 'OR', 'XOR') || isOp(t, '&&') || isOp(t, '||'));
  return parts.every((part) => {
    const core = isWord(part[0], 'NOT') || isOp(part[0], '!') ? part.slice(1) : part;
    return core.length > 0 && isTruthValue(core, env);
  });
}

/**
 * Rewrites a condition (IF, WHILE, UNTIL, IF()): MySQL takes any number as a truth value,
 * PostgreSQL only booleans, so an operand that is not already one becomes `(x) <> 0`.
 */
export function rewriteCondition(tokens: Tok[], env: RewriteEnv): string {
  const { parts, seps } = splitTop(tokens, (t) => isWord(t, 'AND', 'OR', 'XOR') || isOp(t, '&&') || isOp(t, '||'));
  return parts
    .map((part, n) => {
      const sep = seps[n - 1];
      const glue = sep === undefined ? '' : ` ${isWord(sep, 'XOR') ? (env.unsupported.add('operator XOR'), 'XOR') : isWord(sep, 'OR') || isOp(sep, '||') ? 'OR' : 'AND'} `;
      return glue + operand(part, env);
    })
    .join('');
}

function operand(part: Tok[], env: RewriteEnv): string {
  if (isWord(part[0], 'NOT') || isOp(part[0], '!')) return `NOT ${operand(part.slice(1), env)}`;
  const last = part.length - 1;
  if (isOp(part[0], '(') && isOp(part[last], ')') && !isWord(part[1], 'SELECT') && closesAt(part) === last) return `(${rewriteCondition(part.slice(1, last), env)})`;
  const sql = rewriteTokens(part, env);
  return isTruthValue(part, env) ? sql : `(${sql}) <> 0`;
}

function closesAt(part: Tok[]): number {
  let depth = 0;
  for (let i = 0; i < part.length; i++) {
    if (isOp(part[i], '(')) depth++;
    else if (isOp(part[i], ')') && --depth === 0) return i;
  }
  return -1;
}

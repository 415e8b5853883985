/**
 * SIGNAL / RESIGNAL → RAISE. The SQLSTATE is kept (PostgreSQL accepts any five-character
 * code, and MySQL's 45xxx user states do not clash with its own); MESSAGE_TEXT becomes the
 * message; a state of class 01 is a warning on MySQL, so it becomes RAISE WARNING.
 */
import { quoteLiteral } from '../../dialects/postgres/quote.js';
import type { Stmt } from './ast.js';
import { rewriteTokens, type RewriteEnv } from './rewrite-sql.js';
import { isWord } from './tokens.js';

/** The RAISE statement; `conditions` are the DECLARE … CONDITION names in scope. */
export function signalStatement(s: Extract<Stmt, { kind: 'signal' }>, conditions: ReadonlyMap<string, string>, env: RewriteEnv): string {
  if (s.resignal) {
    if (s.condition.length || s.items.length) env.unsupported.add('RESIGNAL with a condition or SET');
    return 'RAISE;';
  }
  const c = s.condition;
  let state: string | null = null;
  if (isWord(c[0], 'SQLSTATE')) state = c.at(-1)?.kind === 'string' ? c.at(-1)!.value : null;
  else if (c.length === 1) state = conditions.get(c[0]!.value.toLowerCase())?.replace(/^SQLSTATE /, '') ?? null;
  if (state === null || !/^[0-9A-Z]{5}$/.test(state)) {
    env.unsupported.add('SIGNAL of a condition the converter cannot resolve');
    return "RAISE EXCEPTION 'unresolved SIGNAL';";
  }
  let message = quoteLiteral(state.startsWith('45') ? 'Unhandled user-defined exception condition' : `SQLSTATE ${state}`);
  for (const item of s.items) {
    if (item.name === 'MESSAGE_TEXT') message = rewriteTokens(item.value, env);
    else env.notes.push({ code: 'procedural_signal_item_dropped', message: `SIGNAL … SET ${item.name} has no RAISE equivalent and was dropped` });
  }
  const level = state.startsWith('01') ? 'WARNING' : 'EXCEPTION';
  return `RAISE ${level} USING ERRCODE = ${quoteLiteral(state)}, MESSAGE = ${message};`;
}

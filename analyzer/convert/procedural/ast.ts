/**
 * The parsed shape of a MySQL stored-program body. Expressions and plain SQL statements
 * stay token lists: the rewriter (rewrite-sql.ts) translates them in place.
 */
import type { Tok } from './tokens.js';

export type Tokens = Tok[];

/** DECLARE forms; handlers keep their conditions as written (NOT FOUND, SQLSTATE '…', a number, a name). */
export type Decl =
  | { kind: 'var'; names: string[]; type: string; default: Tokens | null }
  | { kind: 'cursor'; name: string; query: Tokens }
  | { kind: 'handler'; action: 'continue' | 'exit' | 'undo'; conditions: string[]; body: Stmt }
  | { kind: 'condition'; name: string; value: string };

export type Stmt =
  | { kind: 'block'; label: string | null; decls: Decl[]; body: Stmt[] }
  | { kind: 'if'; branches: { cond: Tokens; body: Stmt[] }[]; otherwise: Stmt[] | null }
  | { kind: 'case'; subject: Tokens | null; branches: { cond: Tokens; body: Stmt[] }[]; otherwise: Stmt[] | null }
  | { kind: 'while'; label: string | null; cond: Tokens; body: Stmt[] }
  | { kind: 'repeat'; label: string | null; body: Stmt[]; until: Tokens }
  | { kind: 'loop'; label: string | null; body: Stmt[] }
  | { kind: 'leave' | 'iterate'; label: string }
  | { kind: 'set'; assigns: { target: Tokens; value: Tokens }[] }
  | { kind: 'return'; expr: Tokens }
  | { kind: 'open' | 'close'; cursor: string }
  | { kind: 'fetch'; cursor: string; into: Tokens[] }
  | { kind: 'signal'; resignal: boolean; condition: Tokens; items: { name: string; value: Tokens }[] }
  | { kind: 'sql'; tokens: Tokens };

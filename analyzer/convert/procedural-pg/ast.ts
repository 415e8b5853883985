/**
 * The parse tree of a PL/pgSQL body. Expressions and SQL statements stay token runs: the
 * printer translates them with the expression translator (translate-sql.ts), so the tree
 * only records the procedural structure.
 */
import type { Tok } from './tokens.js';

export type Toks = Tok[];

export type Decl =
  | { k: 'var'; name: string; type: Toks; constant: boolean; notNull: boolean; init: Toks | null }
  | { k: 'cursor'; name: string; args: Toks | null; query: Toks }
  | { k: 'alias'; name: string; of: Toks };

export interface Handler {
  /** Condition names or `sqlstate 'xxxxx'` entries, as written (lower case). */
  conditions: string[];
  body: Stmt[];
}

export interface RaiseStmt {
  k: 'raise';
  /** exception (default), warning, notice, info, log, debug. */
  level: string;
  /** The format string, when the RAISE has one. */
  format: string | null;
  args: Toks[];
  /** A condition name or SQLSTATE given instead of a format. */
  condition: string | null;
  /** USING option → expression tokens (message, errcode, detail, hint…). */
  using: Map<string, Toks>;
  /** Bare `RAISE;` inside an exception handler. */
  reraise: boolean;
}

export type Stmt =
  | { k: 'block'; label: string | null; decls: Decl[]; body: Stmt[]; handlers: Handler[] | null }
  | { k: 'assign'; target: Toks; expr: Toks }
  | { k: 'if'; branches: { cond: Toks; body: Stmt[] }[]; otherwise: Stmt[] | null }
  | { k: 'case'; subject: Toks | null; whens: { cond: Toks; body: Stmt[] }[]; otherwise: Stmt[] | null }
  | { k: 'loop'; label: string | null; body: Stmt[] }
  | { k: 'while'; label: string | null; cond: Toks; body: Stmt[] }
  | { k: 'for_range'; label: string | null; variable: string; reverse: boolean; from: Toks; to: Toks; by: Toks | null; body: Stmt[] }
  | { k: 'for_query'; label: string | null; variable: string; query: Toks; dynamic: boolean; using: Toks[]; body: Stmt[] }
  | { k: 'for_cursor'; label: string | null; variable: string; cursor: string; body: Stmt[] }
  | { k: 'exit' | 'continue'; label: string | null; when: Toks | null }
  | { k: 'return'; expr: Toks | null }
  | { k: 'return_next'; expr: Toks | null }
  | { k: 'return_query'; query: Toks; dynamic: boolean; using: Toks[] }
  | RaiseStmt
  | { k: 'perform'; query: Toks }
  | { k: 'sql'; tokens: Toks; into: { targets: Toks[]; strict: boolean } | null }
  | { k: 'execute'; expr: Toks; into: { targets: Toks[]; strict: boolean } | null; using: Toks[] }
  | { k: 'get_diagnostics'; stacked: boolean; items: { target: Toks; item: string }[] }
  | { k: 'open'; cursor: string; query: Toks | null }
  | { k: 'fetch'; cursor: string; into: Toks[] }
  | { k: 'close'; cursor: string }
  | { k: 'null' }
  /** A statement the converter has no translation for: the construct, for the manual item. */
  | { k: 'unsupported'; construct: string };

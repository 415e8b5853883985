/**
 * Parses a view's SELECT with node-sql-parser's grammar for the source (MariaDB's grammar
 * for MySQL: it reads the text MySQL and MariaDB catalogs print; PostgreSQL's for
 * PostgreSQL), after the token fixes of preprocess.ts.
 */
import nodeSqlParser from 'node-sql-parser';
import type { SourceDialect } from '../../model/schema.js';
import { asNode } from './ast.js';
import { preprocessViewSql } from './preprocess.js';

// The package is CommonJS: its named exports are reached through the default import.
const parser = new nodeSqlParser.Parser();

/** The single statement's AST, or why it could not be read. */
export type ParsedView = { ok: true; ast: unknown } | { ok: false; reason: string };

/** Parses one view SELECT with the source's grammar, originals restored in the AST. */
export function parseViewSql(dialect: SourceDialect, sql: string): ParsedView {
  const { text, placeholders } = preprocessViewSql(dialect, sql);
  let ast: unknown;
  try {
    ast = parser.astify(text, { database: dialect === 'mysql' ? 'MariaDB' : 'PostgresQL' });
  } catch (err) {
    return { ok: false, reason: `the ${dialect === 'mysql' ? 'MySQL' : 'PostgreSQL'} parser could not read the view: ${(err as Error).message.slice(0, 200)}` };
  }
  const list = Array.isArray(ast) ? ast : [ast];
  if (list.length !== 1 || !asNode(list[0])) return { ok: false, reason: 'the view text holds more than one statement' };
  return { ok: true, ast: placeholders.size ? restore(list[0], placeholders) : list[0] };
}

/** Puts the originals back wherever the parser copied a placeholder (names, aliases, literal values). */
function restore(x: unknown, placeholders: ReadonlyMap<string, string>): unknown {
  if (typeof x === 'string') return placeholders.get(x) ?? x;
  if (Array.isArray(x)) return x.map((v) => restore(v, placeholders));
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, restore(v, placeholders)]));
  return x;
}

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
  const shape = preprocessViewSql(dialect, sql, { nonce: SHAPE_NONCE });
  const key = `${dialect}\u0000${shape.text}`;
  const known = shape.placeholders.size > 0 ? shapes.get(key) : undefined;
  if (known?.ast) {
    const ast = known.verified ? known.ast : verifyShape(dialect, key, shape.text, known);
    // Always a copy: the printer may annotate the AST it gets, and the shape is shared.
    if (ast) return { ok: true, ast: restore(ast, shape.placeholders) };
  }
  const { text, placeholders } = preprocessViewSql(dialect, sql);
  const parsed = parseText(dialect, text);
  const result: ParsedView = parsed.ok && placeholders.size ? { ok: true, ast: restore(parsed.ast, placeholders) } : parsed;
  if (result.ok && shape.placeholders.size > 0 && !known) {
    if (shapes.size >= SHAPES_LIMIT) shapes.clear();
    // A copy, as the printer may annotate the AST; an AST that is not plain data (a copy would differ) never takes a shape.
    const copy = restore(result.ast, NO_PLACEHOLDERS);
    shapes.set(key, sameTree(copy, result.ast) ? { verified: false, ast: copy, placeholders: shape.placeholders } : { verified: true, ast: null, placeholders: NO_PLACEHOLDERS });
  }
  return result;
}

function parseText(dialect: SourceDialect, text: string): ParsedView {
  let ast: unknown;
  try {
    ast = parser.astify(text, { database: dialect === 'mysql' ? 'MariaDB' : 'PostgresQL' });
  } catch (err) {
    return { ok: false, reason: `the ${dialect === 'mysql' ? 'MySQL' : 'PostgreSQL'} parser could not read the view: ${(err as Error).message.slice(0, 200)}` };
  }
  const list = Array.isArray(ast) ? ast : [ast];
  if (list.length !== 1 || !asNode(list[0])) return { ok: false, reason: 'the view text holds more than one statement' };
  return { ok: true, ast: list[0] };
}

/*
 * Views by shape. With names replaced by placeholders (preprocess.ts, shape mode), views that
 * differ only in names (a schema's generated per-tenant or per-month views) give one text.
 * The first view of a shape is parsed on its own and its AST kept; the second parses the
 * shape's text once, and the shape is used for it and every later view only when the shape's
 * AST with the first view's names put back is exactly the first view's AST: the grammar read
 * those names as plain names, never split, joined or interpreted one. Otherwise the shape is
 * marked unusable and every view of it is parsed on its own, as before. A view whose shape is
 * seen once is parsed once, as before.
 */
const SHAPE_NONCE = Math.random().toString(36).slice(2, 10);
const SHAPE_PREFIX = `scout_${SHAPE_NONCE}_`;
const SHAPES_LIMIT = 1000;
const NO_PLACEHOLDERS: ReadonlyMap<string, string> = new Map();

/** A shape seen: the first view's AST and names until verified, then the shape's own AST (null: unusable). */
interface Shape {
  verified: boolean;
  ast: unknown;
  placeholders: ReadonlyMap<string, string>;
}
const shapes = new Map<string, Shape>();

/** Parses the shape's text and checks it against the first view of the shape; returns the shape's AST or null. */
function verifyShape(dialect: SourceDialect, key: string, text: string, first: Shape): unknown {
  const parsed = parseText(dialect, text);
  const usable = parsed.ok && placeholdersWhole(parsed.ast, first.placeholders) && sameTree(restore(parsed.ast, first.placeholders), first.ast);
  const ast = usable && parsed.ok ? parsed.ast : null;
  shapes.set(key, { verified: true, ast, placeholders: NO_PLACEHOLDERS });
  return ast;
}

/** Whether every string holding a placeholder is exactly one, so restore puts every name back. */
function placeholdersWhole(x: unknown, placeholders: ReadonlyMap<string, string>): boolean {
  if (typeof x === 'string') return !x.includes(SHAPE_PREFIX) || placeholders.has(x);
  if (Array.isArray(x)) return x.every((v) => placeholdersWhole(v, placeholders));
  if (typeof x === 'object' && x !== null) return Object.values(x).every((v) => placeholdersWhole(v, placeholders));
  return true;
}

/** Structural equality of two ASTs, key order included. */
function sameTree(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k, i) => k === kb[i] && sameTree((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Puts the originals back wherever the parser copied a placeholder (names, aliases, literal values). */
function restore(x: unknown, placeholders: ReadonlyMap<string, string>): unknown {
  if (typeof x === 'string') return placeholders.get(x) ?? x;
  if (Array.isArray(x)) return x.map((v) => restore(v, placeholders));
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, restore(v, placeholders)]));
  return x;
}

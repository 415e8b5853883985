/**
 * The few shapes of node-sql-parser's AST the view translator reads. The parser's own
 * typings are loose (many fields are `any`), so nodes are read as plain records through
 * these helpers, and anything that does not match a known shape stops the translation.
 */

/** One AST node: an object with an optional `type` tag. */
export type Node = { type?: unknown; [key: string]: unknown };

/** Thrown by the printers for a construct they cannot translate safely; translateViewSql turns it into `{ ok: false }`. */
export class Untranslatable extends Error {
  constructor(
    /** Stable lower-case name of the construct (`function:xpath`, `regexp`, `window_frame`). */
    readonly construct: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** Whether a value is an AST node (a plain object). */
export const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The value as a node, or null. */
export const asNode = (x: unknown): Node | null => (isNode(x) ? x : null);

/** The value as an array, or an empty one. */
export const asArray = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/** A node's `type` tag, or '' when it has none. */
export const nodeType = (n: Node): string => (typeof n.type === 'string' ? n.type : '');

/**
 * An identifier part as the parser gives it: a plain string, `{type, value}` (quoted forms)
 * or `{expr: {type, value}}` (PostgreSQL column names). Returns the name and whether it was
 * written quoted (PostgreSQL folds unquoted names, which the catalog's text already did).
 */
export function identifier(x: unknown): { name: string; quoted: boolean } | null {
  if (typeof x === 'string') return { name: x, quoted: false };
  const n = asNode(x);
  if (!n) return null;
  if (n.expr !== undefined) return identifier(n.expr);
  if (typeof n.value === 'string') {
    const t = nodeType(n);
    return { name: n.value, quoted: t === 'double_quote_string' || t === 'backticks_quote_string' };
  }
  return null;
}

/** The name of a function node (`name.name[]` parts); null when it is schema-qualified. */
export function functionName(n: Node): { name: string; quoted: boolean } | null {
  const raw = n.name;
  if (typeof raw === 'string') return { name: raw, quoted: false };
  const parts = asArray(asNode(raw)?.name);
  if (parts.length !== 1) return null;
  return identifier(parts[0]);
}

/** The schema a function node's name is qualified with (`app.f(…)`), or null when it is not. */
export function functionSchema(n: Node): string | null {
  return nodeType(n) === 'function' ? (identifier(asNode(n.name)?.schema)?.name ?? null) : null;
}

/** The argument list of a function node. */
export const functionArgs = (n: Node): unknown[] => asArray(asNode(n.args)?.value);

/** Fails unless the condition holds: keeps the printers short. */
export function ensure(condition: boolean, construct: string, reason: string): asserts condition {
  if (!condition) throw new Untranslatable(construct, reason);
}

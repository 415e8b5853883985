/**
 * Columns whose type changes meaning between the engines, read with the target types the
 * converter gives (ViewTranslationInput.columnType). MySQL → PostgreSQL: a TINYINT(1) that
 * became boolean, an ENUM that became an enum type and a SET that became text[] are read the
 * way MySQL reads them (a number, a string, a comma-separated string) wherever the target
 * type would fail or mean something else, and left as they are where they mean the same (a
 * condition, a comparison with 0/1 or with a label, a bare select item, ORDER BY).
 * PostgreSQL → MySQL: a boolean, TINYINT(1) there, is printed as PostgreSQL's text where it
 * becomes text ('true'/'false', not 1/0).
 */
import type { DataType } from '../../model/data-types.js';
import { asNode, functionArgs, functionName, identifier, nodeType, Untranslatable, type Node } from './ast.js';
import { decodeString } from './literals.js';
import type { ViewPrinter } from './printer.js';

const EQUALITY = new Set(['=', '<>', '!=']);
const ORDERING = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);

/** The target type of a node when it is a column reference, else null. */
function typeOf(p: ViewPrinter, n: Node | null): DataType | null {
  return n && nodeType(n) === 'column_ref' ? p.columnType(n) : null;
}

const isSetArray = (t: DataType | null): boolean => !!t && t.kind === 'text' && (t.arrayDims ?? 0) > 0;

/** The integer literal 0 or 1 as a PostgreSQL boolean literal, else null. */
function bitLiteral(n: Node | null): string | null {
  if (!n || nodeType(n) !== 'number') return null;
  const v = String(n.value);
  return v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : null;
}

/**
 * The enum label a string literal names, matched without case as MySQL's *_ci collations
 * compare (the usual ENUM collation); null for any other string, which would fail as enum input.
 */
function labelOf(p: ViewPrinter, n: Node | null, type: DataType): string | null {
  if (!n || nodeType(n) !== 'single_quote_string') return null;
  const text = decodeString(p.from, String(n.value));
  const values = type.values ?? [];
  if (values.includes(text)) return text;
  const label = values.find((v) => v.toLowerCase() === text.toLowerCase());
  if (label === undefined) return null;
  p.note('view_translated_with_changes', `'${text}' compared with an ENUM became the label '${label}': MySQL compared without case (a *_ci collation); with a *_bin collation, no row matched.`);
  return label;
}

/**
 * A column reference as the source engine reads it in an expression (MySQL → PostgreSQL):
 * boolean as integer (arithmetic, SUM, COALESCE with numbers, CONCAT gives 1/0), enum as text
 * (functions, string comparisons, MIN/MAX by string), a SET array as its comma-separated text.
 */
export function sourceForm(p: ViewPrinter, n: Node, sql: string): string {
  if (p.from !== 'mysql' || p.to !== 'postgres') return sql;
  const type = p.columnType(n);
  if (type?.kind === 'bool') return `CAST(${sql} AS integer)`;
  if (type?.kind === 'enum') return `CAST(${sql} AS text)`;
  if (isSetArray(type)) return `array_to_string(${sql}, ',')`;
  return sql;
}

/**
 * A comparison the column types decide (MySQL → PostgreSQL), or null for the general form:
 * boolean = 0/1 compares with FALSE/TRUE, two booleans or two columns of one enum type
 * compare as they are, an enum equal to one of its labels stays an enum comparison.
 * A column whose type is not known (a view, a derived expression) compared with a number,
 * when a relation the view reads has a boolean column of that name, stops the translation.
 */
export function typedComparison(p: ViewPrinter, n: Node, op: string): string | null {
  if (p.from !== 'mysql' || p.to !== 'postgres' || !p.input.columnType) return null;
  const left = asNode(n.left);
  const right = asNode(n.right);
  const lt = typeOf(p, left);
  const rt = typeOf(p, right);
  const pgOp = op === '!=' ? '<>' : op;
  for (const [col, type, other] of [[left, lt, right], [right, rt, left]] as const) {
    const bit = bitLiteral(other);
    if (type?.kind === 'bool' && bit !== null && EQUALITY.has(op)) return `(${p.native(col)} ${pgOp} ${bit})`;
    const label = type?.kind === 'enum' && EQUALITY.has(op) ? labelOf(p, other, type) : null;
    if (label !== null) return `(${p.native(col)} ${pgOp} ${p.string(label)})`;
  }
  if (lt?.kind === 'bool' && rt?.kind === 'bool' && ORDERING.has(op)) return `(${p.native(left)} ${pgOp} ${p.native(right)})`;
  if (lt?.kind === 'enum' && rt?.kind === 'enum' && EQUALITY.has(op) && sameEnum(lt, rt)) return `(${p.native(left)} ${pgOp} ${p.native(right)})`;
  guardUnknownBoolean(p, left, right);
  guardUnknownBoolean(p, right, left);
  return null;
}

const sameEnum = (a: DataType, b: DataType): boolean => !!a.typeRef && !!b.typeRef && a.typeRef.schema === b.typeRef.schema && a.typeRef.name === b.typeRef.name;

/**
 * A column whose type the translator cannot tell, used as a number, with a boolean column of
 * the same name in a relation the view reads: it may well be that boolean (through a view or
 * a derived table's expression), which PostgreSQL refuses to compare with or add to a number.
 */
export function guardUnknownBoolean(p: ViewPrinter, col: Node | null, other: Node | null): void {
  if (p.from !== 'mysql' || p.to !== 'postgres' || !col || nodeType(col) !== 'column_ref') return;
  if (other && nodeType(other) !== 'number') return;
  const name = identifier(col.column)?.name;
  if (!name || p.columnType(col) !== null || !p.readsBooleanColumn(name)) return;
  throw new Untranslatable('boolean_comparison', `uses ${name} as a number, and its type is not known here while a table the view reads has a TINYINT(1) column ${name}, boolean on PostgreSQL`);
}

/**
 * A condition the column type decides (MySQL → PostgreSQL), or null for the type-free test:
 * a boolean column is the condition itself, a number column is compared with 0, and
 * FIND_IN_SET(x, set) is `x = ANY (array)`.
 */
export function typedCondition(p: ViewPrinter, n: Node | null): string | null {
  if (!n || p.from !== 'mysql' || p.to !== 'postgres') return null;
  const call = nodeType(n) === 'function' ? findInSetCall(n) : null;
  if (call) {
    const member = setMember(p, call[0], call[1]);
    return `(${member ? p.string(member.label) : p.expr(call[0])} = ANY (${setArray(p, call[1])}))`;
  }
  const type = typeOf(p, n);
  if (!type) return null;
  if (type.kind === 'bool') return p.native(n);
  const k = type.kind;
  if (['int8', 'int16', 'int24', 'int32', 'int64', 'decimal', 'float32', 'float64'].includes(k)) return `(${p.expr(n)} <> 0)`;
  return null;
}

/** The arguments of a two-argument FIND_IN_SET call, else null. */
function findInSetCall(n: Node): [unknown, unknown] | null {
  if (functionName(n)?.name.toLowerCase() !== 'find_in_set') return null;
  const args = functionArgs(n);
  return args.length === 2 ? [args[0], args[1]] : null;
}

/** A MySQL SET value as a PostgreSQL text[]: a SET column that became an array as it is, anything else split at commas. */
function setArray(p: ViewPrinter, x: unknown): string {
  const n = asNode(x);
  if (isSetArray(typeOf(p, n))) return p.native(n);
  return `string_to_array(CAST(${p.expr(x)} AS text), ',')`;
}

/**
 * A string literal searched in a SET column whose labels are known: the label it names
 * (matched without case, as SET labels are) and its 1-based place in the SET definition.
 */
function setMember(p: ViewPrinter, needle: unknown, set: unknown): { label: string; index: number } | null {
  const n = asNode(needle);
  const type = typeOf(p, asNode(set));
  if (!n || nodeType(n) !== 'single_quote_string' || !isSetArray(type) || !type?.values) return null;
  const text = decodeString(p.from, String(n.value)).toLowerCase();
  const index = type.values.findIndex((v) => v.toLowerCase() === text);
  return index < 0 ? null : { label: type.values[index]!, index: index + 1 };
}

/**
 * MySQL FIND_IN_SET(x, set) as a value: the 1-based position of x among the set's elements,
 * 0 when absent, NULL when either is NULL. With a literal x and a SET column, MySQL and
 * MariaDB answer from the SET's bits: the label's place in the SET definition, whatever the
 * other members present.
 */
export function findInSet(p: ViewPrinter, args: unknown[]): string {
  const set = setArray(p, args[1]);
  const member = setMember(p, args[0], args[1]);
  if (member) return `CASE WHEN ${set} IS NULL THEN NULL WHEN ${p.string(member.label)} = ANY (${set}) THEN ${member.index} ELSE 0 END`;
  const needle = p.expr(args[0]);
  return `CASE WHEN ${needle} IS NULL OR ${set} IS NULL THEN NULL ELSE COALESCE(array_position(${set}, CAST(${needle} AS text)), 0) END`;
}

/**
 * PostgreSQL → MySQL: a boolean column where PostgreSQL makes text of it (a cast to text, an
 * operand of ||) reads 'true' / 'false' there; MySQL's TINYINT(1) would give '1' / '0'.
 * Returns the MySQL expression, or null when the node is not a boolean column.
 */
export function booleanAsText(p: ViewPrinter, x: unknown): string | null {
  if (p.to !== 'mysql') return null;
  const n = asNode(x);
  if (typeOf(p, n)?.kind !== 'bool') return null;
  const sql = p.native(n);
  return `CASE WHEN ${sql} THEN 'true' WHEN NOT ${sql} THEN 'false' END`;
}

/**
 * The state of one view translation: the input and its name resolvers, the names in scope
 * (table aliases, CTEs), the relations read and the notes raised. Expressions and queries
 * are printed by print-expr.ts and print-query.ts through it.
 */
import type { DataType } from '../../model/data-types.js';
import type { SourceDialect } from '../../model/schema.js';
import { ensure, identifier, Untranslatable, type Node } from './ast.js';
import { quoteIdent, quoteString } from './literals.js';
import { printCondition, printExpression, printNative } from './print-expr.js';
import { printQuery } from './print-query.js';
import type { ViewNote, ViewTranslationInput } from './translate-view.js';

/** A query's output columns (key: columnKey of the name) → their target type, null when the translator cannot tell. */
export type OutputColumns = ReadonlyMap<string, DataType | null>;

/** Where a FROM item's column types come from: a relation of the source (the input's hook) or a derived table's output. */
type ColumnSource = { relation: { schema: string | null; name: string } } | { columns: OutputColumns };

interface Scope {
  /** CTE names in scope with their output columns. */
  ctes: Map<string, OutputColumns>;
  /** A qualifier as written in the source (alias, table, schema.table) → its printed target form. */
  qualifiers: Map<string, string>;
  /** The same qualifiers → where their column types come from (unqualified columns search all of them). */
  sources: Map<string, ColumnSource>;
}

/** One translation's printer: input, scopes, relations read and notes. */
export class ViewPrinter {
  readonly from: SourceDialect;
  readonly to: SourceDialect;
  readonly notes: ViewNote[] = [];
  private readonly refs = new Map<string, { schema: string; name: string }>();
  private readonly scopes: Scope[] = [];
  /** True while printing the right operand of + or -, the one place MySQL takes an INTERVAL. */
  intervalOperand = false;

  constructor(readonly input: ViewTranslationInput) {
    this.from = input.from;
    this.to = input.to;
  }

  get references(): { schema: string; name: string }[] {
    return [...this.refs.values()];
  }

  query(ast: Node): string {
    return printQuery(this, ast);
  }

  expr(node: unknown): string {
    return printExpression(this, node);
  }

  /**
   * An expression where the column's own target type means the same as on the source: a
   * bare column is printed as it is (a boolean stays boolean), anything else as expr() does.
   */
  native(node: unknown): string {
    return printNative(this, node);
  }

  /** An expression used as a condition (WHERE, ON, CASE WHEN, AND/OR operands). */
  cond(node: unknown): string {
    return printCondition(this, node);
  }

  ident(name: string): string {
    return quoteIdent(this.to, name);
  }

  string(value: string): string {
    return quoteString(this.to, value);
  }

  /** Records a change of behaviour the target's SQL has (raised by the caller as an action item). */
  note(code: string, message: string): void {
    if (!this.notes.some((n) => n.code === code && n.message === message)) this.notes.push({ code, message });
  }

  pushScope(): void {
    const outer = this.scopes.at(-1);
    // CTE names stay visible in nested queries; qualifiers are looked up through the chain.
    this.scopes.push({ ctes: new Map(outer?.ctes ?? []), qualifiers: new Map(), sources: new Map() });
  }

  popScope(): void {
    this.scopes.pop();
  }

  addCte(name: string, columns: OutputColumns): void {
    this.scopes.at(-1)?.ctes.set(name, columns);
  }

  isCte(name: string): boolean {
    return this.scopes.at(-1)?.ctes.has(name) ?? false;
  }

  /** The output columns of a CTE in scope. */
  cteColumns(name: string): OutputColumns {
    return this.scopes.at(-1)?.ctes.get(name) ?? new Map();
  }

  /**
   * A FROM item's qualifier: `printed` is its target form, `source` says where the types of
   * its columns come from (a source relation, or the output of a derived table or CTE).
   */
  addQualifier(written: string, printed: string, source: ColumnSource): void {
    this.scopes.at(-1)?.qualifiers.set(written, printed);
    this.scopes.at(-1)?.sources.set(written, source);
  }

  /** The key of a column name in OutputColumns: MySQL column names are case-insensitive. */
  columnKey(name: string): string {
    return this.from === 'mysql' ? name.toLowerCase() : name;
  }

  /**
   * The target type of a column reference, through aliases, derived tables and CTEs; null
   * when the input has no columnType hook or the column's relation does not tell (a view,
   * an expression of a derived table, an unqualified name no FROM item claims).
   */
  columnType(n: Node): DataType | null {
    if (!this.input.columnType) return null;
    const col = identifier(n.column);
    if (!col || col.name === '*') return null;
    const table = identifier(n.table);
    if (table) {
      const schema = identifier(n.db)?.name ?? identifier(n.schema)?.name ?? null;
      const written = schema === null ? table.name : `${schema}.${table.name}`;
      const source = this.findSource(written) ?? (schema !== null ? { relation: { schema, name: table.name } } : null);
      return source ? this.typeIn(source, col.name) : null;
    }
    // Unqualified: the innermost scope with a FROM item that has the column (MySQL refuses ambiguous names).
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      for (const source of this.scopes[i]!.sources.values()) {
        const type = this.typeIn(source, col.name);
        if (type) return type;
      }
    }
    return null;
  }

  /** Whether a relation the view reads has a boolean column of this name (a guard for columns whose type is not known). */
  readsBooleanColumn(name: string): boolean {
    const hook = this.input.columnType;
    return !!hook && this.references.some((r) => hook(r.schema, r.name, name)?.kind === 'bool');
  }

  private findSource(written: string): ColumnSource | null {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const found = this.scopes[i]!.sources.get(written);
      if (found) return found;
    }
    return null;
  }

  private typeIn(source: ColumnSource, column: string): DataType | null {
    if ('columns' in source) return source.columns.get(this.columnKey(column)) ?? null;
    return this.input.columnType?.(source.relation.schema, source.relation.name, column) ?? null;
  }

  /** A relation read by the view, printed schema-qualified with its target name; unknown relations stop the translation. */
  relation(schema: string | null, name: string): string {
    const target = this.input.resolveRelation(schema, name);
    const source = `${schema ?? this.input.defaultSchema}.${name}`;
    ensure(target !== null, `relation:${source}`, `reads ${source}, which is not in the converted schema`);
    this.refs.set(source, { schema: schema ?? this.input.defaultSchema, name });
    return `${this.ident(target.schema)}.${this.ident(target.name)}`;
  }

  /** A column reference: `col`, `qualifier.col` or `schema.table.col`, with `*` forms. */
  column(n: Node): string {
    const col = identifier(n.column);
    ensure(!!col, 'column_ref', 'a column reference the translator cannot read');
    const colSql = col.name === '*' && !col.quoted ? '*' : this.ident(this.input.columnName(col.name));
    const table = identifier(n.table);
    if (!table) return colSql;
    const schema = identifier(n.db)?.name ?? identifier(n.schema)?.name ?? null;
    return `${this.qualifier(schema, table.name)}.${colSql}`;
  }

  private qualifier(schema: string | null, table: string): string {
    const written = schema === null ? table : `${schema}.${table}`;
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const found = this.scopes[i]!.qualifiers.get(written);
      if (found) return found;
    }
    // A schema-qualified reference to a table the FROM clause names another way still resolves.
    if (schema !== null) return this.relation(schema, table);
    throw new Untranslatable('unknown_qualifier', `refers to ${table}, which no FROM item of the view defines`);
  }
}

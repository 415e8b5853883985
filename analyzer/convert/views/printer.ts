/**
 * The state of one view translation: the input and its name resolvers, the names in scope
 * (table aliases, CTEs), the relations read and the notes raised. Expressions and queries
 * are printed by print-expr.ts and print-query.ts through it.
 */
import type { SourceDialect } from '../../model/schema.js';
import { ensure, identifier, Untranslatable, type Node } from './ast.js';
import { quoteIdent, quoteString } from './literals.js';
import { printCondition, printExpression } from './print-expr.js';
import { printQuery } from './print-query.js';
import type { ViewNote, ViewTranslationInput } from './translate-view.js';

interface Scope {
  ctes: Set<string>;
  /** A qualifier as written in the source (alias, table, schema.table) → its printed target form. */
  qualifiers: Map<string, string>;
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
    this.scopes.push({ ctes: new Set(outer?.ctes ?? []), qualifiers: new Map() });
  }

  popScope(): void {
    this.scopes.pop();
  }

  addCte(name: string): void {
    this.scopes.at(-1)?.ctes.add(name);
  }

  isCte(name: string): boolean {
    return this.scopes.at(-1)?.ctes.has(name) ?? false;
  }

  addQualifier(written: string, printed: string): void {
    this.scopes.at(-1)?.qualifiers.set(written, printed);
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

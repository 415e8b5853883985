/**
 * Translates a view's SELECT between MySQL and PostgreSQL with node-sql-parser's AST: the
 * text is parsed with the source's grammar and printed for the target by our own printer
 * (node-sql-parser's sqlify does not translate between dialects, ANCHORS Part 2 §5.1).
 * The printer knows a closed list of nodes, functions and casts; anything else gives
 * `{ ok: false }` with the construct that stopped it, never SQL we are not sure about.
 */
import type { DataType } from '../../model/data-types.js';
import type { SourceDialect } from '../../model/schema.js';
import { asNode, Untranslatable } from './ast.js';
import { parseViewSql } from './parse-view.js';
import { printTypedQuery } from './print-query.js';
import { ViewPrinter } from './printer.js';

/** What the caller knows: the text, the dialects and how names map to the target. */
export interface ViewTranslationInput {
  from: SourceDialect;
  to: SourceDialect;
  /** The SELECT as the source catalog gave it (information_schema.VIEWS.VIEW_DEFINITION, pg_get_viewdef). */
  sql: string;
  /** The schema unqualified names belong to. */
  defaultSchema: string;
  /** Source relation → its target name (unquoted); null when the relation is not in the converted model. */
  resolveRelation(schema: string | null, name: string): { schema: string; name: string } | null;
  /** Source column name → target column name (case folding, truncation). */
  columnName(name: string): string;
  /**
   * The TARGET type of a column of a source relation (schema null: the default schema), as
   * the converter put it in its converted model; null when unknown. With it, a column whose
   * type changes meaning between the engines (MySQL TINYINT(1) → boolean, ENUM → enum type,
   * SET → text[]) is read the way the source engine reads it; without it, those columns are
   * read as the target type they are.
   */
  columnType?(schema: string | null, relation: string, column: string): DataType | null;
  /**
   * A user aggregate of the source (schema null: called unqualified) that the target's
   * built-in GROUP_CONCAT replaces, with the separator it joins with; null when the name is
   * not such an aggregate. PostgreSQL → MySQL only: the converter answers with the rule
   * that converts the aggregate itself (procedural-pg/scope.ts, concatIdiomSeparator).
   */
  aggregate?(schema: string | null, name: string): { separator: string } | null;
}

/** A behaviour change in a translated view, raised by the caller as an action item. */
export interface ViewNote {
  /** An action code from the catalog (views.ts or common.ts). */
  code: string;
  message: string;
}

/** The target SELECT with its notes and the relations it reads, or why it stays manual. */
export type ViewTranslation =
  | {
      ok: true;
      sql: string;
      notes: ViewNote[];
      /** Source relations the SELECT reads, for ordering views after what they read. */
      references: { schema: string; name: string }[];
      /** The view's columns (source names as the select list gives them) and their target types where known, for views that read this one. */
      columns: { name: string; type: DataType | null }[];
    }
  | { ok: false; reason: string; constructs: string[] };

/** Translates a view's SELECT from one dialect to the other; never throws for a construct it cannot handle. */
export function translateViewSql(input: ViewTranslationInput): ViewTranslation {
  if (input.from === input.to) return { ok: false, reason: 'source and target dialects are the same: nothing to translate', constructs: [] };
  const parsed = parseViewSql(input.from, input.sql);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, constructs: ['parse_error'] };
  const printer = new ViewPrinter(input);
  try {
    const { sql, columns } = printTypedQuery(printer, asNode(parsed.ast)!);
    return { ok: true, sql, notes: printer.notes, references: printer.references, columns };
  } catch (err) {
    if (err instanceof Untranslatable) return { ok: false, reason: err.message, constructs: [err.construct] };
    throw err;
  }
}

/**
 * Translates a view's SELECT between MySQL and PostgreSQL with node-sql-parser's AST.
 * (Interface fixed; the body is being built.)
 */
import type { SourceDialect } from '../../model/schema.js';

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
}

export interface ViewNote {
  /** An action code from the catalog (views.ts or common.ts). */
  code: string;
  message: string;
}

export type ViewTranslation =
  | { ok: true; sql: string; notes: ViewNote[]; /** Source relations the SELECT reads, for ordering views after what they read. */ references: { schema: string; name: string }[] }
  | { ok: false; reason: string; constructs: string[] };

export function translateViewSql(input: ViewTranslationInput): ViewTranslation {
  return { ok: false, reason: `view translation ${input.from} → ${input.to} not built yet`, constructs: [] };
}

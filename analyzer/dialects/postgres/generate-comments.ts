/** COMMENT ON statements for schemas, tables, columns, views, types, domains and indexes. */
import type { Index, Schema, Table, View } from '../../model/schema.js';
import { qualifyName, quoteIdent, quoteLiteral } from './quote.js';

/** COMMENT ON TABLE and COMMENT ON COLUMN for the table's comments. */
export function tableCommentsSql(schema: Schema, table: Table): string[] {
  const name = qualifyName(schema.name, table.name);
  const out: string[] = [];
  if (table.comment) out.push(`COMMENT ON TABLE ${name} IS ${quoteLiteral(table.comment)};`);
  for (const c of table.columns) if (c.comment) out.push(`COMMENT ON COLUMN ${name}.${quoteIdent(c.name)} IS ${quoteLiteral(c.comment)};`);
  return out;
}

/** COMMENT ON for the schema, its enum types and its domains. */
export function schemaCommentsSql(schema: Schema): string[] {
  const out: string[] = [];
  if (schema.comment) out.push(`COMMENT ON SCHEMA ${quoteIdent(schema.name)} IS ${quoteLiteral(schema.comment)};`);
  for (const e of schema.enums) if (e.comment) out.push(`COMMENT ON TYPE ${qualifyName(schema.name, e.name)} IS ${quoteLiteral(e.comment)};`);
  for (const d of schema.domains) if (d.comment) out.push(`COMMENT ON DOMAIN ${qualifyName(schema.name, d.name)} IS ${quoteLiteral(d.comment)};`);
  return out;
}

/** COMMENT ON [MATERIALIZED] VIEW, or null without a comment. */
export const viewCommentSql = (schema: Schema, view: View): string | null =>
  view.comment ? `COMMENT ON ${view.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualifyName(schema.name, view.name)} IS ${quoteLiteral(view.comment)};` : null;

/** COMMENT ON INDEX, or null without a comment. */
export const indexCommentSql = (schema: Schema, index: Index): string | null =>
  index.comment ? `COMMENT ON INDEX ${qualifyName(schema.name, index.name)} IS ${quoteLiteral(index.comment)};` : null;

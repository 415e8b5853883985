/**
 * Views and materialized views, PostgreSQL → MySQL, through the shared view translator.
 * Translated views are emitted after what they read (dependency order); a materialized view
 * becomes a table filled once from its query (CREATE TABLE … AS SELECT, post-data, so after
 * the data load). A view that does not translate is emitted commented out, with an item.
 */
import { mysqlCreateView } from '../../dialects/mysql/generate-ddl.js';
import { quoteMysqlQualified } from '../../dialects/mysql/quote.js';
import type { DatabaseModel, View } from '../../model/schema.js';
import { concatIdiomSeparator } from '../procedural-pg/scope.js';
import { translateViewSql } from '../views/translate-view.js';
import { fitMysqlName } from './names.js';
import { sqlComment } from './sql-comment.js';
import type { ConvertState } from './state.js';

interface PendingView {
  schema: string;
  view: View;
  db: string;
  name: string;
  sql: string;
  references: { schema: string; name: string }[];
}

/** Converts every view of the model; call after the tables (views resolve relations through them). */
export function convertViews(state: ConvertState): void {
  const { ctx } = state;
  const viewNames = new Map<string, { db: string; name: string }>();
  for (const schema of ctx.model.schemas) {
    for (const view of schema.views) {
      const db = state.db(schema.name);
      viewNames.set(`${schema.name}\u0000${view.name}`, { db, name: state.claimTableName(db, view.name) });
    }
  }
  const resolve = (defaultSchema: string) => (schema: string | null, name: string) => {
    const s = schema ?? defaultSchema;
    const table = state.table(s, name) ?? (schema === null ? state.table('public', name) : undefined);
    if (table) return { schema: table.db, name: table.target.name };
    const view = viewNames.get(`${s}\u0000${name}`) ?? (schema === null ? viewNames.get(`public\u0000${name}`) : undefined);
    return view ? { schema: view.db, name: view.name } : null;
  };

  // The MySQL type of a table column: a boolean (TINYINT(1) there) is printed as PostgreSQL's text where the view makes text of it.
  const columnType = (defaultSchema: string) => (schema: string | null, name: string, column: string) => {
    const table = state.table(schema ?? defaultSchema, name) ?? (schema === null ? state.table('public', name) : undefined);
    const target = table?.columns.get(column);
    return table && target !== undefined ? (table.target.columns.find((c) => c.name === target)?.type ?? null) : null;
  };

  const aggregate = concatAggregates(ctx.model);

  const pending: PendingView[] = [];
  for (const schema of ctx.model.schemas) {
    for (const view of schema.views) {
      const path = `${schema.name}.${view.name}`;
      const type = view.materialized ? 'materialized_view' : 'view';
      const { db, name } = viewNames.get(`${schema.name}\u0000${view.name}`)!;
      ctx.object(type, path, { target: `${db}.${name}` });
      state.renamed(type, path, `${db}.${name}`, view.name, name);
      if (view.attrs['definition_unreadable'] === 'true' || view.definition.trim() === '') {
        ctx.raise({ code: 'view_body_not_readable', object: path, objectType: type, message: `${path}: the definition was not collected` });
        continue;
      }
      const tr = translateViewSql({ from: 'postgres', to: 'mysql', sql: view.definition, defaultSchema: schema.name, resolveRelation: resolve(schema.name), columnName: fitMysqlName, columnType: columnType(schema.name), aggregate });
      if (!tr.ok) {
        ctx.raise({ code: 'view_not_converted', object: path, objectType: type, message: `${path}: ${tr.reason}${tr.constructs.length ? ` (${tr.constructs.join(', ')})` : ''}` });
        ctx.emit({ phase: 'post-data', type: 'manual', object: path, sql: sqlComment(`${path}: not translated (${tr.reason})\n${view.definition}`) });
        continue;
      }
      for (const note of tr.notes) ctx.raise({ code: note.code, object: path, objectType: type, message: note.message });
      if (view.materialized) ctx.raise({ code: 'pg_materialized_view', object: path, objectType: type, message: `${path} became table ${db}.${name}, filled once` });
      pending.push({ schema: schema.name, view, db, name, sql: tr.sql, references: tr.references });
    }
  }
  for (const p of dependencyOrder(pending)) {
    const path = `${p.schema}.${p.view.name}`;
    const sql = p.view.materialized
      ? `CREATE TABLE ${quoteMysqlQualified(p.db, p.name)} AS ${p.sql.trim().replace(/;\s*$/, '')};`
      : mysqlCreateView(p.db, { ...p.view, name: p.name, definition: p.sql, attrs: {} });
    ctx.emit({ phase: 'post-data', type: 'create_view', object: path, sql });
  }
}

/**
 * The user aggregates MySQL's GROUP_CONCAT replaces (the rule the routine converter uses, so
 * the view and the aggregate's own item agree), by schema and name. Only a name no other
 * routine of its schema shares: an overloaded name may resolve to another routine. An
 * unqualified call resolves as pg_get_viewdef printed it, through the default search_path
 * ("$user", public).
 */
function concatAggregates(model: DatabaseModel): (schema: string | null, name: string) => { separator: string } | null {
  const known = new Map<string, string>();
  for (const schema of model.schemas) {
    for (const r of schema.routines) {
      if (r.kind !== 'aggregate' || schema.routines.filter((o) => o.name === r.name).length !== 1) continue;
      const separator = concatIdiomSeparator(r, schema);
      if (separator !== null) known.set(`${schema.name}\u0000${r.name}`, separator);
    }
  }
  return (schema, name) => {
    const separator = known.get(`${schema ?? 'public'}\u0000${name}`);
    return separator === undefined ? null : { separator };
  };
}

/** Views after the views they read; a cycle (impossible on a real source) keeps the source order. */
function dependencyOrder(views: PendingView[]): PendingView[] {
  const byKey = new Map(views.map((v) => [`${v.schema}\u0000${v.view.name}`, v]));
  const done = new Set<PendingView>();
  const visiting = new Set<PendingView>();
  const out: PendingView[] = [];
  const visit = (v: PendingView): void => {
    if (done.has(v) || visiting.has(v)) return;
    visiting.add(v);
    for (const r of v.references) {
      const dep = byKey.get(`${r.schema}\u0000${r.name}`);
      if (dep) visit(dep);
    }
    visiting.delete(v);
    done.add(v);
    out.push(v);
  };
  for (const v of views) visit(v);
  return out;
}

/**
 * MySQL views → PostgreSQL views through the shared SELECT translator, in an order where each
 * view follows the views it reads. A view the translator refuses is emitted commented out with
 * a critical item naming why.
 */
import type { View } from '../../model/schema.js';
import { commentLine, fitIdentifier } from '../../dialects/postgres/quote.js';
import { translateViewSql, type ViewTranslation } from '../views/translate-view.js';
import { sourceName, targetName, type SchemaState } from './state.js';

/** The source text as `--` comment lines, so nothing in it (a block-comment end, newlines) can end the comment. */
const commented = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((line) => `-- ${commentLine(line)}`)
    .join('\n');

function translate(state: SchemaState, view: View): ViewTranslation {
  const preserve = state.ctx.options.identifiers === 'preserve';
  return translateViewSql({
    from: 'mysql',
    to: 'postgres',
    sql: view.definition,
    defaultSchema: state.source.name,
    resolveRelation: (schema, name) => {
      if (schema !== null && schema !== state.source.name) return null;
      const target = state.relationNames.get(name);
      return target === undefined ? null : { schema: state.target.name, name: target };
    },
    columnName: (name) => fitIdentifier(preserve ? name : name.toLowerCase()),
  });
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A TINYINT(1) column the view reads is boolean on PostgreSQL, and the view translator does
 * not know column types: a comparison of such a column with 0 or 1 would fail on PostgreSQL
 * (boolean = integer), so the view goes to manual work instead. Returns the column, if any.
 */
function comparesBooleanWithNumber(state: SchemaState, sql: string, refs: readonly string[]): string | null {
  for (const ref of refs) {
    const table = [...state.tables.values()].find((t) => t.target.name === ref);
    for (const col of table?.columns.all() ?? []) {
      if (col.reference !== 'boolean') continue;
      const name = `"?${escapeRegExp(col.target)}"?`;
      if (new RegExp(`(^|[^\\w$])${name}\\s*(=|<>|!=|<|>)\\s*-?\\d`).test(sql) || new RegExp(`\\d\\s*(=|<>|!=|<|>)\\s*(\\w+\\.)?${name}($|[^\\w$])`).test(sql)) return col.source;
    }
  }
  return null;
}

/** Orders translated views so a view comes after the views of this schema it reads; cycles keep catalog order. */
function dependencyOrder(views: { view: View; refs: string[] }[]): { view: View; refs: string[] }[] {
  const byName = new Map(views.map((v) => [v.view.name, v]));
  const done = new Set<string>();
  const out: { view: View; refs: string[] }[] = [];
  const visit = (v: { view: View; refs: string[] }, path: Set<string>): void => {
    if (done.has(v.view.name) || path.has(v.view.name)) return;
    path.add(v.view.name);
    for (const r of v.refs) {
      const dep = byName.get(r);
      if (dep) visit(dep, path);
    }
    done.add(v.view.name);
    out.push(v);
  };
  for (const v of views) visit(v, new Set());
  return out;
}

/** Converts every view of the schema into the target model (or a manual statement). */
export function convertViews(state: SchemaState): void {
  const { ctx } = state;
  const converted: { view: View; refs: string[] }[] = [];
  for (const view of state.source.views) {
    const object = sourceName(state, view.name);
    const name = state.relationNames.get(view.name) ?? view.name;
    ctx.object('view', object, { target: targetName(state, name) });
    if (!view.definition.trim()) {
      ctx.raise({ code: 'view_body_not_readable', object, objectType: 'view', message: `${object}: the definition was not readable` });
      continue;
    }
    const t = translate(state, view);
    const refs = t.ok ? t.references.filter((r) => r.schema === state.source.name).map((r) => state.relationNames.get(r.name) ?? r.name) : [];
    const boolColumn = t.ok ? comparesBooleanWithNumber(state, t.sql, refs) : null;
    if (!t.ok || boolColumn !== null) {
      const reason = t.ok ? `compares TINYINT(1) column ${boolColumn} (boolean on PostgreSQL) with a number` : `${t.reason}${t.constructs.length ? ` (${t.constructs.join(', ')})` : ''}`;
      ctx.raise({ code: 'view_not_converted', object, objectType: 'view', message: `${object}: ${reason}` });
      ctx.emit({ phase: 'post-data', type: 'manual', object, sql: `-- view ${commentLine(object)} not converted: ${commentLine(reason)}\n${commented(view.definition)}` });
      continue;
    }
    for (const note of t.notes) ctx.raise({ code: note.code, object, objectType: 'view', message: `${object}: ${note.message}` });
    const target: View = { name, definition: t.sql, materialized: false, attrs: {} };
    if (view.checkOption) target.checkOption = view.checkOption;
    if (view.comment) target.comment = view.comment;
    converted.push({ view: target, refs });
  }
  for (const { view } of dependencyOrder(converted)) state.target.views.push(view);
}

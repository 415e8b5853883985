/**
 * MySQL views → PostgreSQL views through the shared SELECT translator, in an order where each
 * view follows the views it reads. The translator gets the converted column types (a
 * TINYINT(1) that became boolean, an ENUM type, a SET array), those of the tables and of the
 * views already translated, so it reads them as MySQL does. A view the translator refuses is
 * emitted commented out with a critical item naming why.
 */
import type { DataType } from '../../model/data-types.js';
import type { Table, View } from '../../model/schema.js';
import { commentLine, fitIdentifier } from '../../dialects/postgres/quote.js';
import { translateViewSql, type ViewTranslation } from '../views/translate-view.js';
import { sourceName, targetName, type SchemaState } from './state.js';

/** The source text as `--` comment lines, so nothing in it (a block-comment end, newlines) can end the comment. */
const commented = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((line) => `-- ${commentLine(line)}`)
    .join('\n');

/**
 * Translations by view name, made on demand: a view that reads another view translates that
 * one first to learn its column types. A cycle (impossible on MySQL) just leaves types unknown.
 */
class ViewTranslations {
  private readonly done = new Map<string, ViewTranslation>();
  private readonly busy = new Set<string>();
  private readonly views: Map<string, View>;

  constructor(private readonly state: SchemaState) {
    this.views = new Map(state.source.views.map((v) => [v.name, v]));
  }

  get(view: View): ViewTranslation {
    const known = this.done.get(view.name);
    if (known) return known;
    this.busy.add(view.name);
    const t = translate(this.state, view, (schema, relation, column) => this.columnType(schema, relation, column));
    this.busy.delete(view.name);
    this.done.set(view.name, t);
    return t;
  }

  /** The target type of a column of a table or view of this schema, null when unknown. */
  private columnType(schema: string | null, relation: string, column: string): DataType | null {
    if (schema !== null && schema !== this.state.source.name) return null;
    const table = this.state.tables.get(relation);
    if (table) return targetType(table.source, table.columns.get(column)?.source, table.columns.get(column)?.type);
    const view = this.views.get(relation);
    if (!view || this.busy.has(relation) || !view.definition.trim()) return null;
    const t = this.get(view);
    return t.ok ? (t.columns.find((c) => c.name.toLowerCase() === column.toLowerCase())?.type ?? null) : null;
  }
}

/**
 * A table column's target type for the view translator. A SET that became text[] carries its
 * labels (DataType.values), as MySQL's FIND_IN_SET answers from the SET definition.
 */
function targetType(table: Table, column: string | undefined, type: DataType | undefined): DataType | null {
  if (!type || column === undefined) return null;
  if ((type.arrayDims ?? 0) === 0) return type;
  const values = table.columns.find((c) => c.name === column)?.type.values;
  return values ? { ...type, values } : type;
}

type ColumnTypeHook = (schema: string | null, relation: string, column: string) => DataType | null;

function translate(state: SchemaState, view: View, columnType: ColumnTypeHook): ViewTranslation {
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
    columnType,
  });
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
  const translations = new ViewTranslations(state);
  for (const view of state.source.views) {
    const object = sourceName(state, view.name);
    const name = state.relationNames.get(view.name) ?? view.name;
    ctx.object('view', object, { target: targetName(state, name) });
    if (!view.definition.trim()) {
      ctx.raise({ code: 'view_body_not_readable', object, objectType: 'view', message: `${object}: the definition was not readable` });
      continue;
    }
    const t = translations.get(view);
    if (!t.ok) {
      const reason = `${t.reason}${t.constructs.length ? ` (${t.constructs.join(', ')})` : ''}`;
      ctx.raise({ code: 'view_not_converted', object, objectType: 'view', message: `${object}: ${reason}` });
      ctx.emit({ phase: 'post-data', type: 'manual', object, sql: `-- view ${commentLine(object)} not converted: ${commentLine(reason)}\n${commented(view.definition)}` });
      continue;
    }
    const refs = t.references.filter((r) => r.schema === state.source.name).map((r) => state.relationNames.get(r.name) ?? r.name);
    for (const note of t.notes) ctx.raise({ code: note.code, object, objectType: 'view', message: `${object}: ${note.message}` });
    const target: View = { name, definition: t.sql, materialized: false, attrs: {} };
    if (view.checkOption) target.checkOption = view.checkOption;
    if (view.comment) target.comment = view.comment;
    converted.push({ view: target, refs });
  }
  for (const { view } of dependencyOrder(converted)) state.target.views.push(view);
}

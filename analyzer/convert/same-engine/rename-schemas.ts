/**
 * Same engine, another name: `schemas:` in the mapping file (options.schemaMap) moves a
 * schema (a MySQL database) to a new name. The model's references follow, and so do the
 * texts that name the schema: MySQL stores view bodies fully qualified (`db`.`table`), and
 * PostgreSQL definitions qualify objects outside the search path (schema.table,
 * "Schema".table). Only a qualifier (a name followed by a dot) is rewritten, never a bare
 * word, so a column or string that happens to equal the schema name stays as it is.
 */
import type { ConversionContext } from '../context.js';
import type { DataType } from '../../model/data-types.js';
import type { ColumnDefault, DatabaseModel, QualifiedName } from '../../model/schema.js';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A function that rewrites `old.` qualifiers in SQL text of the dialect, for every mapped schema. */
function qualifierRewriter(dialect: DatabaseModel['source']['dialect'], map: ReadonlyMap<string, string>): (text: string) => string {
  const rules: { re: RegExp; to: string }[] = [];
  for (const [from, to] of map) {
    if (dialect === 'mysql') {
      rules.push({ re: new RegExp(`\`${escapeRegExp(from.replaceAll('`', '``'))}\`(?=\\s*\\.)`, 'g'), to: `\`${to.replaceAll('`', '``')}\`` });
    } else {
      rules.push({ re: new RegExp(`"${escapeRegExp(from.replaceAll('"', '""'))}"(?=\\s*\\.)`, 'g'), to: `"${to.replaceAll('"', '""')}"` });
      // Unquoted: only names PostgreSQL would print unquoted (lower case, no specials).
      if (/^[a-z_][a-z0-9_$]*$/.test(from)) rules.push({ re: new RegExp(`(?<![\\w$".])${escapeRegExp(from)}(?=\\.)`, 'g'), to: /^[a-z_][a-z0-9_$]*$/.test(to) ? to : `"${to.replaceAll('"', '""')}"` });
    }
  }
  return (text) => rules.reduce((t, r) => t.replace(r.re, r.to), text);
}

/** Applies options.schemaMap to a copy of the model, recording each rename; the model is returned as is without a map. */
export function renameSchemas(ctx: ConversionContext, model: DatabaseModel): DatabaseModel {
  const map = new Map(Object.entries(ctx.options.schemaMap).filter(([from, to]) => from !== to && model.schemas.some((s) => s.name === from)));
  if (map.size === 0) return model;
  const copy = structuredClone(model);
  const schemaOf = (name: string): string => map.get(name) ?? name;
  const ref = (q: QualifiedName | undefined): void => {
    if (q) q.schema = schemaOf(q.schema);
  };
  const type = (t: DataType | undefined): void => {
    if (!t) return;
    ref(t.typeRef);
    type(t.base);
  };
  const dflt = (d: ColumnDefault | null): void => {
    if (d?.kind === 'sequence') ref(d.sequence);
    if (d?.kind === 'expression') d.text = rewrite(d.text);
  };
  const rewrite = qualifierRewriter(model.source.dialect, map);
  for (const schema of copy.schemas) {
    const from = schema.name;
    schema.name = schemaOf(from);
    if (schema.name !== from) ctx.rename('schema', from, schema.name);
    for (const t of schema.tables) {
      for (const c of t.columns) {
        type(c.type);
        dflt(c.default);
        ref(c.identity?.sequence);
        if (c.generated) c.generated.expression = rewrite(c.generated.expression);
      }
      for (const fk of t.foreignKeys) fk.ref.schema = schemaOf(fk.ref.schema);
      for (const ch of t.checks) ch.expression = rewrite(ch.expression);
      for (const ix of t.indexes) for (const p of ix.parts) if (p.expression) p.expression = rewrite(p.expression);
      if (t.partitionOf) ref(t.partitionOf.parent);
      for (const parent of t.inherits ?? []) ref(parent);
    }
    for (const v of schema.views) v.definition = rewrite(v.definition);
    for (const r of schema.routines) {
      if (r.body !== null) r.body = rewrite(r.body);
      if (r.definition) r.definition = rewrite(r.definition);
    }
    for (const tr of schema.triggers) {
      if (tr.body !== null) tr.body = rewrite(tr.body);
      if (tr.definition) tr.definition = rewrite(tr.definition);
      ref(tr.function);
    }
    for (const d of schema.domains) {
      type(d.base);
      dflt(d.default);
      for (const ch of d.checks) ch.expression = rewrite(ch.expression);
    }
    for (const e of schema.events) if (e.definition !== null) e.definition = rewrite(e.definition);
  }
  for (const ext of copy.extensions) ext.schema = schemaOf(ext.schema);
  return copy;
}

/**
 * MySQL stores a view's calls to stored functions unqualified (`current_manager`(…)) and
 * resolves them, when the view is created, in the session's default database, not the
 * view's. The DDL runs without a default database (every name is qualified), so each call
 * to a function of the view's own schema is qualified with the schema. Strings and quoted
 * text are left alone: positions come from the text with literals blanked.
 */
import { quoteMysqlQualified } from '../../dialects/mysql/quote.js';
import type { Schema, View } from '../../model/schema.js';
import { blankLiterals } from '../routines/scan-constructs.js';

/** A call: a backticked or bare name not after a dot, then `(`. */
const CALL = /(?<![.\w$`])(`(?:[^`]|``)+`|[A-Za-z_$][\w$]*)\s*\(/g;

function qualify(schema: Schema, functions: ReadonlySet<string>, view: View): View {
  const blanked = blankLiterals(view.definition, 'mysql', true);
  let out = '';
  let last = 0;
  for (const m of blanked.matchAll(CALL)) {
    const raw = m[1]!;
    const name = raw.startsWith('`') ? raw.slice(1, -1).replaceAll('``', '`') : raw;
    if (!functions.has(name.toLowerCase())) continue;
    out += view.definition.slice(last, m.index) + quoteMysqlQualified(schema.name, name);
    last = m.index + m[1]!.length;
  }
  return last === 0 ? view : { ...view, definition: out + view.definition.slice(last) };
}

/** The schema with its views' calls to its own stored functions qualified. */
export function qualifyRoutineCalls(schema: Schema): Schema {
  const functions = new Set(schema.routines.filter((r) => r.kind !== 'procedure').map((r) => r.name.toLowerCase()));
  if (functions.size === 0) return schema;
  return { ...schema, views: schema.views.map((v) => qualify(schema, functions, v)) };
}

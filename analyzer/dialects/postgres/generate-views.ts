/** CREATE [MATERIALIZED] VIEW statements, in an order where a view follows the views it reads. */
import type { Schema, View } from '../../model/schema.js';
import { orderByMention } from '../dependency-order.js';
import { qualifyName } from './quote.js';

/** Views in an order where each follows the views its SELECT names. */
export const orderViews = (views: readonly View[]): View[] => orderByMention(views, (v) => v.name, (v) => v.definition);

/**
 * The view's reloptions as a WITH clause. The catalog stores the CHECK OPTION among them
 * (check_option=local); it is written as WITH … CHECK OPTION instead, since PostgreSQL
 * rejects it given twice.
 */
function viewOptions(view: View): string {
  const raw = view.attrs.reloptions?.replace(/^\{|\}$/g, '') ?? '';
  const kept = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '' && !(view.checkOption && /^check_option\s*=/i.test(o)));
  return kept.length ? ` WITH (${kept.join(', ')})` : '';
}

/** CREATE VIEW (with options and CHECK OPTION) or CREATE MATERIALIZED VIEW. */
export function createViewSql(schema: Schema, view: View): string {
  const body = view.definition.trim().replace(/;\s*$/, '');
  const name = qualifyName(schema.name, view.name);
  if (view.materialized) return `CREATE MATERIALIZED VIEW ${name} AS\n${body};`;
  const options = viewOptions(view);
  const check = view.checkOption ? ` WITH ${view.checkOption.toUpperCase() === 'LOCAL' ? 'LOCAL' : 'CASCADED'} CHECK OPTION` : '';
  return `CREATE VIEW ${name}${options} AS\n${body}${check};`;
}

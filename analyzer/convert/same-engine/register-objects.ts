/**
 * Same engine: every object of the model is registered with the context, so the summary
 * counts them all (converted unless an item says otherwise); the target name is the source
 * name, as nothing is renamed.
 */
import type { ConversionContext } from '../context.js';
import type { DatabaseModel } from '../../model/schema.js';

/** Registers every object of the model under its own name. */
export function registerObjects(ctx: ConversionContext, model: DatabaseModel): void {
  const add = (type: Parameters<ConversionContext['object']>[0], name: string): void => ctx.object(type, name, { target: name });
  for (const ext of model.extensions) add('extension', ext.name);
  for (const s of model.schemas) {
    const q = (n: string): string => `${s.name}.${n}`;
    add('schema', s.name);
    for (const t of s.tables) add('table', q(t.name));
    for (const v of s.views) add(v.materialized ? 'materialized_view' : 'view', q(v.name));
    for (const r of s.routines) add(r.kind === 'procedure' ? 'procedure' : 'function', q(r.name));
    // Trigger names are unique per table on PostgreSQL: the table is part of the name.
    for (const t of s.triggers) add('trigger', q(`${t.table}.${t.name}`));
    for (const seq of s.sequences) add('sequence', q(seq.name));
    for (const e of s.enums) add('type', q(e.name));
    for (const o of s.otherTypes) add('type', q(o.name));
    for (const d of s.domains) add('domain', q(d.name));
    for (const e of s.events) add('event', q(e.name));
  }
}

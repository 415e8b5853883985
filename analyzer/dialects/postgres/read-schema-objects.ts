/**
 * Puts the views, routines and triggers rows of one database into their schemas.
 */
import type { ModelProblem, Schema } from '../../model/schema.js';
import { readRoutine, readTrigger, readView } from './read-code-objects.js';
import { rowsOf, str, type RawRow } from './read-rows.js';

export function readCodeObjects(rows: Record<string, RawRow[]>, schemaOf: (name: string) => Schema, problems: ModelProblem[]): void {
  for (const r of rowsOf(rows, 'views')) {
    const schema = str(r, 'schema');
    if (schema !== null) schemaOf(schema).views.push(readView(r, problems));
  }
  for (const r of rowsOf(rows, 'routines')) {
    const schema = str(r, 'schema');
    if (schema !== null) schemaOf(schema).routines.push(readRoutine(r));
  }
  for (const r of rowsOf(rows, 'triggers')) {
    const schema = str(r, 'schema');
    // A partition's clone of its parent's trigger (13+) is created by the parent's trigger.
    if (schema !== null && (r['parent_oid'] === null || r['parent_oid'] === undefined)) schemaOf(schema).triggers.push(readTrigger(r));
  }
}

/**
 * The objects MySQL has no place for, PostgreSQL → MySQL: schemas (become databases),
 * sequences, enum types and domains (inlined into columns), composite and range types, and
 * extensions. Each is registered with what became of it; free-standing sequences are
 * emitted commented out with their current value.
 */
import type { Sequence } from '../../model/schema.js';
import { sqlComment } from './sql-comment.js';
import { hasObjects, type ConvertState } from './state.js';

/** Registers schemas and raises 6100 when there are several. */
export function convertSchemas(state: ConvertState): string[] {
  const { ctx } = state;
  const used = ctx.model.schemas.filter(hasObjects);
  for (const schema of ctx.model.schemas) {
    const db = state.db(schema.name);
    ctx.object('schema', schema.name, { target: db });
    if (used.length > 1 && hasObjects(schema)) {
      ctx.raise({ code: 'pg_schema_to_database', object: schema.name, objectType: 'schema', message: `schema ${schema.name} became database ${db}` });
    }
  }
  return used.map((s) => s.name);
}

/** Sequences, types, domains and extensions; `usedSequences` are those an AUTO_INCREMENT column took over. */
export function convertOtherObjects(state: ConvertState, usedSequences: ReadonlySet<Sequence>): void {
  const { ctx } = state;
  for (const schema of ctx.model.schemas) {
    const db = state.db(schema.name);
    for (const seq of schema.sequences) {
      const path = `${schema.name}.${seq.name}`;
      if (usedSequences.has(seq)) {
        const owner = seq.ownedBy ? `${seq.ownedBy.table}.${seq.ownedBy.column}` : 'an AUTO_INCREMENT column';
        ctx.object('sequence', path, { target: `AUTO_INCREMENT of ${db}.${owner}` });
        continue;
      }
      ctx.object('sequence', path);
      if (seq.ownedBy) {
        // Owned by a column that did not keep AUTO_INCREMENT (an item on that column says why).
        ctx.raise({ code: 'pg_sequence', object: path, objectType: 'sequence', message: `${path} (owned by ${seq.ownedBy.table}.${seq.ownedBy.column}) has no MySQL equivalent` });
      } else {
        ctx.raise({ code: 'pg_sequence', object: path, objectType: 'sequence', message: `${path}: free-standing sequence, next value ${seq.next ?? 'unknown'}` });
      }
      ctx.emit({
        phase: 'post-data',
        type: 'manual',
        object: path,
        sql: sqlComment(
          `sequence ${path}: START ${seq.start} INCREMENT ${seq.increment} MINVALUE ${seq.minValue} MAXVALUE ${seq.maxValue}${seq.cycle ? ' CYCLE' : ''}, next value ${seq.next ?? 'unknown'}\nMySQL has no sequences: emulate with a one-row table and LAST_INSERT_ID(value + increment).`,
        ),
      });
    }
    for (const e of schema.enums) ctx.object('type', `${schema.name}.${e.name}`, { target: 'inline ENUM columns' });
    for (const d of schema.domains) ctx.object('domain', `${schema.name}.${d.name}`, { target: 'base type on each column' });
    for (const t of schema.otherTypes) {
      const path = `${schema.name}.${t.name}`;
      ctx.object('type', path);
      ctx.raise({ code: t.kind === 'range' ? 'pg_range' : 'pg_user_type', object: path, objectType: 'type', message: `${t.kind} type ${path} ${t.definition}: not created on MySQL` });
    }
  }
  for (const ext of ctx.model.extensions) {
    if (ext.name === 'plpgsql') continue;
    ctx.object('extension', ext.name);
    ctx.raise({ code: 'pg_extension', object: ext.name, objectType: 'extension', message: `extension ${ext.name} ${ext.version}` });
  }
}

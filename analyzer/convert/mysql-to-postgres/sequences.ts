/** MariaDB sequences → PostgreSQL sequences, with the next value carried over. */
import type { Sequence } from '../../model/schema.js';
import { sourceName, targetName, type SchemaState } from './state.js';

/** Adds the schema's MariaDB sequences to the target schema. */
export function convertSequences(state: SchemaState): void {
  const { ctx } = state;
  for (const seq of state.source.sequences) {
    const object = sourceName(state, seq.name);
    const name = state.relationNames.get(seq.name) ?? seq.name;
    ctx.object('sequence', object, { target: targetName(state, name) });
    const out: Sequence = { ...seq, name, dataType: 'bigint', attrs: {} };
    // MariaDB INCREMENT 0 means "use auto_increment_increment"; PostgreSQL needs a non-zero step.
    if (seq.increment === '0') {
      out.increment = '1';
      ctx.raise({ code: 'sequence_option_changed', object, objectType: 'sequence', message: `${object}: INCREMENT 0 (auto_increment_increment) became 1` });
    }
    state.target.sequences.push(out);
  }
}

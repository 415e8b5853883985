/**
 * PostgreSQL columns rows → model columns: type, nullability, default, identity (GENERATED …
 * AS IDENTITY, or serial: a nextval() default of the column's own sequence), generated
 * columns, collation and comment.
 */
import type { Column, Identity, ModelProblem, QualifiedName, Sequence } from '../../model/schema.js';
import { parsePgDefault, type NextvalRef } from './parse-default.js';
import { parsePgType, type PgTypeLookup } from './parse-type.js';
import { bool, key2, num, str, type RawRow } from './read-rows.js';

export interface ColumnContext {
  lookup: PgTypeLookup;
  sequenceByName: Map<string, Sequence>;
  /** The sequences a column owns, from the sequences rows, the identity's own first (see read-types.ts). */
  sequencesOwnedBy: Map<string, readonly QualifiedName[]>;
  problems: ModelProblem[];
}

/** Identity details copied from the sequence behind it. */
function identityFrom(kind: Identity['kind'], seq: Sequence | undefined, ref: QualifiedName | undefined): Identity {
  const id: Identity = { kind };
  if (ref) id.sequence = ref;
  if (seq) {
    if (seq.next !== undefined) id.next = seq.next;
    id.start = seq.start;
    id.increment = seq.increment;
    id.minValue = seq.minValue;
    id.maxValue = seq.maxValue;
    id.cycle = seq.cycle;
  }
  return id;
}

/**
 * An unqualified nextval('name') was printed relative to the collecting session's
 * search_path ("$user", public): try public, then the table's own schema.
 */
function resolveSequence(ref: NextvalRef, tableSchema: string, byName: Map<string, Sequence>): QualifiedName {
  if (ref.schema !== null) return { schema: ref.schema, name: ref.name };
  for (const schema of ['public', tableSchema]) if (byName.has(key2(schema, ref.name))) return { schema, name: ref.name };
  return { schema: tableSchema, name: ref.name };
}

/** One columns row → a Column (for tables; views use the same rows only for their names). */
export function readColumn(r: RawRow, ctx: ColumnContext): Column {
  const schema = str(r, 'schema') ?? '';
  const table = str(r, 'table_name') ?? '';
  const name = str(r, 'name') ?? '';
  const object = `${schema}.${table}.${name}`;
  const { type, understood } = parsePgType(
    { text: str(r, 'data_type') ?? '', typeKind: str(r, 'type_kind'), typeSchema: str(r, 'type_schema'), typeName: str(r, 'type_name'), dimensions: num(r, 'dimensions') },
    ctx.lookup,
  );
  if (!understood) ctx.problems.push({ object, message: `data type not understood: ${type.raw}` });

  const col: Column = { name, type, nullable: !bool(r, 'not_null'), default: null };
  const defaultText = str(r, 'default_expr');
  // Earlier agents (0.1.0 before 2026-11-26) named the owned sequence in the columns row too; now only the sequences rows do.
  const ownedSchema = str(r, 'owned_sequence_schema');
  const ownedName = str(r, 'owned_sequence');
  const ownedAll: readonly QualifiedName[] =
    ownedSchema !== null && ownedName !== null ? [{ schema: ownedSchema, name: ownedName }] : (ctx.sequencesOwnedBy.get(key2(schema, key2(table, name))) ?? []);
  // The identity's own sequence comes first (see read-types.ts).
  const owned: QualifiedName | undefined = ownedAll[0];
  const identity = str(r, 'identity');
  const generated = str(r, 'generated');

  if (generated === 's') {
    if (defaultText === null) ctx.problems.push({ object, message: 'generated column expression not readable (relation locked)' });
    col.generated = { expression: defaultText ?? '', stored: true };
  } else if (identity === 'a' || identity === 'd') {
    const seq = owned ? ctx.sequenceByName.get(key2(owned.schema, owned.name)) : undefined;
    col.identity = identityFrom(identity === 'a' ? 'always' : 'by_default', seq, owned);
  } else {
    const parsed = parsePgDefault(defaultText);
    if (parsed?.kind === 'value') col.default = parsed.value;
    else if (parsed?.kind === 'nextval') {
      const seqRef = resolveSequence(parsed.sequence, schema, ctx.sequenceByName);
      const seq = ctx.sequenceByName.get(key2(seqRef.schema, seqRef.name));
      const isOwn = ownedAll.some((o) => o.schema === seqRef.schema && o.name === seqRef.name);
      // serial: the column's own sequence (OWNED BY it). A shared or free-standing sequence stays a default.
      if (isOwn) col.identity = identityFrom('serial', seq, seqRef);
      else col.default = { kind: 'sequence', sequence: seqRef };
    }
  }
  if (defaultText === null && bool(r, 'locked') && generated !== 's') {
    ctx.problems.push({ object, message: 'default not readable (relation locked)' });
  }
  const collation = str(r, 'collation');
  if (collation !== null && !bool(r, 'collation_is_type_default')) col.collation = collation;
  const comment = str(r, 'comment');
  if (comment !== null) col.comment = comment;
  return col;
}

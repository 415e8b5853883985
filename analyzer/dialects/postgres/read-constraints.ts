/**
 * PostgreSQL constraints rows → the table's primary key, UNIQUE constraints, foreign keys,
 * CHECKs and other constraints (EXCLUDE). Constraints a partition or child inherits from its
 * parent (conparentid set, or not local) are left out: the parent's constraint creates them.
 */
import type { FkAction, ForeignKey, ModelProblem, Table } from '../../model/schema.js';
import { checkExpression } from './read-types.js';
import { bool, str, strList, type RawRow } from './read-rows.js';

/** pg_constraint.confupdtype / confdeltype codes. */
const FK_ACTIONS: Record<string, FkAction> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
/** pg_constraint.confmatchtype codes. */
const MATCH: Record<string, ForeignKey['match']> = { f: 'full', p: 'partial', s: 'simple' };

/** Adds one constraint row to its table. */
export function addConstraint(table: Table, r: RawRow, problems: ModelProblem[]): void {
  if (r['parent_oid'] !== null && r['parent_oid'] !== undefined) return;
  const type = str(r, 'type');
  if (type === 'c' && r['is_local'] === false) return;
  const name = str(r, 'name') ?? '';
  const columns = strList(r, 'columns');
  const definition = str(r, 'definition');
  const object = `${str(r, 'schema') ?? ''}.${table.name}.${name}`;
  switch (type) {
    case 'p' /* primary key */:
      table.primaryKey = { name, columns };
      return;
    case 'u' /* unique */: {
      const u: Table['uniques'][number] = { name, columns };
      if (definition && /NULLS NOT DISTINCT/.test(definition)) u.nullsNotDistinct = true;
      if (bool(r, 'deferrable')) u.deferrable = true;
      table.uniques.push(u);
      return;
    }
    case 'f' /* foreign key */: {
      const fk: ForeignKey = {
        name,
        columns,
        ref: { schema: str(r, 'ref_schema') ?? '', table: str(r, 'ref_table') ?? '', columns: strList(r, 'ref_columns') },
        onUpdate: FK_ACTIONS[str(r, 'on_update') ?? 'a'] ?? 'no action',
        onDelete: FK_ACTIONS[str(r, 'on_delete') ?? 'a'] ?? 'no action',
      };
      const match = MATCH[str(r, 'match_type') ?? 's'];
      if (match && match !== 'simple') fk.match = match;
      if (bool(r, 'deferrable')) fk.deferrable = true;
      if (bool(r, 'deferred')) fk.initiallyDeferred = true;
      if (r['validated'] === false) fk.notValid = true;
      table.foreignKeys.push(fk);
      return;
    }
    case 'c' /* check */: {
      if (definition === null) {
        problems.push({ object, message: 'CHECK definition not readable (relation locked)' });
        return;
      }
      const { expression, notValid } = checkExpression(definition);
      const c: Table['checks'][number] = { name, expression };
      if (notValid || r['validated'] === false) c.notValid = true;
      table.checks.push(c);
      return;
    }
    case 'x' /* exclusion */:
      if (definition === null) problems.push({ object, message: 'EXCLUDE definition not readable (relation locked)' });
      table.otherConstraints.push({ name, kind: 'exclude', definition: definition ?? '' });
      return;
    default:
      problems.push({ object, message: `constraint type not understood: ${type ?? 'null'}` });
  }
}

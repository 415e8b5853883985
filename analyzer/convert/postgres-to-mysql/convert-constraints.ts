/**
 * Primary keys, CHECK constraints (the table's and its columns' domains'), exclusion
 * constraints and foreign keys, PostgreSQL → MySQL. CHECK and FOREIGN KEY names are made
 * unique per database, as InnoDB and MySQL 8 require.
 *
 * MySQL 8 refuses a CHECK that reads an AUTO_INCREMENT column (error 3818) or a column a
 * foreign key changes by a referential action (error 3823); such checks are left out with an
 * item, so the DDL applies on Aurora MySQL and MariaDB alike.
 * https://dev.mysql.com/doc/refman/8.0/en/create-table-check-constraints.html
 */
import { isIntegerKind } from '../../model/data-types.js';
import type { CheckConstraint, FkAction, ForeignKey } from '../../model/schema.js';
import { fitKey } from './convert-indexes.js';
import { sqlComment } from './sql-comment.js';
import type { ConvertState, TableRef } from './state.js';
import { translatePgExpression } from './translate-expression.js';

export function convertPrimaryKey(state: ConvertState, ref: TableRef): void {
  const pk = ref.source.table.primaryKey;
  if (!pk) return;
  const object = `${ref.source.schema}.${ref.source.table.name}.${pk.name}`;
  state.ctx.object('constraint', object);
  const columns = pk.columns.map((c) => ref.columns.get(c) ?? c);
  ref.target.primaryKey = { name: 'PRIMARY', columns };
  // Several wide VARCHARs can still pass InnoDB's 3072 key bytes together.
  const fitted = fitKey(columns.map((column) => ({ column })), ref.target.columns);
  if (fitted.prefixed) {
    ref.target.primaryKey.prefixLengths = fitted.parts.map((p) => p.prefixLength ?? null);
    state.raiseOnTable(ref.source.schema, ref.source.table.name, 'pg_key_column_narrowed', object, 'constraint', `PRIMARY KEY ${pk.name} is on prefixes to fit 3072 bytes: uniqueness is checked on the prefixes`);
  }
}

/** Columns changed by an ON DELETE / ON UPDATE action of a foreign key of this table. */
function actionColumns(ref: TableRef): Set<string> {
  const out = new Set<string>();
  for (const fk of ref.source.table.foreignKeys) {
    const acts = (a: FkAction): boolean => a === 'cascade' || a === 'set null' || a === 'set default';
    if (acts(fk.onDelete) || acts(fk.onUpdate)) for (const c of fk.columns) out.add(ref.columns.get(c) ?? c);
  }
  return out;
}

/** Translates and adds the table's CHECKs and its domain checks (VALUE read as the column). */
export function convertChecks(state: ConvertState, ref: TableRef, domainChecks: { column: string; check: CheckConstraint }[]): void {
  const { schema, table } = ref.source;
  const tablePath = `${schema}.${table.name}`;
  const auto = ref.target.columns.find((c) => c.identity)?.name;
  const forbidden = actionColumns(ref);
  const all = [...table.checks.map((check) => ({ column: null as string | null, check })), ...domainChecks];
  for (const { column, check } of all) {
    const object = `${tablePath}.${check.name}`;
    state.ctx.object('constraint', object);
    const raise = (code: string, message: string): void => state.raiseOnTable(schema, table.name, code, object, 'constraint', message);
    const used = new Set<string>();
    const tr = translatePgExpression(check.expression, {
      columnName: (n) => {
        const source = column !== null && n.toLowerCase() === 'value' ? column : n;
        const target = ref.columns.get(source) ?? null;
        if (target !== null) used.add(target);
        return target;
      },
    });
    if (!tr.ok) {
      raise('pg_check_not_converted', `CHECK ${check.name} (${check.expression}): ${tr.reason}`);
      continue;
    }
    const blocked = [...used].find((c) => c === auto || forbidden.has(c));
    if (blocked !== undefined) {
      raise('pg_check_not_converted', `CHECK ${check.name} reads ${blocked}, ${blocked === auto ? 'the AUTO_INCREMENT column' : 'a column a foreign key action changes'}: MySQL 8 refuses it`);
      continue;
    }
    if (check.notValid) {
      raise('pg_check_not_converted', `CHECK ${check.name} is NOT VALID on the source: existing rows may break it, and MySQL checks them when it is added`);
      continue;
    }
    const name = state.claimConstraintName(ref.db, column !== null ? `${table.name}_${column}_${check.name}` : check.name);
    if (column === null) state.renamed('constraint', object, `${tablePath}.${name}`, check.name, name, { type: 'table', name: tablePath });
    if (tr.sql.replace(/[`\s()]/g, '') !== check.expression.replace(/["\s()]/g, '')) raise('pg_check_translated', `CHECK ${check.name}: (${check.expression}) became (${tr.sql})`);
    ref.target.checks.push({ name, expression: tr.sql });
  }
  for (const x of table.otherConstraints) {
    const object = `${tablePath}.${x.name}`;
    state.ctx.object('constraint', object);
    state.raiseOnTable(schema, table.name, 'pg_exclusion_constraint', object, 'constraint', `${x.kind.toUpperCase()} ${x.name}: ${x.definition}`);
    state.ctx.emit({ phase: 'post-data', type: 'manual', object, sql: sqlComment(`${object}: exclusion constraint, no MySQL equivalent\n${x.definition}`) });
  }
}

/** Adds the table's foreign keys, once every table is converted (they reference others). */
export function convertForeignKeys(state: ConvertState, ref: TableRef): void {
  const { schema, table } = ref.source;
  const tablePath = `${schema}.${table.name}`;
  for (const fk of table.foreignKeys) {
    const object = `${tablePath}.${fk.name}`;
    state.ctx.object('foreign_key', object);
    const raise = (code: string, message: string): void => state.raiseOnTable(schema, table.name, code, object, 'foreign_key', message);
    const parent = state.table(fk.ref.schema, fk.ref.table);
    const columns = fk.columns.map((c) => ref.columns.get(c));
    const refColumns = fk.ref.columns.map((c) => parent?.columns.get(c));
    if (!parent || columns.some((c) => c === undefined) || refColumns.some((c) => c === undefined)) {
      raise('pg_fk_not_converted', `FOREIGN KEY ${fk.name} references ${fk.ref.schema}.${fk.ref.table}, which was not converted`);
      continue;
    }
    const childCols = columns.map((c) => ref.target.columns.find((x) => x.name === c)!);
    const parentCols = refColumns.map((c) => parent.target.columns.find((x) => x.name === c)!);
    if (childCols.some((c) => c.type.kind === 'json' || c.type.kind === 'text' || c.type.kind === 'blob')) {
      raise('pg_fk_not_converted', `FOREIGN KEY ${fk.name}: a column is JSON, TEXT or BLOB on MySQL and cannot be keyed`);
      continue;
    }
    childCols.forEach((c, i) => {
      const p = parentCols[i]!;
      // InnoDB wants the same integer type and sign on both sides; PostgreSQL lets integer reference bigint.
      if (isIntegerKind(c.type.kind) && isIntegerKind(p.type.kind) && c.type.kind !== p.type.kind) {
        raise('pg_fk_column_widened', `${fk.name}: ${c.name} became ${p.type.raw} like ${parent.target.name}.${p.name}`);
        c.type = { ...p.type };
      }
    });
    const action = (a: FkAction, when: string): FkAction => {
      if (a === 'set default') {
        raise('pg_fk_action_changed', `${fk.name}: ON ${when} SET DEFAULT became NO ACTION (InnoDB refuses SET DEFAULT)`);
        return 'no action';
      }
      if (a === 'set null' && childCols.some((c) => !c.nullable)) {
        raise('pg_fk_action_changed', `${fk.name}: ON ${when} SET NULL on a NOT NULL column became NO ACTION (MySQL refuses it)`);
        return 'no action';
      }
      return a;
    };
    if (fk.deferrable) raise('pg_deferrable', `FOREIGN KEY ${fk.name} was DEFERRABLE${fk.initiallyDeferred ? ' INITIALLY DEFERRED' : ''}`);
    const name = state.claimConstraintName(ref.db, fk.name);
    // InnoDB names the index it adds for a foreign key after the constraint: keep it clear of the table's index names.
    const indexName = ref.indexNames.has(name) ? state.claimConstraintName(ref.db, `${fk.name}_fk`) : name;
    ref.indexNames.claim(indexName);
    state.renamed('foreign_key', object, `${tablePath}.${indexName}`, fk.name, indexName, { type: 'table', name: tablePath });
    const out: ForeignKey = {
      name: indexName,
      columns: columns as string[],
      ref: { schema: parent.db, table: parent.target.name, columns: refColumns as string[] },
      onDelete: action(fk.onDelete, 'DELETE'),
      onUpdate: action(fk.onUpdate, 'UPDATE'),
    };
    ref.target.foreignKeys.push(out);
  }
}

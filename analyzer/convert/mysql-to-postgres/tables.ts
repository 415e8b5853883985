/**
 * One MySQL table → a PostgreSQL table: columns (columns.ts), primary key, the CHECKs its
 * types need, its own CHECK constraints translated, indexes (indexes.ts); partitioning is
 * not carried over (listed for manual work). Foreign keys come after every table is known
 * (foreign-keys.ts).
 */
import type { CheckConstraint, Table } from '../../model/schema.js';
import { quoteIdent } from '../../dialects/postgres/quote.js';
import { convertColumns } from './columns.js';
import { convertIndexes } from './indexes.js';
import { NameSpace } from './names.js';
import { sourceName, targetName, type ConvertedTable, type SchemaState } from './state.js';

function convertChecks(state: SchemaState, source: Table, conv: ConvertedTable): void {
  const { ctx } = state;
  const preserve = ctx.options.identifiers === 'preserve';
  for (const check of source.checks) {
    const object = sourceName(state, source.name, check.name);
    const raise = (code: string, message: string): void => ctx.raise({ code, object, objectType: 'constraint', owner: conv.owner, message });
    if (check.notEnforced) {
      ctx.manual('constraint', object);
      raise('check_not_enforced', `CHECK ${object} (${check.expression}) is NOT ENFORCED on the source; not created`);
      continue;
    }
    const t = conv.columns.translate(check.expression);
    if (!t.ok) {
      ctx.manual('constraint', object);
      raise('check_not_converted', `CHECK ${object} (${check.expression}) not created: ${t.reason}`);
      continue;
    }
    const name = conv.constraints.claim(preserve ? check.name : check.name.toLowerCase());
    ctx.object('constraint', object, { target: targetName(state, conv.target.name, name) });
    const out: CheckConstraint = { name, expression: t.sql };
    conv.target.checks.push(out);
  }
}

/** Converts the table (not its foreign keys) and records it in the state. */
export function convertTable(state: SchemaState, source: Table, repeatedIndexes: ReadonlySet<string>): ConvertedTable {
  const { ctx } = state;
  const name = state.relationNames.get(source.name) ?? source.name;
  const owner = { type: 'table' as const, name: sourceName(state, source.name) };
  ctx.object('table', owner.name, { target: targetName(state, name) });
  const cols = convertColumns(state, source);
  const target: Table = { name, kind: 'table', columns: cols.columns, uniques: [], foreignKeys: [], checks: [], indexes: [], otherConstraints: [], attrs: {} };
  if (source.comment) target.comment = source.comment;
  const conv: ConvertedTable = { source, target, columns: cols.map, constraints: new NameSpace(), keys: [], owner };
  if (source.primaryKey) {
    // Primary key names are index names on PostgreSQL: unique per schema. MySQL calls every one PRIMARY.
    const pkName = state.relations.claim(`${name}_pkey`);
    conv.constraints.claim(pkName);
    const columns = source.primaryKey.columns.map((c) => cols.map.target(c));
    target.primaryKey = { name: pkName, columns };
    conv.keys.push(columns);
    ctx.object('constraint', sourceName(state, source.name, 'PRIMARY'), { target: targetName(state, name, pkName) });
    if (source.primaryKey.prefixLengths?.some((p) => p !== null)) {
      ctx.raise({ code: 'prefix_index', object: sourceName(state, source.name, 'PRIMARY'), objectType: 'constraint', owner, message: `${owner.name}: the primary key's prefix parts cover the whole columns` });
    }
  }
  for (const { column, check } of cols.checks) {
    const checkName = conv.constraints.claim(`${column}_${check.suffix}`);
    target.checks.push({ name: checkName, expression: check.condition(quoteIdent(column)) });
  }
  convertChecks(state, source, conv);
  convertIndexes(state, source, target, cols.map, repeatedIndexes);
  for (const index of target.indexes) {
    if (index.unique && index.parts.every((p) => p.column !== null)) conv.keys.push(index.parts.map((p) => p.column!));
  }
  raiseCollationItem(state, source, cols.ciColumns, owner);
  if (source.partitioning) {
    ctx.raise({
      code: 'partitioning_not_converted',
      object: owner.name,
      objectType: 'table',
      owner,
      message: `${owner.name} is partitioned by ${source.partitioning.method.toUpperCase()} (${source.partitioning.expression}) in ${source.partitioning.partitions.length} partitions; created as a plain table`,
    });
  }
  state.tables.set(source.name, conv);
  state.target.tables.push(target);
  return conv;
}

/** One item per table for its case-insensitive columns (there are many: one per column would drown the rest). */
function raiseCollationItem(state: SchemaState, source: Table, columns: string[], owner: { type: 'table'; name: string }): void {
  if (columns.length === 0) return;
  const how = state.ctx.options.collationAs;
  const code = how === 'icu' ? 'ci_collation_icu' : how === 'citext' ? 'ci_collation_citext' : 'case_sensitive_comparison';
  const list = columns.length > 5 ? `${columns.slice(0, 5).join(', ')} and ${columns.length - 5} more` : columns.join(', ');
  state.ctx.raise({ code, object: owner.name, objectType: 'table', owner, message: `${owner.name}: ${columns.length} case-insensitive column(s) (${list})` });
}

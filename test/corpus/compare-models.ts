/**
 * Object-by-object comparison of a source model with the model collected back from the target
 * a conversion was applied to: what of the source exists on the target ("kept"), and what
 * does not ("lost", with the reason). The acceptance (corpus-convert.ts) passes a schema only
 * when nothing is lost.
 *
 * Rules:
 * - Names: a source object is looked up on the target under the conversion's renames, the
 *   schema map, the target's case folding and length limit, then case-insensitively when one
 *   target name matches (compare-names.ts).
 * - Tables: exist under the mapped name. A PostgreSQL partition that is not a table of its own
 *   on the target is kept when the target parent lists it as a partition (a MySQL catalog does
 *   not list partitions as tables), and flagged when the parent exists and an action item names
 *   the partition or the parent (merged into one table); its columns, keys and indexes are the
 *   parent's and are not counted again.
 * - Columns: exist, with the same type category (typeCategory(): enum and set are strings, a
 *   PostgreSQL array counts as its element type; from PostgreSQL to MySQL, tinyint(1) on the
 *   target is boolean, as MySQL's BOOLEAN is tinyint(1) in its catalog), a value range that
 *   holds every source value (compare-ranges.ts: integer bits and sign, decimal digits, length,
 *   MySQL TIME's ±838 h, fractional seconds), the same nullability, a default where the
 *   source has one (an identity or generated column also counts), an identity or sequence
 *   default where the source column is auto-generated (whose next value, where both catalogs
 *   give it, is not below the source's), and a generation expression where the source column
 *   is generated. Any difference counts as kept only when an action item names
 *   the column (`schema.table.column`): then it is "flagged", not lost.
 * - PKs: the target table's PK has the mapped columns, in order.
 * - Unique keys: MySQL unique indexes, PostgreSQL UNIQUE constraints and unique indexes are
 *   all "unique on these columns": a source key is kept when the target has a key of any of
 *   those forms (or its PK) on the same set of columns. Prefix and expression parts count as
 *   the columns they read, so `UNIQUE (col(191))` matches a unique index on `left(col, 191)`.
 * - Indexes (non-unique): kept when the target table has an index, key or PK over the same
 *   columns in the same order; where either side has an expression part or a method other
 *   than B-tree (FULLTEXT → GIN on a tsvector expression), over the same set of columns.
 * - FKs: the target has an FK from the mapped columns to the mapped table and columns, with
 *   the same ON DELETE / ON UPDATE (NO ACTION and RESTRICT are the same here: MySQL treats
 *   them alike, PostgreSQL differs only for deferred checks).
 * - Checks: a target check of the mapped name, else an unmatched target check that reads the
 *   same columns.
 * - Unique keys, indexes, FKs and checks the target lacks count as kept ("flagged") when an
 *   action item names them (`schema.table.name`): the target could not express them and the
 *   conversion said so. Tables, columns and PKs have no such way out.
 * - Views: every source view (materialized too) is either converted (status converted or
 *   converted_with_actions in result.objects, and present on the target as a view or, for a
 *   materialized view, a table) or manual (status manual). Missing from result.objects, or
 *   converted but absent from the target: lost.
 */
import type { ActionItem } from '../../analyzer/convert/action-item.js';
import type { ConversionResult, ObjectResult } from '../../analyzer/convert/result.js';
import { typeCategory, type DataType, type TypeCategory } from '../../analyzer/model/data-types.js';
import type { DatabaseModel, Schema, Table } from '../../analyzer/model/schema.js';
import { NameMapper, pick, type TargetNaming } from './compare-names.js';
import { rangeLoss } from './compare-ranges.js';
import { compareTableKeys } from './compare-keys.js';

export type { TargetNaming };

export const COMPARED_KINDS = ['tables', 'columns', 'pks', 'uniques', 'indexes', 'fks', 'checks'] as const;
export type ComparedKind = (typeof COMPARED_KINDS)[number];

/** One kind's tally: `kept` includes `flagged` (absent or changed, but named by an action item). */
export interface KindTally {
  total: number;
  kept: number;
  flagged: number;
  /** `object: reason`, one per lost object. */
  lost: string[];
  /** `object: reason`, one per flagged object (what changed, that an action item names). */
  flaggedDetails: string[];
}

export interface ViewTally {
  total: number;
  converted: number;
  manual: number;
  lost: string[];
}

export interface ModelComparison {
  kinds: Record<ComparedKind, KindTally>;
  views: ViewTally;
  /** Nothing lost of any kind. */
  complete: boolean;
}

export interface CompareInput {
  source: DatabaseModel;
  /** The model collected from the target (several MySQL databases merged into one model's schemas). */
  target: DatabaseModel;
  /** Source schema → target schema (the conversion's options.schemaMap). */
  schemaMap: Readonly<Record<string, string>>;
  naming: TargetNaming;
  renames: ConversionResult['renames'];
  actionItems: readonly ActionItem[];
  objects: readonly ObjectResult[];
}

/** The state shared by the per-table comparisons. */
export interface CompareScope {
  names: NameMapper;
  /** Counts one object; `aliases` are other names an action item may use for it (`schema.name`). */
  tally(kind: ComparedKind, object: string, outcome: Outcome, aliases?: readonly string[]): void;
  /** The target table a source table became, with its source → target column names. */
  resolveTable(schema: string, table: string): ResolvedTable | null;
}

export interface ResolvedTable {
  targetSchema: string;
  table: Table;
  /** Source column → target column name, for the columns found. */
  columns: Map<string, string>;
}

/**
 * Kept, or not with a reason. `excusable`: an action item naming the object makes it count as
 * kept ("flagged"): a changed column, a key the target lacks; never a missing table or column.
 */
export type Outcome = { kept: true } | { kept: false; reason: string; excusable: boolean };

const emptyTally = (): KindTally => ({ total: 0, kept: 0, flagged: 0, lost: [], flaggedDetails: [] });

/** Compares the source model with the target model, object by object, by the rules above. */
export function compareModels(input: CompareInput): ModelComparison {
  const kinds = Object.fromEntries(COMPARED_KINDS.map((k) => [k, emptyTally()])) as Record<ComparedKind, KindTally>;
  const names = new NameMapper(input.renames, input.schemaMap, input.naming);
  const flaggedObjects = new Set(input.actionItems.map((i) => i.object));
  const resolved = new Map<string, ResolvedTable | null>();
  const scope: CompareScope = {
    names,
    tally(kind, object, outcome, aliases = []) {
      const t = kinds[kind];
      t.total += 1;
      if (outcome.kept) t.kept += 1;
      else if (outcome.excusable && [object, ...aliases].some((o) => flaggedObjects.has(o))) {
        t.kept += 1;
        t.flagged += 1;
        t.flaggedDetails.push(`${object}: ${outcome.reason}`);
      } else t.lost.push(`${object}: ${outcome.reason}`);
    },
    resolveTable(schema, table) {
      const key = `${schema}\u0000${table}`;
      if (!resolved.has(key)) resolved.set(key, resolveTable(input, names, schema, table));
      return resolved.get(key) ?? null;
    },
  };
  for (const schema of input.source.schemas) {
    for (const table of schema.tables) compareTable(scope, input, schema, table);
  }
  const views = compareViews(input, names);
  const complete = COMPARED_KINDS.every((k) => kinds[k].lost.length === 0) && views.lost.length === 0;
  return { kinds, views, complete };
}

function targetSchemaOf(input: CompareInput, names: NameMapper, schema: string): Schema | undefined {
  return pick(input.target.schemas, names.schemaCandidates(schema));
}

function resolveTable(input: CompareInput, names: NameMapper, schema: string, name: string): ResolvedTable | null {
  const targetSchema = targetSchemaOf(input, names, schema);
  const sourceTable = input.source.schemas.find((s) => s.name === schema)?.tables.find((t) => t.name === name);
  if (!targetSchema || !sourceTable) return null;
  const table = pick(targetSchema.tables, names.candidates('table', [schema], [targetSchema.name], name));
  if (!table) return null;
  const columns = new Map<string, string>();
  for (const c of sourceTable.columns) {
    const found = pick(table.columns, names.candidates('column', [schema, name], [targetSchema.name, table.name], c.name));
    if (found) columns.set(c.name, found.name);
  }
  return { targetSchema: targetSchema.name, table, columns };
}

function compareTable(scope: CompareScope, input: CompareInput, schema: Schema, table: Table): void {
  const object = `${schema.name}.${table.name}`;
  const resolved = scope.resolveTable(schema.name, table.name);
  if (!resolved) {
    const parent = table.partitionOf?.parent;
    const parentTarget = parent ? scope.resolveTable(parent.schema, parent.name) : null;
    if (parent && parentTarget) {
      const listed = parentTarget.table.partitioning?.partitions.some((p) => p.name.toLowerCase() === table.name.toLowerCase());
      const merged: Outcome = { kept: false, reason: 'merged into its parent table without an action item', excusable: true };
      scope.tally('tables', object, listed ? { kept: true } : merged, [`${parent.schema}.${parent.name}`]);
      return;
    }
    scope.tally('tables', object, { kept: false, reason: 'table missing on the target', excusable: false });
    for (const c of table.columns) scope.tally('columns', `${object}.${c.name}`, { kept: false, reason: 'its table is missing', excusable: false });
  } else {
    scope.tally('tables', object, { kept: true });
    for (const c of table.columns) scope.tally('columns', `${object}.${c.name}`, compareColumn(input, resolved, c));
  }
  compareTableKeys(scope, schema.name, table, resolved);
}

/** A target column's category: typeCategory(), except that a MySQL catalog shows a converted BOOLEAN as tinyint(1). */
function targetCategory(from: DatabaseModel['source']['dialect'], to: DatabaseModel['source']['dialect'], t: DataType): TypeCategory {
  if (from !== 'mysql' && to === 'mysql' && t.kind === 'int8' && /^tinyint\(1\)/i.test(t.raw)) return 'boolean';
  return typeCategory(t);
}

function compareColumn(input: CompareInput, resolved: ResolvedTable, c: Table['columns'][number]): Outcome {
  const name = resolved.columns.get(c.name);
  const t = name === undefined ? undefined : resolved.table.columns.find((x) => x.name === name);
  if (!t) return { kept: false, reason: 'column missing on the target', excusable: false };
  const changed = (reason: string): Outcome => ({ kept: false, reason, excusable: true });
  const [from, to] = [typeCategory(c.type), targetCategory(input.source.source.dialect, input.target.source.dialect, t.type)];
  if (from !== to) return changed(`type category ${from} (${c.type.raw}) → ${to} (${t.type.raw})`);
  const loss = rangeLoss(c.type, input.source.source.dialect, t.type, input.target.source.dialect);
  if (loss) return changed(`range lost (${loss}): ${c.type.raw} → ${t.type.raw}`);
  if (c.nullable !== t.nullable) return changed(c.nullable ? 'NULL became NOT NULL' : 'NOT NULL lost');
  if (c.identity && !t.identity && !isSequenceDefault(t.default)) return changed(`${c.identity.kind} lost`);
  const next = nextValueLoss(c.identity?.next, t.identity?.next);
  if (next) return changed(next);
  const hasDefault = (d: typeof c.default): boolean => d !== null && d.kind !== 'null';
  if (!c.identity && hasDefault(c.default) && !hasDefault(t.default) && !t.identity && !t.generated) return changed('DEFAULT lost');
  if (c.generated && !t.generated) return changed('generation expression lost');
  return { kept: true };
}

/** The target must not hand out a value the source already did; unknown on either side: not compared. */
function nextValueLoss(source: string | undefined, target: string | undefined): string | null {
  if (source === undefined || target === undefined || !/^-?\d+$/.test(source) || !/^-?\d+$/.test(target)) return null;
  return BigInt(target) < BigInt(source) ? `next value ${source} became ${target}` : null;
}

function isSequenceDefault(d: Table['columns'][number]['default']): boolean {
  return d?.kind === 'sequence' || (d?.kind === 'expression' && /nextval\s*\(/i.test(d.text));
}

function compareViews(input: CompareInput, names: NameMapper): ViewTally {
  const tally: ViewTally = { total: 0, converted: 0, manual: 0, lost: [] };
  for (const schema of input.source.schemas) {
    for (const view of schema.views) {
      tally.total += 1;
      const object = `${schema.name}.${view.name}`;
      const result = input.objects.find((o) => (o.type === 'view' || o.type === 'materialized_view') && o.name === object);
      if (!result) {
        tally.lost.push(`${object}: not in the conversion's objects (neither converted nor flagged manual)`);
        continue;
      }
      if (result.status === 'manual') {
        tally.manual += 1;
        continue;
      }
      const targetSchema = targetSchemaOf(input, names, schema.name);
      const candidates = names.candidates(view.materialized ? 'materialized_view' : 'view', [schema.name], [targetSchema?.name ?? ''], view.name);
      const relations = targetSchema ? [...targetSchema.views, ...(view.materialized ? targetSchema.tables : [])] : [];
      if (pick(relations, candidates)) tally.converted += 1;
      else tally.lost.push(`${object}: converted (${result.status}) but missing on the target`);
    }
  }
  return tally;
}

/** `tables 16/16 columns 131/131 (2 flagged) … views 7 (5 converted, 2 manual)`. */
export function formatComparison(c: ModelComparison): string {
  const parts = COMPARED_KINDS.map((k) => {
    const t = c.kinds[k];
    return `${k} ${t.kept}/${t.total}${t.flagged ? ` (${t.flagged} flagged)` : ''}`;
  });
  const v = c.views;
  const lost = v.lost.length ? `, ${v.lost.length} lost` : '';
  parts.push(`views ${v.total} (${v.converted} converted, ${v.manual} manual${lost})`);
  return parts.join(' ');
}

/** Every flagged object (kept, changed, named by an action item), kind by kind. */
export function flaggedObjects(c: ModelComparison): string[] {
  return COMPARED_KINDS.flatMap((k) => c.kinds[k].flaggedDetails.map((l) => `${k}: ${l}`));
}

/** Every lost object, kind by kind. */
export function lostObjects(c: ModelComparison): string[] {
  return [...COMPARED_KINDS.flatMap((k) => c.kinds[k].lost.map((l) => `${k}: ${l}`)), ...c.views.lost.map((l) => `views: ${l}`)];
}

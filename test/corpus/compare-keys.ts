/**
 * The per-table half of compare-models.ts: primary key, unique keys, indexes, foreign keys
 * and checks of one source table against the target table it became. The rules are in
 * compare-models.ts's header.
 */
import type { CheckConstraint, FkAction, Index, IndexPart, Table } from '../../analyzer/model/schema.js';
import type { CompareScope, Outcome, ResolvedTable } from './compare-models.js';

/** A key or index reduced to the columns each part reads. */
interface KeyShape {
  /** Per part, the (target) column names it reads, lower case. */
  parts: string[][];
  unique: boolean;
  /** An expression part or a method other than B-tree/hash: compared by column set. */
  special: boolean;
  /** A MySQL prefix part (`col(191)`): uniqueness on the prefix only. */
  prefixed: boolean;
  /** A partial index (WHERE …): unique among the rows it covers only. */
  partial: boolean;
}

/** The target lacks the key or index: an action item naming it makes it count as flagged. */
const lacking = (reason: string): Outcome => ({ kept: false, reason, excusable: true });
/** Lost with no way out: a PK, or anything of a table or referenced table the target lacks. */
const lost = (reason: string): Outcome => ({ kept: false, reason, excusable: false });
const MISSING_TABLE = lost('its table is missing on the target');

/** Tallies the table's PK, unique keys, indexes, FKs and checks against the target table (null: missing). */
export function compareTableKeys(scope: CompareScope, schema: string, table: Table, resolved: ResolvedTable | null): void {
  const base = `${schema}.${table.name}`;
  const named = (name: string): { object: string; aliases: string[] } => ({ object: `${base}.${name}`, aliases: [`${schema}.${name}`] });
  const targetShapes = resolved ? shapesOf(resolved.table) : [];
  const mapColumn = (c: string): string => (resolved?.columns.get(c) ?? `?${c}`).toLowerCase();

  if (table.primaryKey) {
    const { object, aliases } = named(table.primaryKey.name);
    scope.tally('pks', object, resolved ? comparePk(table.primaryKey.columns.map(mapColumn), resolved.table) : MISSING_TABLE, aliases);
  }
  const sourceColumns = table.columns.map((c) => c.name);
  for (const u of table.uniques) {
    const shape = plainShape(u.columns.map(mapColumn));
    const { object, aliases } = named(u.name);
    scope.tally('uniques', object, resolved ? matchUnique(shape, targetShapes) : MISSING_TABLE, aliases);
  }
  for (const ix of table.indexes) {
    const shape = indexShape(ix, sourceColumns, mapColumn);
    const { object, aliases } = named(ix.name);
    const outcome = !resolved ? MISSING_TABLE : ix.unique ? matchUnique(shape, targetShapes) : matchIndex(shape, targetShapes);
    scope.tally(ix.unique ? 'uniques' : 'indexes', object, outcome, aliases);
  }
  for (const fk of table.foreignKeys) {
    const { object, aliases } = named(fk.name);
    scope.tally('fks', object, resolved ? compareFk(scope, fk, resolved, mapColumn) : MISSING_TABLE, aliases);
  }
  const matchedChecks = new Set<CheckConstraint>();
  for (const ck of table.checks) {
    const { object, aliases } = named(ck.name);
    scope.tally('checks', object, resolved ? compareCheck(scope, schema, table, ck, resolved, matchedChecks, mapColumn) : MISSING_TABLE, aliases);
  }
}

function comparePk(columns: string[], target: Table): Outcome {
  if (!target.primaryKey) return lost('no primary key on the target table');
  const got = target.primaryKey.columns.map((c) => c.toLowerCase());
  return sameList(columns, got) ? { kept: true } : lost(`primary key (${columns.join(', ')}) became (${got.join(', ')})`);
}

/**
 * A unique key on the same columns that means the same: a prefix key needs a prefix or an
 * expression (left(col, n)) on the target, else whole values must differ where the source
 * only compared prefixes; a partial key needs a partial one, else rows outside its WHERE
 * would be refused.
 */
function matchUnique(shape: KeyShape, targets: readonly KeyShape[]): Outcome {
  const want = columnSet(shape);
  const same = targets.filter((t) => t.unique && columnSet(t) === want);
  if (same.length === 0) return lacking(`no unique key on (${want}) on the target`);
  const faithful = same.filter((t) => (!shape.prefixed || t.prefixed || t.special) && (!shape.partial || t.partial));
  if (faithful.length > 0) return { kept: true };
  return lacking(shape.partial ? `partial unique key on (${want}) became a unique key on every row` : `prefix unique key on (${want}) became a whole-value unique key`);
}

function matchIndex(shape: KeyShape, targets: readonly KeyShape[]): Outcome {
  const ordered = orderedKey(shape);
  const set = columnSet(shape);
  const found = targets.some((t) => orderedKey(t) === ordered || ((shape.special || t.special) && columnSet(t) === set));
  return found ? { kept: true } : lacking(`no index on (${ordered}) on the target`);
}

function compareFk(scope: CompareScope, fk: Table['foreignKeys'][number], resolved: ResolvedTable, mapColumn: (c: string) => string): Outcome {
  const ref = scope.resolveTable(fk.ref.schema, fk.ref.table);
  if (!ref) return lost(`referenced table ${fk.ref.schema}.${fk.ref.table} missing on the target`);
  const columns = fk.columns.map(mapColumn);
  const refColumns = fk.ref.columns.map((c) => (ref.columns.get(c) ?? `?${c}`).toLowerCase());
  const same = resolved.table.foreignKeys.filter(
    (t) =>
      sameList(t.columns.map(lower), columns) &&
      t.ref.table.toLowerCase() === ref.table.name.toLowerCase() &&
      t.ref.schema.toLowerCase() === ref.targetSchema.toLowerCase() &&
      sameList(t.ref.columns.map(lower), refColumns),
  );
  if (same.length === 0) return lacking(`no FK (${columns.join(', ')}) → ${ref.targetSchema}.${ref.table.name} (${refColumns.join(', ')}) on the target`);
  if (same.some((t) => sameFkAction(t.onDelete, fk.onDelete) && sameFkAction(t.onUpdate, fk.onUpdate))) return { kept: true };
  const t = same[0]!;
  return lacking(`actions changed: ON DELETE ${fk.onDelete} → ${t.onDelete}, ON UPDATE ${fk.onUpdate} → ${t.onUpdate}`);
}

function compareCheck(
  scope: CompareScope,
  schema: string,
  table: Table,
  ck: CheckConstraint,
  resolved: ResolvedTable,
  matched: Set<CheckConstraint>,
  mapColumn: (c: string) => string,
): Outcome {
  const byName = resolved.table.checks.find(
    (t) => !matched.has(t) && scope.names.candidates('constraint', [schema, table.name], [resolved.targetSchema, resolved.table.name], ck.name).some((c) => c.toLowerCase() === t.name.toLowerCase()),
  );
  const want = referencedColumns(ck.expression, table.columns.map((c) => c.name)).map(mapColumn).sort().join(',');
  const targetColumns = resolved.table.columns.map((c) => c.name);
  const found = byName ?? resolved.table.checks.find((t) => !matched.has(t) && referencedColumns(t.expression, targetColumns).map(lower).sort().join(',') === want);
  if (!found) return lacking(`no check named ${ck.name} or reading (${want}) on the target`);
  matched.add(found);
  return { kept: true };
}

/** The table's PK, unique constraints and indexes as shapes, in target column names. */
function shapesOf(table: Table): KeyShape[] {
  const columns = table.columns.map((c) => c.name);
  const shapes: KeyShape[] = [];
  if (table.primaryKey) shapes.push(plainShape(table.primaryKey.columns.map(lower)));
  for (const u of table.uniques) shapes.push(plainShape(u.columns.map(lower)));
  for (const ix of table.indexes) shapes.push(indexShape(ix, columns, lower));
  return shapes;
}

function indexShape(ix: Index, tableColumns: readonly string[], mapColumn: (c: string) => string): KeyShape {
  const partColumns = (p: IndexPart): string[] =>
    p.column !== null ? [mapColumn(p.column)] : referencedColumns(p.expression ?? '', tableColumns).map(mapColumn).sort();
  const special = ix.parts.some((p) => p.column === null) || !['btree', 'hash'].includes(ix.method);
  const prefixed = ix.parts.some((p) => p.prefixLength !== undefined);
  return { parts: ix.parts.map(partColumns), unique: ix.unique, special, prefixed, partial: ix.predicate !== undefined };
}

/** A PK or UNIQUE constraint: whole columns, every row. */
const plainShape = (columns: string[]): KeyShape => ({ parts: columns.map((c) => [c]), unique: true, special: false, prefixed: false, partial: false });

/**
 * The table's columns an expression names, in the table's spelling: quoted (`` `a` ``, `"a"`)
 * or bare identifiers, outside string literals, matched case-insensitively.
 */
export function referencedColumns(expression: string, tableColumns: readonly string[]): string[] {
  const byLower = new Map(tableColumns.map((c) => [c.toLowerCase(), c]));
  const text = expression.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
  const found = new Set<string>();
  for (const m of text.matchAll(/`((?:[^`]|``)+)`|"((?:[^"]|"")+)"|([\p{L}_][\p{L}\p{N}_$]*)/gu)) {
    const name = m[1]?.replaceAll('``', '`') ?? m[2]?.replaceAll('""', '"') ?? m[3] ?? '';
    const column = byLower.get(name.toLowerCase());
    if (column !== undefined) found.add(column);
  }
  return [...found];
}

/** MySQL treats NO ACTION as RESTRICT; PostgreSQL differs only for deferred checks. */
const sameFkAction = (a: FkAction, b: FkAction): boolean => a === b || (isNoAction(a) && isNoAction(b));
const isNoAction = (a: FkAction): boolean => a === 'no action' || a === 'restrict';

const lower = (s: string): string => s.toLowerCase();
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const orderedKey = (s: KeyShape): string => s.parts.map((p) => p.join('+')).join(', ');
const columnSet = (s: KeyShape): string => [...new Set(s.parts.flat())].sort().join(', ');

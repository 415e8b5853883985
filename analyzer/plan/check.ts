/** Building one PlanCheck, and walking the tables of a server's collected databases. */
import type { DataType } from '../model/data-types.js';
import type { Table } from '../model/schema.js';
import type { ServerFacts } from './facts.js';
import type { CheckStatus, MigrationPath, PlanCheck } from './schema.js';

/** Affected objects listed per check; `objectsTotal` keeps the full count. */
export const MAX_CHECK_OBJECTS = 25;
/** Statements written into one fix text; the rest are counted. */
export const MAX_FIX_STATEMENTS = 10;

export interface CheckInput {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  fix?: string | null;
  paths: MigrationPath[];
  objects?: string[];
}

export function makeCheck(c: CheckInput): PlanCheck {
  const objects = c.objects ?? [];
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    detail: c.detail,
    fix: c.status === 'pass' ? null : (c.fix ?? null),
    paths: [...c.paths],
    objects: objects.slice(0, MAX_CHECK_OBJECTS),
    objectsTotal: objects.length,
  };
}

/**
 * A check that lists offending objects: `status` when there are any (with `found(count)` as the
 * detail), pass with `none` when there are none.
 */
export function objectsCheck(c: Omit<CheckInput, 'status' | 'detail' | 'objects'> & { objects: string[]; status: 'warn' | 'fail'; found: (count: number) => string; none: string }): PlanCheck {
  const { found, none, ...rest } = c;
  return makeCheck({ ...rest, status: c.objects.length > 0 ? c.status : 'pass', detail: c.objects.length > 0 ? found(c.objects.length) : none });
}

/** One statement per object, bounded, with a count of the rest. */
export function fixStatements(statements: string[]): string {
  const shown = statements.slice(0, MAX_FIX_STATEMENTS);
  const rest = statements.length - shown.length;
  return rest > 0 ? `${shown.join('\n')}\n-- … and ${rest} more like these` : shown.join('\n');
}

export interface TableRef {
  /** Database (PostgreSQL) or schema (MySQL) as collected. */
  database: string;
  schema: string;
  table: Table;
  /** `db.table` (MySQL) or `db.schema.table` (PostgreSQL), for lists. */
  label: string;
}

/** Every regular table (and partition parent) of every collected database, in catalog order. */
export function tablesOf(server: ServerFacts): TableRef[] {
  const out: TableRef[] = [];
  for (const db of server.databases) {
    for (const schema of db.model?.schemas ?? []) {
      for (const table of schema.tables) {
        if (table.kind === 'foreign') continue;
        const label = server.engine === 'mysql' ? `${schema.name}.${table.name}` : `${db.name}.${schema.name}.${table.name}`;
        out.push({ database: db.name, schema: schema.name, table, label });
      }
    }
  }
  return out;
}

/** A PK, a UNIQUE constraint, or a unique index over NOT NULL columns only (what DMS accepts as a key). */
export function hasKey(table: Table): boolean {
  if (table.primaryKey) return true;
  if (table.uniques.length > 0) return true;
  const notNull = new Set(table.columns.filter((c) => !c.nullable).map((c) => c.name));
  return table.indexes.some((i) => i.unique && !i.predicate && i.parts.length > 0 && i.parts.every((p) => p.column !== null && notNull.has(p.column)));
}

/** What the planner needs to know of an engine's types and quoting. */
export interface EngineRules {
  /** A column DMS treats as a LOB. */
  isLob(t: DataType): boolean;
  /** A LOB type that can hold more than a limited-LOB-mode maximum of 64 KB. */
  isLargeLob(t: DataType): boolean;
  quoteTable(ref: TableRef): string;
}

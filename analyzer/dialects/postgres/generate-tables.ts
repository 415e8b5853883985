/** CREATE TABLE statements: columns with types, collations, defaults, identity, generated expressions, NOT NULL and the primary key. */
import type { Column, ColumnDefault, Identity, Schema, Table } from '../../model/schema.js';
import { pgDefault } from './generate-default.js';
import { qualifyName, quoteIdent } from './quote.js';
import { pgTypeName } from './type-names.js';

/**
 * `COLLATE "x"`, or `COLLATE "schema"."x"` when the name starts with `schema.` for one of the
 * model's schemas (a collation a converter created there). Catalog collation names carry dots
 * of their own (`en_US.utf8`), so only a known schema prefix makes a name qualified.
 */
export function collateClause(collation: string | undefined, schemas: readonly string[] = []): string {
  if (!collation) return '';
  const schema = schemas.find((s) => collation.startsWith(`${s}.`) && collation.length > s.length + 1);
  return schema !== undefined ? ` COLLATE ${qualifyName(schema, collation.slice(schema.length + 1))}` : ` COLLATE ${quoteIdent(collation)}`;
}

function identityClause(id: Identity): string {
  const opts: string[] = [];
  if (id.start !== undefined) opts.push(`START WITH ${id.start}`);
  else if (id.next !== undefined) opts.push(`START WITH ${id.next}`);
  if (id.increment !== undefined) opts.push(`INCREMENT BY ${id.increment}`);
  if (id.minValue !== undefined) opts.push(`MINVALUE ${id.minValue}`);
  if (id.maxValue !== undefined) opts.push(`MAXVALUE ${id.maxValue}`);
  if (id.cycle) opts.push('CYCLE');
  const kind = id.kind === 'always' ? 'ALWAYS' : 'BY DEFAULT';
  return ` GENERATED ${kind} AS IDENTITY${opts.length ? ` (${opts.join(' ')})` : ''}`;
}

/**
 * A serial column is its owned sequence plus a nextval() default. The catalog reader keeps
 * the sequence on the identity only, so the default is rebuilt from it when absent.
 */
function serialDefault(col: Column): ColumnDefault | null {
  const id = col.identity;
  if (id?.kind !== 'serial' || !id.sequence || (col.default && col.default.kind !== 'null')) return null;
  return { kind: 'sequence', sequence: id.sequence };
}

/** One column definition inside CREATE TABLE. */
export function columnDefinition(col: Column, schemas: readonly string[] = []): string {
  let sql = `${quoteIdent(col.name)} ${pgTypeName(col.type)}${collateClause(col.collation, schemas)}`;
  if (col.generated) {
    // PostgreSQL 15 has only STORED generated columns; a converter flags virtual ones.
    sql += ` GENERATED ALWAYS AS (${col.generated.expression}) STORED`;
  } else if (col.identity && col.identity.kind !== 'serial') {
    sql += identityClause(col.identity);
  } else {
    const d = serialDefault(col) ?? col.default;
    // DEFAULT NULL is what a column without a default does; PostgreSQL would not store it either.
    if (d && d.kind !== 'null') sql += ` DEFAULT ${pgDefault(d, col.type)}`;
  }
  if (!col.nullable) sql += ' NOT NULL';
  return sql;
}

function partitionBound(bound: string): string {
  const b = bound.trim();
  return /^(for\s+values|default)\b/i.test(b) ? b : `FOR VALUES ${b}`;
}

/** CREATE TABLE for one table (a partition: CREATE TABLE … PARTITION OF). */
export function createTableSql(schema: Schema, table: Table, schemas: readonly string[] = [schema.name]): string {
  const name = qualifyName(schema.name, table.name);
  const unlogged = table.attrs.persistence === 'unlogged' ? 'UNLOGGED ' : '';
  if (table.partitionOf) {
    const parent = qualifyName(table.partitionOf.parent.schema, table.partitionOf.parent.name);
    const tail = table.partitioning ? ` PARTITION BY ${table.partitioning.method.toUpperCase()} (${table.partitioning.expression})` : '';
    return `CREATE ${unlogged}TABLE ${name} PARTITION OF ${parent} ${partitionBound(table.partitionOf.bound)}${tail};`;
  }
  const lines = table.columns.map((c) => `  ${columnDefinition(c, schemas)}`);
  if (table.primaryKey) {
    lines.push(`  CONSTRAINT ${quoteIdent(table.primaryKey.name)} PRIMARY KEY (${table.primaryKey.columns.map(quoteIdent).join(', ')})`);
  }
  let sql = `CREATE ${unlogged}TABLE ${name} (\n${lines.join(',\n')}\n)`;
  if (table.inherits?.length) sql += ` INHERITS (${table.inherits.map((p) => qualifyName(p.schema, p.name)).join(', ')})`;
  if (table.partitioning) sql += ` PARTITION BY ${table.partitioning.method.toUpperCase()} (${table.partitioning.expression})`;
  if (table.attrs.reloptions) sql += ` WITH (${table.attrs.reloptions.replace(/^\{|\}$/g, '')})`;
  return `${sql};`;
}

/**
 * Tables in creation order: a partition or an inheriting table after its parent. Parents in
 * other schemas are created by their own schema's pass (schemas are emitted in model order).
 */
export function orderTables(tables: readonly Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: Table[] = [];
  const visit = (t: Table, depth: number): void => {
    if (done.has(t.name) || depth > tables.length) return;
    const parents = [...(t.partitionOf ? [t.partitionOf.parent] : []), ...(t.inherits ?? [])];
    for (const p of parents) {
      const parent = byName.get(p.name);
      if (parent && parent !== t) visit(parent, depth + 1);
    }
    done.add(t.name);
    out.push(t);
  };
  for (const t of tables) visit(t, 0);
  return out;
}

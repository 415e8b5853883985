/** Schemas, extensions, enum types, domains, other types and sequences. */
import type { DatabaseModel, Domain, EnumType, OtherType, Schema, Sequence } from '../../model/schema.js';
import { pgDefault } from './generate-default.js';
import { collateClause } from './generate-tables.js';
import { qualifyName, quoteIdent, quoteLiteral } from './quote.js';
import { pgTypeName } from './type-names.js';

/** CREATE SCHEMA IF NOT EXISTS (public and other existing schemas are fine). */
export const createSchemaSql = (schema: Schema): string => `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema.name)};`;

/** CREATE EXTENSION IF NOT EXISTS, in the extension's schema. */
export const createExtensionSql = (ext: DatabaseModel['extensions'][number]): string =>
  `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(ext.name)}${ext.schema ? ` SCHEMA ${quoteIdent(ext.schema)}` : ''};`;

/** CREATE TYPE … AS ENUM. */
export const createEnumSql = (schema: Schema, e: EnumType): string =>
  `CREATE TYPE ${qualifyName(schema.name, e.name)} AS ENUM (${e.values.map(quoteLiteral).join(', ')});`;

/** CREATE DOMAIN with collation, default, NOT NULL and checks. */
export function createDomainSql(schema: Schema, d: Domain): string {
  let sql = `CREATE DOMAIN ${qualifyName(schema.name, d.name)} AS ${pgTypeName(d.base)}${collateClause(d.collation)}`;
  if (d.default) sql += ` DEFAULT ${pgDefault(d.default, d.base)}`;
  if (d.notNull) sql += ' NOT NULL';
  for (const c of d.checks) sql += ` CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expression})`;
  return `${sql};`;
}

/**
 * An other type's definition is a whole CREATE statement, or what follows `AS` (composite:
 * the attribute list) or `AS RANGE` (range: the option list), as the catalog reader wrote it.
 */
export function createOtherTypeSql(schema: Schema, t: OtherType): string {
  const def = t.definition.trim().replace(/;\s*$/, '');
  if (/^create\s/i.test(def)) return `${def};`;
  return `CREATE TYPE ${qualifyName(schema.name, t.name)} AS ${t.kind === 'range' ? 'RANGE ' : ''}${def};`;
}

/** CREATE SEQUENCE with every option spelled out. */
export function createSequenceSql(schema: Schema, s: Sequence): string {
  const parts = [`CREATE SEQUENCE ${qualifyName(schema.name, s.name)}`];
  if (s.dataType && /^(smallint|integer|bigint|int[248])$/i.test(s.dataType)) parts.push(`AS ${s.dataType}`);
  parts.push(`INCREMENT BY ${s.increment}`, `MINVALUE ${s.minValue}`, `MAXVALUE ${s.maxValue}`, `START WITH ${s.start}`);
  if (/^\d+$/.test(s.cache) && Number(s.cache) >= 1) parts.push(`CACHE ${s.cache}`);
  parts.push(s.cycle ? 'CYCLE' : 'NO CYCLE');
  return `${parts.join(' ')};`;
}

/** What a setval needs to know of its sequence. */
export interface SequenceBounds {
  start?: string | undefined;
  increment?: string | undefined;
  minValue?: string | undefined;
  maxValue?: string | undefined;
}

/**
 * The value and is_called arguments of a setval that makes nextval() hand out `next` first.
 * `(next - increment, true)` is preferred over `(next, false)`: both hand out the same value,
 * but only the first leaves a last_value the catalog shows (pg_sequence_last_value is null
 * while is_called is false), so the target reads back the counter the source had. A sequence
 * still at its start, or one whose previous value would fall outside its bounds, takes the
 * `false` form.
 */
export function setvalArguments(next: string, b: SequenceBounds): string {
  try {
    const n = BigInt(next);
    if (b.start !== undefined && BigInt(b.start) === n) return `${next}, false`;
    const previous = n - BigInt(b.increment ?? '1');
    const inside = (b.minValue === undefined || previous >= BigInt(b.minValue)) && (b.maxValue === undefined || previous <= BigInt(b.maxValue));
    return inside ? `${previous}, true` : `${next}, false`;
  } catch {
    return `${next}, false`;
  }
}

/** setval so nextval() hands out `next` first. */
export const setSequenceSql = (schema: Schema, s: Sequence, next: string): string =>
  `SELECT setval(${quoteLiteral(qualifyName(schema.name, s.name))}, ${setvalArguments(next, s)});`;

/** ALTER SEQUENCE … OWNED BY: a serial column's sequence goes with its column. */
export const sequenceOwnedBySql = (schema: Schema, s: Sequence, owner: { table: string; column: string }): string =>
  `ALTER SEQUENCE ${qualifyName(schema.name, s.name)} OWNED BY ${qualifyName(schema.name, owner.table)}.${quoteIdent(owner.column)};`;

/**
 * The columns of one table, PostgreSQL → MySQL: names, types (with --mapping overrides),
 * key columns of unlimited text narrowed to a keyable VARCHAR, collation, nullability and
 * defaults (domains' NOT NULL and default included), comments. Generated expressions are
 * translated once all column names are known.
 */
import type { DataType } from '../../model/data-types.js';
import type { CheckConstraint, Column, Table } from '../../model/schema.js';
import { mappedType } from '../options.js';
import { mapPgDefault } from './map-default.js';
import { mapPgType } from './map-type.js';
import { NameScope } from './names.js';
import type { ConvertState } from './state.js';
import { translatePgExpression } from './translate-expression.js';

/** Characters a key column may keep: InnoDB keys hold 3072 bytes, 4 bytes per utf8mb4 character, less room for other parts. */
const KEY_CHARS = 760;
const COLUMN_COMMENT_MAX = 1024;
/** The collation that compares like PostgreSQL's deterministic collations (case- and accent-sensitive, code point order as C). */
export const TABLE_COLLATION = 'utf8mb4_bin';
/** citext: case-insensitive, on both MySQL 8 and MariaDB. */
const CITEXT_COLLATION = 'utf8mb4_unicode_ci';

export interface ConvertedColumns {
  columns: Column[];
  names: Map<string, string>;
  /** The table's column names on MySQL, for columns the conversion adds. */
  scope: NameScope;
  /** Domain checks moved onto the table (source name, MySQL expression not yet translated). */
  domainChecks: { column: string; check: CheckConstraint }[];
}

const baseOf = (t: DataType): DataType => (t.kind === 'domain' && t.base ? t.base : t);

/** Columns of the table in keys (PK, UNIQUE, unique indexes, FKs either side) → the widest key's part count. */
export type KeyColumns = Map<string, number>;

export function convertColumns(state: ConvertState, schema: string, table: Table, keyColumns: KeyColumns): ConvertedColumns {
  const scope = new NameScope();
  const names = new Map<string, string>();
  const columns: Column[] = [];
  const domainChecks: ConvertedColumns['domainChecks'] = [];
  const tablePath = `${schema}.${table.name}`;

  for (const src of table.columns) {
    const name = scope.claim(src.name);
    names.set(src.name, name);
    const path = `${tablePath}.${src.name}`;
    state.renamed('column', path, `${tablePath}.${name}`, src.name, name, { type: 'table', name: tablePath });
    const raise = (code: string, message: string): void => state.raiseOnTable(schema, table.name, code, path, 'column', message);

    let type: DataType;
    const override = mappedType(state.ctx.options, path, src.type.raw);
    if (override) {
      // Printed as written: kind unknown makes the generator print `raw`.
      type = { kind: 'unknown', raw: override.to };
      raise('type_overridden_by_mapping', `${src.type.raw} became ${override.to} (--mapping ${override.rule})`);
    } else {
      const mapped = mapPgType(src.type);
      type = mapped.type;
      for (const note of mapped.notes) raise(note.code, `${src.name}: ${note.message}`);
      const parts = keyColumns.get(src.name);
      const tooLong = type.kind === 'text' || (type.kind === 'varchar' && (type.length ?? 0) > KEY_CHARS);
      if (parts !== undefined && tooLong) {
        const length = Math.floor(KEY_CHARS / Math.max(parts, 1));
        raise('pg_key_column_narrowed', `${src.name} (${src.type.raw}) is part of a key: VARCHAR(${length})`);
        type = { kind: 'varchar', raw: `varchar(${length})`, length };
      }
    }

    const col: Column = { name, type, nullable: src.nullable, default: null };
    const srcBase = baseOf(src.type);
    let sourceDefault = src.default;
    if (src.type.kind === 'domain') {
      const domain = findDomain(state, src.type);
      if (domain) {
        if (domain.notNull) col.nullable = false;
        for (const check of domain.checks) domainChecks.push({ column: src.name, check });
        if (sourceDefault === null && domain.default) sourceDefault = domain.default;
        raise('pg_domain', `${src.name}: domain ${src.type.raw} became ${type.raw}${domain.notNull ? ' NOT NULL' : ''}${domain.checks.length > 0 ? ` with ${domain.checks.length} CHECK` : ''}`);
      }
    }
    if (srcBase.raw === 'citext' && (type.kind === 'varchar' || type.kind === 'text' || type.kind === 'char')) {
      col.collation = CITEXT_COLLATION;
      raise('pg_collation', `${src.name}: citext became ${type.raw} COLLATE ${CITEXT_COLLATION} (also accent-insensitive)`);
    } else if (srcBase.kind === 'tsvector' && type.kind === 'text') {
      // The text a FULLTEXT index tokenizes (procedural-pg): matched case-insensitively, as PostgreSQL's text search does.
      col.collation = CITEXT_COLLATION;
    } else if (src.collation && !/^(C|POSIX|default|ucs_basic)$/.test(src.collation) && (type.kind === 'varchar' || type.kind === 'text' || type.kind === 'char')) {
      raise('pg_collation', `${src.name}: COLLATE "${src.collation}" became ${TABLE_COLLATION} (code point order)`);
    }

    if (src.identity) col.identity = src.identity;
    else if (sourceDefault?.kind === 'sequence') col.default = sourceDefault; // decided with the table's identity
    else if (sourceDefault && !src.generated) {
      const mapped = mapPgDefault(sourceDefault, src.type, type);
      col.default = mapped.value;
      if (mapped.note) raise(mapped.note.code, `${src.name}: ${mapped.note.message}`);
    }
    if (src.generated) col.generated = { ...src.generated };
    if (src.comment) {
      col.comment = [...src.comment].slice(0, COLUMN_COMMENT_MAX).join('');
      if (col.comment.length < src.comment.length) raise('pg_comment_truncated', `${src.name}: comment cut to ${COLUMN_COMMENT_MAX} characters`);
    }
    columns.push(col);
  }

  // Generated columns refer to other columns: translate once every name is known.
  for (const col of columns) {
    if (!col.generated) continue;
    const source = table.columns.find((c) => names.get(c.name) === col.name)!;
    const tr = translatePgExpression(col.generated.expression, { columnName: (n) => names.get(n) ?? null });
    if (tr.ok) {
      col.generated = { expression: tr.sql, stored: true };
      // MariaDB refuses NOT NULL on a generated column: a CHECK keeps the rule on both engines.
      if (!col.nullable) {
        col.nullable = true;
        domainChecks.push({ column: source.name, check: { name: 'not_null', expression: 'VALUE IS NOT NULL' } });
      }
    } else {
      state.raiseOnTable(schema, table.name, 'pg_generated_column_dropped', `${tablePath}.${source.name}`, 'column', `${source.name}: GENERATED ALWAYS AS (${col.generated.expression}) not translated (${tr.reason}): plain column`);
      delete col.generated;
    }
  }
  return { columns, names, scope, domainChecks };
}

function findDomain(state: ConvertState, type: DataType) {
  const ref = type.typeRef;
  if (!ref) return undefined;
  return state.model.schemas.find((s) => s.name === ref.schema)?.domains.find((d) => d.name === ref.name);
}

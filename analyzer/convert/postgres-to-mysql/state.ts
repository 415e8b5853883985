/**
 * What the PostgreSQL → MySQL transforms share: the source model, the MySQL database of each
 * schema, the converted tables by source name (with their column renames), the name scopes
 * MySQL enforces (tables per database, constraint names per database), and small helpers to
 * raise items against a table.
 */
import type { ObjectType } from '../action-item.js';
import type { ConversionContext } from '../context.js';
import type { DatabaseModel, Schema, Table } from '../../model/schema.js';
import { NameScope, fitMysqlName } from './names.js';

/** One converted table: where it went and how its columns were renamed. */
export interface TableRef {
  source: { schema: string; table: Table };
  db: string;
  target: Table;
  /** Source column name → MySQL column name. */
  columns: Map<string, string>;
  /** Column names taken on MySQL (case-insensitive), for columns the conversion adds. */
  columnNames: NameScope;
  /** Index and constraint names of this table (MySQL: per table, case-insensitive). */
  indexNames: NameScope;
}

const key = (schema: string, name: string): string => `${schema}\u0000${name}`;

export class ConvertState {
  readonly tables = new Map<string, TableRef>();
  /** Target `db\0name` → source `schema.name`, for statement object names. */
  readonly sourceNames = new Map<string, string>();
  private readonly databases = new Map<string, string>();
  private readonly tableScopes = new Map<string, NameScope>();
  private readonly constraintScopes = new Map<string, NameScope>();

  constructor(readonly ctx: ConversionContext) {
    const dbScope = new NameScope();
    for (const schema of ctx.model.schemas) this.databases.set(schema.name, dbScope.claim(this.defaultDatabase(schema.name)));
  }

  get model(): DatabaseModel {
    return this.ctx.model;
  }

  /** --mapping `schemas`, else public → the database's name, other schemas → `<database>_<schema>`. */
  private defaultDatabase(schema: string): string {
    const mapped = this.ctx.options.schemaMap[schema];
    if (mapped) return mapped;
    return fitMysqlName(schema === 'public' ? this.model.name : `${this.model.name}_${schema}`);
  }

  /** The MySQL database of a PostgreSQL schema. */
  db(schema: string): string {
    return this.databases.get(schema) ?? fitMysqlName(`${this.model.name}_${schema}`);
  }

  /** A MySQL table (or view) name in `db`, unique there. */
  claimTableName(db: string, name: string): string {
    let scope = this.tableScopes.get(db);
    if (!scope) {
      scope = new NameScope();
      this.tableScopes.set(db, scope);
    }
    return scope.claim(name);
  }

  /** A FOREIGN KEY or CHECK name, unique in its database (InnoDB and MySQL 8 keep them per schema). */
  claimConstraintName(db: string, name: string): string {
    let scope = this.constraintScopes.get(db);
    if (!scope) {
      scope = new NameScope();
      this.constraintScopes.set(db, scope);
    }
    return scope.claim(name);
  }

  addTable(ref: TableRef): void {
    this.tables.set(key(ref.source.schema, ref.source.table.name), ref);
    this.sourceNames.set(key(ref.db, ref.target.name), `${ref.source.schema}.${ref.source.table.name}`);
  }

  table(schema: string, name: string): TableRef | undefined {
    return this.tables.get(key(schema, name));
  }

  /** Registers a rename of an object when the MySQL name differs, with the info item that says so. */
  renamed(type: ObjectType, source: string, target: string, sourceName: string, targetName: string, owner?: { type: ObjectType; name: string }): void {
    if (sourceName === targetName) return;
    this.ctx.rename(type, source, target);
    this.ctx.raise({
      code: 'identifier_renamed',
      object: source,
      objectType: type,
      ...(owner ? { owner } : {}),
      message: `${type} ${JSON.stringify(sourceName)} is ${JSON.stringify(targetName)} on MySQL (64-character limit, characters MySQL refuses, or a case-insensitive clash)`,
    });
  }

  /** Raises an item on an object of a table, counted against the table. */
  raiseOnTable(schema: string, table: string, code: string, object: string, objectType: ObjectType, message: string, recommendation?: string): void {
    this.ctx.raise({
      code,
      object,
      objectType,
      owner: { type: 'table', name: `${schema}.${table}` },
      message,
      ...(recommendation ? { recommendation } : {}),
    });
  }
}

/** The schemas worth a MySQL database: those with something in them. */
export function hasObjects(schema: Schema): boolean {
  return schema.tables.length + schema.views.length + schema.sequences.length + schema.routines.length + schema.triggers.length > 0;
}

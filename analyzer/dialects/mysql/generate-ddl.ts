/**
 * The MySQL generator: a model whose types, names and expressions are already MySQL's → DDL
 * statements, MySQL 8.0 syntax that MariaDB 10.11 also accepts (where they differ, the
 * source flavor picks: invisible indexes, NOT ENFORCED checks). Every name is qualified with
 * its database, so the statements run from any default schema.
 *
 * pre-data: CREATE DATABASE per schema, then CREATE TABLE (columns, primary key, options, partitions).
 * post-data: indexes, UNIQUE constraints, CHECKs, foreign keys, then views, each after the views it names.
 * Routines, triggers and events are not printed here: they go through the manual-work step.
 */
import type { ConversionContext } from '../../convert/context.js';
import type { DatabaseModel, Schema, View } from '../../model/schema.js';
import { orderByMention } from '../dependency-order.js';
import { mysqlAddCheck, mysqlAddForeignKey, mysqlAddUnique, mysqlCreateIndex } from './generate-keys.js';
import { inlineKeyFor, mysqlCreateTable } from './generate-table.js';
import { quoteMysqlIdent, quoteMysqlQualified } from './quote.js';

/** Names the source object a target statement creates (the converter knows; same-engine: the same name). */
export type SourceNameOf = (schema: string, name: string) => string;

const sameName: SourceNameOf = (schema, name) => `${schema}.${name}`;

function createDatabase(schema: Schema): string {
  const charset = schema.attrs['charset'] && /^\w+$/.test(schema.attrs['charset']) ? schema.attrs['charset'] : 'utf8mb4';
  const collation = schema.attrs['collation'] && /^\w+$/.test(schema.attrs['collation']) ? ` COLLATE ${schema.attrs['collation']}` : '';
  return `CREATE DATABASE IF NOT EXISTS ${quoteMysqlIdent(schema.name)} DEFAULT CHARACTER SET ${charset}${collation};`;
}

/** CREATE OR REPLACE VIEW; the DEFINER is left out (the source's account rarely exists on the target). */
export function mysqlCreateView(db: string, view: View): string {
  const algorithm = view.attrs['algorithm'] && /^(UNDEFINED|MERGE|TEMPTABLE)$/i.test(view.attrs['algorithm']) ? ` ALGORITHM=${view.attrs['algorithm'].toUpperCase()}` : '';
  const security = view.attrs['security_type'] && /^(DEFINER|INVOKER)$/i.test(view.attrs['security_type']) ? ` SQL SECURITY ${view.attrs['security_type'].toUpperCase()}` : '';
  const check = view.checkOption && /^(CASCADED|LOCAL)$/i.test(view.checkOption) ? ` WITH ${view.checkOption.toUpperCase()} CHECK OPTION` : '';
  return `CREATE OR REPLACE${algorithm}${security} VIEW ${quoteMysqlQualified(db, view.name)} AS ${view.definition.trim().replace(/;\s*$/, '')}${check};`;
}

/** Emits MySQL 8.0 DDL (that MariaDB 10.11 also accepts) for a model whose types and expressions are already MySQL's. */
export function generateMysqlDdl(model: DatabaseModel, ctx: ConversionContext, sourceNameOf: SourceNameOf = sameName): void {
  const isMariadb = /mariadb/i.test(model.source.flavor);
  for (const schema of model.schemas) {
    ctx.emit({ phase: 'pre-data', type: 'create_schema', object: schema.name, sql: createDatabase(schema) });
  }
  for (const schema of model.schemas) {
    const db = schema.name;
    for (const table of schema.tables) {
      const object = sourceNameOf(db, table.name);
      ctx.emit({ phase: 'pre-data', type: 'create_table', object, sql: mysqlCreateTable(db, table) });
      const inline = inlineKeyFor(table);
      for (const index of table.indexes) {
        if (index === inline) continue;
        ctx.emit({ phase: 'post-data', type: 'create_index', object: `${object}.${index.name}`, sql: mysqlCreateIndex(db, table.name, index, isMariadb) });
      }
      for (const u of table.uniques) ctx.emit({ phase: 'post-data', type: 'add_constraint', object: `${object}.${u.name}`, sql: mysqlAddUnique(db, table.name, u) });
      for (const c of table.checks) ctx.emit({ phase: 'post-data', type: 'add_constraint', object: `${object}.${c.name}`, sql: mysqlAddCheck(db, table.name, c, isMariadb) });
      for (const fk of table.foreignKeys) ctx.emit({ phase: 'post-data', type: 'add_foreign_key', object: `${object}.${fk.name}`, sql: mysqlAddForeignKey(db, table.name, fk) });
    }
    // A view must follow the views it reads (MySQL checks the tables of a view at CREATE).
    for (const view of orderByMention(schema.views, (v) => v.name, (v) => v.definition)) {
      ctx.emit({ phase: 'post-data', type: 'create_view', object: sourceNameOf(db, view.name), sql: mysqlCreateView(db, view) });
    }
  }
}

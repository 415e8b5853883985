/**
 * Same engine: MySQL/MariaDB → Aurora MySQL 3 (MySQL 8.0 compatible) and PostgreSQL →
 * Aurora PostgreSQL. Nothing is rewritten: a compatibility assessment raises an item per
 * finding (each with its fix), then the DDL is regenerated from the model by the source
 * dialect's own generator, so the round trip MySQL → model → MySQL and PostgreSQL → model →
 * PostgreSQL checks the model. For Aurora MySQL the model is first given the fixes the DDL
 * can carry itself (InnoDB, no COMPRESSED row format); MySQL routines, triggers and events
 * are recreated here, as MySQL's generator leaves them to the manual step of other targets.
 * A schema map (`schemas:` in the mapping file) moves schemas to new names.
 */
import type { ConversionContext } from '../context.js';
import { generateMysqlDdl } from '../../dialects/mysql/generate-ddl.js';
import { generatePostgresDdl } from '../../dialects/postgres/generate-ddl.js';
import { checkMariadbFeatures } from './mariadb-checks.js';
import { auroraMysqlModel, checkMysqlSettings, checkMysqlTables } from './mysql-checks.js';
import { checkMysqlCode } from './mysql-code-checks.js';
import { emitMysqlCode } from './mysql-code-ddl.js';
import { checkPostgresExtensions, checkPostgresSchema, checkPostgresSettings } from './postgres-checks.js';
import { registerObjects } from './register-objects.js';
import { renameSchemas } from './rename-schemas.js';

/** Same-engine conversion: assessment items, then the DDL regenerated from the model. */
export function sameEngine(ctx: ConversionContext): void {
  const model = ctx.model;
  registerObjects(ctx, model);
  if (model.source.dialect === 'mysql') {
    const isMariadb = /mariadb/i.test(model.source.flavor);
    checkMysqlSettings(ctx, model);
    for (const schema of model.schemas) {
      checkMysqlTables(ctx, schema);
      checkMysqlCode(ctx, schema);
      if (isMariadb) checkMariadbFeatures(ctx, schema);
    }
    const target = auroraMysqlModel(renameSchemas(ctx, model));
    generateMysqlDdl(target, ctx);
    for (const schema of target.schemas) emitMysqlCode(ctx, schema);
    return;
  }
  checkPostgresExtensions(ctx, model);
  checkPostgresSettings(ctx, model);
  for (const schema of model.schemas) checkPostgresSchema(ctx, schema);
  generatePostgresDdl(renameSchemas(ctx, model), ctx);
}

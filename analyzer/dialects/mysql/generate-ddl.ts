import type { ConversionContext } from '../../convert/context.js';
import type { DatabaseModel } from '../../model/schema.js';

/** Emits MySQL 8.0 DDL (that MariaDB 10.11 also accepts) for a model whose types and expressions are already MySQL's. */
export function generateMysqlDdl(model: DatabaseModel, ctx: ConversionContext): void {
  throw new Error(`generateMysqlDdl: not built yet (${model.name}, ${ctx.target})`);
}

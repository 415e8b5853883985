import type { ConversionContext } from '../context.js';

export function mysqlToPostgres(ctx: ConversionContext): void {
  throw new Error(`mysqlToPostgres: not built yet (${ctx.model.name})`);
}

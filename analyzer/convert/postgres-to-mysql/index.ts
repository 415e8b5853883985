import type { ConversionContext } from '../context.js';

export function postgresToMysql(ctx: ConversionContext): void {
  throw new Error(`postgresToMysql: not built yet (${ctx.model.name})`);
}

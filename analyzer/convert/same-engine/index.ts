import type { ConversionContext } from '../context.js';

export function sameEngine(ctx: ConversionContext): void {
  throw new Error(`sameEngine: not built yet (${ctx.model.name})`);
}

import type { ConversionContext } from '../../convert/context.js';
import type { DatabaseModel } from '../../model/schema.js';

/** Emits PostgreSQL DDL for a model whose types and expressions are already PostgreSQL's. */
export function generatePostgresDdl(model: DatabaseModel, ctx: ConversionContext): void {
  throw new Error(`generatePostgresDdl: not built yet (${model.name}, ${ctx.target})`);
}

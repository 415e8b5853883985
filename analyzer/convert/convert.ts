/**
 * convert(model, target): the one entry of schema conversion, used by `scout convert` and
 * `scout analyze`. Picks the path by source dialect and target engine:
 * MySQL/MariaDB → PostgreSQL, PostgreSQL → MySQL, or same engine (compatibility assessment,
 * DDL regenerated through the model).
 */
import { ConversionContext } from './context.js';
import { mysqlToPostgres } from './mysql-to-postgres/index.js';
import { DEFAULT_OPTIONS, type ConvertOptions } from './options.js';
import { postgresToMysql } from './postgres-to-mysql/index.js';
import type { ConversionResult, TargetEngine } from './result.js';
import { sameEngine } from './same-engine/index.js';
import type { DatabaseModel } from '../model/schema.js';

export const isSameEngine = (model: DatabaseModel, target: TargetEngine): boolean =>
  (model.source.dialect === 'mysql') === (target === 'mysql');

export function convertDatabase(model: DatabaseModel, target: TargetEngine, options: ConvertOptions = DEFAULT_OPTIONS): ConversionResult {
  const ctx = new ConversionContext(model, target, options);
  const same = isSameEngine(model, target);
  if (same) sameEngine(ctx);
  else if (model.source.dialect === 'mysql') mysqlToPostgres(ctx);
  else postgresToMysql(ctx);
  return ctx.finish(same);
}

/**
 * The automatic target: both are converted and the one with less effort wins; on a tie the
 * same engine (no rewrite). Returns the chosen result and the other's effort for the record.
 */
export function convertAuto(model: DatabaseModel, options: ConvertOptions = DEFAULT_OPTIONS): { chosen: ConversionResult; other: ConversionResult } {
  const same: TargetEngine = model.source.dialect === 'mysql' ? 'mysql' : 'postgresql';
  const cross: TargetEngine = same === 'mysql' ? 'postgresql' : 'mysql';
  const a = convertDatabase(model, same, options);
  const b = convertDatabase(model, cross, options);
  return b.effort.hours < a.effort.hours ? { chosen: b, other: a } : { chosen: a, other: b };
}

/**
 * The one catalog of action codes. Each area keeps its codes in its own file here; this
 * module merges them and refuses a code defined twice, so codes stay unique and stable.
 */
import type { ActionCode } from '../action-item.js';
import { COMMON_CODES } from './common.js';
import { MYSQL_TO_POSTGRES_CODES } from './mysql-to-postgres.js';
import { POSTGRES_TO_MYSQL_CODES } from './postgres-to-mysql.js';
import { PROCEDURAL_CODES } from './procedural.js';
import { PROCEDURAL_PG_CODES } from './procedural-pg.js';
import { SAME_ENGINE_CODES } from './same-engine.js';
import { VIEW_CODES } from './views.js';

function build(lists: readonly (readonly ActionCode[])[]): ReadonlyMap<string, ActionCode> {
  const map = new Map<string, ActionCode>();
  for (const list of lists) {
    for (const entry of list) {
      if (map.has(entry.code)) throw new Error(`action code defined twice: ${entry.code}`);
      if (!/^[a-z][a-z0-9_]*$/.test(entry.code)) throw new Error(`action code not snake_case: ${entry.code}`);
      map.set(entry.code, entry);
    }
  }
  return map;
}

export const ACTION_CODES: ReadonlyMap<string, ActionCode> = build([
  COMMON_CODES,
  MYSQL_TO_POSTGRES_CODES,
  POSTGRES_TO_MYSQL_CODES,
  SAME_ENGINE_CODES,
  VIEW_CODES,
  PROCEDURAL_CODES,
  PROCEDURAL_PG_CODES,
]);

export function actionCode(code: string): ActionCode {
  const entry = ACTION_CODES.get(code);
  if (!entry) throw new Error(`unknown action code: ${code}`);
  return entry;
}

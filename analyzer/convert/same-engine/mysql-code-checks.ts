/**
 * MySQL 8.0 removals and deprecations in code: view, routine, trigger and event texts are
 * scanned (strings and comments blanked) for functions and syntax MySQL 8.0 removed or
 * deprecated, and their names checked against its new reserved words.
 */
import type { ObjectType } from '../action-item.js';
import type { ConversionContext } from '../context.js';
import type { Schema } from '../../model/schema.js';
import { blankLiterals } from '../routines/scan-constructs.js';
import { checkName } from './mysql-checks.js';

/** Removed in MySQL 8.0 (https://dev.mysql.com/doc/refman/8.0/en/mysql-nutshell.html#mysql-nutshell-removals). */
const REMOVED: { name: string; pattern: RegExp }[] = [
  { name: 'PASSWORD()', pattern: /\bpassword\s*\(/i },
  { name: 'ENCRYPT()', pattern: /\bencrypt\s*\(/i },
  { name: 'DES_ENCRYPT()/DES_DECRYPT()', pattern: /\bdes_(?:en|de)crypt\s*\(/i },
  { name: 'ENCODE()/DECODE()', pattern: /\b(?:encode|decode)\s*\(/i },
  // ASC/DESC inside a GROUP BY list: reached without passing a clause that ends the list.
  { name: 'GROUP BY … ASC/DESC', pattern: /\bgroup\s+by\b(?:(?!\b(?:order\s+by|having|limit|union|window)\b|[;)])[^])*?\b(?:asc|desc)\b/i },
];

const DEPRECATED: { name: string; pattern: RegExp }[] = [
  { name: 'SQL_CALC_FOUND_ROWS/FOUND_ROWS()', pattern: /\b(?:sql_calc_found_rows|found_rows\s*\()/i },
  { name: 'JSON_MERGE()', pattern: /\bjson_merge\s*\(/i },
];

function checkText(ctx: ConversionContext, objectType: ObjectType, object: string, text: string | null): void {
  if (!text) return;
  const code = blankLiterals(text, 'mysql');
  const removed = REMOVED.filter((r) => r.pattern.test(code)).map((r) => r.name);
  if (removed.length) ctx.raise({ code: 'mysql8_removed_function', object, objectType, message: `${object} uses ${removed.join(', ')}, removed in MySQL 8.0: it will not be created on Aurora MySQL 3.` });
  const deprecated = DEPRECATED.filter((r) => r.pattern.test(code)).map((r) => r.name);
  if (deprecated.length) ctx.raise({ code: 'mysql8_deprecated_feature', object, objectType, message: `${object} uses ${deprecated.join(', ')}, deprecated in MySQL 8.0.` });
}

/** Views, routines, triggers and events: removed or deprecated functions and syntax, reserved names, the event scheduler. */
export function checkMysqlCode(ctx: ConversionContext, schema: Schema): void {
  for (const v of schema.views) {
    const name = `${schema.name}.${v.name}`;
    checkText(ctx, 'view', name, v.definition);
    checkName(ctx, 'view', name, v.name);
  }
  for (const r of schema.routines) {
    const type = r.kind === 'procedure' ? 'procedure' : 'function';
    const name = `${schema.name}.${r.name}`;
    checkText(ctx, type, name, r.body);
    checkName(ctx, type, name, r.name);
  }
  for (const t of schema.triggers) {
    const name = `${schema.name}.${t.table}.${t.name}`;
    checkText(ctx, 'trigger', name, t.body);
    checkName(ctx, 'trigger', name, t.name);
  }
  for (const e of schema.events) {
    const name = `${schema.name}.${e.name}`;
    checkText(ctx, 'event', name, e.definition);
    ctx.raise({ code: 'aurora_mysql_event_scheduler', object: name, objectType: 'event', message: `${name} runs only if event_scheduler is ON on the target.` });
  }
}

/**
 * MySQL CREATE PROCEDURE / FUNCTION / TRIGGER text rebuilt from the model (the catalog gives
 * parameters and the body, not the statement), for the same-engine DDL and for the source
 * shown in comments. The DEFINER is left out: the source's account rarely exists on the
 * target, and the creating account becomes the definer.
 */
import { quoteMysqlIdent, quoteMysqlQualified, quoteMysqlString } from '../../dialects/mysql/quote.js';
import type { Routine, Trigger } from '../../model/schema.js';

/** Characteristics MySQL accepts for SQL data access, as the catalog prints them. */
const DATA_ACCESS = new Set(['CONTAINS SQL', 'NO SQL', 'READS SQL DATA', 'MODIFIES SQL DATA']);

/** Whether a type text from the catalog is plain type syntax, so no statement can hide in it. */
const isPlainType = (type: string): boolean => /^[\w\s(),.'"`=-]+$/.test(type) && !/;|--|\/\*/.test(type);

function characteristics(r: Routine): string {
  const parts: string[] = [];
  if (r.deterministic) parts.push('DETERMINISTIC');
  const access = r.attrs['sql_data_access']?.toUpperCase();
  if (access && DATA_ACCESS.has(access)) parts.push(access);
  parts.push(`SQL SECURITY ${r.securityDefiner === false ? 'INVOKER' : 'DEFINER'}`);
  if (r.comment) parts.push(`COMMENT ${quoteMysqlString(r.comment)}`);
  return parts.join(' ');
}

/** CREATE PROCEDURE/FUNCTION from parameters and body; null when the body was not readable or a type text is not plain. */
export function mysqlCreateRoutine(db: string, r: Routine): string | null {
  if (r.body === null || !r.parameters.every((p) => isPlainType(p.type)) || (r.returns !== null && !isPlainType(r.returns))) return null;
  const params = r.parameters.map((p) => `${r.kind === 'procedure' ? `${p.mode.toUpperCase()} ` : ''}${quoteMysqlIdent(p.name ?? '')} ${p.type}`).join(', ');
  const returns = r.kind === 'function' && r.returns ? ` RETURNS ${r.returns}` : '';
  const kind = r.kind === 'procedure' ? 'PROCEDURE' : 'FUNCTION';
  return `CREATE ${kind} ${quoteMysqlQualified(db, r.name)}(${params})${returns} ${characteristics(r)}\n${r.body}`;
}

/** CREATE TRIGGER from timing, event and body; null when the body was not readable. */
export function mysqlCreateTrigger(db: string, t: Trigger): string | null {
  if (t.body === null || t.events.length !== 1 || t.timing === 'instead of') return null;
  return `CREATE TRIGGER ${quoteMysqlQualified(db, t.name)} ${t.timing.toUpperCase()} ${t.events[0]!.toUpperCase()} ON ${quoteMysqlQualified(db, t.table)} FOR EACH ROW\n${t.body}`;
}

/**
 * Records the result of converting one routine or trigger body into a conversion, for both
 * directions (MySQL → PL/pgSQL in procedural/, PL/pgSQL → MySQL in procedural-pg/): the
 * object with its size and constructs, then either one action item per unsupported construct
 * (manual) or the notes as action items and the DDL as post-data statements.
 */
import type { ObjectType } from '../action-item.js';
import type { ConversionContext } from '../context.js';
import type { StatementType } from '../result.js';
import type { SourceDialect } from '../../model/schema.js';
import { scanConstructs } from './scan-constructs.js';

/** What both procedural converters return for one routine or trigger. */
export interface RoutineConversion {
  status: 'converted' | 'converted_with_actions' | 'manual';
  /** The target name as the assessment lists it (unquoted). */
  targetName: string;
  statements: { type: StatementType; sql: string }[];
  unsupported: { code: string; construct: string }[];
  notes: { code: string; message: string }[];
  effortHours: number;
}

/** Registers one converted (or manual) routine or trigger; `body` is its source text, `dialect` the source engine. */
export function reportRoutineConversion(ctx: ConversionContext, dialect: SourceDialect, type: ObjectType, object: string, body: string | null, c: RoutineConversion): void {
  const lines = body === null ? 0 : body.split(/\r\n|\r|\n/).length;
  ctx.object(type, object, { target: c.targetName, lines, chars: body?.length ?? 0, constructs: body ? scanConstructs(body, dialect) : [] });
  if (c.status === 'manual') {
    const list = c.unsupported.map((u) => u.construct).join('; ');
    for (const u of c.unsupported) {
      ctx.raise({ code: u.code, object, objectType: type, message: `${type} ${object} is not converted automatically (about ${c.effortHours} h): ${u.construct}. Constructs to rewrite: ${list}.` });
    }
    return;
  }
  for (const n of c.notes) ctx.raise({ code: n.code, object, objectType: type, message: `${type} ${object}: ${n.message}` });
  for (const s of c.statements) ctx.emit({ phase: 'post-data', type: s.type, object, sql: s.sql });
}

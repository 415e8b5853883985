/** PostgreSQL type and quoting rules for the planner. */
import { qualifyName } from '../../dialects/postgres/quote.js';
import type { DataType } from '../../model/data-types.js';
import type { EngineRules } from '../check.js';

function base(t: DataType): DataType {
  return t.kind === 'domain' && t.base ? t.base : t;
}

/** text, bytea, json(b), xml and varchar without a length are LOBs to DMS; arrays too. */
function isLob(t: DataType): boolean {
  const b = base(t);
  if ((b.arrayDims ?? 0) > 0) return true;
  return b.kind === 'text' || b.kind === 'blob' || b.kind === 'json' || b.kind === 'jsonb' || b.kind === 'xml' || (b.kind === 'varchar' && b.length === undefined);
}

export const POSTGRES_RULES: EngineRules = {
  isLob,
  // None of these has a size limit below 1 GB.
  isLargeLob: isLob,
  quoteTable: (ref) => qualifyName(ref.schema, ref.table.name),
};

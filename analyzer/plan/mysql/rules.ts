/** MySQL/MariaDB type and quoting rules for the planner. */
import { quoteMysqlQualified } from '../../dialects/mysql/quote.js';
import type { DataType } from '../../model/data-types.js';
import type { EngineRules } from '../check.js';

/** TEXT/BLOB of every size and JSON are LOBs to DMS (MySQL source data types). */
const isLob = (t: DataType): boolean => t.kind === 'text' || t.kind === 'blob' || t.kind === 'json' || t.kind === 'geometry';

export const MYSQL_RULES: EngineRules = {
  isLob,
  // TINYTEXT/TEXT (≤ 64 KB) fit a 64 KB limited LOB size; MEDIUM/LONG and JSON do not.
  isLargeLob: (t) => isLob(t) && !((t.kind === 'text' || t.kind === 'blob') && (t.size === undefined || t.size === 'tiny')),
  quoteTable: (ref) => quoteMysqlQualified(ref.schema, ref.table.name),
};

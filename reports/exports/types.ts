/** What `writeExports` reads: the loaded bundles, the plan, and each database's conversion. */
import type { HostBundles } from '../../analyzer/load-bundles.js';
import type { ConversionResult } from '../../analyzer/convert/result.js';
import type { Plan } from '../../analyzer/plan/schema.js';

export interface ExportConversion {
  /** PlanServer.id of the server the database is on. */
  serverId: string;
  /** The source database (PostgreSQL) or schema (MySQL) name. */
  database: string;
  /** The parts of the conversion the exports read: a ConversionResult, or the report's DatabaseAssessment. */
  result: Pick<ConversionResult, 'actionItems' | 'objects' | 'target'>;
}

export interface ExportInput {
  hosts: readonly HostBundles[];
  plan: Plan;
  conversions: readonly ExportConversion[];
}

/** One file written under exports/, for the report's links and the command's summary. */
export interface ExportFile {
  /** Path relative to the output directory (`exports/…`). */
  path: string;
  /** What it holds, one line. */
  title: string;
  /** Data rows (CSV) or entries (README). */
  rows: number;
  bytes: number;
}

/**
 * What the report keeps of one database's conversion: the action items, the status counts,
 * the effort and where its DDL was written. The statements themselves are on disk (ddl/),
 * so a large estate does not hold every converted schema in memory.
 */
import type { ActionItem } from '../analyzer/convert/action-item.js';
import type { ConversionResult, EffortBucket, ObjectResult, SummaryRow, TargetEngine } from '../analyzer/convert/result.js';

export interface DatabaseAssessment {
  /** The plan's server id (`<hostname>-<target id>`). */
  serverId: string;
  hostname: string;
  database: string;
  source: ConversionResult['source'];
  target: TargetEngine;
  sameEngine: boolean;
  summary: SummaryRow[];
  actionItems: ActionItem[];
  effort: { hours: number; bucket: EffortBucket; complexity: number };
  objects: ObjectResult[];
  renames: ConversionResult['renames'];
  /** Server settings that change how the schema behaves (model.settings). */
  settings: Record<string, string>;
  /** Paths relative to the output directory. */
  files: { preData: string; postData: string; assessment: string } | null;
  /** The conversion failed: the error, and nothing else is filled in. */
  error: string | null;
}

export function assessmentOf(
  result: ConversionResult,
  at: { serverId: string; hostname: string; settings: Record<string, string>; files: DatabaseAssessment['files'] },
): DatabaseAssessment {
  return {
    serverId: at.serverId,
    hostname: at.hostname,
    database: result.database,
    source: result.source,
    target: result.target,
    sameEngine: result.sameEngine,
    summary: result.summary,
    actionItems: result.actionItems,
    effort: result.effort,
    objects: result.objects,
    renames: result.renames,
    settings: at.settings,
    files: at.files,
    error: null,
  };
}

/**
 * The conversion as `ConversionResult` for readers that want one (the exports), without its
 * statements: those are in the DDL files. Null when the conversion failed.
 */
export function resultWithoutStatements(a: DatabaseAssessment): ConversionResult | null {
  if (a.error !== null) return null;
  return {
    database: a.database,
    source: a.source,
    target: a.target,
    sameEngine: a.sameEngine,
    statements: [],
    actionItems: a.actionItems,
    objects: a.objects,
    summary: a.summary,
    effort: a.effort,
    renames: a.renames,
  };
}

/** The record of a database whose conversion threw: reported, and the run goes on. */
export function failedAssessment(at: { serverId: string; hostname: string; database: string; source: ConversionResult['source']; target: TargetEngine; error: string }): DatabaseAssessment {
  return {
    serverId: at.serverId,
    hostname: at.hostname,
    database: at.database,
    source: at.source,
    target: at.target,
    sameEngine: false,
    summary: [],
    actionItems: [],
    objects: [],
    effort: { hours: 0, bucket: 'simple', complexity: 1 },
    renames: [],
    settings: {},
    files: null,
    error: at.error,
  };
}

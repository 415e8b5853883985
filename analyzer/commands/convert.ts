/**
 * `scout convert BUNDLE --database NAME --to postgresql|mysql|auto [--mapping FILE] --out DIR`:
 * builds the database's model from the bundle's catalog rows, converts it, writes the pre-data
 * and post-data scripts and the assessment, and prints a summary.
 */
import { readBundleFile } from '../../agent/bundle/index.js';
import { convertAuto, convertDatabase } from '../convert/convert.js';
import { DEFAULT_OPTIONS, readMappingFile } from '../convert/options.js';
import type { ConversionResult, TargetEngine } from '../convert/result.js';
import { writeConversion, type WrittenFiles } from '../convert/write-output.js';
import { findDatabase, modelFromCatalog } from '../model/from-bundle.js';
import { TOOL_VERSION } from '../version.js';
import { readOptionalFile } from './input-file.js';

export type TargetChoice = TargetEngine | 'auto';

export interface ConvertCommandOptions {
  bundle: string;
  database: string;
  to: TargetChoice;
  mapping?: string;
  out: string;
}

export interface ConvertCommandResult {
  result: ConversionResult;
  files: WrittenFiles;
  /** With --to auto: the effort of the target not chosen. */
  alternative?: { target: TargetEngine; hours: number };
}

/** Errors here are the user's input (bundle, database name, mapping file): the CLI exits 2. */
export class ConvertInputError extends Error {}

export async function runConvert(opts: ConvertCommandOptions): Promise<ConvertCommandResult> {
  const options = readOptionalFile(opts.mapping, DEFAULT_OPTIONS, readMappingFile, 'mapping file', ConvertInputError);
  let ref;
  try {
    ref = findDatabase(await readBundleFile(opts.bundle), opts.database);
  } catch (err) {
    throw new ConvertInputError((err as Error).message);
  }
  const model = modelFromCatalog(ref);
  let result: ConversionResult;
  let alternative: ConvertCommandResult['alternative'];
  if (opts.to === 'auto') {
    const both = convertAuto(model, options);
    result = both.chosen;
    alternative = { target: both.other.target, hours: both.other.effort.hours };
  } else {
    result = convertDatabase(model, opts.to, options);
  }
  const files = writeConversion(result, opts.out, TOOL_VERSION);
  return { result, files, ...(alternative ? { alternative } : {}) };
}

const pad = (s: string | number, n: number): string => String(s).padEnd(n);

/** The human summary printed on stdout. */
export function formatConvertSummary(r: ConvertCommandResult): string {
  const res = r.result;
  const lines = [
    `${res.database}: ${res.source.flavor} ${res.source.version} → ${res.target}${res.sameEngine ? ' (same engine: compatibility assessment)' : ''}`,
    '',
    `${pad('object type', 20)}${pad('total', 8)}${pad('auto', 8)}${pad('actions', 9)}manual`,
    ...res.summary.map((s) => `${pad(s.type, 20)}${pad(s.total, 8)}${pad(s.converted, 8)}${pad(s.convertedWithActions, 9)}${s.manual}`),
    '',
  ];
  const bySeverity = { critical: 0, warning: 0, info: 0 };
  for (const item of res.actionItems) bySeverity[item.severity] += 1;
  lines.push(`action items: ${res.actionItems.length} (${bySeverity.critical} critical, ${bySeverity.warning} warning, ${bySeverity.info} info)`);
  lines.push(`effort: ${res.effort.hours} h (${res.effort.bucket}), complexity ${res.effort.complexity}/10`);
  if (r.alternative) lines.push(`auto target: ${res.target} chosen; ${r.alternative.target} would take ${r.alternative.hours} h`);
  lines.push('', r.files.preData, r.files.postData, r.files.assessment);
  return lines.join('\n');
}

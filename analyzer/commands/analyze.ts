/**
 * `scout analyze BUNDLE_OR_DIR... --out DIR [--plan-settings FILE] [--mapping FILE]`: loads and
 * validates every bundle (a bad one is named and skipped), converts every collected database
 * to its planned target (DDL under ddl/<server>-<db>/), plans (plan.json, runbooks, DMS
 * artifacts), writes the exports and the HTML report. Conversions are kept only as what the
 * report needs (reports/assessment.ts); their statements go to disk as they are made.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import type { DatabaseServer } from '../../agent/bundle/index.js';
import { assessmentOf, failedAssessment, resultWithoutStatements, type DatabaseAssessment } from '../../reports/assessment.js';
import { writeExports, type ExportFile } from '../../reports/exports/index.js';
import { ReportNames } from '../../reports/file-names.js';
import { writeReport } from '../../reports/write-report.js';
import { convertDatabase } from '../convert/convert.js';
import { DEFAULT_OPTIONS, readMappingFile, type ConvertOptions } from '../convert/options.js';
import type { TargetEngine } from '../convert/result.js';
import { writeConversion } from '../convert/write-output.js';
import { loadBundles, type HostBundles, type LoadProblem } from '../load-bundles.js';
import { modelFromCatalog } from '../model/from-bundle.js';
import { buildPlan, targetFor, type Conversions } from '../plan/build-plan.js';
import { serversWithIds } from '../plan/facts.js';
import { DEFAULT_PLAN_SETTINGS, readPlanSettingsFile, type PlanSettings } from '../plan/settings.js';
import type { DdlFiles } from '../plan/runbook.js';
import { writePlan } from '../plan/write-plan.js';
import { TOOL_VERSION } from '../version.js';
import { readOptionalFile } from './input-file.js';

export interface AnalyzeOptions {
  inputs: string[];
  out: string;
  planSettings?: string;
  mapping?: string;
  log: Logger;
  /** Progress lines on stderr (the CLI turns it on when stderr is a TTY). */
  progress?: boolean;
  now?: Date;
}

export interface AnalyzeResult {
  /** Absolute path of index.html. */
  index: string;
  skipped: LoadProblem[];
  /** Inventoried hosts (an `--only databases` bundle's collecting host is not one). */
  hosts: number;
  databases: number;
  failedConversions: number;
  exports: ExportFile[];
  planFile: string;
  pages: number;
  ms: { load: number; convert: number; plan: number; exports: number; pages: number };
}

/** The user's input is wrong (settings or mapping file, no bundle at all): the CLI exits 2. */
export class AnalyzeInputError extends Error {}

const rssMB = (): number => Math.round(process.memoryUsage().rss / 1024 ** 2);

const toConvertTarget = (t: 'aurora-mysql' | 'aurora-postgresql'): TargetEngine => (t === 'aurora-mysql' ? 'mysql' : 'postgresql');

function progressLine(enabled: boolean): (text: string, done?: boolean) => void {
  let last = 0;
  return (text, done = false) => {
    if (!enabled) return;
    const now = Date.now();
    if (!done && now - last < 100) return;
    last = now;
    process.stderr.write(`\r\x1b[2K${text}${done ? '\n' : ''}`);
  };
}

/** Converts every database of one server of a host; the statements go to ddl/ and only the assessment stays. */
function convertServer(host: HostBundles, server: DatabaseServer, serverId: string, ctx: { outDir: string; names: ReportNames; settings: PlanSettings; options: ConvertOptions; log: Logger; now: Date }): DatabaseAssessment[] {
  const out: DatabaseAssessment[] = [];
  for (const database of server.databases) {
    const target = toConvertTarget(targetFor(serverId, database.name, server.engine, ctx.settings));
    const dir = ctx.names.ddlDir(serverId, database.name);
    try {
      const model = modelFromCatalog({ server, database });
      const result = convertDatabase(model, target, ctx.options);
      const files = writeConversion(result, path.join(ctx.outDir, dir), TOOL_VERSION, ctx.now);
      const rel = (f: string): string => path.relative(ctx.outDir, f).split(path.sep).join('/');
      out.push(assessmentOf(result, { serverId, hostname: host.hostname, settings: model.settings, files: { preData: rel(files.preData), postData: rel(files.postData), assessment: rel(files.assessment) } }));
    } catch (err) {
      const message = (err as Error).message;
      ctx.log.warn({ server: serverId, database: database.name, err: message }, 'conversion failed');
      const source = { dialect: server.engine === 'mysql' ? ('mysql' as const) : ('postgres' as const), flavor: server.server?.flavor ?? server.engine, version: server.server?.version ?? '' };
      out.push(failedAssessment({ serverId, hostname: host.hostname, database: database.name, source, target, error: message }));
    }
  }
  return out;
}

export async function runAnalyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const { log } = opts;
  const now = opts.now ?? new Date();
  const progress = progressLine(opts.progress ?? false);
  const settings = readOptionalFile(opts.planSettings, DEFAULT_PLAN_SETTINGS, readPlanSettingsFile, 'plan settings', AnalyzeInputError);
  const options = readOptionalFile(opts.mapping, DEFAULT_OPTIONS, readMappingFile, 'mapping file', AnalyzeInputError);
  const outDir = path.resolve(opts.out);
  const t0 = Date.now();
  progress('loading bundles', true);
  const loaded = await loadBundles(opts.inputs, log, { compact: true });
  if (loaded.files === 0 && loaded.problems.length === 0) throw new AnalyzeInputError(`no bundle files (*.scout.json.gz) in ${opts.inputs.join(', ')}`);
  const tLoad = Date.now();
  log.info({ hosts: loaded.hosts.length, files: loaded.files, skipped: loaded.problems.length, ms: tLoad - t0, rssMB: rssMB() }, 'bundles loaded');

  const names = new ReportNames();
  const assessments: DatabaseAssessment[] = [];
  // The same server ids as the plan's (buildPlan → readFacts), so each database meets its conversion.
  const servers = serversWithIds(loaded.hosts);
  const total = servers.reduce((n, s) => n + s.entry.server.databases.length, 0);
  for (const { hostIndex, entry, id } of servers) {
    assessments.push(...convertServer(loaded.hosts[hostIndex]!, entry.server, id, { outDir, names, settings, options, log, now }));
    progress(`converting databases ${assessments.length}/${total}`);
  }
  if (total) progress(`converted ${total} databases`, true);
  const tConvert = Date.now();
  log.info({ databases: assessments.length, ms: tConvert - tLoad, rssMB: rssMB() }, 'databases converted');

  const conversions: Conversions = new Map();
  // The scripts as written (their folders may carry a suffix), for the runbooks to name exactly.
  const ddlFiles = new Map<string, DdlFiles>();
  for (const a of assessments) {
    if (a.files) ddlFiles.set(`${a.serverId}/${a.database}`, { preData: a.files.preData, postData: a.files.postData });
    if (a.error !== null) continue;
    conversions.set(`${a.serverId}/${a.database}`, {
      target: a.target === 'mysql' ? 'aurora-mysql' : 'aurora-postgresql',
      effortHours: a.effort.hours,
      critical: a.actionItems.filter((i) => i.severity === 'critical').length,
      warning: a.actionItems.filter((i) => i.severity === 'warning').length,
      manualObjects: a.summary.reduce((n, r) => n + r.manual, 0),
    });
  }
  progress('planning', true);
  const plan = buildPlan({ hosts: loaded.hosts, settings, conversions, ddlFiles, now });
  const written = writePlan(plan, outDir);
  const tPlan = Date.now();
  log.info({ servers: plan.servers.length, waves: plan.waves.length, ms: tPlan - tConvert, rssMB: rssMB() }, 'plan written');

  const exportConversions = assessments.flatMap((a) => {
    const result = resultWithoutStatements(a);
    return result ? [{ serverId: a.serverId, database: a.database, result }] : [];
  });
  const exports = await writeExports(outDir, { hosts: loaded.hosts, plan, conversions: exportConversions });
  const tExports = Date.now();
  log.info({ files: exports.length, ms: tExports - tPlan, rssMB: rssMB() }, 'exports written');

  const report = writeReport({
    outDir,
    plan,
    hosts: loaded.hosts,
    assessments,
    names,
    skipped: loaded.problems,
    exports,
    scoutVersion: TOOL_VERSION,
    onPage: (done, all) => progress(`writing pages ${done}/${all}`, done === all),
  });
  const tPages = Date.now();
  log.info({ pages: 2 + report.hostPages + report.databasePages, bytes: report.bytes, ms: tPages - tExports, rssMB: rssMB() }, 'report written');
  return {
    index: report.index,
    skipped: loaded.problems,
    hosts: loaded.hosts.filter((h) => h.bundles.some((b) => b.host !== null)).length,
    databases: assessments.length,
    failedConversions: assessments.filter((a) => a.error !== null).length,
    exports,
    planFile: written.planFile,
    pages: 2 + report.hostPages + report.databasePages,
    ms: { load: tLoad - t0, convert: tConvert - tLoad, plan: tPlan - tConvert, exports: tExports - tPlan, pages: tPages - tExports },
  };
}

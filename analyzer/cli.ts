#!/usr/bin/env node
/**
 * scout: the analyzer's command line. The only place that sets process.exitCode.
 * Exit codes: 0 ok; 1 unexpected error; 2 bad usage or bad input (bundle, database name,
 * mapping file); 3 finished, but some inputs were skipped as invalid (summary, plan, analyze) or action
 * items reached --fail-on (convert).
 */
import { parseArgs } from 'node:util';
import { AnalyzeInputError, runAnalyze } from './commands/analyze.js';
import { ConvertInputError, formatConvertSummary, runConvert, type TargetChoice } from './commands/convert.js';
import { summarizeHost, formatSummary } from './commands/summary.js';
import { formatPlanSummary, PlanInputError, runPlan } from './commands/plan.js';
import { planJsonSchema } from './plan/json-schema.js';
import type { Severity } from './convert/action-item.js';
import { loadBundles } from './load-bundles.js';
import { createLogger } from './log.js';

const USAGE = `Usage: scout <command> [options]

Commands:
  summary BUNDLE_OR_DIR...   validate bundles and print one summary per host
                             (segments of one agent id are merged)
  convert BUNDLE --database NAME --to postgresql|mysql|auto --out DIR
                             convert one collected database's schema and assess it
  plan BUNDLE_OR_DIR... --out DIR [--plan-settings FILE]
                             migration plan: path, checks, sizing, waves, runbooks
  analyze BUNDLE_OR_DIR... --out DIR [--plan-settings FILE] [--mapping FILE]
                             convert, plan and write the HTML report; prints index.html

Run scout <command> --help for a command's options.
Exit codes: 0 ok, 1 unexpected error, 2 bad usage or input, 3 partial (see the command).`;

const SUMMARY_USAGE = `Usage: scout summary BUNDLE_OR_DIR... [--json]

Validates every bundle (a bad one is reported by name and skipped) and prints one summary
per host; segments of one agent id are merged.

Options:
  --json          print the summaries as JSON
  --log-level L   fatal|error|warn|info|debug|silent (default warn)
  -h, --help      this text

Exit codes: 0 ok, 2 bad usage, 3 some bundles were invalid and skipped.`;

const CONVERT_USAGE = `Usage: scout convert BUNDLE --database NAME --to postgresql|mysql|auto --out DIR [options]

Builds the database's schema model from the bundle's catalog rows and converts it:
MySQL/MariaDB → Aurora PostgreSQL, PostgreSQL → Aurora MySQL 3, or to the same engine
(a compatibility assessment, no rewrite). Writes to DIR:
  <database>.<target>.pre-data.sql    types, sequences, tables (run before the data load)
  <database>.<target>.post-data.sql   indexes, constraints, FKs, views; manual objects commented out
  <database>.assessment.json          action items, status per object, summary, effort

Options:
  --database NAME    the database (MySQL: schema) to convert; SERVER_ID/NAME when several
                     servers in the bundle have one of that name
  --to TARGET        postgresql | mysql | auto (the target with less effort; the same
                     engine on a tie) (default auto)
  --mapping FILE     YAML/JSON overrides by type and by column, and conversion choices
                     (see analyzer/convert/type-mapping.md)
  --out DIR          where to write (default ./scout-convert)
  --fail-on LEVEL    exit 3 when an action item is at or above critical|warning|info
  --json             print the result paths and summary as JSON
  --log-level L      fatal|error|warn|info|debug|silent (default warn)
  -h, --help         this text

Exit codes: 0 ok, 1 unexpected error, 2 bad usage or input, 3 action items at or above --fail-on.`;

const PLAN_USAGE = `Usage: scout plan BUNDLE_OR_DIR... --out DIR [--plan-settings FILE] [--json]

Plans the move of every collected database server to Aurora: the recommended path and the
ranked alternatives with their downtime, the prerequisite checks (DMS premigration names)
with their fixes, Aurora and EC2 sizing, applications and waves from the TCP connections,
and a runbook per server. Writes to DIR:
  plan.json                              the plan (JSON Schema: scout plan --schema)
  runbooks/<server>.md                   ordered steps with AWS CLI / SQL templates
  dms/<server>/<database>/*.json         DMS table mappings and task settings (DMS path)

Options:
  --out DIR             where to write (default ./scout-plan)
  --plan-settings FILE  YAML/JSON: targets per database, maxDowntimeMinutes, region, sizing,
                        throughput assumptions, applications (see analyzer/plan/settings.ts)
  --json                print the plan JSON on stdout instead of the summary
  --schema              print the plan JSON Schema and exit
  --log-level L         fatal|error|warn|info|debug|silent (default warn)
  -h, --help            this text

Exit codes: 0 ok, 1 unexpected error, 2 bad usage or input, 3 some bundles were invalid and skipped.`;

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

function usageError(message: string): number {
  process.stderr.write(`scout: ${message}\n`);
  return 2;
}

async function summary(argv: string[]): Promise<number> {
  const parsed = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { json: { type: 'boolean' }, 'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (parsed.values.help) {
    process.stdout.write(`${SUMMARY_USAGE}\n`);
    return 0;
  }
  const inputs = parsed.positionals;
  if (inputs.length === 0) return usageError('summary: give at least one bundle file or directory');
  const log = createLogger(parsed.values['log-level'] ?? 'warn');
  const loaded = await loadBundles(inputs, log);
  for (const p of loaded.problems) process.stderr.write(`scout: skipped ${p.file}: ${p.message}\n`);
  const summaries = loaded.hosts.map(summarizeHost);
  if (parsed.values.json) process.stdout.write(`${JSON.stringify({ hosts: summaries, skipped: loaded.problems }, null, 2)}\n`);
  else process.stdout.write(`${summaries.map(formatSummary).join('\n\n') || 'no bundles found'}\n`);
  return loaded.problems.length > 0 ? 3 : 0;
}

async function convert(argv: string[]): Promise<number> {
  const parsed = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      database: { type: 'string' },
      to: { type: 'string' },
      mapping: { type: 'string' },
      out: { type: 'string' },
      'fail-on': { type: 'string' },
      json: { type: 'boolean' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${CONVERT_USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 1) return usageError('convert: give exactly one bundle file (scout convert --help)');
  if (!v.database) return usageError('convert: --database NAME is required');
  const to = (v.to ?? 'auto') as TargetChoice;
  if (!['postgresql', 'mysql', 'auto'].includes(to)) return usageError(`convert: --to must be postgresql, mysql or auto, not "${v.to}"`);
  const failOn = v['fail-on'] as Severity | undefined;
  if (failOn !== undefined && !(failOn in SEVERITY_RANK)) return usageError(`convert: --fail-on must be critical, warning or info, not "${failOn}"`);
  const log = createLogger(v['log-level'] ?? 'warn');
  let res;
  try {
    res = await runConvert({ bundle: parsed.positionals[0]!, database: v.database, to, ...(v.mapping ? { mapping: v.mapping } : {}), out: v.out ?? './scout-convert' });
  } catch (err) {
    if (err instanceof ConvertInputError) return usageError(`convert: ${err.message}`);
    throw err;
  }
  log.info({ database: res.result.database, target: res.result.target, items: res.result.actionItems.length }, 'converted');
  if (v.json) {
    const r = res.result;
    process.stdout.write(`${JSON.stringify({ status: 'ok', database: r.database, target: r.target, sameEngine: r.sameEngine, summary: r.summary, effort: r.effort, actionItems: r.actionItems.length, files: res.files, alternative: res.alternative ?? null }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatConvertSummary(res)}\n`);
  }
  if (failOn && res.result.actionItems.some((i) => SEVERITY_RANK[i.severity] >= SEVERITY_RANK[failOn])) return 3;
  return 0;
}

async function plan(argv: string[]): Promise<number> {
  const parsed = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      'plan-settings': { type: 'string' },
      json: { type: 'boolean' },
      schema: { type: 'boolean' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${PLAN_USAGE}\n`);
    return 0;
  }
  if (v.schema) {
    process.stdout.write(planJsonSchema());
    return 0;
  }
  if (parsed.positionals.length === 0) return usageError('plan: give at least one bundle file or directory (scout plan --help)');
  const log = createLogger(v['log-level'] ?? 'warn');
  let res;
  try {
    res = await runPlan({ inputs: parsed.positionals, out: v.out ?? './scout-plan', ...(v['plan-settings'] ? { settingsFile: v['plan-settings'] } : {}) }, log);
  } catch (err) {
    if (err instanceof PlanInputError) return usageError(`plan: ${err.message}`);
    throw err;
  }
  for (const p of res.skipped) process.stderr.write(`scout: skipped ${p.file}: ${p.message}\n`);
  process.stdout.write(v.json ? `${JSON.stringify(res.plan, null, 2)}\n` : `${formatPlanSummary(res)}\n`);
  return res.skipped.length > 0 ? 3 : 0;
}

const ANALYZE_USAGE = `Usage: scout analyze BUNDLE_OR_DIR... --out DIR [--plan-settings FILE] [--mapping FILE]

Validates and loads every bundle (a bad one is reported by name and skipped; segments of one
agent id are merged), converts every collected database to its planned target, plans, and
writes to DIR:
  index.html, plan.html, hosts/<host>.html, databases/<server>-<db>.html   the report
  ddl/<server>-<db>/       pre-data and post-data scripts and the assessment JSON
  plan.json, runbooks/, dms/   the plan and its artifacts
  exports/                 Migration Hub import, ADS-style and SCT-style CSVs
The last line printed is the absolute path of index.html.

Options:
  --out DIR             where to write (default ./scout-report)
  --plan-settings FILE  YAML/JSON planner settings (see analyzer/plan/settings.ts)
  --mapping FILE        YAML/JSON type and column overrides (see analyzer/convert/type-mapping.md)
  --log-level L         fatal|error|warn|info|debug|silent (default warn)
  -h, --help            this text

Exit codes: 0 ok, 1 unexpected error, 2 bad usage or input, 3 some bundles were invalid and skipped.`;

async function analyze(argv: string[]): Promise<number> {
  const parsed = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { out: { type: 'string' }, 'plan-settings': { type: 'string' }, mapping: { type: 'string' }, 'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${ANALYZE_USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length === 0) return usageError('analyze: give at least one bundle file or directory (scout analyze --help)');
  const log = createLogger(v['log-level'] ?? 'warn');
  let res;
  try {
    res = await runAnalyze({ inputs: parsed.positionals, out: v.out ?? './scout-report', ...(v['plan-settings'] ? { planSettings: v['plan-settings'] } : {}), ...(v.mapping ? { mapping: v.mapping } : {}), log, progress: process.stderr.isTTY === true });
  } catch (err) {
    if (err instanceof AnalyzeInputError) return usageError(`analyze: ${err.message}`);
    throw err;
  }
  for (const p of res.skipped) process.stderr.write(`scout: skipped ${p.file}: ${p.message}\n`);
  process.stdout.write(`${res.hosts} host(s), ${res.databases} database(s)${res.failedConversions ? ` (${res.failedConversions} not converted)` : ''}, ${res.pages} pages\n${res.index}\n`);
  return res.skipped.length > 0 ? 3 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  try {
    if (command === 'summary') return await summary(rest);
    if (command === 'convert') return await convert(rest);
    if (command === 'plan') return await plan(rest);
    if (command === 'analyze') return await analyze(rest);
  } catch (err) {
    // parseArgs reports unknown or malformed options with this code.
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return usageError(`${command}: ${(err as Error).message}`);
    throw err;
  }
  return usageError(`unknown command "${command}" (try scout --help)`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`scout: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
